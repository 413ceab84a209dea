//! Offences, the deferral, cancels, and what reaches the relay.

use super::*;
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

fn equivocation(who: AccountId, session: SessionIndex) {
	let details = [OffenceDetails { offender: (who, ()), reporters: vec![99u64] }];
	let _ = <Restaking as OnOffenceHandler<
		AccountId,
		(AccountId, ()),
		frame_support::weights::Weight,
	>>::on_offence(&details, &[Perbill::from_percent(5)], session);
}

fn stake(who: AccountId) -> u128 {
	Operators::<Test>::get(who).unwrap().stake
}

#[test]
fn an_equivocation_is_slashed_after_the_deferral_and_sent_to_the_relay() {
	build_and_execute(|| {
		start_session(0);
		equivocation(1, 0);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().apply_at, 2);
		start_session(1);
		assert_eq!(stake(1), 4_000 * E18, "nothing before the deferral has passed");
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
		assert_noop!(
			Restaking::cancel_slash(RuntimeOrigin::signed(1), 0),
			DispatchError::BadOrigin
		);
		start_session(1);
		assert_ok!(Restaking::cancel_slash(RuntimeOrigin::root(), 0));
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
		// ...then an equivocation (20%) in the same session: the whole 20% applies.
		equivocation(1, 0);
		start_session(2);
		assert_eq!(stake(1), 3_200 * E18);
	});
}

#[test]
fn reports_for_one_session_slash_their_highest_fraction_once() {
	build_and_execute(|| {
		start_session(0);
		Restaking::report(&1, SlashKind::OracleDeviation, 0);
		equivocation(1, 0);
		equivocation(1, 0);
		start_session(2);
		// 10%, then 20% − 10%, then nothing more: 20% of the 4,000 exposed.
		assert_eq!(stake(1), 3_200 * E18);
		let superseded = System::events()
			.iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Restaking(Event::SlashSuperseded { .. })))
			.count();
		assert_eq!(superseded, 1);
	});
}

#[test]
fn an_operator_is_never_slashed_more_than_all_of_its_stake() {
	build_and_execute(|| {
		let mut p = mock::params();
		p.equivocation_slash = Perbill::from_percent(60);
		assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
		start_session(0);
		equivocation(3, 0);
		start_session(2);
		assert_eq!(stake(3), 800 * E18);
		// The second offence may take only the 40% left of the 100%, of the 800 now exposed.
		equivocation(3, 2);
		start_session(4);
		assert_eq!(SlashedFraction::<Test>::get(3), Perbill::one());
		assert_eq!(stake(3), 480 * E18);
		// At 100% nothing more is slashed.
		equivocation(3, 4);
		start_session(6);
		assert_eq!(stake(3), 480 * E18);
		assert_eq!(Slashed::<Test>::get(), 1_520 * E18);
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
fn oracle_submissions_outside_the_band_repeatedly_are_an_offence() {
	build_and_execute(|| {
		start_session(0);
		let key =
			ballast_primitives::FeedKey { underlying: 1, kind: ballast_primitives::FeedKind::Spot };
		let median = 60_000 * E18;
		// Within 2%: no strike.
		Restaking::note_oracle_submission(&2, &key, 61_000 * E18, median);
		assert!(Strikes::<Test>::get(2).is_none());
		// Two strikes, then the window passes: the count starts again.
		Restaking::note_oracle_submission(&2, &key, 70_000 * E18, median);
		Restaking::note_oracle_submission(&2, &key, 50_000 * E18, median);
		set_now(now() + 11 * MINUTE);
		Restaking::note_oracle_submission(&2, &key, 70_000 * E18, median);
		assert_eq!(Strikes::<Test>::get(2).unwrap().0, 1);
		assert!(PendingSlashes::<Test>::iter().next().is_none());
		// Three within the window: an oracle-deviation offence, 10% after the deferral.
		Restaking::note_oracle_submission(&2, &key, 70_000 * E18, median);
		Restaking::note_oracle_submission(&2, &key, 70_000 * E18, median);
		let slash = PendingSlashes::<Test>::get(0).unwrap();
		assert_eq!((slash.operator, slash.kind), (2, SlashKind::OracleDeviation));
		start_session(2);
		assert_eq!(stake(2), 2_700 * E18);
		// Someone who is not an operator is not tracked.
		Restaking::note_oracle_submission(&42, &key, 1, median);
		assert!(Strikes::<Test>::get(42).is_none());
	});
}

#[test]
fn a_silent_active_operator_is_slashed_for_liveness() {
	build_and_execute(|| {
		start_session(0);
		let key =
			ballast_primitives::FeedKey { underlying: 1, kind: ballast_primitives::FeedKind::Spot };
		set_now(now() + 31 * MINUTE);
		Restaking::note_oracle_submission(&1, &key, E18, E18);
		Restaking::note_oracle_submission(&2, &key, E18, E18);
		// Operator 3 said nothing for 31 minutes.
		start_session(1);
		let reported: Vec<_> =
			PendingSlashes::<Test>::iter().map(|(_, s)| (s.operator, s.kind)).collect();
		assert_eq!(reported, vec![(3, SlashKind::Liveness)]);
		start_session(3);
		assert_eq!(stake(3), 1_980 * E18);
	});
}

#[test]
fn with_the_queue_full_a_slash_applies_at_once() {
	build_and_execute(|| {
		start_session(0);
		for session in 0..4 {
			Restaking::report(&4, SlashKind::Liveness, session);
		}
		assert_eq!(PendingSlashes::<Test>::count(), 4);
		equivocation(1, 0);
		assert_eq!(stake(1), 3_200 * E18);
		assert_eq!(PendingSlashes::<Test>::count(), 4);
	});
}

#[test]
fn offences_beyond_the_horizon_or_by_strangers_are_ignored() {
	build_and_execute(|| {
		start_session(20);
		assert_eq!(Restaking::report(&1, SlashKind::Equivocation, 11), None);
		assert_eq!(Restaking::report(&42, SlashKind::Equivocation, 20), None);
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
