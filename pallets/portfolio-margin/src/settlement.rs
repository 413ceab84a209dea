//! Settlement at expiry, run by the chain itself in `on_initialize`: nobody chooses the price
//! and nobody has to ask.
//!
//! - **Price**: the time-weighted average of the oracle's spot over the underlying's
//!   `settlement_window` ending at expiry (Deribit settles on a 30-minute average). Each block
//!   in the window adds the spot in force since the last sample, weighted by the time it was in
//!   force; time in which the spot was stale counts nothing (stale is never a price). At the
//!   first block at or after expiry the average is recorded. If no fresh spot was seen in the
//!   whole window, the first fresh spot published at or after expiry is recorded instead.
//! - **Positions**: once the price is recorded, every position in the instrument is settled at
//!   its payout through the one fill path, at most [`SETTLE_PER_BLOCK`] a block, until the
//!   instrument has no open interest; it is then delisted and its slot freed.
//!
//! The hooks run before the block's timestamp inherent, so they see the parent block's time
//! and the prices published up to it: each sample's interval and price come from the same
//! block, and a price is recorded in the block after the first one stamped at or after expiry.
//!
//! Work per block is bounded: instruments are kept in expiry order ([`Expiries`]) so only those
//! whose window may have begun are looked at, and at most `SETTLE_PER_BLOCK` positions settle.

use crate::weights::WeightInfo;
use crate::{pallet::*, types::*};
use ballast_primitives::{
	fixed::Fixed18,
	margin::settlement_value,
	traits::{Holder, PriceFeed},
	FeedKey, FeedKind, Moment,
};
use frame_support::{pallet_prelude::*, weights::Weight};

/// The most positions settled in one block.
pub const SETTLE_PER_BLOCK: u32 = 64;

/// The longest raw key of the holders' index kept as a settlement cursor (two hashed keys of
/// 8 + 5 and 16 + a holder of up to 1 + 64 + 2 bytes, with the 32-byte prefix).
pub const MAX_HOLDER_KEY: u32 = 160;

/// The longest settlement window the council may set: one day.
pub const MAX_SETTLEMENT_WINDOW: Moment = 24 * 60 * 60 * 1000;

/// What one block of settlement did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SettlementWork {
	/// Instruments whose window was sampled (or price recorded).
	pub sampled: u32,
	/// Positions settled.
	pub settled: u32,
}

impl<T: Config> Pallet<T> {
	/// Adds a dated instrument to the expiry index (at listing).
	pub(crate) fn index_expiry(id: InstrumentId, expiry: Moment) -> DispatchResult {
		Expiries::<T>::try_mutate(|list| {
			let at = list.partition_point(|(e, i)| (*e, *i) < (expiry, id));
			list.try_insert(at, (expiry, id))
				.map_err(|_| Error::<T>::TooManyInstruments.into())
		})
	}

	/// The block's settlement work: samples the windows in progress, records the prices due,
	/// and settles positions of recorded instruments.
	pub(crate) fn run_settlement() -> SettlementWork {
		let sampled = Self::sample_windows();
		let settled = Self::settle_recorded(SETTLE_PER_BLOCK);
		SettlementWork { sampled, settled }
	}

	/// The weight of [`Self::run_settlement`] having done `work`.
	pub(crate) fn settlement_weight(work: SettlementWork) -> Weight {
		T::WeightInfo::sample_settlement(work.sampled)
			.saturating_add(T::WeightInfo::settle_expired(work.settled))
	}

	/// Samples every instrument whose window may have begun; records the price of those
	/// expired. Returns how many instruments were looked at.
	pub(crate) fn sample_windows() -> u32 {
		let now = T::PriceFeed::now();
		let list = Expiries::<T>::get();
		let mut looked = 0;
		let mut recorded: alloc::vec::Vec<InstrumentId> = alloc::vec::Vec::new();
		for (expiry, id) in list.iter().copied() {
			// Sorted by expiry: nothing later can have a window that began.
			if expiry.saturating_sub(MAX_SETTLEMENT_WINDOW) > now {
				break;
			}
			looked += 1;
			if Self::sample(id, expiry, now) {
				recorded.push(id);
			}
		}
		if !recorded.is_empty() {
			Expiries::<T>::mutate(|list| list.retain(|(_, id)| !recorded.contains(id)));
		}
		looked
	}

	/// Samples one instrument's window; records its price once expired. Returns whether the
	/// price was recorded.
	fn sample(id: InstrumentId, expiry: Moment, now: Moment) -> bool {
		let Some(mut instrument) = Instruments::<T>::get(id) else { return true };
		let Some(params) = Underlyings::<T>::get(instrument.underlying) else { return false };
		let start = expiry.saturating_sub(params.settlement_window);
		if now < start {
			return false;
		}
		let feed = FeedKey { underlying: instrument.underlying, kind: FeedKind::Spot };
		let max_age = T::MaxPriceAge::get();
		let spot = T::PriceFeed::fresh(feed, max_age)
			.and_then(|(v, at)| Some((Fixed18(i128::try_from(v).ok()?), at)));
		let mut twap = Twaps::<T>::get(id).unwrap_or_default();
		twap.add_until(now.min(expiry));
		if now < expiry {
			twap.last = spot.map(|(price, at)| (price, now, at.saturating_add(max_age)));
			Twaps::<T>::insert(id, twap);
			return false;
		}
		let price = match twap.average() {
			Some(average) => average.min(MAX_PRICE),
			// No fresh spot in the whole window: the first fresh one at or after expiry.
			None => match spot {
				Some((price, at)) if at >= expiry => price.min(MAX_PRICE),
				_ => {
					Twaps::<T>::insert(id, twap);
					return false;
				},
			},
		};
		instrument.settlement_price = Some(price);
		Instruments::<T>::insert(id, instrument);
		Twaps::<T>::remove(id);
		RiskCache::<T>::remove(id);
		// Settled, it carries no more delta: its open interest counts nothing from now on.
		if Self::remeasure_delta(id, &instrument, None).is_err() {
			Self::deposit_event(Event::OpenInterestNotRecounted { instrument: id });
		}
		Self::deposit_event(Event::SettlementRecorded { id, price, window_ms: twap.span });
		if OpenInterest::<T>::get(id) == (Fixed18::ZERO, Fixed18::ZERO) {
			Self::delist(id);
		} else {
			// Bounded by MaxInstruments as the expiry index is: it cannot be full.
			let _ = Settling::<T>::try_mutate(|s| s.try_push(id));
		}
		true
	}

	/// Settles up to `limit` positions of recorded instruments, oldest first; returns how many
	/// were tried. Each instrument resumes where it stopped ([`SettleCursors`]), so a position
	/// that fails (reported by `SettlementFailed`) is passed over, not retried ahead of the
	/// others; an instrument whose full pass left positions goes to the back of the queue.
	pub(crate) fn settle_recorded(limit: u32) -> u32 {
		let mut done = 0;
		for id in Settling::<T>::get() {
			if done >= limit {
				break;
			}
			let Some(instrument) = Instruments::<T>::get(id) else {
				Settling::<T>::mutate(|s| s.retain(|i| *i != id));
				continue;
			};
			let (passed, tried) = Self::settle_some(id, &instrument, limit - done);
			done += tried;
			if OpenInterest::<T>::get(id) == (Fixed18::ZERO, Fixed18::ZERO) {
				Settling::<T>::mutate(|s| s.retain(|i| *i != id));
				SettleCursors::<T>::remove(id);
				Self::delist(id);
			} else if passed {
				// Only failed positions are left: the others' turn first.
				Settling::<T>::mutate(|s| {
					s.retain(|i| *i != id);
					let _ = s.try_push(id);
				});
			}
		}
		done
	}

	/// Settles up to `budget` holders of `id` from its cursor, longs then shorts. Returns
	/// whether the pass reached the end and how many positions were tried.
	fn settle_some(id: InstrumentId, instrument: &Instrument, budget: u32) -> (bool, u32) {
		let cursor = SettleCursors::<T>::take(id);
		let mut long = cursor.as_ref().map_or(true, |(side, _)| *side);
		let mut after = cursor.map(|(_, raw)| raw.into_inner());
		let mut tried = 0;
		loop {
			let left = budget.saturating_sub(tried);
			let side = (id, long);
			let iter = match after.take() {
				Some(raw) => Holders::<T>::iter_key_prefix_from(side, raw),
				None => Holders::<T>::iter_key_prefix(side),
			};
			let batch: alloc::vec::Vec<Holder<T::AccountId>> = iter.take(left as usize).collect();
			let full = batch.len() as u32 == left;
			let last = batch.last().map(|h| Holders::<T>::hashed_key_for(side, h));
			for holder in batch {
				tried += 1;
				let settled = frame_support::storage::with_storage_layer(|| {
					Self::settle_one(&holder, id, instrument)
				});
				if let Err(error) = settled {
					Self::deposit_event(Event::SettlementFailed { holder, instrument: id, error });
				}
			}
			if full {
				if let Some(raw) = last {
					SettleCursors::<T>::insert(id, (long, BoundedVec::truncate_from(raw)));
				}
				return (false, tried);
			}
			if !long {
				return (true, tried);
			}
			long = false;
		}
	}

	/// Closes one position at its payout.
	fn settle_one(
		holder: &Holder<T::AccountId>,
		id: InstrumentId,
		instrument: &Instrument,
	) -> DispatchResult {
		let price = instrument.settlement_price.ok_or(Error::<T>::NotRecorded)?;
		let position = Self::holder_positions(holder)
			.into_iter()
			.find(|p| p.instrument == id)
			.ok_or(Error::<T>::NoPosition)?;
		let value = settlement_value(&instrument.kind, price);
		// Only dated instruments settle: no funding.
		Self::fill(holder, id, position.size.checked_neg()?, value, position.funding)?;
		Self::deposit_event(Event::Settled {
			holder: holder.clone(),
			instrument: id,
			size: position.size,
		});
		Ok(())
	}

	/// Removes a settled instrument with no positions left: its slot is free for a listing.
	fn delist(id: InstrumentId) {
		Instruments::<T>::remove(id);
		OpenInterest::<T>::remove(id);
		OptionDeltas::<T>::remove(id);
		RiskCache::<T>::remove(id);
		Self::deposit_event(Event::InstrumentDelisted { id });
	}
}

impl SettlementTwap {
	/// Counts the spot in force since the last sample up to `until`, or only while it was
	/// still fresh.
	fn add_until(&mut self, until: Moment) {
		if let Some((price, at, fresh_until)) = self.last {
			let end = until.min(fresh_until);
			if end > at {
				let dt = end - at;
				let weighted = i128::from(dt).checked_mul(price.0);
				if let Some(sum) = weighted.and_then(|w| self.weighted.checked_add(w)) {
					self.weighted = sum;
					self.span = self.span.saturating_add(dt);
				}
			}
		}
		self.last = None;
	}

	/// The average so far, rounded down; `None` if no time was counted.
	pub fn average(&self) -> Option<Fixed18> {
		(self.span > 0).then(|| Fixed18(self.weighted / i128::from(self.span)))
	}
}
