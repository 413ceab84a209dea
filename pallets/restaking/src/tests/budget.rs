//! The security budget the margin engine follows.

use super::*;
use ballast_primitives::{fixed::Fixed18, traits::SecurityBudget};
use frame_support::traits::Hooks;
use pallet_session::SessionManager;

const ONE: i128 = Fixed18::ONE.0;

#[test]
fn stake_withdrawn_on_the_relay_raises_margin_and_caps_open_interest() {
	build_and_execute(|| {
		assert_eq!(Restaking::new_session(1), Some(vec![1, 2, 3]));
		Restaking::on_initialize(1);
		// Active stake 9,000 × 10% slash = 900 guards 5,000 of value: ratio 0.18 ≥ 0.10.
		set_value_secured(5_000 * E18);
		let s = Restaking::security();
		assert_eq!(s.cost_of_corruption, 900 * E18);
		assert_eq!(s.ratio, Some(Fixed18(18 * ONE / 100)));
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18::ONE);
		assert!(<Restaking as SecurityBudget>::open_interest_allowed());
		// Deposits double the value secured (ratio 0.09): margin follows from the next block.
		set_value_secured(10_000 * E18);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18::ONE);
		assert!(<Restaking as SecurityBudget>::open_interest_allowed());
		Restaking::on_initialize(2);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18(ONE * 1_000 / 900));
		assert!(!<Restaking as SecurityBudget>::open_interest_allowed());
		// Operator 1 withdraws 3,550 on the relay, past its unbonding: slashable 450.
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(1, 450 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		// 5,450 × 10% = 545 for 10,000 secured: ratio 0.0545, margin × 0.10 / 0.0545, in the
		// attestation's own block.
		let s = Restaking::security();
		assert_eq!(s.cost_of_corruption, 545 * E18);
		assert_eq!(s.margin_factor, Fixed18(ONE * 1_000 / 545));
		assert!(!s.open_interest_allowed);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), s.margin_factor);
		assert!(!<Restaking as SecurityBudget>::open_interest_allowed());
	});
}

#[test]
fn stale_attestations_raise_margin_to_its_cap() {
	build_and_execute(|| {
		Restaking::new_session(1);
		set_value_secured(1_000 * E18);
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(1, 4_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		set_now(START + 10 * MINUTE);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18::ONE);
		set_now(START + 10 * MINUTE + 1);
		let s = Restaking::security();
		assert_eq!(s.attestation_age, Some(10 * MINUTE + 1));
		assert_eq!(s.margin_factor, Fixed18(3 * ONE));
		assert!(!s.open_interest_allowed);
		// The margin engine sees it from the next block's snapshot.
		Restaking::on_initialize(2);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18(3 * ONE));
		assert!(!<Restaking as SecurityBudget>::open_interest_allowed());
	});
}

#[test]
fn try_state_catches_stake_accounting_drift() {
	new_test_ext().execute_with(|| {
		TotalStake::<Test>::put(1);
		assert!(Restaking::do_try_state().is_err());
	});
}
