//! Offences and slashes: reports wait `slash_deferral` sessions, the risk council may cancel
//! them meanwhile, and what is applied goes to the relay as an outbound message.
//!
//! Reports for the same operator and offence session slash their highest fraction, not the
//! sum: each applied slash takes only its excess over what was already applied for that
//! session. A cancelled slash is never recorded as applied, so a later, higher report for the
//! same operator and session slashes its whole fraction (the behaviour polkadot-sdk #9187 asks
//! for). An operator's slashes add up to at most 100%.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{FeedKey, Moment};
use frame_support::traits::Get;
use sp_runtime::{traits::Saturating, Perbill};

impl<T: Config> Pallet<T> {
	/// Queues a slash of `kind` for `operator`'s offence in `offence_session`; applies it at
	/// once if the queue is full. Returns its id, or `None` when it cannot be slashed (unknown
	/// operator, no parameters, offence older than the slash horizon).
	pub fn report(
		operator: &T::AccountId,
		kind: SlashKind,
		offence_session: SessionIndex,
	) -> Option<SlashId> {
		let params = Params::<T>::get()?;
		let current = CurrentSession::<T>::get();
		if !Operators::<T>::contains_key(operator)
			|| offence_session.saturating_add(T::SlashHorizon::get()) < current
		{
			Self::deposit_event(Event::OffenceIgnored { operator: operator.clone(), kind });
			return None;
		}
		let id = NextSlashId::<T>::mutate(|n| {
			let id = *n;
			*n = n.wrapping_add(1);
			id
		});
		let exposure = Operators::<T>::get(operator).map_or(0, |o| o.slashable(Self::now()));
		let slash = PendingSlash {
			operator: operator.clone(),
			kind,
			fraction: params.fraction(kind),
			exposure,
			offence_session,
			apply_at: current.saturating_add(params.slash_deferral),
		};
		Self::deposit_event(Event::SlashReported {
			id,
			operator: operator.clone(),
			kind,
			fraction: slash.fraction,
			apply_at: slash.apply_at,
		});
		if PendingSlashes::<T>::count() >= T::MaxPendingSlashes::get() {
			// No room to wait: slash now rather than not at all.
			Self::apply_slash(id, slash);
		} else {
			PendingSlashes::<T>::insert(id, slash);
		}
		Some(id)
	}

	/// Applies every pending slash due by `session`, in the order they were reported.
	pub(crate) fn apply_due(session: SessionIndex) {
		// Bounded: at most `MaxPendingSlashes` are pending.
		let mut due: Vec<_> =
			PendingSlashes::<T>::iter().filter(|(_, s)| s.apply_at <= session).collect();
		due.sort_by_key(|(id, _)| *id);
		for (id, slash) in due {
			PendingSlashes::<T>::remove(id);
			Self::apply_slash(id, slash);
		}
	}

	fn apply_slash(id: SlashId, s: PendingSlash<T::AccountId>) {
		let now = Self::now();
		let current = CurrentSession::<T>::get();
		let horizon = T::SlashHorizon::get();
		let mut spans = SlashSpans::<T>::get(&s.operator);
		spans.retain(|(session, _)| session.saturating_add(horizon) >= current);
		let applied = spans
			.iter()
			.find(|(session, _)| *session == s.offence_session)
			.map_or(Perbill::zero(), |(_, f)| *f);
		let total = SlashedFraction::<T>::get(&s.operator);
		let increment =
			s.fraction.saturating_sub(applied).min(Perbill::one().saturating_sub(total));
		if increment.is_zero() {
			Self::deposit_event(Event::SlashSuperseded { id, operator: s.operator });
			return;
		}
		match spans.iter_mut().find(|(session, _)| *session == s.offence_session) {
			Some(span) => span.1 = s.fraction,
			None => {
				if spans.is_full() {
					spans.remove(0);
				}
				let _ = spans.try_push((s.offence_session, s.fraction));
			},
		}
		SlashSpans::<T>::insert(&s.operator, spans);
		SlashedFraction::<T>::insert(&s.operator, total.saturating_add(increment));
		let mut amount = 0;
		Operators::<T>::mutate(&s.operator, |o| {
			if let Some(o) = o {
				amount = (increment * s.exposure).min(o.slashable(now));
				let from_stake = amount.min(o.stake);
				o.stake -= from_stake;
				TotalStake::<T>::mutate(|t| *t = t.saturating_sub(from_stake));
				o.unbonding = o.unbonding.saturating_sub(amount - from_stake);
			}
		});
		Slashed::<T>::mutate(|t| *t = t.saturating_add(amount));
		Self::send(OutboundMessage::Slash { operator: s.operator.clone(), amount, kind: s.kind });
		Self::deposit_event(Event::SlashApplied {
			id,
			operator: s.operator,
			kind: s.kind,
			fraction: increment,
			amount,
		});
	}

	/// Notes an oracle submission: out of the band around `median` counts a strike; enough
	/// strikes within the window make an oracle-deviation offence. Any submission is a sign of
	/// life.
	pub fn note_oracle_submission(who: &T::AccountId, _key: &FeedKey, value: u128, median: u128) {
		if !Operators::<T>::contains_key(who) {
			return;
		}
		let now = Self::now();
		LastSubmission::<T>::insert(who, now);
		let Some(p) = Params::<T>::get() else { return };
		let band = p.oracle_band * median;
		if value.abs_diff(median) <= band {
			return;
		}
		let (count, start) = match Strikes::<T>::get(who) {
			Some((count, start)) if now.saturating_sub(start) <= p.oracle_window => {
				(count + 1, start)
			},
			_ => (1, now),
		};
		Self::deposit_event(Event::OracleStrike {
			operator: who.clone(),
			value,
			median,
			strikes: count,
		});
		if count >= p.oracle_strikes {
			Strikes::<T>::remove(who);
			Self::report(who, SlashKind::OracleDeviation, CurrentSession::<T>::get());
		} else {
			Strikes::<T>::insert(who, (count, start));
		}
	}

	/// Reports every active operator silent for longer than the liveness window.
	pub(crate) fn check_liveness(session: SessionIndex) {
		let Some(p) = Params::<T>::get() else { return };
		let now = Self::now();
		for who in ActiveSet::<T>::get() {
			let last: Moment = LastSubmission::<T>::get(&who).unwrap_or(now);
			if now.saturating_sub(last) > p.liveness_window {
				Self::report(&who, SlashKind::Liveness, session);
				// One report per silence: the window starts again.
				LastSubmission::<T>::insert(&who, now);
			}
		}
	}
}

impl<T: Config, Reporter, Full>
	sp_staking::offence::OnOffenceHandler<
		Reporter,
		(T::AccountId, Full),
		frame_support::weights::Weight,
	> for Pallet<T>
{
	fn on_offence(
		offenders: &[sp_staking::offence::OffenceDetails<Reporter, (T::AccountId, Full)>],
		slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> frame_support::weights::Weight {
		let mut reported = 0u32;
		for (details, fraction) in offenders.iter().zip(slash_fraction) {
			// The offence decides whether it is slashable; the risk council decides how much.
			if !fraction.is_zero() {
				Self::report(&details.offender.0, SlashKind::Equivocation, session);
				reported += 1;
			}
		}
		<T::WeightInfo as crate::WeightInfo>::report().saturating_mul(reported.max(1) as u64)
	}
}
