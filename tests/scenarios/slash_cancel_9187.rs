//! polkadot-sdk #9187: cancelling a deferred slash could hide a later, higher slash of the same
//! validator in the same slashing span, because the span still counted the cancelled one as
//! paid.
//!
//! On Ballast, Bob reported for liveness (1%), the council cancels it, then Bob is reported for
//! equivocation (20%) in the same session: six sessions on, Bob has lost exactly 20% of his
//! stake, 2,000,000,000.

use crate::common::*;
use pallet_restaking::{PendingSlashes, SlashKind};

const STAKE: u128 = ballast_runtime::genesis_config_presets::GENESIS_STAKE;

#[test]
fn a_cancelled_slash_does_not_hide_a_later_higher_one() {
	let mut w = World::new();
	let session = w.execute(pallet_restaking::CurrentSession::<Runtime>::get);
	let report = |kind| {
		root(RuntimeCall::Restaking(pallet_restaking::Call::report_offence {
			operator: id(1).clone(),
			kind,
			session,
		}))
	};
	run(&mut w, &[report(SlashKind::Liveness)]);
	let first = w.execute(|| PendingSlashes::<Runtime>::iter_keys().next().unwrap());
	run(
		&mut w,
		&[root(RuntimeCall::Restaking(pallet_restaking::Call::cancel_slash { id: first }))],
	);
	run(&mut w, &[report(SlashKind::Equivocation)]);
	for _ in 0..7 {
		run(&mut w, &[Step::EndSession, next(), next()]);
	}
	let stake = w.execute(|| pallet_restaking::Operators::<Runtime>::get(id(1)).unwrap().stake);
	assert_eq!(stake, STAKE - STAKE / 5);
}
