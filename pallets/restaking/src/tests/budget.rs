//! The security budget the margin engine follows.

use super::*;
use ballast_primitives::{fixed::Fixed18, traits::SecurityBudget};
use frame_support::traits::Hooks;

const ONE: i128 = Fixed18::ONE.0;

#[test]
fn stake_withdrawn_on_the_relay_raises_margin_and_caps_open_interest() {
	build_and_execute(|| {
		start_session(0);
		Restaking::on_initialize(1);
		// Validators 4,000, 3,000, 2,000. The oracle median takes two: the cheapest lose
		// 10% of 2,000 + 3,000 = 500. A third of GRANDPA takes two: 20% of the same = 1,000.
		// 500 guards 5,000 of value: ratio 0.10, the minimum.
		set_value_secured(5_000 * E18);
		let s = Restaking::security();
		assert_eq!(s.cost_of_corruption, 500 * E18);
		assert_eq!(s.ratio, Some(Fixed18(ONE / 10)));
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18::ONE);
		assert!(<Restaking as SecurityBudget>::open_interest_allowed());
		// Deposits double the value secured (ratio 0.05): margin follows from the next block.
		set_value_secured(10_000 * E18);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18::ONE);
		Restaking::on_initialize(2);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), Fixed18(2 * ONE));
		assert!(!<Restaking as SecurityBudget>::open_interest_allowed());
		// The relay lowers operator 3's stake by 500 (withdrawn on the relay after its
		// unbonding there): 150 + 300 = 450 for
		// 10,000 secured, ratio 0.045, margin × 0.10 / 0.045 in the attestation's own block.
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(3, 1_500 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		let s = Restaking::security();
		assert_eq!(s.cost_of_corruption, 450 * E18);
		assert_eq!(s.margin_factor, Fixed18(ONE * 1_000 / 450));
		assert!(!s.open_interest_allowed);
		assert_eq!(<Restaking as SecurityBudget>::margin_factor(), s.margin_factor);
	});
}

#[test]
fn stake_already_promised_to_a_pending_slash_is_not_counted_twice() {
	build_and_execute(|| {
		start_session(0);
		// Operator 3 (2,000) is reported for oracle deviation: 10% of it is pending, so a new
		// deviation in this span costs it nothing more, and 200 of its stake is claimed. The
		// oracle's two cheapest: 0 + 300 = 300. GRANDPA's: (20% − 10%) × 1,800 + 600 = 780.
		Restaking::report(&3, SlashKind::OracleDeviation, 0);
		assert_eq!(Restaking::security().cost_of_corruption, 300 * E18);
		// Cancelled: it counts in full again.
		assert_ok!(Restaking::cancel_slash(RuntimeOrigin::root(), 0));
		assert_eq!(Restaking::security().cost_of_corruption, 500 * E18);
	});
}

#[test]
fn stale_attestations_raise_margin_to_its_cap() {
	build_and_execute(|| {
		start_session(0);
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

#[test]
fn a_relay_that_never_attests_goes_stale_from_the_first_block() {
	// Stale is never "fresh forever": the genesis stake counts as attested at the end of the
	// first block, and an hour later (`max_attestation_age`) margin takes its highest factor
	// and open interest stops, as if the relay had stopped.
	build_and_execute(|| {
		start_session(0);
		assert_eq!(LastAttestation::<Test>::get(), None);
		Restaking::on_finalize(1);
		assert_eq!(LastAttestation::<Test>::get(), Some(now()));
		let hour = params().max_attestation_age;
		set_now(now() + hour);
		assert!(Restaking::security_status().open_interest_allowed);
		set_now(now() + 1);
		let s = Restaking::security_status();
		assert!(!s.open_interest_allowed);
		assert_eq!(s.margin_factor, params().max_margin_factor);
		assert_eq!(s.attestation_age, Some(hour + 1));
		// Later blocks keep the launch date.
		Restaking::on_finalize(2);
		let launch = now() - hour - 1;
		assert_eq!(LastAttestation::<Test>::get(), Some(launch));
		// The attack: a relay message dated before the launch cannot pass for fresh news.
		set_now(launch - 1);
		let mut relay = Relay::new();
		let old = relay.attest(vec![stake_changed(1, 9_000 * E18)]);
		frame_support::assert_noop!(
			Restaking::submit_attestation(relayer(), old.clone(), relay.sign(&old, &[0, 1, 2])),
			Error::<Test>::OutOfOrder
		);
	});
}
