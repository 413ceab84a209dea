//! Liveness: each session's validators must feed the oracle at least once every
//! `liveness_window`, judged over exactly that session's members and from the session's start.
//!
//! - **Members.** At each session start the pallet records the validators pallet-session
//!   activated ([`SessionMembers`]) and the moment ([`SessionStart`]). At the next start it
//!   judges exactly those members: a validator that joined in this session is judged from its
//!   start, one that left is still judged for the session it served.
//! - **Live time.** Windows are measured on the chain's live clock ([`LiveClock`]): wall time,
//!   with each gap between two blocks counted at most `MaxBlockGap`. A validator cannot feed
//!   while no block is produced, so a stalled chain slashes nobody for its stall.
//! - **Faults.** A member is not live if some stretch of its session longer than the window
//!   passed without its submission: between the session start or its previous submission and
//!   the next one ([`LivenessGap`]), or up to the session's end. One report per member and
//!   session, for the ended session; it applies after the deferral.

use crate::{pallet::*, types::*};
use ballast_primitives::Moment;
use frame_support::{traits::Get, BoundedVec};

impl<T: Config> Pallet<T> {
	/// The live clock now: live time at the last block plus the wall time since, capped.
	pub fn live_now() -> Moment {
		let now = Self::now();
		match LiveClock::<T>::get() {
			Some((wall, live)) => {
				live.saturating_add(now.saturating_sub(wall).min(T::MaxBlockGap::get()))
			},
			None => now,
		}
	}

	/// Advances the live clock to this block. The first block also starts the genesis
	/// session's clock (genesis has no time).
	pub(crate) fn tick_live_clock() {
		let live = Self::live_now();
		LiveClock::<T>::put((Self::now(), live));
		if SessionStart::<T>::get().is_none() {
			SessionStart::<T>::put(live);
		}
	}

	/// Whether `who` validates in the current session.
	pub fn is_member(who: &T::AccountId) -> bool {
		SessionMembers::<T>::get().contains(who)
	}

	/// Notes a member's oracle submission: a gap longer than the window since the session's
	/// start or its last submission is a fault of this session.
	pub(crate) fn note_alive(who: &T::AccountId) {
		if !Self::is_member(who) {
			return;
		}
		let live = Self::live_now();
		if let Some(p) = Params::<T>::get() {
			let start = SessionStart::<T>::get().unwrap_or(live);
			let since = LastSubmission::<T>::get(who).unwrap_or_default().max(start);
			if live.saturating_sub(since) > p.liveness_window {
				LivenessGap::<T>::insert(who, CurrentSession::<T>::get());
			}
		}
		LastSubmission::<T>::insert(who, live);
	}

	/// At the start of session `index`: judges the members of session `index - 1`, then
	/// records the new session's members and start.
	pub(crate) fn rotate_members(index: SessionIndex) {
		let live = Self::live_now();
		if let (Some(ended), Some(p)) = (index.checked_sub(1), Params::<T>::get()) {
			let start = SessionStart::<T>::get().unwrap_or(live);
			// Bounded: at most `MaxActive` members.
			for who in SessionMembers::<T>::get() {
				let since = LastSubmission::<T>::get(&who).unwrap_or_default().max(start);
				let gap = LivenessGap::<T>::take(&who) == Some(ended);
				if gap || live.saturating_sub(since) > p.liveness_window {
					Self::report(&who, SlashKind::Liveness, ended);
				}
			}
		}
		let members: BoundedVec<_, T::MaxActive> =
			BoundedVec::truncate_from(T::Validators::validators());
		SessionMembers::<T>::put(members);
		// At genesis the clock has not started: the first block starts the session.
		match LiveClock::<T>::get() {
			Some(_) => SessionStart::<T>::put(live),
			None => SessionStart::<T>::kill(),
		}
	}
}

/// The session's validators as pallet-session has them, and its disabling.
pub trait SessionValidators<AccountId> {
	/// The current session's validators.
	fn validators() -> alloc::vec::Vec<AccountId>;
	/// Disables `who` for the rest of the session, if it validates (pallet-session's
	/// disabling strategy decides, with `severity`).
	fn disable(who: &AccountId, severity: sp_runtime::Perbill);
}

/// No validators, nothing to disable.
impl<AccountId> SessionValidators<AccountId> for () {
	fn validators() -> alloc::vec::Vec<AccountId> {
		alloc::vec::Vec::new()
	}
	fn disable(_: &AccountId, _: sp_runtime::Perbill) {}
}
