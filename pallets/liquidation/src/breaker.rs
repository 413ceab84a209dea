//! Circuit breakers: a market whose spot moves more than its limit within a sliding window,
//! or whose oracle goes stale, takes no new positions for a cooldown, and accounts exposed to
//! it must leave more margin behind when they withdraw. Liquidations go on.

use crate::{math, pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CircuitBreaker, PriceFeed},
	FeedKey, FeedKind, UnderlyingId,
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn validate_breaker(b: &BreakerParams) -> DispatchResult {
		ensure!(
			b.max_move.0 > 0
				&& b.max_move < Fixed18::ONE
				&& b.window > 0
				&& b.withdrawal_factor >= Fixed18::ONE
				&& b.withdrawal_factor <= Fixed18::from_int(100),
			Error::<T>::InvalidParams
		);
		Ok(())
	}

	pub(crate) fn do_set_breaker(
		underlying: UnderlyingId,
		params: Option<BreakerParams>,
	) -> DispatchResult {
		match params {
			Some(b) => {
				Self::validate_breaker(&b)?;
				ensure!(
					Breakers::<T>::contains_key(underlying)
						|| Breakers::<T>::count() < T::MaxMarkets::get(),
					Error::<T>::TooManyMarkets
				);
				Breakers::<T>::insert(underlying, b);
			},
			None => {
				Breakers::<T>::remove(underlying);
				BreakerStates::<T>::remove(underlying);
				BreakerWindows::<T>::remove(underlying);
			},
		}
		Self::deposit_event(Event::BreakerSet { underlying, params });
		Ok(())
	}

	/// Checks every market's spot against its sliding window (at most `MaxMarkets`, each at
	/// most `MaxSamples` samples). Returns the weight used.
	pub(crate) fn update_breakers() -> Weight {
		let now = T::PriceFeed::now();
		let mut markets = 0u64;
		for (underlying, b) in Breakers::<T>::iter() {
			markets += 1;
			let mut state = BreakerStates::<T>::get(underlying).unwrap_or_default();
			let was_halted = state.halted;
			let feed = FeedKey { underlying, kind: FeedKind::Spot };
			match T::PriceFeed::fresh(feed, T::MaxPriceAge::get()) {
				None => state.stale = true,
				Some((value, _)) => {
					state.stale = false;
					let spot = Fixed18(i128::try_from(value).unwrap_or(i128::MAX));
					// Only the samples within the window count.
					let window: Vec<(Fixed18, u64)> = BreakerWindows::<T>::get(underlying)
						.into_iter()
						.filter(|(_, at)| now.saturating_sub(*at) <= b.window)
						.collect();
					let prices: Vec<Fixed18> = window.iter().map(|(p, _)| *p).collect();
					let mut samples = BoundedVec::<_, MaxSamples>::truncate_from(window);
					if math::window_move(&prices, spot) > b.max_move {
						state.halted_until = now.saturating_add(b.cooldown);
						// Moves are measured from here on: the halt lasts its cooldown.
						samples.clear();
					}
					if samples.is_full() {
						samples.remove(0);
					}
					let _ = samples.try_push((spot, now));
					BreakerWindows::<T>::insert(underlying, samples);
				},
			}
			let halted = state.stale || now < state.halted_until;
			state.halted = halted;
			if halted && !was_halted {
				Self::deposit_event(Event::MarketHalted {
					underlying,
					until: state.halted_until,
					stale: state.stale,
				});
			} else if was_halted && !halted {
				Self::deposit_event(Event::MarketResumed { underlying });
			}
			BreakerStates::<T>::insert(underlying, state);
		}
		T::DbWeight::get().reads_writes(1 + 4 * markets, 2 * markets)
	}
}

impl<T: Config> CircuitBreaker for Pallet<T> {
	fn halted(underlying: UnderlyingId) -> bool {
		BreakerStates::<T>::get(underlying)
			.is_some_and(|s| s.stale || T::PriceFeed::now() < s.halted_until)
	}

	fn withdrawal_factor(underlyings: &[UnderlyingId]) -> Fixed18 {
		underlyings
			.iter()
			.filter(|u| Self::halted(**u))
			.filter_map(|u| Breakers::<T>::get(u).map(|b| b.withdrawal_factor))
			.fold(Fixed18::ONE, Fixed18::max)
	}
}
