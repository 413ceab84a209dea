//! Debt collection: an account with no positions whose collateral, after haircuts, no longer
//! covers its debt has that collateral sold at the oracle price less a governed discount; what
//! no collateral repays goes to the loss waterfall.

use super::*;

/// Alice holds `weth` WETH (2,000 each, counted at 80%) and owes 1,500, with no positions; Bob
/// holds 5,000.
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
fn debt_the_haircut_collateral_covers_is_left_alone_and_collected_once_it_does_not() {
	build_and_execute(|| {
		alice_owes_1500("1");
		// 1 WETH at 2,000 counts 1,600 after its 20% haircut: the 1,500 owed is covered, a
		// healthy account. Nobody buys its WETH at a discount.
		assert_noop!(collect(BOB, 0), Error::<Test>::DebtBacked);
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::NoPositions
		);
		// WETH falls to 1,800: 1,440 no longer covers 1,500.
		set_weth_price("1800");
		// Not an auction: its collateral is sold instead (nothing is covered while she keeps
		// collateral the waterfall would be paying for), and the keeper leaves it to buyers.
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::DebtCollectable
		);
		assert!(Liquidation::scan_debtors(None, 10).due.is_empty());
		assert_ok!(collect(BOB, 0));
		// Debt 1,500 + 2% penalty = 1,530 wanted at 1,800 × 0.95 = 1,710 per WETH:
		// 1,530 / 1,710 = 0.894736842105263157 WETH (rounded down), costing
		// 1,529.999999999999998470, rounded up to 1,530. The 1,530 repay the debt, then the
		// 30 go to the insurance fund.
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
		assert_eq!(weth(ALICE, 0), fx("0.105263157894736843").0);
		assert_eq!(weth(BOB, 0), fx("0.894736842105263157").0);
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
fn dust_collateral_sells_for_a_whole_unit_and_the_rest_goes_down_the_waterfall() {
	build_and_execute(|| {
		// 1e-16 WETH (worth 1.9e-13 at the discount, less than a unit of 6-decimal quote)
		// against 700 of debt.
		deposit_weth(ALICE, 0, "0.0000000000000001");
		fund(ALICE, "-700");
		fund_party(Party::Vault, "700");
		fund_party(Party::InsuranceFund, "1000");
		fund(BOB, "5000");
		// Selling all of it rounds in the seller's favour: the buyer pays a whole unit, and
		// nothing is left behind that no sale could raise anything for.
		assert_ok!(collect(BOB, 0));
		System::assert_has_event(
			Event::DebtCollected {
				who: ALICE,
				sub: 0,
				buyer: (BOB, 0),
				raised: fx("0.000001").0 as u128,
				penalty: 0,
			}
			.into(),
		);
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("699.999999").0 as u128,
				vault: 0,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(weth(ALICE, 0), 0);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(account(BOB)), fx("4999.999999").0);
		assert!(Auctions::<Test>::iter().next().is_none());
		assert_noop!(collect(BOB, 0), Error::<Test>::NoDebt);
	});
}

/// A debt nothing backs any more (its collateral sold, or worth nothing) must not wait for
/// anyone: the keeper finds it among the debtors and has it covered, once.
#[test]
fn debt_nothing_backs_is_covered_by_the_keeper_once_and_then_left_alone() {
	build_and_execute(|| {
		// Alice owes 1,500 and holds nothing; the fund holds 1,000, the vault nothing.
		fund(ALICE, "-1500");
		fund_party(Party::InsuranceFund, "1000");
		let scan = Liquidation::scan_debtors(None, 10);
		assert_eq!((scan.scanned, scan.due.len()), (1, 1));
		assert_eq!(scan.due[0].0, (ALICE, 0));
		// Her own account cannot start it (it earns nothing, but the owner never liquidates
		// itself), another subaccount of hers neither.
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(ALICE), ALICE, 0),
			Error::<Test>::SelfLiquidation
		);
		let liquidate = || Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0);
		assert_ok!(liquidate());
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("1000").0 as u128,
				vault: 0,
				bad_debt: fx("500").0 as u128,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), -fx("500").0, "still owed, by her");
		assert!(Auctions::<Test>::iter().next().is_none());
		// The 500 nobody paid is on the books: liquidating again would change nothing (nor
		// count it twice), and the keeper's allowance goes to accounts it can help.
		assert_noop!(liquidate(), Error::<Test>::NothingToCover);
		let scan = Liquidation::scan_debtors(None, 10);
		assert_eq!((scan.scanned, scan.due.len(), scan.unvalued.len()), (1, 0, 0));
		assert_eq!(Liquidation::accounting().bad_debt, fx("500").0 as u128);
	});
}

#[test]
fn a_debtor_that_cannot_be_valued_is_neither_covered_nor_counted_as_due() {
	build_and_execute(|| {
		// Alice owes 1,500 against WETH whose price is stale: not valued at zero, so nothing
		// is covered on a guess; the keeper reports her as not valued.
		alice_owes_1500("0.1");
		fund_party(Party::InsuranceFund, "10000");
		set_collateral_stale(ALICE, 0, true);
		let scan = Liquidation::scan_debtors(None, 10);
		assert_eq!((scan.due.len(), scan.unvalued.len()), (0, 1));
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::StaleCollateral
		);
		assert_eq!(book(Party::InsuranceFund), fx("10000").0);
	});
}

#[test]
fn the_keepers_debtor_scan_resumes_page_by_page_and_leaves_holders_to_the_holder_scan() {
	build_and_execute(|| {
		fund_party(Party::Vault, "100000");
		fund_party(Party::InsuranceFund, "10000");
		// Three debtors without positions or collateral, and Dave, owing too but holding a
		// position (the holder scan values him).
		for who in [ALICE, BOB, CAROL] {
			fund(who, "-900");
		}
		fund(DAVE, "10000");
		buy(DAVE, "1");
		fund(DAVE, "-20000");
		let first = Liquidation::scan_debtors(None, 2);
		let next = first.next.clone().expect("a page of two of four debtors has a next page");
		let second = Liquidation::scan_debtors(Some(next), 2);
		let last = Liquidation::scan_debtors(second.next.clone(), 2);
		assert!(last.next.is_none() && last.due.is_empty());
		let mut found: Vec<_> = first.due.iter().chain(&second.due).map(|(w, _)| *w).collect();
		found.sort();
		assert_eq!(found, vec![(ALICE, 0), (BOB, 0), (CAROL, 0)]);
		assert_eq!(first.scanned + second.scanned, 3, "Dave is left to the holder scan");
	});
}

#[test]
fn debt_left_after_a_sale_waits_in_the_queue_while_max_auctions_run() {
	build_and_execute(|| {
		fund_party(Party::Vault, "10000000");
		let traders: Vec<AccountId> = (10..14).collect();
		for &who in &traders {
			fund(who, "8000");
			buy(who, "1");
		}
		set_market("57000", "0.6");
		for &who in &traders {
			assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), who, 0));
		}
		assert_eq!(Auctions::<Test>::count(), 4);
		alice_owes_1500("0.5");
		fund_party(Party::InsuranceFund, "10000");
		// The sale goes through; the 550 it leaves waits for an auction slot.
		assert_ok!(collect(BOB, 0));
		System::assert_has_event(Event::Queued { who: ALICE, sub: 0 }.into());
		assert_eq!(book(account(ALICE)), -fx("550").0);
		run_blocks(12);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(Auctions::<Test>::count(), 0);
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
		set_weth_price("1800");
		fund_party(Party::Vault, "1000000");
		// Alice buying her own collateral at a discount, from another subaccount.
		credit_sub(ALICE, 1, "5000");
		assert_noop!(collect(ALICE, 1), Error::<Test>::SelfLiquidation);
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
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidParams
		);
		bad = params();
		bad.collateral_discount = Fixed18(i128::MIN);
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidParams
		);
		bad = params();
		bad.debt_penalty = fx("1.000000000000000001");
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidParams
		);
	});
}
