//! Mango Markets, 11 October 2022: an attacker pumped MNGO's oracle price about tenfold in
//! minutes on thin spot markets, borrowed $116M against the unrealized profit of his MNGO
//! perpetual, and the price fell back: the venue kept the loss.
//!
//! On Ballast a minority of feeders cannot move the price (see `compound_dai_2020`). Here the
//! market itself doubles in one block (every validator prints it) and falls back. Eve, long
//! 20 BTC, sees 1,200,000 of unrealized profit. None of it can be withdrawn: only collateral
//! she holds leaves the pool, so she can take out her 249,640 USDC (250,000 less the 360 taker
//! fee) and a unit more is `InsufficientCollateral`; the profit backs margin only, and at half
//! its value (the presets' haircut). The price falls back to 60,000: the pool pays nobody's
//! loss — no insurance, no socialization, no bad debt.

use crate::common::*;
use ballast_runtime::RuntimeOrigin;
use frame_support::traits::fungible::NativeOrWithId;

#[test]
fn a_pump_that_falls_back_leaves_no_bad_debt() {
	let mut w = World::new();
	run(&mut w, &[trade(EVE, BTC_PERP, 20, 70_000), next(), market(BTC, 1_000), next(), next()]);
	let withdrawn = w.execute(|| {
		assert_eq!(published(BTC), 120_000 * E18);
		let (eve, sub) = sub1(EVE);
		let risk = <PortfolioMargin as MarginEngine<AccountId32>>::risk(&eve, sub).unwrap();
		assert_eq!(risk.profit_haircut, Fixed18(E18 as i128 / 2));
		let profit = risk.unrealized_pnl;
		assert!(profit > 1_150_000 * E18 as i128, "profit {profit}");
		let withdraw = |units: u128| {
			pallet_shared_collateral::Pallet::<Runtime>::withdraw(
				RuntimeOrigin::signed(eve.clone()),
				sub,
				NativeOrWithId::WithId(1),
				units,
			)
		};
		// Unrealized profit is never withdrawn: only the USDC she holds.
		let short = pallet_shared_collateral::Error::<Runtime>::InsufficientCollateral;
		assert_eq!(withdraw(250_001 * 1_000_000), Err(short.into()));
		// The most she may withdraw, found by trying (each try rolled back).
		let fits = |units: u128| {
			ballast_integration_tests::fuzz::world::dry_run(|| withdraw(units).is_ok())
		};
		let (mut ok, mut too_much) = (0u128, 250_000 * 1_000_000 + 1);
		while too_much - ok > 1 {
			let mid = (ok + too_much) / 2;
			if fits(mid) {
				ok = mid;
			} else {
				too_much = mid;
			}
		}
		let room = ok;
		assert_eq!(room, 249_640 * 1_000_000, "her USDC after the taker fee, not the profit");
		frame_support::assert_ok!(withdraw(room));
		room
	});
	assert!(withdrawn > 0);
	// The pump falls back; the keeper and the backstops do the rest.
	let mut fall = vec![market(BTC, -500)];
	fall.extend((0..30).flat_map(|_| [Step::Keeper, next()]));
	run(&mut w, &fall);
	let totals = w.execute(pallet_liquidation::Accounting::<Runtime>::get);
	assert_eq!((totals.insurance_paid, totals.socialized, totals.bad_debt), (0, 0, 0));
}
