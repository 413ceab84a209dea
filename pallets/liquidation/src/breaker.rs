//! Circuit breakers: a market whose spot moves more than its limit within its window, or
//! whose oracle goes stale, takes no new positions for a cooldown and makes withdrawals
//! leave more margin. Liquidations go on.

use crate::{pallet::*, types::*};
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
			},
		}
		Self::deposit_event(Event::BreakerSet { underlying, params });
		Ok(())
	}

	/// Checks every market's spot against its window (at most `MaxMarkets`) and sets the
	/// withdrawal factor. Returns the weight used.
	pub(crate) fn update_breakers() -> Weight {
		let now = T::PriceFeed::now();
		let mut factor = Fixed18::ONE;
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
					match state.anchor {
						Some((anchor, at))
							if now.saturating_sub(at) <= b.window && anchor.0 > 0 =>
						{
							let moved = Fixed18((spot.0 - anchor.0).abs())
								.checked_div(anchor)
								.unwrap_or(Fixed18(i128::MAX));
							if moved > b.max_move {
								state.halted_until = now.saturating_add(b.cooldown);
								// A new window from here.
								state.anchor = Some((spot, now));
							}
						},
						_ => state.anchor = Some((spot, now)),
					}
				},
			}
			let halted = state.stale || now < state.halted_until;
			state.halted = halted;
			if halted {
				factor = factor.max(b.withdrawal_factor);
			}
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
		if factor == Fixed18::ONE {
			WithdrawalFactor::<T>::kill();
		} else {
			WithdrawalFactor::<T>::put(factor);
		}
		T::DbWeight::get().reads_writes(2 + 3 * markets, 1 + markets)
	}
}

impl<T: Config> CircuitBreaker for Pallet<T> {
	fn halted(underlying: UnderlyingId) -> bool {
		BreakerStates::<T>::get(underlying)
			.is_some_and(|s| s.stale || T::PriceFeed::now() < s.halted_until)
	}

	fn withdrawal_factor() -> Fixed18 {
		WithdrawalFactor::<T>::get().unwrap_or(Fixed18::ONE)
	}
}
