//! Lease fees: at each era boundary the lease fund (the governed share of trading fees the
//! collateral pool sets aside) is paid to the operators that validated during the era, pro rata
//! to their stake × the sessions they validated ([`EraStake`]), each payment leaving the pool
//! for the relay bridge's escrow with an outbound reward message the relay pays the operator
//! against. What rounding leaves stays in the fund for the next era.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{traits::LeaseFund, Balance};
use codec::Encode;
use frame_support::traits::Get;
use sp_runtime::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::Rounding;

/// Each operator's share of `pot`, pro rata to stake, rounded down. Pure.
pub fn pro_rata<A: Clone>(pot: Balance, stakes: &[(A, Balance)]) -> Vec<(A, Balance)> {
	let total = stakes.iter().fold(0u128, |acc, (_, s)| acc.saturating_add(*s));
	if total == 0 {
		return Vec::new();
	}
	stakes
		.iter()
		.map(|(who, stake)| {
			let share =
				multiply_by_rational_with_rounding(pot, *stake, total, Rounding::Down).unwrap_or(0);
			(who.clone(), share)
		})
		.collect()
}

impl<T: Config> Pallet<T> {
	/// The era session `index` belongs to.
	pub fn era_of(index: SessionIndex) -> u32 {
		index / T::SessionsPerEra::get().max(1)
	}

	/// At the start of session `index`: at the first session of an era, pays the era that
	/// ended; then credits the session's validators with their stake for this one.
	pub(crate) fn on_session_start_lease(index: SessionIndex) {
		let per_era = T::SessionsPerEra::get().max(1);
		if index > 0 && index % per_era == 0 {
			Self::pay_lease(Self::era_of(index) - 1);
		}
		// Bounded: at most `MaxActive` validators.
		for who in SessionMembers::<T>::get() {
			if let Some(o) = Operators::<T>::get(&who) {
				EraStake::<T>::mutate(&who, |s| *s = s.saturating_add(o.stake));
			}
		}
	}

	/// Pays the lease fund to the era's validators, pro rata to stake × sessions validated,
	/// and starts the next era's count.
	pub(crate) fn pay_lease(era: u32) {
		// Bounded: only operators are credited, at most `MaxOperators`.
		let mut stakes: Vec<(T::AccountId, Balance)> = EraStake::<T>::iter().collect();
		let pot = T::LeaseFund::lease_balance();
		if pot > 0 && (Self::outbox_room() as usize) < stakes.len() {
			// No room for every payment: the era's credit carries into the next era's.
			Self::deposit_event(Event::LeaseWaiting { era });
			return;
		}
		// Messages in account order, whatever the map's hashing.
		stakes.sort_by(|(a, _), (b, _)| a.encode().cmp(&b.encode()));
		let _ = EraStake::<T>::clear(T::MaxOperators::get(), None);
		if pot == 0 {
			return;
		}
		let mut paid_total = 0u128;
		let mut operators = 0u32;
		for (operator, share) in pro_rata(pot, &stakes) {
			let Ok(paid) = T::LeaseFund::pay_lease(share) else {
				// Not payable now (e.g. below the token's minimum): it stays in the fund.
				continue;
			};
			if paid == 0 {
				continue;
			}
			paid_total = paid_total.saturating_add(paid);
			operators += 1;
			Self::send(OutboundMessage::Reward { operator, amount: paid, era });
		}
		LeasePaid::<T>::mutate(|t| *t = t.saturating_add(paid_total));
		Self::deposit_event(Event::LeaseDistributed { era, operators, amount: paid_total });
	}
}
