//! Correlated restaking slashes: one operator restaking the same stake for several networks
//! misbehaves and is slashed on more than one at once, so the stake a network counted on is
//! gone before its own slash applies.
//!
//! On Ballast Bob is reported for equivocation (20% of the 10,000,000,000 he had at stake),
//! then the relay attests that a slash elsewhere cut his stake to 1,000,000,000. From that block
//! Ballast counts only the 1,000,000,000 in its security budget, and its own slash, applied after
//! the deferral, claims 2,000,000,000 but takes the 1,000,000,000 that is left — never more than
//! he has — with the total stake still the sum of the stakes.

use crate::common::*;
use pallet_restaking::SlashKind;

const STAKE: u128 = ballast_runtime::genesis_config_presets::GENESIS_STAKE;

#[test]
fn a_slash_elsewhere_first_leaves_ballasts_slash_within_what_is_left() {
	let mut w = World::new();
	let session = w.execute(pallet_restaking::CurrentSession::<Runtime>::get);
	run(
		&mut w,
		&[
			root(RuntimeCall::Restaking(pallet_restaking::Call::report_offence {
				operator: id(1).clone(),
				kind: SlashKind::Equivocation,
				session,
			})),
			next(),
			relay_stake(1, STAKE / 10),
			next(),
		],
	);
	let total = w.execute(pallet_restaking::TotalStake::<Runtime>::get);
	assert_eq!(total, 3 * STAKE + STAKE / 10, "Ballast counts what the relay says is left");
	for _ in 0..7 {
		run(&mut w, &[Step::EndSession, next(), next()]);
	}
	let (bob, total) = w.execute(|| {
		(
			pallet_restaking::Operators::<Runtime>::get(id(1)).unwrap().stake,
			pallet_restaking::TotalStake::<Runtime>::get(),
		)
	});
	assert_eq!(bob, 0, "the claim takes what is left and no more");
	assert_eq!(total, 3 * STAKE);
}
