//! Health, partial and whole liquidation, the Dutch auction, the vault at the floor and the
//! waterfall for insolvent accounts.

use super::*;

#[test]
fn only_unhealthy_subaccounts_can_be_liquidated_and_bad_input_is_typed() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		let liquidator = || RuntimeOrigin::signed(LIQUIDATOR);
		assert_noop!(Liquidation::liquidate(liquidator(), ALICE, 0), Error::<Test>::NoPositions);
		// 10 BTC long (notional 600,000): maintenance 10% = 60,000 (standard margin).
		fund(ALICE, "80000");
		buy(ALICE, "10");
		assert_eq!(health(ALICE), Ok(fx("1.333333333333333333")));
		assert_noop!(Liquidation::liquidate(liquidator(), ALICE, 0), Error::<Test>::Healthy);
		set_market("57000", "0.6");
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(ALICE), ALICE, 0),
			Error::<Test>::SelfLiquidation
		);
		set_market("60000", "0.6");
		// A stale oracle: nothing can be valued.
		advance_time(120_000);
		assert_noop!(Liquidation::liquidate(liquidator(), ALICE, 0), Error::<Test>::StalePrice);
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::none(), ALICE, 0),
			DispatchError::BadOrigin
		);
		let mut bad = params();
		bad.floor_discount = fx("0.95");
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::signed(ALICE), params()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidAuctionCurve
		);
		bad = params();
		bad.max_liquidations_per_block = 17;
		assert_noop!(
			Liquidation::set_params(RuntimeOrigin::root(), bad),
			Error::<Test>::InvalidParams
		);
	});
}

#[test]
fn a_partial_liquidation_sells_only_what_restores_health_plus_the_buffer() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		// BTC −3%: equity 80,000 − 18,000 = 62,000; maintenance 58,200: health 1.065.
		set_market("58200", "0.6");
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::Healthy
		);
		// −5%: equity 50,000, maintenance 57,000: health 0.877.
		set_market("57000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		let auction = Auctions::<Test>::get((ALICE, 0)).expect("an auction");
		assert!(!auction.insolvent);
		// Nothing is paid when the auction starts: each sale pays for itself.
		assert_eq!(book(account(LIQUIDATOR)), 0);
		assert_eq!(book(Party::InsuranceFund), 0);
		// A second call changes nothing.
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::AlreadyLiquidating
		);

		// Block 1: the discount is 5% of the lot's maintenance. Bob takes all of the lot.
		fund(BOB, "100000");
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), ALICE, 0, 0, Fixed18::ONE, fx("0.1")),
			Error::<Test>::DiscountBelowLimit
		);
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), ALICE, 0, 0, fx("1.5"), Fixed18::ZERO),
			Error::<Test>::InvalidShare
		);
		// A share so small it moves no contract (0.307… × 1e-18 of the portfolio) is refused:
		// no discount is paid for nothing.
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), ALICE, 0, 0, Fixed18(1), Fixed18::ZERO),
			Error::<Test>::LotTooSmall
		);
		run_blocks(2);
		// Two blocks on: 5% + 2/10 × 55% = 16%. What is for sale is computed now, at 16%:
		// f = (1.2 × 57,000 − 50,000) / ((1.2 − 0.16 − 0.1) × 57,000) = 0.343411720791340052.
		assert_ok!(Liquidation::bid(
			RuntimeOrigin::signed(BOB),
			ALICE,
			0,
			0,
			Fixed18::ONE,
			fx("0.16")
		));
		// Health is back at 1.2: the auction ended.
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		// Bob holds 3.434 BTC at 57,000 and was paid 16% of their maintenance 19,574.47.
		assert_eq!(size_of(BOB), fx("3.43411720791340052"));
		assert_close(book(account(BOB)), fx("100000").0 + fx("3131.914893617021276").0);
		// The penalty, 10% of that maintenance, half to the liquidator, half to the fund.
		assert_close(book(account(LIQUIDATOR)), fx("978.723404255319148").0);
		assert_close(book(Party::InsuranceFund), fx("978.723404255319149").0);
		// Alice keeps 6.566 BTC at health 1.2.
		assert_eq!(size_of(ALICE), fx("6.56588279208659948"));
		let h = health(ALICE).unwrap();
		assert_close(h.0, fx("1.2").0);
	});
}

#[test]
fn after_a_wick_recovers_nothing_more_is_sold() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		set_market("57000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Bob takes a quarter of what is for sale at 5%: f = 18,400 / (1.05 × 57,000) =
		// 0.3074, so 0.7686 BTC; Alice is still at health 0.94.
		fund(BOB, "100000");
		assert_ok!(Liquidation::bid(
			RuntimeOrigin::signed(BOB),
			ALICE,
			0,
			0,
			fx("0.25"),
			Fixed18::ZERO
		));
		assert_eq!(size_of(BOB), fx("0.76858813700918964"));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_some(), "still below maintenance");
		// The wick recovers: BTC back at 60,000 and Alice healthy. Nobody can buy more.
		set_market("60000", "0.6");
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), ALICE, 0, 0, Fixed18::ONE, Fixed18::ZERO),
			Error::<Test>::Healthy
		);
		// At the floor the vault takes nothing: the auction just ends.
		run_blocks(10);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(size_of(ALICE), fx("9.23141186299081036"));
		assert_eq!(size_of(BOB), fx("0.76858813700918964"));
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Liquidation(Event::TakenByVault { .. }))));
		System::assert_has_event(Event::AuctionEnded { who: ALICE, sub: 0 }.into());
	});
}

#[test]
fn a_solvent_account_pays_at_most_its_equity_and_the_insurance_fund_nothing() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund_party(Party::InsuranceFund, "5000");
		// 1 BTC on 8,000. At 52,500: equity 500 against maintenance 5,250 (health 0.095).
		fund(ALICE, "8000");
		buy(ALICE, "1");
		set_market("52500", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Everything is for sale (f = 5,800 / 5,512.5 > 1). Bob buys it at 5%: a discount of
		// 262.5; the penalty would be 525 but only 237.5 of equity is left, so that is all
		// Alice pays: 118.75 to the liquidator, 118.75 to the fund.
		fund(BOB, "100000");
		assert_ok!(Liquidation::bid(
			RuntimeOrigin::signed(BOB),
			ALICE,
			0,
			0,
			Fixed18::ONE,
			Fixed18::ZERO
		));
		System::assert_has_event(
			Event::Bid {
				who: ALICE,
				sub: 0,
				bidder: (BOB, 0),
				share: Fixed18::ONE,
				discount: fx("262.5").0 as u128,
				penalty: fx("118.75").0 as u128,
				liquidator_fee: fx("118.75").0 as u128,
			}
			.into(),
		);
		// Alice ends at exactly zero; the fund gained and paid nothing.
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::InsuranceFund), fx("5118.75").0);
		let totals = Liquidation::accounting();
		assert_eq!((totals.insurance_paid, totals.vault_paid, totals.bad_debt), (0, 0, 0));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
	});
}

#[test]
fn at_the_floor_the_vault_takes_a_solvent_lot_for_no_more_than_its_equity() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund_party(Party::InsuranceFund, "5000");
		// Equity 195 against maintenance 5,250: the floor discount (60% = 3,150) is capped
		// at 195, and nothing is left for a penalty.
		fund(ALICE, "7695");
		buy(ALICE, "1");
		set_market("52500", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		let vault_before = book(Party::Vault);
		run_blocks(10);
		System::assert_has_event(
			Event::TakenByVault {
				who: ALICE,
				sub: 0,
				share: Fixed18::ONE,
				discount: fx("195").0 as u128,
				penalty: 0,
				liquidator_fee: 0,
			}
			.into(),
		);
		// The vault closed its short 7,500 below entry and was paid 195.
		assert_eq!(book(Party::Vault) - vault_before, fx("7500").0 + fx("195").0);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::InsuranceFund), fx("5000").0);
		assert_eq!(Liquidation::accounting().insurance_paid, 0);
	});
}

#[test]
fn no_owner_bids_on_or_liquidates_its_own_subaccounts() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		set_market("57000", "0.6");
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(ALICE), ALICE, 0),
			Error::<Test>::SelfLiquidation
		);
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Alice's subaccount 1, well funded, would collect the discount from subaccount 0.
		credit_sub(ALICE, 1, "1000000");
		assert_noop!(
			Liquidation::bid(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				0,
				1,
				Fixed18::ONE,
				Fixed18::ZERO
			),
			Error::<Test>::SelfLiquidation
		);
		assert_noop!(
			Liquidation::bid(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				0,
				0,
				Fixed18::ONE,
				Fixed18::ZERO
			),
			Error::<Test>::SelfLiquidation
		);
	});
}

#[test]
fn a_bidder_that_cannot_margin_the_lot_is_refused() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		set_market("57000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		fund(BOB, "1000");
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), ALICE, 0, 0, Fixed18::ONE, Fixed18::ZERO),
			Error::<Test>::BidderMarginBreached
		);
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(BOB), CAROL, 0, 0, Fixed18::ONE, Fixed18::ZERO),
			Error::<Test>::NoAuction
		);
	});
}

#[test]
fn small_accounts_are_closed_whole_and_the_vault_takes_the_lot_at_the_floor() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		// 0.01 BTC: maintenance 57 after the fall, below the 100 small-account line.
		fund(ALICE, "80");
		buy(ALICE, "0.01");
		set_market("57000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Nobody bids: ten blocks later the vault takes it at the floor (60% of 57).
		let vault_before = book(Party::Vault);
		run_blocks(10);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(vault_size(), Fixed18::ZERO, "the vault's short and the lot net out");
		System::assert_has_event(
			Event::TakenByVault {
				who: ALICE,
				sub: 0,
				share: Fixed18::ONE,
				discount: fx("34.2").0 as u128,
				penalty: fx("2.85").0 as u128,
				liquidator_fee: fx("2.85").0 as u128,
			}
			.into(),
		);
		// The vault's short closed 3,000 below its entry (+30) and it earned the discount.
		assert_eq!(book(Party::Vault) - vault_before, fx("30").0 + fx("34.2").0);
		// Alice: 80 − 30 lost − 34.2 discount − 5.7 penalty (10% of maintenance 57).
		assert_eq!(book(account(ALICE)), fx("10.1").0);
	});
}

#[test]
fn an_insolvent_account_is_sold_whole_and_its_deficit_runs_down_the_waterfall() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund_party(Party::InsuranceFund, "5000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		// −15%: equity 80,000 − 90,000 = −10,000.
		set_market("51000", "0.6");
		assert_eq!(health(ALICE), Ok(fx("-0.19607843137254902")));
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		assert!(Auctions::<Test>::get((ALICE, 0)).unwrap().insolvent);
		// No penalty from a bankrupt account and no fee from the fund.
		assert_eq!(book(account(LIQUIDATOR)), 0);
		run_blocks(10);
		// The vault took the 10 BTC at the floor: Alice owes 10,000 + 60% × 51,000 = 40,600
		// (she is closed at zero, her bankruptcy value); the fund pays its 5,000, the vault
		// the rest.
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("5000").0 as u128,
				vault: fx("35600").0 as u128,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::InsuranceFund), 0);
		let totals = Liquidation::accounting();
		assert_eq!(totals.insurance_paid, fx("5000").0 as u128);
		assert_eq!((totals.liquidator_fees, totals.bad_debt), (0, 0));
	});
}

#[test]
fn debt_above_the_insurance_budget_is_covered_in_parts_over_blocks() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund_party(Party::InsuranceFund, "5000");
		let mut p = params();
		p.max_insurance_per_block = fx("2000").0 as u128;
		assert_ok!(Liquidation::set_params(RuntimeOrigin::root(), p));
		fund(ALICE, "80000");
		buy(ALICE, "10");
		set_market("51000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// At the floor Alice owes 40,600: 2,000 from the fund in this block, 2,000 in the
		// next, then the fund's last 1,000 and the vault's 35,600.
		System::reset_events();
		run_blocks(10);
		let covered = || {
			System::events()
				.into_iter()
				.filter_map(|r| match r.event {
					RuntimeEvent::Liquidation(Event::DebtCovered { insurance, vault, .. }) => {
						Some((insurance, vault))
					},
					_ => None,
				})
				.collect::<Vec<_>>()
		};
		let e = |s: &str| fx(s).0 as u128;
		assert_eq!(covered(), vec![(e("2000"), 0)]);
		assert!(Auctions::<Test>::get((ALICE, 0)).unwrap().covering);
		// The 38,600 still owed are held back: another shortfall can count only on the
		// fund's 3,000 + the vault's 1,120,600 (its 1,000,000, the 90,000 its short realized
		// taking Alice's long at mark, the 30,600 discount) − 38,600, not on them twice.
		assert_eq!(CoverPending::<Test>::get(), e("38600"));
		assert_eq!(Liquidation::backstops(), Ok(e("1085000")));
		System::reset_events();
		next_block();
		assert_eq!(covered(), vec![(e("2000"), 0)]);
		assert_eq!(CoverPending::<Test>::get(), e("36600"));
		System::reset_events();
		next_block();
		assert_eq!(covered(), vec![(e("1000"), e("35600"))]);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(CoverPending::<Test>::get(), 0);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(Liquidation::accounting().insurance_paid, e("5000"));
	});
}

#[test]
fn stale_prices_never_liquidate_and_a_running_auction_waits_for_fresh_ones() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "80000");
		buy(ALICE, "10");
		set_market("57000", "0.6");
		// Stale collateral is not worth zero: the account waits, with the reason in the view.
		set_collateral_stale(ALICE, 0, true);
		assert_eq!(health(ALICE), Err(Error::<Test>::StaleCollateral.into()));
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0),
			Error::<Test>::StaleCollateral
		);
		set_collateral_stale(ALICE, 0, false);
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// The oracle stops: at the floor nothing is sold; the work waits, saying why.
		freeze_oracle(true);
		advance_time(1_000);
		run_blocks(10);
		assert_eq!(health(ALICE), Err(Error::<Test>::StalePrice.into()));
		System::assert_has_event(
			Event::Deferred { who: ALICE, sub: 0, error: Error::<Test>::StalePrice.into() }.into(),
		);
		assert_eq!(size_of(ALICE), fx("10"));
		run_blocks(3);
		assert_eq!(size_of(ALICE), fx("10"));
		// Fresh again: the vault takes what restores health at the floor (0.6456 of 10).
		freeze_oracle(false);
		next_block();
		assert_eq!(size_of(ALICE), fx("3.54385964912280702"));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
	});
}

#[test]
fn a_shortfall_nobody_can_be_deleveraged_for_goes_to_the_vault_at_mark() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "30000");
		buy(ALICE, "4");
		set_market("51000", "0.6");
		let vault = book(Party::Vault);
		fund_party(Party::Vault, &format!("-{}", Fixed18(vault)));
		// Equity −6,000 and no backstop: at the floor her counterparties are ranked, but only
		// the vault holds the other side. So the vault takes the lot at mark, without a
		// discount: taking it closes the vault's own short, 36,000 in profit, out of which it
		// covers Alice's 6,000. The auction ends.
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(9);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_some());
		next_block();
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		System::assert_has_event(
			Event::TakenByVault {
				who: ALICE,
				sub: 0,
				share: Fixed18::ONE,
				discount: 0,
				penalty: 0,
				liquidator_fee: 0,
			}
			.into(),
		);
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: 0,
				vault: fx("6000").0 as u128,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), 0);
	});
}

#[test]
fn with_max_auctions_running_a_new_liquidation_waits_and_then_starts() {
	build_and_execute(|| {
		fund_party(Party::Vault, "10000000");
		let traders: Vec<AccountId> = (10..15).collect();
		for &who in &traders {
			fund(who, "8000");
			buy(who, "1");
		}
		set_market("57000", "0.6");
		// MaxAuctions is 4 in the mock: the fifth is queued, not refused.
		for &who in &traders {
			assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), who, 0));
		}
		assert_eq!(Auctions::<Test>::count(), 4);
		assert!(Flagged::<Test>::contains_key((14, 0)));
		System::assert_has_event(Event::Queued { who: 14, sub: 0 }.into());
		// Nobody bids. At the floor the queue works 4 items a block: the queued start (still
		// no room: back to the end of the queue) and three lots the vault takes, ending their
		// auctions; the fourth lot and then the fifth start in the next block.
		run_blocks(10);
		assert_eq!(Auctions::<Test>::count(), 1);
		next_block();
		assert_eq!(Auctions::<Test>::count(), 1);
		assert!(Auctions::<Test>::contains_key((14, 0)));
		assert!(!Flagged::<Test>::contains_key((14, 0)));
		run_blocks(10);
		assert_eq!(Auctions::<Test>::count(), 0);
	});
}

#[test]
fn liquidations_beyond_the_block_cap_wait_in_the_queue_for_the_next_blocks() {
	build_and_execute(|| {
		fund_party(Party::Vault, "10000000");
		let mut p = params();
		p.max_liquidations_per_block = 2;
		assert_ok!(Liquidation::set_params(RuntimeOrigin::root(), p));
		let traders = [ALICE, BOB, CAROL, DAVE];
		for who in traders {
			fund(who, "8000");
			buy(who, "1");
		}
		set_market("57000", "0.6");
		for who in traders {
			assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), who, 0));
		}
		assert_eq!(Auctions::<Test>::count(), 2);
		assert_eq!(QueueBounds::<Test>::get(), (0, 2));
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), DAVE, 0),
			Error::<Test>::AlreadyLiquidating
		);
		next_block();
		assert_eq!(Auctions::<Test>::count(), 4);
		assert_eq!(QueueBounds::<Test>::get(), (2, 2));
		// The liquidator who flagged them is theirs: it earns the fee of each sale.
		assert!(Auctions::<Test>::iter_values().all(|a| a.liquidator == LIQUIDATOR));
	});
}
