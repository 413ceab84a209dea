//! The inbound relay link: threshold signatures, nonces, messages.

use super::*;
use frame_support::dispatch::Pays;

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

#[test]
fn messages_apply_all_or_none_with_typed_errors() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		// The second message names an unknown operator: the first is not applied either.
		let a = relay.attest(vec![stake_changed(1, 9_000 * E18), stake_changed(42, 1)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::UnknownOperator
		);
		relay.nonce = 0;
		let a = relay.attest(vec![registered(1, 1)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::OperatorExists
		);
		relay.nonce = 0;
		let unbond = RelayMessage::Unbonding { operator: 3, amount: 2_001 * E18, until: START };
		let a = relay.attest(vec![unbond]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::UnbondingExceedsStake
		);
		relay.nonce = 0;
		let many: Vec<_> = (10..17).map(|o| registered(o, E18)).collect();
		let a = relay.attest(many);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::TooManyOperators
		);
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
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), next.sign(&a, &[0, 1])),
			Error::<Test>::InvalidThreshold
		);
	});
}
