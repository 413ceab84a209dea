//! Terra, May 2022: UST lost its peg, LUNA — minted without limit to defend it — fell 99.99%
//! in a week, and every venue that took LUNA or UST as collateral at face value was left with
//! loans backed by nothing.
//!
//! On Ballast a collateral asset counts at its market price less a haircut, and no asset may
//! be more than its concentration cap of the pool (40% for WETH): Alice's stash cannot bring 60
//! WETH more on top of what the pool already holds. She holds 130 WETH and 50,000 USDC and is
//! long 20 BTC; then WETH collapses 99.9% in two blocks while BTC falls 15%. Her account is
//! bankrupt; the keeper liquidates it, the vault takes the BTC at the floor, and the debt her
//! WETH no longer backs is covered by the insurance fund. As WETH falls on, her WETH is sold
//! to whoever buys it at the oracle less 5% (`collect_debt`), and the waterfall covers what
//! the sale does not raise: nothing is covered while she keeps the WETH. Nobody else pays,
//! and nothing is left as bad debt.

use crate::common::*;
use ballast_primitives::traits::CollateralLedger;
use frame_support::traits::fungible::NativeOrWithId;

#[test]
fn a_collapsing_collateral_costs_the_insurance_fund_not_the_other_users() {
	let mut w = World::new();
	let weth = || NativeOrWithId::WithId(2u32);
	run(
		&mut w,
		&[
			collateral(
				ONE,
				pallet_shared_collateral::Call::deposit {
					sub: 1,
					asset: weth(),
					amount: 120 * E18,
				},
			),
			collateral(
				ONE,
				pallet_shared_collateral::Call::withdraw {
					sub: 1,
					asset: NativeOrWithId::WithId(1),
					amount: 200_000 * 1_000_000,
				},
			),
			trade(ONE, BTC_PERP, 20, 70_000),
			next(),
		],
	);
	let (one, sub) = sub1(ONE);
	w.execute(|| {
		assert_eq!(
			pallet_shared_collateral::Deposits::<Runtime>::get((&one, sub), weth()),
			130 * E18
		);
		assert_eq!(position(ONE, BTC_PERP), 20 * E18 as i128);
		// The pool holds 160 WETH (480,000) of 1,280,000: a third of it is the most more.
		let more = pallet_shared_collateral::Pallet::<Runtime>::deposit(
			ballast_runtime::RuntimeOrigin::signed(one.clone()),
			sub,
			weth(),
			60 * E18,
		);
		assert_eq!(
			more,
			Err(pallet_shared_collateral::Error::<Runtime>::ConcentrationCapExceeded.into())
		);
		// 50,000 + 130 × 3,000 × 90% − the 360 fee − 1,200.24 of spread.
		assert_eq!(equity(ONE), Some(399_439_760 * E15 as i128));
	});
	// WETH falls 90% twice while BTC falls 15%; the keeper watches.
	let mut crash = vec![market(ETH, -900), market(BTC, -150), next(), Step::Keeper];
	crash.extend([market(ETH, -900), next(), Step::Keeper]);
	crash.extend((0..20).flat_map(|_| [next(), Step::Keeper]));
	run(&mut w, &crash);
	let debt = || {
		<pallet_shared_collateral::Pallet<Runtime> as CollateralLedger<AccountId32>>::debt(
			&one, sub,
		)
	};
	let accounting = pallet_liquidation::Accounting::<Runtime>::get;
	w.execute(|| {
		assert_eq!(published(ETH), 30 * E18);
		assert_eq!(position(ONE, BTC_PERP), 0, "the vault took her 20 BTC at the floor");
		// Her shortfall at 51,000 and WETH at 30: 50,000 − 360 − 20 × 9,060.012 + 3,510 =
		// −128,050.24; with the vault's floor discount (60% of the lot's 102,000 maintenance)
		// the fund paid 189,250.24.
		let totals = accounting();
		assert_eq!(totals.insurance_paid, 189_250_240 * E15);
		assert_eq!((totals.vault_paid, totals.socialized, totals.bad_debt), (0, 0, 0));
		// What her WETH still backs (130 × 30 × 90%) stays owed, and backed.
		assert_eq!(debt(), 3_510 * E18);
		assert_eq!(equity(ONE), Some(0));
	});
	// WETH falls another 90%: 3,159 of the debt is no longer backed. Nothing is covered while
	// she keeps the WETH; anyone may buy it at the oracle less 5% — Ferdie does — and the
	// waterfall covers what the sale does not raise.
	run(&mut w, &[market(ETH, -900), next(), next()]);
	let (ferdie, _) = sub1(FERDIE);
	w.execute(|| {
		assert_eq!(equity(ONE), Some(-3_159 * E18 as i128), "351 of WETH against 3,510 owed");
		let paid_before = accounting().insurance_paid;
		frame_support::assert_ok!(pallet_liquidation::Pallet::<Runtime>::collect_debt(
			ballast_runtime::RuntimeOrigin::signed(ferdie.clone()),
			one.clone(),
			sub,
			1,
		));
		// All 130 WETH sold at 3 × 95% for 370.5; the 3,139.5 still owed is the fund's.
		let held = |who: &AccountId32| {
			pallet_shared_collateral::Deposits::<Runtime>::get((who, 1u16), weth())
		};
		assert_eq!((held(&one), held(&ferdie)), (0, 140 * E18));
		assert_eq!(debt(), 0);
		let totals = accounting();
		assert_eq!(totals.insurance_paid - paid_before, 3_139_500 * E15);
		assert_eq!(totals.bad_debt, 0);
	});
}
