//! Offences in slashing spans, the deferral, cancels, and what reaches the relay.

use super::*;
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

pub(crate) fn equivocation(who: AccountId, session: SessionIndex) {
	let details = [OffenceDetails { offender: (who, ()), reporters: vec![99u64] }];
	let _ = <Restaking as OnOffenceHandler<
		AccountId,
		(AccountId, ()),
		frame_support::weights::Weight,
	>>::on_offence(&details, &[Perbill::from_percent(5)], session);
}

pub(crate) fn stake(who: AccountId) -> u128 {
	Operators::<Test>::get(who).unwrap().stake
}

fn count(f: impl Fn(&Event<Test>) -> bool) -> usize {
	System::events()
		.iter()
		.filter(|r| matches!(&r.event, RuntimeEvent::Restaking(e) if f(e)))
		.count()
}

#[test]
fn an_equivocation_is_slashed_after_the_deferral_and_sent_to_the_relay() {
	build_and_execute(|| {
		start_session(0);
		equivocation(1, 0);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().apply_at, 2);
		// The offender is chilled (out of the next selection) and disabled at once.
		assert!(!Operators::<Test>::get(1).unwrap().opted_in);
		assert_eq!(disabled(), vec![1]);
		start_session(1);
		assert_eq!(stake(1), 4_000 * E18, "nothing before the deferral has passed");
		assert!(!ActiveSet::<Test>::get().contains(&1), "not selected again");
		start_session(2);
		// 20% (the governed equivocation fraction, not the offence's 5%) of 4,000.
		assert_eq!(stake(1), 3_200 * E18);
		assert_eq!(TotalStake::<Test>::get(), 9_200 * E18);
		assert_eq!(Slashed::<Test>::get(), 800 * E18);
		let n = System::block_number();
		next_block();
		assert_eq!(
			outbound(n),
			vec![OutboundMessage::Slash {
				operator: 1,
				amount: 800 * E18,
				kind: SlashKind::Equivocation
			}]
		);
	});
}

#[test]
fn the_council_cancels_a_slash_within_the_window() {
	build_and_execute(|| {
		start_session(0);
		equivocation(2, 0);
		assert_eq!(Operators::<Test>::get(2).unwrap().pending, 600 * E18);
		assert_noop!(
			Restaking::cancel_slash(RuntimeOrigin::signed(1), 0),
			DispatchError::BadOrigin
		);
		start_session(1);
		assert_ok!(Restaking::cancel_slash(RuntimeOrigin::root(), 0));
		assert_eq!(Operators::<Test>::get(2).unwrap().pending, 0, "nothing claimed any more");
		assert_noop!(
			Restaking::cancel_slash(RuntimeOrigin::root(), 0),
			Error::<Test>::UnknownSlash
		);
		start_session(2);
		start_session(3);
		assert_eq!(stake(2), 3_000 * E18);
		assert_eq!(Slashed::<Test>::get(), 0);
		let n = System::block_number();
		next_block();
		assert!(outbound(n).is_empty());
		// Once applied, a slash can no longer be cancelled.
		equivocation(2, 3);
		start_session(5);
		assert_noop!(
			Restaking::cancel_slash(RuntimeOrigin::root(), 1),
			Error::<Test>::UnknownSlash
		);
		assert_eq!(stake(2), 2_400 * E18);
	});
}

#[test]
fn a_later_higher_report_is_not_hidden_by_an_earlier_cancel() {
	build_and_execute(|| {
		start_session(0);
		// Oracle deviation (10%) in session 0, cancelled by the council...
		Restaking::report(&1, SlashKind::OracleDeviation, 0);
		assert_ok!(Restaking::cancel_slash(RuntimeOrigin::root(), 0));
		// ...then an equivocation (20%) in the same span: the whole 20% applies.
		equivocation(1, 0);
		start_session(2);
		assert_eq!(stake(1), 3_200 * E18);
	});
}

#[test]
fn reports_in_one_span_merge_and_slash_their_highest_fraction_once() {
	build_and_execute(|| {
		start_session(0);
		assert_eq!(Restaking::report(&1, SlashKind::OracleDeviation, 0), Some(0));
		// The same span: the one pending slash rises to 20%, then stays.
		assert_eq!(Restaking::report(&1, SlashKind::Equivocation, 0), Some(0));
		assert_eq!(Restaking::report(&1, SlashKind::Liveness, 0), Some(0));
		assert_eq!(PendingSlashes::<Test>::count(), 1);
		let s = PendingSlashes::<Test>::get(0).unwrap();
		assert_eq!(
			(s.kind, s.fraction, s.exposure),
			(SlashKind::Equivocation, Perbill::from_percent(20), 4_000 * E18)
		);
		assert_eq!(Operators::<Test>::get(1).unwrap().pending, 800 * E18);
		start_session(2);
		// 20% of the 4,000 exposed, once.
		assert_eq!(stake(1), 3_200 * E18);
		assert_eq!(count(|e| matches!(e, Event::SlashApplied { .. })), 1);
		// A late, lower report for the paid span adds nothing.
		Restaking::report(&1, SlashKind::OracleDeviation, 0);
		start_session(3);
		assert_eq!(stake(1), 3_200 * E18);
		assert_eq!(count(|e| matches!(e, Event::SlashSuperseded { .. })), 1);
	});
}

#[test]
fn an_operator_slashed_once_is_slashed_again_for_a_later_offence_even_after_a_top_up() {
	build_and_execute(|| {
		let mut p = mock::params();
		p.equivocation_slash = Perbill::from_percent(60);
		assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
		start_session(0);
		equivocation(3, 0);
		start_session(2);
		assert_eq!(stake(3), 800 * E18);
		// The report ended span 0: an offence in session 2 is a new span and slashes 60% of
		// the 800 left.
		equivocation(3, 2);
		start_session(4);
		assert_eq!(stake(3), 320 * E18);
		// The relay tops the stake back up to 2,000: the next offence takes 60% of it.
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(3, 2_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		equivocation(3, 4);
		start_session(6);
		assert_eq!(stake(3), 800 * E18);
		assert_eq!(Slashed::<Test>::get(), (1_200 + 480 + 1_200) * E18);
		let spans = SlashSpans::<Test>::get(3);
		let starts: Vec<_> = spans.iter().map(|s| (s.start, s.applied)).collect();
		let sixty = Perbill::from_percent(60);
		assert_eq!(starts, vec![(0, sixty), (1, sixty), (3, sixty), (5, Perbill::zero())]);
	});
}

#[test]
fn unbonding_does_not_escape_a_slash() {
	build_and_execute(|| {
		start_session(0);
		equivocation(1, 0);
		let mut relay = Relay::new();
		let until = now() + 28 * 24 * 60 * MINUTE;
		let a =
			relay.attest(vec![RelayMessage::Unbonding { operator: 1, amount: 4_000 * E18, until }]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		start_session(2);
		let o = Operators::<Test>::get(1).unwrap();
		assert_eq!((o.stake, o.unbonding), (0, 3_200 * E18));
	});
}

#[test]
fn a_report_always_leaves_the_council_a_session_to_cancel() {
	build_and_execute(|| {
		start_session(5);
		// Deferral counts from the offence: session 3's offence applies at session 5's
		// start... which has passed, so at the next session's start instead.
		Restaking::report(&2, SlashKind::Equivocation, 3);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().apply_at, 6);
		// Session 5's own offence: at 5 + 2.
		Restaking::report(&1, SlashKind::Equivocation, 5);
		assert_eq!(PendingSlashes::<Test>::get(1).unwrap().apply_at, 7);
		// Many reports for every operator and session fill at most one slot per span, and
		// every one of them waits.
		for session in 0..=5 {
			for who in 1..=4 {
				Restaking::report(&who, SlashKind::Liveness, session);
			}
		}
		// One each: every offence of sessions 0 to 5 falls in the span its first report ended.
		let mut operators: Vec<_> =
			PendingSlashes::<Test>::iter().map(|(_, s)| s.operator).collect();
		operators.sort();
		assert_eq!(operators, vec![1, 2, 3, 4]);
		assert!(PendingSlashes::<Test>::iter().all(|(_, s)| s.apply_at > 5));
		assert_eq!(Slashed::<Test>::get(), 0, "nothing applied at once");
		assert_eq!(count(|e| matches!(e, Event::SlashRefused { .. })), 0);
	});
}

#[test]
fn a_late_report_for_a_span_already_slashed_still_applies_its_excess() {
	build_and_execute(|| {
		// Session 10: oracle deviation (10%), applied at session 12: 400 of 4,000.
		start_session(10);
		Restaking::report(&1, SlashKind::OracleDeviation, 10);
		start_session(12);
		assert_eq!(stake(1), 3_600 * E18);
		// Session 18, the horizon's edge: an equivocation of session 10 (20%, same span) is
		// reported. Its excess over the 10% paid applies at session 19, even though the span
		// ends beyond the horizon by then.
		start_session(18);
		assert!(Restaking::report(&1, SlashKind::Equivocation, 10).is_some());
		start_session(19);
		assert_eq!(stake(1), 3_240 * E18, "10% more of the 3,600 exposed at the report");
		assert_eq!(count(|e| matches!(e, Event::SlashSuperseded { .. })), 0);
	});
}

#[test]
fn a_report_merged_into_a_pending_slash_keeps_its_own_cancel_window() {
	build_and_execute(|| {
		start_session(10);
		// Liveness of session 9, reported at 10: applies at 11.
		Restaking::report(&3, SlashKind::Liveness, 9);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().apply_at, 11);
		// Oracle deviation in session 10, same span: merged, and it waits until 12.
		assert_eq!(Restaking::report(&3, SlashKind::OracleDeviation, 10), Some(0));
		let s = PendingSlashes::<Test>::get(0).unwrap();
		assert_eq!((s.fraction, s.apply_at), (Perbill::from_percent(10), 12));
		start_session(11);
		assert_eq!(stake(3), 2_000 * E18);
		start_session(12);
		assert_eq!(stake(3), 1_800 * E18);
	});
}

#[test]
fn the_council_reports_what_only_outside_evidence_shows() {
	build_and_execute(|| {
		start_session(4);
		assert_noop!(
			Restaking::report_offence(RuntimeOrigin::signed(1), 2, SlashKind::OracleDeviation, 4),
			DispatchError::BadOrigin
		);
		for (who, session) in [(42, 4), (2, 5)] {
			assert_noop!(
				Restaking::report_offence(
					RuntimeOrigin::root(),
					who,
					SlashKind::OracleDeviation,
					session
				),
				Error::<Test>::OffenceNotSlashable
			);
		}
		assert_ok!(Restaking::report_offence(
			RuntimeOrigin::root(),
			2,
			SlashKind::OracleDeviation,
			3
		));
		start_session(6);
		assert_eq!(stake(2), 2_700 * E18);
	});
}

#[test]
fn offences_beyond_the_horizon_or_by_strangers_are_ignored() {
	build_and_execute(|| {
		start_session(20);
		assert_eq!(Restaking::report(&1, SlashKind::Equivocation, 11), None);
		assert_eq!(Restaking::report(&42, SlashKind::Equivocation, 20), None);
		assert_eq!(Restaking::report(&2, SlashKind::Equivocation, 21), None, "not yet happened");
		assert!(Restaking::report(&1, SlashKind::Equivocation, 12).is_some());
	});
}

#[test]
fn a_block_equivocation_report_is_checked_deduplicated_and_slashed_after_the_deferral() {
	use frame_support::dispatch::Pays;
	build_and_execute(|| {
		start_session(1);
		let proof = |sealed_by_offender| {
			Box::new(TestEquivocation { offender: 2, slot: 7, sealed_by_offender })
		};
		assert_noop!(
			Restaking::report_block_equivocation(relayer(), proof(false), 1),
			Error::<Test>::InvalidEquivocationProof
		);
		assert_noop!(
			Restaking::report_block_equivocation(relayer(), proof(true), 11),
			Error::<Test>::InvalidKeyOwnershipProof
		);
		let info = Restaking::report_block_equivocation(relayer(), proof(true), 1).unwrap();
		assert_eq!(info.pays_fee, Pays::No, "a valid report is free");
		System::assert_has_event(
			Event::SlashReported {
				id: 0,
				operator: 2,
				kind: SlashKind::Equivocation,
				fraction: Perbill::from_percent(20),
				apply_at: 3,
			}
			.into(),
		);
		assert_noop!(
			Restaking::report_block_equivocation(relayer(), proof(true), 1),
			Error::<Test>::DuplicateOffenceReport
		);
		start_session(2);
		assert_eq!(Operators::<Test>::get(2).unwrap().stake, 3_000 * E18);
		start_session(3);
		assert_eq!(Operators::<Test>::get(2).unwrap().stake, 2_400 * E18);
	});
}
