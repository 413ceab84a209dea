//! Choosing each session's validators: the top operators by stake.

use crate::{pallet::*, types::SessionIndex};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{traits::Contains, BoundedVec};

impl<T: Config> Pallet<T> {
	/// The opted-in operators with session keys and at least `min_stake`, by stake (then by
	/// account, for the same order on every node), at most `max_active`.
	pub fn select() -> Vec<(T::AccountId, u128)> {
		let Some(params) = Params::<T>::get() else { return Vec::new() };
		// Bounded: at most `MaxOperators` operators exist.
		let mut candidates: Vec<_> = Operators::<T>::iter()
			.filter(|(who, o)| {
				o.opted_in && o.stake >= params.min_stake && T::HasSessionKeys::contains(who)
			})
			.map(|(who, o)| (who, o.stake))
			.collect();
		candidates.sort_by(|(a, sa), (b, sb)| sb.cmp(sa).then_with(|| a.encode().cmp(&b.encode())));
		candidates.truncate(params.max_active as usize);
		candidates
	}

	fn plan(session: SessionIndex) -> Option<Vec<T::AccountId>> {
		let chosen = Self::select();
		if chosen.is_empty() {
			// No one qualifies: keep the current validators rather than halt the chain.
			return None;
		}
		let stake = chosen.iter().fold(0u128, |acc, (_, s)| acc.saturating_add(*s));
		let validators: Vec<T::AccountId> = chosen.into_iter().map(|(a, _)| a).collect();
		// `select` takes at most max_active ≤ MaxActive: nothing is cut.
		let bounded = BoundedVec::<_, T::MaxActive>::truncate_from(validators.clone());
		ActiveSet::<T>::put(bounded);
		Self::deposit_event(Event::ActiveSetChosen {
			session,
			validators: validators.len() as u32,
			stake,
		});
		Some(validators)
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index)
	}
	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index)
	}
	fn end_session(_: SessionIndex) {}
	fn start_session(index: SessionIndex) {
		CurrentSession::<T>::put(index);
		// Slashes due first, so a report merging into one of them now cannot delay it.
		Self::apply_due(index);
		// Judges the ended session's members (their offenders are chilled before the next
		// session is planned) and records the new session's.
		Self::rotate_members(index);
		Self::on_session_start_lease(index);
	}
}

/// For pallet-session's historical proofs (GRANDPA equivocation reports): a validator is
/// identified by its account alone; the slash applies to its exposure when reported.
impl<T: Config> pallet_session::historical::SessionManager<T::AccountId, ()> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<(T::AccountId, ())>> {
		Self::plan(new_index).map(|v| v.into_iter().map(|a| (a, ())).collect())
	}
	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<(T::AccountId, ())>> {
		Self::plan(new_index).map(|v| v.into_iter().map(|a| (a, ())).collect())
	}
	fn start_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::start_session(index)
	}
	fn end_session(index: SessionIndex) {
		<Self as pallet_session::SessionManager<_>>::end_session(index)
	}
}
