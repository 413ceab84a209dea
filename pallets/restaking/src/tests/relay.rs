//! The inbound relay link: threshold signatures, nonces, messages.

use super::*;
use frame_support::{dispatch::Pays, traits::ConstU32};

#[test]
fn a_threshold_signed_attestation_registers_an_operator_and_pays_no_fee() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let a = relay.attest(vec![registered(5, 5_000 * E18)]);
		let post = Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 2, 4]))
			.unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(Operators::<Test>::get(5).unwrap().stake, 5_000 * E18);
		assert_eq!(TotalStake::<Test>::get(), 15_000 * E18);
		assert_eq!(LastNonce::<Test>::get(), 1);
		assert_eq!(LastAttestation::<Test>::get(), Some(now()));
	});
}

#[test]
fn short_thresholds_bad_signatures_and_unknown_signers_are_refused() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let a = relay.attest(vec![registered(5, 5_000 * E18)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1])),
			Error::<Test>::ThresholdNotMet
		);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 1])),
			Error::<Test>::DuplicateSigner
		);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[2, 1, 0])),
			Error::<Test>::DuplicateSigner
		);
		// A key the relay does not have signs as authority 1.
		let mut sigs = relay.sign(&a, &[0, 1, 2]);
		let outsider = Relay::with_seeds(&["//Mallory"]);
		sigs[1].1 = outsider.sign(&a, &[0])[0].1;
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), sigs),
			Error::<Test>::BadSignature
		);
		// Signatures over a different attestation do not carry over.
		let mut other = a.clone();
		other.messages[0] = registered(5, 50_000 * E18);
		assert_noop!(
			Restaking::submit_attestation(relayer(), other, relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::BadSignature
		);
		let mut sigs = relay.sign(&a, &[0, 1, 2]);
		sigs[2].0 = 7;
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), sigs),
			Error::<Test>::UnknownAuthority
		);
		assert_noop!(
			Restaking::submit_attestation(
				RuntimeOrigin::none(),
				a.clone(),
				relay.sign(&a, &[0, 1, 2])
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn replays_and_gaps_are_refused_and_order_is_kept() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let first = relay.attest(vec![stake_changed(1, 5_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(
			relayer(),
			first.clone(),
			relay.sign(&first, &[0, 1, 2])
		));
		assert_noop!(
			Restaking::submit_attestation(relayer(), first.clone(), relay.sign(&first, &[0, 1, 2])),
			Error::<Test>::StaleNonce
		);
		relay.nonce += 1; // attestation 2 is lost on the way
		let third = relay.attest(vec![stake_changed(1, 6_000 * E18)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), third.clone(), relay.sign(&third, &[0, 1, 2])),
			Error::<Test>::NonceGap
		);
		relay.nonce = 1;
		set_now(START - MINUTE);
		let backdated = relay.attest(vec![stake_changed(1, 6_000 * E18)]);
		assert_noop!(
			Restaking::submit_attestation(
				relayer(),
				backdated.clone(),
				relay.sign(&backdated, &[0, 1, 2])
			),
			Error::<Test>::OutOfOrder
		);
		relay.nonce = 1;
		let empty = relay.attest(vec![]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), empty.clone(), relay.sign(&empty, &[0, 1, 2])),
			Error::<Test>::EmptyAttestation
		);
	});
}

fn rejected() -> Vec<(u64, u32, DispatchError)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Restaking(Event::MessageRejected { nonce, index, error }) => {
				Some((nonce, index, error))
			},
			_ => None,
		})
		.collect()
}

fn submit(relay: &mut Relay, messages: Vec<RelayMessage<AccountId, ConstU32<8>>>) {
	let a = relay.attest(messages);
	assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
}

#[test]
fn a_bad_message_is_rejected_alone_and_the_sequence_moves_on() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// The second message names an unknown operator: the first still applies, the nonce
		// is spent, and the relay is told which message did not.
		submit(&mut relay, vec![stake_changed(1, 9_000 * E18), stake_changed(42, 1)]);
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 9_000 * E18);
		assert_eq!(LastNonce::<Test>::get(), 1);
		let unknown: DispatchError = Error::<Test>::UnknownOperator.into();
		assert_eq!(rejected(), vec![(1, 1, unknown)]);
		submit(&mut relay, vec![registered(1, 1)]);
		let unbond = RelayMessage::Unbonding { operator: 3, amount: 2_001 * E18, until: START };
		submit(&mut relay, vec![unbond]);
		// Registering past `MaxOperators` (10): the first six fit, the seventh is rejected.
		let many: Vec<_> = (10..17).map(|o| registered(o, E18)).collect();
		submit(&mut relay, many);
		assert_eq!(Operators::<Test>::count(), 10);
		let errors: Vec<_> = rejected().into_iter().skip(1).collect();
		assert_eq!(
			errors,
			vec![
				(2, 0, Error::<Test>::OperatorExists.into()),
				(3, 0, Error::<Test>::UnbondingExceedsStake.into()),
				(4, 6, Error::<Test>::TooManyOperators.into()),
			]
		);
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 9_000 * E18, "rejected: unchanged");
		assert_eq!(Operators::<Test>::get(3).unwrap().stake, 2_000 * E18);
		let n = System::block_number();
		next_block();
		assert_eq!(
			outbound(n),
			vec![
				OutboundMessage::Rejected { nonce: 1, index: 1 },
				OutboundMessage::Rejected { nonce: 2, index: 0 },
				OutboundMessage::Rejected { nonce: 3, index: 0 },
				OutboundMessage::Rejected { nonce: 4, index: 6 },
			]
		);
	});
}

#[test]
fn a_timestamp_ahead_of_the_clock_is_refused_and_the_nonce_kept() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let mut a = relay.attest(vec![stake_changed(1, 5_000 * E18)]);
		// One minute of skew is allowed; a minute and a millisecond is not.
		a.timestamp = now() + MINUTE + 1;
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::FutureTimestamp
		);
		a.timestamp = now() + MINUTE;
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		// The lease clock did not jump ahead: an honest attestation a block later applies.
		set_now(now() + MINUTE);
		submit(&mut relay, vec![stake_changed(1, 5_100 * E18)]);
		assert_eq!(LastNonce::<Test>::get(), 2);
	});
}

#[test]
fn an_unbonding_released_before_the_slash_horizon_is_rejected() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// The mock's delay is a day: 23 hours would let the stake leave before an offence
		// it could answer for is applied.
		// Signed two days ago and landing now: a day from its own time is long past here.
		let mut late = relay.attest(vec![RelayMessage::Unbonding {
			operator: 1,
			amount: E18,
			until: now() - 24 * 60 * MINUTE,
		}]);
		late.timestamp = now() - 2 * 24 * 60 * MINUTE;
		let sigs = relay.sign(&late, &[0, 1, 2]);
		assert_ok!(Restaking::submit_attestation(relayer(), late, sigs));
		assert_eq!(rejected(), vec![(1, 0, Error::<Test>::UnbondingTooShort.into())]);
		let early = now() + 23 * 60 * MINUTE;
		submit(
			&mut relay,
			vec![RelayMessage::Unbonding { operator: 1, amount: E18, until: early }],
		);
		assert_eq!(rejected()[1], (2, 0, Error::<Test>::UnbondingTooShort.into()));
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 4_000 * E18);
		let day = now() + 24 * 60 * MINUTE;
		submit(&mut relay, vec![RelayMessage::Unbonding { operator: 1, amount: E18, until: day }]);
		assert_eq!(Operators::<Test>::get(1).unwrap().unbonding, E18);
	});
}

#[test]
fn an_operator_leaves_once_nothing_can_be_slashed_and_its_slot_is_reused() {
	build_and_execute(|| {
		start_session(0);
		let mut relay = Relay::new();
		let leave = |o| RelayMessage::OperatorDeregistered { operator: o };
		// Operator 4 still has stake; operator 42 is unknown.
		submit(&mut relay, vec![leave(4), leave(42)]);
		let day = now() + 24 * 60 * MINUTE;
		submit(
			&mut relay,
			vec![RelayMessage::Unbonding { operator: 4, amount: 1_000 * E18, until: day }],
		);
		// Unbonding but still slashable for a day.
		submit(&mut relay, vec![leave(4)]);
		// Operator 3 validates this session.
		submit(&mut relay, vec![stake_changed(3, 0), leave(3)]);
		assert_eq!(
			rejected(),
			vec![
				(1, 0, Error::<Test>::OperatorStillSlashable.into()),
				(1, 1, Error::<Test>::UnknownOperator.into()),
				(3, 0, Error::<Test>::OperatorStillSlashable.into()),
				(4, 1, Error::<Test>::OperatorActive.into()),
			]
		);
		// Registry full: six more fill it to ten; the seventh is refused.
		let six: Vec<_> = (10..16).map(|o| registered(o, E18)).collect();
		submit(&mut relay, six);
		submit(&mut relay, vec![registered(20, E18)]);
		assert!(Operators::<Test>::get(20).is_none());
		// A day later operator 4's unbonding is released; a slash is still pending on it
		// (liveness, nothing at stake to take): it may not leave until that is settled.
		set_now(day);
		Restaking::report(&4, SlashKind::Liveness, 0);
		submit(&mut relay, vec![leave(4)]);
		assert_eq!(rejected().last().unwrap().2, Error::<Test>::OperatorStillSlashable.into());
		assert_ok!(Restaking::cancel_slash(RuntimeOrigin::root(), 0));
		submit(&mut relay, vec![leave(4), registered(20, E18)]);
		assert!(Operators::<Test>::get(4).is_none());
		assert_eq!(Operators::<Test>::get(20).unwrap().stake, E18);
		assert_eq!(Operators::<Test>::count(), 10);
	});
}

#[test]
fn unbonding_stake_leaves_selection_at_once_but_stays_slashable_until_released() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let until = START + 7 * 24 * 60 * MINUTE;
		let a =
			relay.attest(vec![RelayMessage::Unbonding { operator: 1, amount: 3_500 * E18, until }]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[1, 2, 3])));
		let o = Operators::<Test>::get(1).unwrap();
		assert_eq!((o.stake, o.unbonding), (500 * E18, 3_500 * E18));
		assert_eq!(o.slashable(now()), 4_000 * E18);
		assert_eq!(o.slashable(until), 500 * E18);
		assert_eq!(TotalStake::<Test>::get(), 6_500 * E18);
	});
}

#[test]
fn the_bridge_authorities_rotate_only_by_relay_message() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let next = Relay::with_seeds(&["//Next0", "//Next1", "//Next2"]);
		let rotate = RelayMessage::AuthoritySetRotated {
			authorities: next.authorities().try_into().unwrap(),
			threshold: 2,
		};
		let a = relay.attest(vec![rotate]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		assert_eq!(AuthoritySetId::<Test>::get(), 1);
		// The old set no longer speaks for the relay; the new one does, at its threshold.
		let mut next = next;
		next.nonce = 1;
		relay.nonce = 1;
		let old = relay.attest(vec![stake_changed(1, 1)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), old.clone(), relay.sign(&old, &[0, 1, 2])),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Restaking::submit_attestation(relayer(), old.clone(), relay.sign(&old, &[3, 4])),
			Error::<Test>::UnknownAuthority
		);
		let new = next.attest(vec![stake_changed(1, 4_200 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), new.clone(), next.sign(&new, &[0, 2])));
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 4_200 * E18);
		// A rotation to a minority threshold is refused.
		let weak = RelayMessage::AuthoritySetRotated {
			authorities: next.authorities().try_into().unwrap(),
			threshold: 1,
		};
		let a = next.attest(vec![weak]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), next.sign(&a, &[0, 1])));
		assert_eq!(rejected(), vec![(3, 0, Error::<Test>::InvalidThreshold.into())]);
		assert_eq!((BridgeThreshold::<Test>::get(), AuthoritySetId::<Test>::get()), (2, 1));
	});
}

#[test]
fn stake_that_would_overflow_the_total_is_rejected() {
	// Found by the runtime fuzzer: two registrations whose stakes sum past u128::MAX left
	// TotalStake saturated below the sum of the stakes.
	build_and_execute(|| {
		let mut relay = Relay::new();
		let total = TotalStake::<Test>::get();
		let room = u128::MAX - total;
		submit(&mut relay, vec![registered(7, room), registered(8, 1), stake_changed(1, room)]);
		let overflow: DispatchError = Error::<Test>::StakeOverflow.into();
		// The first fills the room exactly; the second and the raise of operator 1 would
		// overflow, so they are rejected and change nothing.
		assert_eq!(rejected(), vec![(1, 1, overflow), (1, 2, overflow)]);
		assert_eq!(TotalStake::<Test>::get(), u128::MAX);
		assert!(Operators::<Test>::get(8).is_none());
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 4_000 * E18);
	});
}
