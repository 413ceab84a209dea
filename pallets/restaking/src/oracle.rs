//! The oracle operators' submissions: the session's validators feed spot and implied
//! volatility through [`Pallet::feed_values`], which checks them before the oracle stores them.
//!
//! - **Who and what.** Only the current session's members, once per block, only listed feed
//!   keys ([`OracleFeeds::listed`]), each key once per call; anything else is refused with a
//!   typed error and changes nothing.
//! - **Deviation.** Each value is compared with the median of the *other* operators' fresh
//!   values for the same key (with an even count, anywhere between the two middle values is
//!   in band); at least two others must be fresh to judge. Out of band by more than
//!   `oracle_band` is a strike for that key, at most one per key per `oracle_window`;
//!   `oracle_strikes` strikes within the last `2 × oracle_strikes − 1` windows are an
//!   oracle-deviation offence ([`lookback`]). So the first honest reporter of a real move, whom
//!   the others follow within a window or two, is never slashed, while a liar is, even one who
//!   mixes in the truth every block or every other window.
//! - **What judging cannot catch.** A majority that moves the median together is in band with
//!   itself; on-chain, only the risk council's [`Pallet::report_offence`] (with evidence from
//!   outside the chain) slashes it. The security budget's price of the oracle median assumes
//!   that report.
//! - **Publication** (the runtime's `CombineData`): the median of the fresh values, once at
//!   least [`RestakingParams::quorum`] of the session's members are fresh ([`Pallet::quorum`]).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::FeedKey;
use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_runtime::Perbill;

/// What the pallet needs from the oracle that stores and publishes the values.
pub trait OracleFeeds<AccountId> {
	/// Whether `key` is a listed feed (an underlying's spot or implied volatility).
	fn listed(key: &FeedKey) -> bool;
	/// The fresh values other operators than `who` submitted for `key`.
	fn others(who: &AccountId, key: &FeedKey) -> Vec<u128>;
	/// Stores `who`'s value for `key` and republishes the key.
	fn record(who: &AccountId, key: FeedKey, value: u128);
	/// Removes every value `who` stored (an operator that left).
	fn forget(who: &AccountId);
}

/// Lists nothing: every feed is refused.
impl<AccountId> OracleFeeds<AccountId> for () {
	fn listed(_: &FeedKey) -> bool {
		false
	}
	fn others(_: &AccountId, _: &FeedKey) -> Vec<u128> {
		Vec::new()
	}
	fn record(_: &AccountId, _: FeedKey, _: u128) {}
	fn forget(_: &AccountId) {}
}

/// The median of `values` (sorted in place) as the interval between its middle values: one
/// value for an odd count, the two middle ones for an even count. `None` when empty. Pure.
pub fn middle(values: &mut [u128]) -> Option<(u128, u128)> {
	if values.is_empty() {
		return None;
	}
	values.sort_unstable();
	let n = values.len();
	Some(if n % 2 == 1 {
		(values[n / 2], values[n / 2])
	} else {
		(values[n / 2 - 1], values[n / 2])
	})
}

/// The median of `values`: the middle value, or the mean of the two middle ones (rounded
/// down). Pure.
pub fn median(values: &mut [u128]) -> Option<u128> {
	middle(values).map(|(lo, hi)| lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2)
}

/// How many windows strikes are counted over for an offence of `strikes` strikes:
/// `2 × strikes − 1`, at most 64. An honest reporter of a real move is struck in at most two
/// adjacent windows before the others follow; a liar who tells the truth every other window
/// still gathers `strikes` within the lookback. Pure.
pub fn lookback(strikes: u32) -> u32 {
	strikes.saturating_mul(2).saturating_sub(1).clamp(1, 64)
}

/// The strike history `mask` (bit 0 the last window struck, bit k the window k before it)
/// moved on by `elapsed` windows, with a strike in the newest. Pure.
pub fn struck(mask: u64, elapsed: u64) -> u64 {
	let moved = if elapsed >= 64 { 0 } else { mask << elapsed };
	moved | 1
}

/// How many of the last `windows` windows of `mask` had a strike. Pure.
pub fn strikes_within(mask: u64, windows: u32) -> u32 {
	let keep = if windows >= 64 { u64::MAX } else { (1u64 << windows) - 1 };
	(mask & keep).count_ones()
}

/// Whether `value` lies outside `band` (a share of the reference) below `lo` or above `hi`.
/// Pure.
pub fn out_of_band(value: u128, (lo, hi): (u128, u128), band: Perbill) -> bool {
	value < lo.saturating_sub(band * lo) || value > hi.saturating_add(band * hi)
}

impl<T: Config> Pallet<T> {
	/// How many fresh operators a feed needs to publish now.
	pub fn quorum() -> u32 {
		let members = SessionMembers::<T>::decode_len().unwrap_or(0) as u32;
		Params::<T>::get().map_or(1, |p| p.quorum(members))
	}

	/// Checks and records a member's values.
	pub(crate) fn do_feed(who: T::AccountId, values: FeedValuesOf<T>) -> DispatchResult {
		ensure!(!values.is_empty(), Error::<T>::NoFeedValues);
		ensure!(Self::is_member(&who), Error::<T>::NotOracleOperator);
		let block = frame_system::Pallet::<T>::block_number();
		ensure!(LastFeedBlock::<T>::get(&who) != Some(block), Error::<T>::AlreadyFed);
		for (i, (key, _)) in values.iter().enumerate() {
			ensure!(T::Oracle::listed(key), Error::<T>::UnlistedFeed);
			ensure!(values[..i].iter().all(|(k, _)| k != key), Error::<T>::DuplicateFeed);
		}
		LastFeedBlock::<T>::insert(&who, block);
		Self::note_alive(&who);
		for (key, value) in values {
			let mut others = T::Oracle::others(&who, &key);
			T::Oracle::record(&who, key, value);
			Self::judge(&who, key, value, &mut others);
		}
		Ok(())
	}

	/// Counts a strike when `value` is out of band around the other operators' median.
	fn judge(who: &T::AccountId, key: FeedKey, value: u128, others: &mut [u128]) {
		let Some(p) = Params::<T>::get() else { return };
		if others.len() < 2 {
			return;
		}
		let Some(reference) = middle(others) else { return };
		if !out_of_band(value, reference, p.oracle_band) {
			return;
		}
		let window = Self::now() / p.oracle_window;
		let mask = match Strikes::<T>::get(who, key) {
			// Already struck in this window: one strike per key per window.
			Some((_, last)) if last == window => return,
			Some((mask, last)) => struck(mask, window.saturating_sub(last)),
			None => 1,
		};
		let strikes = strikes_within(mask, lookback(p.oracle_strikes));
		Self::strike_event(who, key, value, reference, strikes);
		if strikes >= p.oracle_strikes {
			Strikes::<T>::remove(who, key);
			Self::report(who, SlashKind::OracleDeviation, CurrentSession::<T>::get());
		} else {
			Strikes::<T>::insert(who, key, (mask, window));
		}
	}

	fn strike_event(
		who: &T::AccountId,
		key: FeedKey,
		value: u128,
		(lo, hi): (u128, u128),
		strikes: u32,
	) {
		Self::deposit_event(Event::OracleStrike {
			operator: who.clone(),
			key,
			value,
			median: lo / 2 + hi / 2,
			strikes,
		});
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_median_of_an_even_count_is_the_interval_of_its_middle_values() {
		assert_eq!(middle(&mut []), None);
		assert_eq!(middle(&mut [7]), Some((7, 7)));
		assert_eq!(middle(&mut [9, 1, 5]), Some((5, 5)));
		assert_eq!(middle(&mut [60, 51, 50, 70]), Some((51, 60)));
		assert_eq!(median(&mut [60, 51, 50, 70]), Some(55));
		assert_eq!(median(&mut [3, 4]), Some(3));
		assert_eq!(median(&mut [u128::MAX, u128::MAX]), Some(u128::MAX));
	}

	#[test]
	fn strikes_count_over_the_last_two_n_minus_one_windows() {
		assert_eq!((lookback(3), lookback(1), lookback(0), lookback(40)), (5, 1, 1, 64));
		// Struck in windows 10, 11: two strikes.
		let m = struck(struck(0, 0), 1);
		assert_eq!(strikes_within(m, 5), 2);
		// Windows 10, 12, 14 (every other window): three within five.
		let alternate = struck(struck(1, 2), 2);
		assert_eq!((alternate, strikes_within(alternate, 5)), (0b10101, 3));
		// Windows 10, 11, then 16: the first two are out of the lookback.
		let late = struck(m, 5);
		assert_eq!(strikes_within(late, 5), 1);
		assert_eq!(struck(u64::MAX, 64), 1);
		assert_eq!(strikes_within(u64::MAX, 64), 64);
	}

	#[test]
	fn the_band_is_a_share_of_each_end_of_the_median() {
		let band = Perbill::from_percent(5);
		// Others at 60,000 and 51,000: anywhere in [48,450, 63,000] is in band.
		let reference = (51_000, 60_000);
		assert!(!out_of_band(48_450, reference, band));
		assert!(out_of_band(48_449, reference, band));
		assert!(!out_of_band(63_000, reference, band));
		assert!(out_of_band(63_001, reference, band));
		assert!(!out_of_band(u128::MAX, (u128::MAX, u128::MAX), band));
		assert!(out_of_band(0, (1, 1), Perbill::from_percent(50)));
	}
}
