//! Venus, 10 May 2022: Chainlink's LUNA/USD feed had a built-in minimum price of $0.107, and
//! when LUNA traded at a cent the feed went on reporting $0.107. Attackers bought LUNA on the
//! market, deposited it on Venus at the feed's price and borrowed against it; Venus was left
//! with about $14M of bad debt. Other venues froze their last price instead, with the same
//! result.
//!
//! On Ballast the published price is the median of what the validators see, with no floor, no
//! cap and no per-block limit: ETH falls 99.9% in one block and the published price is 3, not
//! 3,000. Bob deposits 999 WETH (bought for 2,997 at the market): they are worth 2,697.3 of
//! collateral (3 each less the 10% haircut), not the 2,697,300 the old price would give, and a 1-BTC
//! perpetual (7,500 of initial margin) is refused. When the validators stop feeding, the last
//! price is not used once it is five minutes old: a WETH deposit is refused (`StalePrice`) and
//! Bob's account cannot be valued at all, so nothing is margined on it.

use crate::common::*;
use ballast_runtime::RuntimeOrigin;
use frame_support::traits::fungible::NativeOrWithId;

type Collateral = pallet_shared_collateral::Pallet<Runtime>;

#[test]
fn collateral_is_valued_at_the_market_never_at_a_floor_or_a_stale_price() {
	let mut w = World::new();
	// ETH collapses 99.9% in one block, every validator printing it.
	run(&mut w, &[next(), market(ETH, -999), next()]);
	let bob = id(usize::from(BOB)).clone();
	let signed = || RuntimeOrigin::signed(bob.clone());
	let weth = || NativeOrWithId::WithId(2u32);
	w.execute(|| {
		assert_eq!(published(ETH), 3 * E18, "the market's price, unclamped");
		frame_support::assert_ok!(Collateral::open_subaccount(signed(), 1));
		frame_support::assert_ok!(Collateral::deposit(signed(), 1, weth(), 999 * E18));
		assert_eq!(equity(BOB), Some(2_697_300 * E15 as i128), "999 × 3 × 90%");
		let one_btc = pallet_portfolio_margin::Pallet::<Runtime>::trade_with_vault(
			signed(),
			1,
			BTC_PERP,
			Fixed18(E18 as i128),
			Fixed18(70_000 * E18 as i128),
		);
		assert_eq!(
			one_btc,
			Err(pallet_portfolio_margin::Error::<Runtime>::InitialMarginBreached.into())
		);
		assert_eq!(position(BOB, BTC_PERP), 0);
	});
	// Eleven minutes without a feed: every validator's last value has expired, and the
	// published ETH price is eleven minutes old.
	run(&mut w, &[after(110, 0)]);
	w.execute(|| {
		let refused = Collateral::deposit(signed(), 1, weth(), E18 / 2);
		assert_eq!(refused, Err(pallet_shared_collateral::Error::<Runtime>::StalePrice.into()));
		assert_eq!(equity(BOB), None, "not valued on an eleven-minute-old price");
		let held = pallet_shared_collateral::Deposits::<Runtime>::get((&bob, 1u16), weth());
		assert_eq!(held, 999 * E18, "the refused deposit changed nothing");
	});
}
