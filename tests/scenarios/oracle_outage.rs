//! A four-hour oracle outage (as when a venue's price service stops and its last price goes on
//! being used): while no validator feeds, the market falls 25%.
//!
//! On Ballast the last published price ages out after five minutes and nothing is valued at
//! it: no new position opens (`StalePrice`) and nobody is liquidated at a price that is no
//! longer the market's. When the feeds return at 45,000, Eve's 30 BTC long is liquidated at
//! the market's price — the first block that has one.

use crate::common::*;

#[test]
fn nothing_trades_or_liquidates_on_a_stale_price_and_the_return_liquidates_at_the_market() {
	let mut w = World::new();
	run(&mut w, &[trade(EVE, BTC_PERP, 30, 70_000), next()]);
	// Four hours: 24 blocks ten minutes apart, no validator feeding; the market falls 25%.
	let mut outage = vec![market(BTC, -250)];
	outage.extend((0..24).map(|_| after(100, 0)));
	outage.push(trade(FERDIE, BTC_PERP, 1, 70_000));
	run(&mut w, &outage);
	let (stale_trade, auctions, eve) = w.execute(|| {
		let refused = events().iter().all(|e| {
			!matches!(
				e,
				RuntimeEvent::PortfolioMargin(pallet_portfolio_margin::Event::Traded { .. })
			)
		});
		(refused, pallet_liquidation::Auctions::<Runtime>::count(), equity(EVE))
	});
	assert!(stale_trade, "no trade at a stale price");
	assert_eq!(auctions, 0, "nobody liquidated during the outage");
	assert_eq!(eve, None, "Eve's account cannot be valued on a four-hour-old price");
	assert_eq!(w.execute(|| position(FERDIE, BTC_PERP)), 0);
	// The feeds return: 45,000; the keeper liquidates Eve at that price.
	run(&mut w, &[next(), Step::Keeper, next(), next()]);
	let (price, in_auction) = w.execute(|| {
		(published(BTC), pallet_liquidation::Auctions::<Runtime>::contains_key(sub1(EVE)))
	});
	assert_eq!(price, 45_000 * E18);
	let started = w.stats().auctions;
	assert!(in_auction || started > 0, "Eve is liquidated once the market's price is known");
}
