//! Cosmos Interchain Security (Neutron and other consumer chains, 2023–24): validators of the
//! provider chain could leave a consumer chain's set, and a consumer was left secured by far
//! less stake than the value it held.
//!
//! On Ballast three of the four operators opt out; from the next session boundary Alice
//! validates alone (the chain never empties its set), and when the relay attests that her stake
//! fell to the 1,000,000 minimum, the security budget no longer covers the value secured:
//! initial margin takes its highest factor (3×) and no new open interest is accepted.

use crate::common::*;

#[test]
fn when_operators_leave_the_chain_keeps_validating_and_stops_new_risk() {
	let mut w = World::new();
	let opt_out = RuntimeCall::Restaking(pallet_restaking::Call::opt_out {});
	run(
		&mut w,
		&[
			call(BOB, opt_out.clone()),
			call(2, opt_out.clone()),
			call(3, opt_out),
			Step::EndSession,
			next(),
			Step::EndSession,
			next(),
			next(),
		],
	);
	let (active, validators) = w.execute(|| {
		(
			pallet_restaking::ActiveSet::<Runtime>::get().into_inner(),
			pallet_session::Validators::<Runtime>::get(),
		)
	});
	assert_eq!(active, vec![id(0).clone()]);
	assert_eq!(validators, vec![id(0).clone()]);
	run(&mut w, &[relay_stake(0, 1_000_000 * E18), next(), trade(EVE, BTC_PERP, 1, 70_000)]);
	let status = w.execute(pallet_restaking::Pallet::<Runtime>::security_status);
	assert_eq!(status.cost_of_corruption, 100_000 * E18, "10% of Alice's 1,000,000");
	assert!(status.value_secured > status.cost_of_corruption, "{status:?}");
	assert!(!status.open_interest_allowed);
	assert_eq!(status.margin_factor, Fixed18(3 * E18 as i128));
	assert_eq!(w.execute(|| position(EVE, BTC_PERP)), 0, "no new open interest");
}
