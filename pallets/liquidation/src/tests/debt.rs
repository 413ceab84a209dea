//! Debt collection: an account with debt and no positions has its collateral sold at the oracle
//! price less a governed discount; what no collateral repays goes to the loss waterfall.

use super::*;

/// Alice holds `weth` WETH (2,000 each) and owes 1,500, with no positions; Bob holds 5,000.
fn alice_owes_1500(weth: &str) {
	deposit_weth(ALICE, 0, weth);
	fund(ALICE, "-1500");
	fund_party(Party::Vault, "1500");
	fund(BOB, "5000");
}

fn collect(buyer: AccountId, buyer_sub: u16) -> DispatchResult {
	Liquidation::collect_debt(RuntimeOrigin::signed(buyer), ALICE, 0, buyer_sub)
}

use frame_support::dispatch::DispatchResult;

#[test]
fn debt_backed_by_collateral_is_sold_at_the_discount_with_a_penalty_to_the_fund() {
	build_and_execute(|| {
		alice_owes_1500("1");
		// Not an auction: its collateral is sold instead.
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::DebtCollectable
		);
		assert_ok!(collect(BOB, 0));
		// Debt 1,500 + 2% penalty = 1,530 wanted at 2,000 × 0.95 = 1,900 per WETH:
		// 1,530 / 1,900 = 0.805263157894736842 WETH. The 1,530 repay the debt, then the 30
		// go to the insurance fund.
		System::assert_has_event(
			Event::DebtCollected {
				who: ALICE,
				sub: 0,
				buyer: (BOB, 0),
				raised: fx("1530").0 as u128,
				penalty: fx("30").0 as u128,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(weth(ALICE, 0), fx("0.194736842105263158").0);
		assert_eq!(weth(BOB, 0), fx("0.805263157894736842").0);
		// The WETH only changed hands.
		assert_eq!(weth_total(), fx("1").0);
		assert_eq!(book(account(BOB)), fx("3470").0);
		assert_eq!(book(Party::InsuranceFund), fx("30").0);
		assert_eq!(Accounting::<Test>::get().penalties, fx("30").0 as u128);
		// Nothing owed any more: nothing to collect.
		assert_noop!(collect(BOB, 0), Error::<Test>::NoDebt);
		assert!(Auctions::<Test>::iter().next().is_none());
	});
}

#[test]
fn debt_beyond_the_collateral_is_sold_down_then_covered_by_the_waterfall() {
	build_and_execute(|| {
		alice_owes_1500("0.5");
		fund_party(Party::InsuranceFund, "10000");
		// 0.5 WETH at 1,900 raise 950 of the 1,530 wanted: no penalty (the sale did not even
		// repay the debt); the 550 still owed, with nothing left to sell, is the fund's.
		assert_ok!(collect(BOB, 0));
		System::assert_has_event(
			Event::DebtCollected {
				who: ALICE,
				sub: 0,
				buyer: (BOB, 0),
				raised: fx("950").0 as u128,
				penalty: 0,
			}
			.into(),
		);
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("550").0 as u128,
				vault: 0,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(weth(ALICE, 0), 0);
		assert_eq!(weth(BOB, 0), fx("0.5").0);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(account(BOB)), fx("4050").0);
		assert_eq!(book(Party::InsuranceFund), fx("9450").0);
		assert!(Auctions::<Test>::iter().next().is_none());
	});
}

#[test]
fn debt_with_nothing_left_to_sell_is_liquidated_into_the_waterfall() {
	build_and_execute(|| {
		fund(ALICE, "-700");
		fund_party(Party::Vault, "700");
		fund_party(Party::InsuranceFund, "500");
		assert_noop!(collect(BOB, 0), Error::<Test>::NoCollateral);
		// The fund pays 500, the vault the other 200.
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("500").0 as u128,
				vault: fx("200").0 as u128,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::Vault), fx("500").0);
		assert!(Auctions::<Test>::iter().next().is_none());
	});
}

#[test]
fn every_attack_on_debt_collection_is_a_typed_error_and_changes_nothing() {
	build_and_execute(|| {
		alice_owes_1500("1");
		fund_party(Party::Vault, "1000000");
		// Alice buying her own collateral at a discount, from another subaccount.
		credit_sub(ALICE, 1, "5000");
		assert_noop!(collect(ALICE, 1), Error::<Test>::SelfLiquidation);
		// The vault's subaccount never buys.
		assert_noop!(collect(VAULT, 0), Error::<Test>::InvalidBidder);
		// A buyer without quote never buys into debt.
		assert_noop!(collect(CAROL, 0), DispatchError::Other("the buyer holds too little quote"));
		// A stale collateral price: the debt waits, nothing is sold.
		set_collateral_stale(ALICE, 0, true);
		assert_noop!(collect(BOB, 0), Error::<Test>::StaleCollateral);
		set_collateral_stale(ALICE, 0, false);
		// An account with positions is liquidated, not collected; one without debt is left
		// alone.
		fund(DAVE, "10000");
		buy(DAVE, "1");
		assert_noop!(
			Liquidation::collect_debt(RuntimeOrigin::signed(BOB), DAVE, 0, 0),
			Error::<Test>::PositionsOpen
		);
		deposit_weth(CAROL, 0, "1");
		assert_noop!(
			Liquidation::collect_debt(RuntimeOrigin::signed(BOB), CAROL, 0, 0),
			Error::<Test>::NoDebt
		);
		assert_noop!(
			Liquidation::collect_debt(RuntimeOrigin::none(), ALICE, 0, 0),
			DispatchError::BadOrigin
		);
		// The governed discount and penalty are bounded.
		let mut bad = params();
		bad.collateral_discount = Fixed18::ONE;
		assert_noop!(Liquidation::set_params(RuntimeOrigin::root(), bad), Error::<Test>::InvalidParams);
		bad = params();
		bad.collateral_discount = Fixed18(i128::MIN);
		assert_noop!(Liquidation::set_params(RuntimeOrigin::root(), bad), Error::<Test>::InvalidParams);
		bad = params();
		bad.debt_penalty = fx("1.000000000000000001");
		assert_noop!(Liquidation::set_params(RuntimeOrigin::root(), bad), Error::<Test>::InvalidParams);
	});
}
