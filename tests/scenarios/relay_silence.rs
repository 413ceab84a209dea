//! A relay chain that stops attesting: the stake Ballast counts as its security may have
//! been withdrawn or slashed on the relay without Ballast hearing of it.
//!
//! On Ballast the security budget trusts attested stake for `max_attestation_age` (an hour):
//! past it, initial margin takes the highest factor (3×) and no new open interest is allowed,
//! until the relay speaks again. This holds from launch too: a relay that never attested
//! counts from the chain's first block, not as forever fresh.

use crate::common::*;

#[test]
fn past_the_attestation_age_margin_triples_and_open_interest_stops() {
	let mut w = World::new();
	run(&mut w, &[next()]);
	let fresh = w.execute(pallet_restaking::Pallet::<Runtime>::security_status);
	assert!(fresh.open_interest_allowed, "{fresh:?}");
	// Sixty-one minutes without an attestation, the oracle fed all along.
	let steps: Vec<Step> = (0..61).map(|_| after(10, u8::MAX)).collect();
	run(&mut w, &steps);
	run(&mut w, &[trade(EVE, BTC_PERP, 1, 70_000)]);
	let (status, eve) = w.execute(|| {
		(pallet_restaking::Pallet::<Runtime>::security_status(), position(EVE, BTC_PERP))
	});
	assert!(!status.open_interest_allowed, "{status:?}");
	assert_eq!(status.margin_factor, Fixed18(3 * E18 as i128));
	assert_eq!(eve, 0, "no new open interest while the relay is silent");
	// The relay attests again: trading resumes.
	run(
		&mut w,
		&[
			relay_stake(0, ballast_runtime::genesis_config_presets::GENESIS_STAKE),
			next(),
			trade(EVE, BTC_PERP, 1, 70_000),
		],
	);
	assert_eq!(w.execute(|| position(EVE, BTC_PERP)), E18 as i128);
}
