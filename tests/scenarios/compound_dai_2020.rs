//! Compound, 26 November 2020: Coinbase Pro's DAI price spiked to $1.30 for an hour, Compound's
//! oracle took that one source, and ~$89M of borrowers were liquidated at a price the wider
//! market never traded.
//!
//! On Ballast one validator of four printing BTC 30% low moves nothing: the published price is
//! the median of the fresh values (60,000), nobody is liquidated, and the liar, judged against
//! the others' median, collects a strike each oracle window until its third makes an oracle
//! deviation offence: a 10% slash of its stake, pending for the council to review.

use crate::common::*;

#[test]
fn one_source_spiking_liquidates_nobody_and_its_operator_is_slashed() {
	let mut w = World::new();
	// Eve is long 30 BTC: at 42,000 she would owe 540,000 on 260,000 of collateral.
	run(&mut w, &[trade(EVE, BTC_PERP, 30, 70_000), next()]);
	let equity_before = w.execute(|| equity(EVE)).unwrap();
	let dave = w.execute(|| {
		pallet_restaking::SessionMembers::<Runtime>::get()
			.iter()
			.position(|a| a == id(3))
			.expect("Dave validates") as u8
	});
	run(&mut w, &[Step::Lie { operator: dave, permille: -300 }]);
	// An hour of ten-minute windows; the honest three keep printing 60,000.
	for _ in 0..6 {
		run(&mut w, &[after(100, u8::MAX)]);
		w.execute(|| {
			assert_eq!(published(BTC), 60_000 * E18, "the median ignores one source");
			assert_eq!(auctions_started(), 0);
		});
	}
	let (equity_after, slashes) = w.execute(|| {
		let slashes: Vec<_> = pallet_restaking::PendingSlashes::<Runtime>::iter_values()
			.map(|s| (s.operator, s.kind, s.fraction))
			.collect();
		(equity(EVE).unwrap(), slashes)
	});
	// Eve's equity moved only by funding, never by the lie.
	assert!((equity_after - equity_before).abs() < 1_000 * E18 as i128, "{equity_after}");
	assert_eq!(
		slashes,
		vec![(
			id(3).clone(),
			pallet_restaking::SlashKind::OracleDeviation,
			sp_runtime::Perbill::from_percent(10)
		)]
	);
	assert!(w.execute(|| pallet_liquidation::Auctions::<Runtime>::count()) == 0);
}
