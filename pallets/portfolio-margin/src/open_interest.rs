//! Open interest, counted two ways.
//!
//! - **Contracts** per instrument ([`OpenInterest`]: long and short, equal): what settlement
//!   and the books' invariants need.
//! - **Delta-equivalent** per underlying ([`UnderlyingOpenInterest`]): Σ over its instruments
//!   of contracts long × the delta each is counted at, in units of the underlying. A perpetual
//!   or future counts 1 a contract; an option its |delta|, but never less than the
//!   underlying's `oi_delta_floor` (a book of far out-of-the-money options is small in delta
//!   but not in tail risk), so it counts from the floor to 1. Its notional, × spot, scales
//!   initial margin between `oi_lower` and `oi_upper` and is the value the restaked security
//!   must cover.
//!
//! An option's delta moves with the market, so the delta each option is counted at is stored
//! ([`OptionDeltas`], kept while it has open interest). A fill changes only the contracts and
//! counts them at the stored delta; the delta itself is re-measured once per trade (vault
//! trades and matched orders with the mark they already computed, transfers from the oracle),
//! to 0 when the settlement price is recorded, and [`DELTA_REFRESH_PER_BLOCK`] options a block
//! in rotation in `on_initialize`, so every option's count is at most
//! ⌈`MaxInstruments` / [`DELTA_REFRESH_PER_BLOCK`]⌉ blocks old. Without a fresh price an option
//! keeps the delta it was counted at (stale is never zero); one never measured counts a full
//! unit a contract. The per-underlying sum is exact: each change takes out the instrument's
//! previous count (contracts × stored delta) and adds the new one.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{fixed::Fixed18, margin::InstrumentKind};
use frame_support::{pallet_prelude::*, weights::Weight};

/// Options whose delta is re-measured in one block's `on_initialize`.
pub const DELTA_REFRESH_PER_BLOCK: u32 = 16;

/// The longest raw key of [`OptionDeltas`] kept as the refresh cursor (32-byte prefix, 8-byte
/// hash, 4-byte id).
pub const MAX_DELTA_KEY: u32 = 44;

impl<T: Config> Pallet<T> {
	/// The delta per contract the instrument is counted at now: 1 for linear instruments, the
	/// stored delta of an option (1 if never measured).
	fn counted_delta(id: InstrumentId, instrument: &Instrument) -> Fixed18 {
		match instrument.kind {
			InstrumentKind::Option { .. } => OptionDeltas::<T>::get(id).unwrap_or(Fixed18::ONE),
			_ => Fixed18::ONE,
		}
	}

	/// Fails with `OpenInterestCapReached` unless the underlying's open interest after the
	/// trade stays within `oi_upper` at fresh spot (`StalePrice` without one: a stale spot is
	/// not a zero notional): `size` more contracts of `id` counted long, as if every one
	/// opened whatever the other side does, and an option's contracts already held recounted
	/// at its delta now, as the trade will recount them. Other options count at their stored
	/// deltas, as the sum holds them.
	pub(crate) fn ensure_open_interest_room(
		id: InstrumentId,
		instrument: &Instrument,
		params: &UnderlyingParams,
		size: Fixed18,
	) -> DispatchResult {
		let mut oi = UnderlyingOpenInterest::<T>::get(instrument.underlying);
		let mut contracts = size.checked_abs()?;
		// An option counts at its delta now (within [floor, 1]); its risk, priced from the
		// same fresh spot, is cached for the trade that follows.
		let (delta, spot) = match instrument.kind {
			InstrumentKind::Option { .. } => {
				let (risk, spot) = Self::risk(id, instrument, true)?;
				let (long, _) = OpenInterest::<T>::get(id);
				oi = oi.checked_sub(long.checked_mul(Self::counted_delta(id, instrument))?)?;
				contracts = contracts.checked_add(long)?;
				(Self::counted(instrument, risk.mark.delta, params.oi_delta_floor), spot)
			},
			_ => (Fixed18::ONE, Self::market(instrument.underlying, params)?.0.spot),
		};
		let after = contracts
			.checked_mul(delta)
			.and_then(|added| oi.checked_add(added))
			.and_then(|oi| oi.checked_mul(spot))
			.unwrap_or(Fixed18(i128::MAX));
		ensure!(after <= params.oi_upper, Error::<T>::OpenInterestCapReached);
		Ok(())
	}

	/// What an option with per-contract delta `delta` is counted at: |delta| within
	/// [`floor`, 1] (0 once settled).
	fn counted(instrument: &Instrument, delta: Fixed18, floor: Fixed18) -> Fixed18 {
		if instrument.settlement_price.is_some() {
			return Fixed18::ZERO;
		}
		let abs = Fixed18(delta.0.checked_abs().unwrap_or(i128::MAX));
		abs.max(floor).min(Fixed18::ONE)
	}

	/// An option's delta per contract at fresh market values under `params`; `None` without
	/// them. (A settled option counts 0 whatever this says: see [`Self::counted`].)
	fn measured_delta(
		id: InstrumentId,
		instrument: &Instrument,
		params: &UnderlyingParams,
	) -> Option<Fixed18> {
		let (market, key) = Self::market(instrument.underlying, params).ok()?;
		match RiskCache::<T>::get(id) {
			Some(cached) if cached.key == key => Some(cached.mark.delta),
			_ => ballast_primitives::margin::mark(&instrument.kind, &market)
				.ok()
				.map(|g| g.delta),
		}
	}

	/// Moves the instrument's open interest from `old` to `new` position size of one holder:
	/// the contracts, and the delta-equivalent count at the stored delta. Every fill does this.
	pub(crate) fn count_open_interest(
		id: InstrumentId,
		old: Fixed18,
		new: Fixed18,
	) -> DispatchResult {
		let instrument = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?;
		let (long_before, _) = OpenInterest::<T>::get(id);
		let long_after = OpenInterest::<T>::try_mutate(id, |(long, short)| {
			*long = long.checked_sub(old.positive_part())?.checked_add(new.positive_part())?;
			*short = short.checked_sub(old.negative_part())?.checked_add(new.negative_part())?;
			Ok::<_, DispatchError>(*long)
		})?;
		let delta = Self::counted_delta(id, &instrument);
		Self::recount(id, &instrument, long_before, long_after, delta)
	}

	/// Re-measures an option's delta and recounts its open interest at it: `mark_delta` when
	/// the caller has it (just priced, or the stored delta to re-floor after a change of
	/// parameters), otherwise from fresh oracle values, otherwise (stale) the delta it was
	/// counted at, re-floored. Nothing to do for a linear instrument. Once per
	/// trade, after its fills.
	pub(crate) fn remeasure_delta(
		id: InstrumentId,
		instrument: &Instrument,
		mark_delta: Option<Fixed18>,
	) -> DispatchResult {
		if !matches!(instrument.kind, InstrumentKind::Option { .. }) {
			return Ok(());
		}
		let (long, _) = OpenInterest::<T>::get(id);
		if long.is_zero() {
			return Ok(());
		}
		let params =
			Underlyings::<T>::get(instrument.underlying).ok_or(Error::<T>::UnknownUnderlying)?;
		let delta = mark_delta
			.or_else(|| Self::measured_delta(id, instrument, &params))
			.unwrap_or_else(|| Self::counted_delta(id, instrument));
		let counted = Self::counted(instrument, delta, params.oi_delta_floor);
		Self::recount(id, instrument, long, long, counted)
	}

	/// Replaces the instrument's delta-equivalent count (`before` contracts long at the stored
	/// delta) with `after` contracts long at `delta`.
	fn recount(
		id: InstrumentId,
		instrument: &Instrument,
		before: Fixed18,
		after: Fixed18,
		delta: Fixed18,
	) -> DispatchResult {
		let removed = before.checked_mul(Self::counted_delta(id, instrument))?;
		let added = after.checked_mul(delta)?;
		UnderlyingOpenInterest::<T>::try_mutate(instrument.underlying, |oi| {
			*oi = oi.checked_sub(removed)?.checked_add(added)?;
			Ok::<_, DispatchError>(())
		})?;
		if matches!(instrument.kind, InstrumentKind::Option { .. }) {
			if after.is_zero() {
				OptionDeltas::<T>::remove(id);
			} else {
				OptionDeltas::<T>::insert(id, delta);
			}
		}
		Ok(())
	}

	/// Re-measures the delta of up to `limit` options with open interest, resuming after the
	/// last one done and wrapping around to the first. Returns how many were looked at.
	pub(crate) fn refresh_deltas(limit: u32) -> u32 {
		let limit = limit as usize;
		let cursor = DeltaCursor::<T>::take();
		let wraps = cursor.is_some();
		let mut ids: Vec<InstrumentId> = match cursor {
			Some(raw) => OptionDeltas::<T>::iter_keys_from(raw.into_inner()).take(limit).collect(),
			None => OptionDeltas::<T>::iter_keys().take(limit).collect(),
		};
		if wraps && ids.len() < limit {
			for id in OptionDeltas::<T>::iter_keys().take(limit - ids.len()) {
				if ids.contains(&id) {
					break;
				}
				ids.push(id);
			}
		}
		for id in &ids {
			let Some(instrument) = Instruments::<T>::get(id) else { continue };
			if Self::remeasure_delta(*id, &instrument, None).is_err() {
				Self::deposit_event(Event::OpenInterestNotRecounted { instrument: *id });
			}
		}
		// A full batch resumes after its last option next block.
		if ids.len() == limit {
			if let Some(raw) = ids.last().map(|id| OptionDeltas::<T>::hashed_key_for(id)) {
				if let Ok(raw) = BoundedVec::try_from(raw) {
					DeltaCursor::<T>::put(raw);
				}
			}
		}
		ids.len() as u32
	}

	/// The weight of refreshing `looked` options' deltas.
	pub(crate) fn refresh_weight(looked: u32) -> Weight {
		use crate::weights::WeightInfo;
		T::WeightInfo::refresh_deltas(looked)
	}

	/// The value secured by open interest: Σ over underlyings of the delta-equivalent open
	/// interest × the latest spot, fresh or not (quote, 18 decimals). An underlying never
	/// priced counts nothing.
	pub fn open_interest_value() -> ballast_primitives::Balance {
		use ballast_primitives::{traits::PriceFeed, FeedKey, FeedKind};
		UnderlyingOpenInterest::<T>::iter().fold(0u128, |acc, (underlying, oi)| {
			let spot = T::PriceFeed::latest(FeedKey { underlying, kind: FeedKind::Spot })
				.and_then(|(p, _)| i128::try_from(p).ok())
				.unwrap_or(0);
			let value = oi.checked_mul(Fixed18(spot)).map_or(u128::MAX, |v| v.0.unsigned_abs());
			acc.saturating_add(value)
		})
	}
}
