//! Selection of each session's validators.

use super::*;
use pallet_session::SessionManager;

#[test]
fn the_active_set_is_the_top_operators_by_stake_with_keys_and_minimum_stake() {
	build_and_execute(|| {
		// Operator 4 has 1,000 (the minimum) but has not opted in: 1, 2, 3 by stake.
		assert_eq!(Restaking::new_session(1), Some(vec![1, 2, 3]));
		// A newcomer with more stake displaces the smallest once it opts in with keys.
		let mut relay = Relay::new();
		let a = relay.attest(vec![registered(5, 2_500 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		assert_noop!(Restaking::opt_in(RuntimeOrigin::signed(5)), Error::<Test>::NoSessionKeys);
		register_keys(5);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(5)));
		assert_eq!(Restaking::new_session(2), Some(vec![1, 2, 5]));
		assert_eq!(ActiveSet::<Test>::get().into_inner(), vec![1, 2, 5]);
		assert_noop!(Restaking::opt_in(RuntimeOrigin::signed(77)), Error::<Test>::NoSessionKeys);
		register_keys(77);
		assert_noop!(Restaking::opt_in(RuntimeOrigin::signed(77)), Error::<Test>::UnknownOperator);
	});
}

#[test]
fn stake_withdrawn_on_the_relay_drops_an_operator_at_the_next_session() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(2, 999 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		assert_eq!(Restaking::new_session(1), Some(vec![1, 3]));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(1)));
		assert_eq!(Restaking::new_session(2), Some(vec![3]));
	});
}

#[test]
fn with_no_one_qualified_the_current_validators_stay() {
	build_and_execute(|| {
		for who in 1..=3 {
			assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(who)));
		}
		assert_eq!(Restaking::new_session(1), None);
	});
}

#[test]
fn ties_are_broken_the_same_way_on_every_node() {
	build_and_execute(|| {
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(3, 3_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		// 2 and 3 both have 3,000: by account encoding.
		assert_eq!(Restaking::new_session(1), Some(vec![1, 2, 3]));
		let mut p = mock::params();
		p.max_active = 2;
		assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
		assert_eq!(Restaking::new_session(2), Some(vec![1, 2]));
	});
}

#[test]
fn params_change_only_through_the_params_origin_within_bounds() {
	build_and_execute(|| {
		assert_noop!(
			Restaking::set_params(RuntimeOrigin::signed(1), mock::params()),
			DispatchError::BadOrigin
		);
		let mut p = mock::params();
		p.max_active = 5; // above MaxActive (4)
		assert_noop!(Restaking::set_params(RuntimeOrigin::root(), p), Error::<Test>::InvalidParams);
		p = mock::params();
		p.max_margin_factor =
			ballast_primitives::fixed::Fixed18(ballast_primitives::fixed::Fixed18::ONE.0 / 2);
		assert_noop!(Restaking::set_params(RuntimeOrigin::root(), p), Error::<Test>::InvalidParams);
	});
}
