//! Kusama, era 4543 (2022): a bug made a large part of the validator set offend at once and
//! the chain slashed them all; governance cancelled the slashes during their deferral.
//!
//! On Ballast a slash waits `slash_deferral` (6) sessions before it applies, so that the
//! council can cancel one the operators are not to blame for. All four validators reported
//! for equivocation at once (20% each), the council cancels all four: six sessions on, every
//! operator still has its 10,000,000,000 of stake and no slash reached the relay. Without the
//! cancellation, the same reports take 20% of each.

use crate::common::*;
use pallet_restaking::{PendingSlashes, SlashKind};

const STAKE: u128 = ballast_runtime::genesis_config_presets::GENESIS_STAKE;

fn report_all(w: &mut World) -> Vec<u32> {
	let session = w.execute(pallet_restaking::CurrentSession::<Runtime>::get);
	let reports: Vec<Step> = (0..4)
		.map(|v| {
			root(RuntimeCall::Restaking(pallet_restaking::Call::report_offence {
				operator: id(v).clone(),
				kind: SlashKind::Equivocation,
				session,
			}))
		})
		.collect();
	run(w, &reports);
	w.execute(|| PendingSlashes::<Runtime>::iter_keys().collect())
}

fn sessions(w: &mut World, n: usize) {
	for _ in 0..n {
		run(w, &[Step::EndSession, next(), next()]);
	}
}

fn stakes(w: &mut World) -> Vec<u128> {
	w.execute(|| {
		(0..4)
			.map(|v| pallet_restaking::Operators::<Runtime>::get(id(v)).unwrap().stake)
			.collect()
	})
}

#[test]
fn a_mass_slash_cancelled_during_its_deferral_takes_nothing() {
	let mut w = World::new();
	let ids = report_all(&mut w);
	assert_eq!(ids.len(), 4, "one pending slash per validator");
	let cancels: Vec<Step> = ids
		.iter()
		.map(|id| root(RuntimeCall::Restaking(pallet_restaking::Call::cancel_slash { id: *id })))
		.collect();
	run(&mut w, &cancels);
	assert_eq!(w.execute(|| PendingSlashes::<Runtime>::count()), 0);
	sessions(&mut w, 7);
	assert_eq!(stakes(&mut w), vec![STAKE; 4]);
	assert_eq!(w.execute(pallet_restaking::TotalStake::<Runtime>::get), 4 * STAKE);
}

#[test]
fn the_same_slash_uncancelled_takes_a_fifth_of_each_stake() {
	let mut w = World::new();
	report_all(&mut w);
	sessions(&mut w, 7);
	assert_eq!(stakes(&mut w), vec![STAKE / 5 * 4; 4]);
}
