//! Offences and slashes, in slashing spans (Polkadot's model).
//!
//! - **Spans.** Each operator's sessions are cut into spans ([`SlashSpans`]). Offences in one
//!   span slash their highest fraction once: each applied slash takes only its excess over
//!   what the span already paid. A report ends the operator's current span, so an offence in a
//!   later session starts a new span and slashes again, whatever was slashed before; there is
//!   no lifetime cap to hide behind. A cancelled slash is never recorded as applied, so a
//!   later, higher report in the same span slashes its whole fraction (polkadot-sdk #9187).
//! - **Deferral.** A slash applies at the start of session `offence + slash_deferral`, and
//!   never before the session after its report: the risk council always has a cancel window.
//! - **The queue cannot overflow.** Reports in one span merge into that span's one pending
//!   slash (the higher fraction, the later date), an operator has at most `SlashHorizon + 2`
//!   spans, and an operator with a pending slash cannot be deregistered; `integrity_test` checks that
//!   `MaxPendingSlashes` covers every operator's every span. A report that still found the
//!   queue full would be refused with [`Event::SlashRefused`], never applied early.
//! - **Offenders** are chilled (they must opt in again to be selected) and disabled for the
//!   rest of the session (pallet-session's disabling strategy).

use crate::{pallet::*, types::*, SessionValidators};
use alloc::vec::Vec;
use ballast_primitives::Balance;
use frame_support::{traits::Get, BoundedVec};
use sp_runtime::{traits::Saturating, Perbill};

/// An operator's spans as stored.
pub type SpansOf<T> = BoundedVec<SlashSpan, SpanCapacity<T>>;

/// How many spans an operator keeps: at most one starts per session, and those ending
/// beyond the slash horizon are pruned.
pub struct SpanCapacity<T>(core::marker::PhantomData<T>);
impl<T: Config> Get<u32> for SpanCapacity<T> {
	fn get() -> u32 {
		T::SlashHorizon::get().saturating_add(2)
	}
}

/// The index of the span `session` falls in; spans are sorted by start, the first starts at 0.
fn span_of(spans: &[SlashSpan], session: SessionIndex) -> usize {
	spans.iter().rposition(|s| s.start <= session).unwrap_or(0)
}

impl<T: Config> Pallet<T> {
	/// `operator`'s spans, the first starting at session 0, those ending beyond the horizon
	/// pruned.
	pub(crate) fn spans(operator: &T::AccountId) -> SpansOf<T> {
		let mut spans = SlashSpans::<T>::get(operator);
		if spans.is_empty() {
			let _ = spans.try_push(SlashSpan::default());
		}
		let oldest = CurrentSession::<T>::get().saturating_sub(T::SlashHorizon::get());
		// Span i ends where span i + 1 starts; keep the last one always. A span with a
		// pending slash is within the horizon (its deferral is shorter than the horizon).
		while spans.len() > 1 && spans[1].start <= oldest && spans[0].pending.is_none() {
			spans.remove(0);
		}
		spans
	}

	/// What an offence in the current session can no longer add: the fraction the current span
	/// has paid or has pending. A new offence of fraction `f` adds `f − taken`.
	pub fn taken(operator: &T::AccountId) -> Perbill {
		let spans = Self::spans(operator);
		let span = spans[span_of(&spans, CurrentSession::<T>::get())];
		span.applied.max(span.pending.map_or(Perbill::zero(), |(_, f)| f))
	}

	/// Queues a slash of `kind` for `operator`'s offence in `offence_session`. Returns its id
	/// (an earlier pending slash of the same span when it merged into it), or `None` when it
	/// cannot be slashed (unknown operator, no parameters, offence older than the horizon, or
	/// the queue full).
	pub fn report(
		operator: &T::AccountId,
		kind: SlashKind,
		offence_session: SessionIndex,
	) -> Option<SlashId> {
		let params = Params::<T>::get()?;
		let current = CurrentSession::<T>::get();
		let Some(mut o) = Operators::<T>::get(operator) else {
			Self::deposit_event(Event::OffenceIgnored { operator: operator.clone(), kind });
			return None;
		};
		if offence_session.saturating_add(T::SlashHorizon::get()) < current
			|| offence_session > current
		{
			Self::deposit_event(Event::OffenceIgnored { operator: operator.clone(), kind });
			return None;
		}
		let fraction = params.fraction(kind);
		let mut spans = Self::spans(operator);
		let i = span_of(&spans, offence_session);
		let span = spans[i];
		let apply_at = offence_session
			.saturating_add(params.slash_deferral)
			.max(current.saturating_add(1));
		let exposure = o.uncommitted(Self::now());
		let id = match span.pending {
			Some((id, pending)) => {
				// One pending slash per span: the higher fraction, the larger exposure.
				let mut slash = PendingSlashes::<T>::get(id)?;
				// The later of the two dates: each offence keeps its full cancel window.
				slash.apply_at = slash.apply_at.max(apply_at);
				PendingSlashes::<T>::insert(id, &slash);
				if fraction > pending {
					let before = pending * slash.exposure;
					slash.fraction = fraction;
					slash.kind = kind;
					slash.exposure = slash.exposure.max(exposure);
					o.pending =
						o.pending.saturating_sub(before).saturating_add(fraction * slash.exposure);
					spans[i].pending = Some((id, fraction));
					PendingSlashes::<T>::insert(id, &slash);
				}
				Self::deposit_event(Event::SlashReported {
					id,
					operator: operator.clone(),
					kind,
					fraction: slash.fraction,
					apply_at: slash.apply_at,
				});
				id
			},
			None => {
				if PendingSlashes::<T>::count() >= T::MaxPendingSlashes::get() {
					Self::deposit_event(Event::SlashRefused {
						operator: operator.clone(),
						kind,
						offence_session,
					});
					return None;
				}
				let id = NextSlashId::<T>::mutate(|n| {
					let id = *n;
					*n = n.wrapping_add(1);
					id
				});
				let slash = PendingSlash {
					operator: operator.clone(),
					kind,
					fraction,
					exposure,
					offence_session,
					span: span.start,
					apply_at,
				};
				o.pending = o.pending.saturating_add(fraction * exposure);
				spans[i].pending = Some((id, fraction));
				PendingSlashes::<T>::insert(id, slash);
				Self::deposit_event(Event::SlashReported {
					id,
					operator: operator.clone(),
					kind,
					fraction,
					apply_at,
				});
				id
			},
		};
		// The report ends the operator's current span: later offences slash again.
		if i + 1 == spans.len() && span.start <= current {
			// Full only if a slash waited past the horizon for room in the outbox: make room by
			// merging the oldest settled span into its neighbour, never by losing a pending one.
			if spans.is_full() {
				if let Some(k) = spans.iter().position(|s| s.pending.is_none()) {
					let gone = spans.remove(k);
					// Its sessions join the previous span, which keeps the higher paid fraction.
					if let Some(prev) = k.checked_sub(1).and_then(|p| spans.get_mut(p)) {
						prev.applied = prev.applied.max(gone.applied);
					}
				}
			}
			let _ = spans
				.try_push(SlashSpan { start: current.saturating_add(1), ..Default::default() });
		}
		SlashSpans::<T>::insert(operator, spans);
		// Chilled until it opts in again, and disabled for the rest of the session.
		o.opted_in = false;
		Operators::<T>::insert(operator, o);
		T::Validators::disable(operator, fraction);
		Self::deposit_event(Event::OptedIn { operator: operator.clone(), opted_in: false });
		Some(id)
	}

	/// Applies every pending slash due by `session`, in the order they were reported, as far
	/// as the outbox has room; the rest stay pending and apply at a later session start.
	pub(crate) fn apply_due(session: SessionIndex) {
		// Bounded: at most `MaxPendingSlashes` are pending.
		let mut due: Vec<_> =
			PendingSlashes::<T>::iter().filter(|(_, s)| s.apply_at <= session).collect();
		due.sort_by_key(|(id, _)| *id);
		for (id, slash) in due {
			if Self::outbox_room() == 0 {
				Self::deposit_event(Event::SlashWaiting { id });
				continue;
			}
			PendingSlashes::<T>::remove(id);
			Self::apply_slash(id, slash);
		}
	}

	/// Takes the pending slash `id` off its span (recording `applied` as the span's paid
	/// fraction when it applies) and off its operator's pending value, in one write each: the
	/// span is read while its slash is still pending, so pruning cannot lose it. Returns what
	/// the span had paid before.
	pub(crate) fn unqueue(
		id: SlashId,
		s: &PendingSlash<T::AccountId>,
		applied: Option<Perbill>,
	) -> Perbill {
		let mut spans = Self::spans(&s.operator);
		let mut before = Perbill::zero();
		if let Some(span) = spans.iter_mut().find(|span| span.start == s.span) {
			if span.pending.is_some_and(|(p, _)| p == id) {
				span.pending = None;
			}
			before = span.applied;
			if let Some(f) = applied {
				span.applied = span.applied.max(f);
			}
		}
		SlashSpans::<T>::insert(&s.operator, spans);
		Operators::<T>::mutate(&s.operator, |o| {
			if let Some(o) = o {
				o.pending = o.pending.saturating_sub(s.fraction * s.exposure);
			}
		});
		before
	}

	fn apply_slash(id: SlashId, s: PendingSlash<T::AccountId>) {
		let paid = Self::unqueue(id, &s, Some(s.fraction));
		let now = Self::now();
		let increment = s.fraction.saturating_sub(paid);
		if increment.is_zero() {
			Self::deposit_event(Event::SlashSuperseded { id, operator: s.operator });
			return;
		}
		let mut amount: Balance = 0;
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
