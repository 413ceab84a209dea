//! MakerDAO, 12 March 2020 ("Black Thursday"): ETH fell ~50% in a day, gas prices spiked, the
//! keepers' bids did not land, and collateral auctions were won with bids of zero DAI: owners
//! lost all their collateral and the protocol was left with $5M of bad debt.
//!
//! On Ballast an auction is a Dutch auction whose discount grows from 5% to a floor of 60% of
//! the lot's maintenance margin over 10 blocks; with no bidder at all, the LP vault takes the
//! lot at the floor, and only as much as restores the account's health. BTC falls 7% (to
//! 55,800) and Eve's 30 BTC long — 148,659 of equity against 167,400 of maintenance — is
//! auctioned with nobody bidding: the vault takes 18.7 BTC for a discount of 62,665 (under the
//! 100,440 floor) and a 10,444 penalty; Eve keeps 11.3 BTC and 75,551 of equity, and neither
//! the insurance fund nor anyone else pays for it.

use crate::common::*;

#[test]
fn with_no_bidder_the_vault_takes_the_lot_at_the_floor_not_at_zero() {
	let mut w = World::new();
	run(&mut w, &[trade(EVE, BTC_PERP, 30, 70_000), next()]);
	// BTC falls 7% every ten minutes (below the breaker's 20%), the keeper watching, nobody
	// bidding, until the vault has taken all of Eve's position.
	let (mut start, mut discount, mut taken) = (None, 0u128, 0);
	for i in 0..60 {
		// The market stops falling once Eve is below maintenance (for good).
		let below = w.execute(|| {
			let (a, s) = sub1(EVE);
			<PortfolioMargin as MarginEngine<AccountId32>>::risk(&a, s)
				.map_or(true, |r| r.is_liquidatable())
		});
		let falling = start.is_none() && !below && i % 2 == 0;
		let steps = if falling { vec![market(BTC, -70), Step::Keeper] } else { vec![Step::Keeper] };
		w.block(if falling { 100 } else { 1 }, u8::MAX, &steps).unwrap();
		w.execute(|| {
			let (a, s) = sub1(EVE);
			if start.is_none()
				&& pallet_liquidation::Auctions::<Runtime>::contains_key((a.clone(), s))
			{
				let r = <PortfolioMargin as MarginEngine<AccountId32>>::risk(&a, s).unwrap();
				start = Some((r.equity(), r.maintenance));
			}
			for e in events() {
				if let RuntimeEvent::Liquidation(pallet_liquidation::Event::TakenByVault {
					discount: d,
					..
				}) = e
				{
					discount += d;
					taken += 1;
				}
			}
		});
		let over = w.execute(|| !pallet_liquidation::Auctions::<Runtime>::contains_key(sub1(EVE)));
		if start.is_some() && over {
			break;
		}
	}
	let (equity_at_start, maintenance) = start.expect("Eve is liquidated");
	assert!(equity_at_start > 0, "solvent when liquidated: {equity_at_start}");
	assert!(taken >= 1, "the vault took lots");
	let (left, remaining, healthy) = w.execute(|| {
		let (a, s) = sub1(EVE);
		let r = <PortfolioMargin as MarginEngine<AccountId32>>::risk(&a, s).unwrap();
		(r.equity(), position(EVE, BTC_PERP), !r.is_liquidatable())
	});
	let totals = w.execute(pallet_liquidation::Accounting::<Runtime>::get);
	assert_eq!((equity_at_start, maintenance), (148_659_460 * E15 as i128, 167_400 * E18));
	assert_eq!((taken, discount), (1, 62_664_648 * E15));
	assert_eq!(totals.penalties + totals.liquidator_fees, 10_444_108 * E15);
	assert_eq!(remaining / 10_000_000_000_000_000, 1_128, "11.28 BTC kept");
	assert_eq!(left / E15 as i128, 75_550_703);
	assert!(discount <= maintenance * 6 / 10, "discount {discount} beyond 60% of {maintenance}");
	assert!(healthy && remaining > 0, "only what restores health is sold: {remaining} left");
	assert!(left > equity_at_start - maintenance as i128 * 6 / 10, "Eve keeps {left}");
	assert_eq!((totals.insurance_paid, totals.bad_debt), (0, 0));
}
