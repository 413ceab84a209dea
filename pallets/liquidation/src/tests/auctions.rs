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
		assert_eq!(health(ALICE), Some(fx("1.333333333333333333")));
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
		// Share f = (1.2 × 57,000 − 50,000) / ((1.2 − 0.6 − 0.1) × 57,000) = 0.645614...
		let auction = Auctions::<Test>::get((ALICE, 0)).expect("an auction");
		assert_eq!(auction.remaining, fx("0.645614035087719298"));
		assert!(!auction.insolvent);
		// Penalty 10% × f × 57,000 = 3,680.0; half to the liquidator, half to insurance.
		assert_close(book(account(LIQUIDATOR)), fx("1840").0);
		assert_close(book(Party::InsuranceFund), fx("1840").0);
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
		assert_noop!(
			Liquidation::bid(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				0,
				0,
				Fixed18::ONE,
				Fixed18::ZERO
			),
			Error::<Test>::InvalidBidder
		);
		run_blocks(2);
		// Two blocks on: 5% + 2/10 × 55% = 16%.
		assert_ok!(Liquidation::bid(
			RuntimeOrigin::signed(BOB),
			ALICE,
			0,
			0,
			Fixed18::ONE,
			fx("0.16")
		));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		// Bob holds 6.456 BTC at 57,000 and was paid 16% × 0.6456 × 57,000 = 5,888.
		assert_eq!(size_of(BOB), fx("6.456140350877192980"));
		assert_close(book(account(BOB)), fx("100000").0 + fx("5888").0);
		// Alice keeps 3.54 BTC and is back above health 1.2.
		assert_eq!(size_of(ALICE), fx("3.543859649122807020"));
		let h = health(ALICE).unwrap();
		assert!(h > fx("1.2"), "health {h:?}");
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
		assert_eq!(Auctions::<Test>::get((ALICE, 0)).unwrap().remaining, Fixed18::ONE);
		// Nobody bids: ten blocks later the vault takes it at the floor (60% of 57).
		let vault_before = book(Party::Vault);
		run_blocks(10);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(VAULT), Fixed18::ZERO, "the vault's short and the lot net out");
		System::assert_has_event(
			Event::TakenByVault {
				who: ALICE,
				sub: 0,
				share: Fixed18::ONE,
				discount: fx("34.2").0 as u128,
			}
			.into(),
		);
		// The vault's short closed 3,000 below its entry (+30) and it earned the discount.
		assert_eq!(book(Party::Vault) - vault_before, fx("30").0 + fx("34.2").0);
		// Alice: 80 − 30 lost − 5.7 penalty (10% of maintenance 57) − 34.2 discount.
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
		// −10%: equity 80,000 − 60,000 = 20,000 ... −15%: equity −10,000.
		set_market("51000", "0.6");
		assert_eq!(health(ALICE), Some(fx("-0.19607843137254902")));
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		let auction = Auctions::<Test>::get((ALICE, 0)).unwrap();
		assert!(auction.insolvent);
		assert_eq!(auction.remaining, Fixed18::ONE);
		// No penalty from a bankrupt account; the insurance fund pays the liquidator's fee
		// (half of 10% × 51,000).
		assert_eq!(book(account(LIQUIDATOR)), fx("2550").0);
		assert_eq!(book(Party::InsuranceFund), fx("2450").0);
		run_blocks(10);
		// The vault took the 10 BTC at the floor: Alice owes 10,000 + 60% × 51,000 = 40,600;
		// the insurance fund pays 2,450, the vault the rest.
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		System::assert_has_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: fx("2450").0 as u128,
				vault: fx("38150").0 as u128,
				bad_debt: 0,
			}
			.into(),
		);
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::InsuranceFund), 0);
		let totals = Liquidation::accounting();
		assert_eq!(totals.insurance_paid, fx("2450").0 as u128);
		assert_eq!(totals.liquidator_fees, fx("2550").0 as u128);
		assert_eq!(totals.bad_debt, 0);
	});
}

#[test]
fn liquidations_beyond_the_block_cap_wait_in_the_queue_for_the_next_blocks() {
	build_and_execute(|| {
		fund_party(Party::Vault, "10000000");
		let mut p = params();
		p.max_liquidations_per_block = 2;
		assert_ok!(Liquidation::set_params(RuntimeOrigin::root(), p));
		let traders = [ALICE, BOB, CAROL, DAVE, 5];
		for who in traders {
			fund(who, "8000");
			buy(who, "1");
		}
		set_market("57000", "0.6");
		for who in traders {
			assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), who, 0));
		}
		assert_eq!(Auctions::<Test>::count(), 2);
		assert_eq!(QueueBounds::<Test>::get(), (0, 3));
		assert_noop!(
			Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), DAVE, 0),
			Error::<Test>::AlreadyLiquidating
		);
		next_block();
		assert_eq!(Auctions::<Test>::count(), 4);
		next_block();
		assert_eq!(Auctions::<Test>::count(), 5);
		assert_eq!(QueueBounds::<Test>::get(), (3, 3));
		// The liquidator who flagged them earns their fees when they start.
		assert!(book(account(LIQUIDATOR)) > 0);
	});
}
