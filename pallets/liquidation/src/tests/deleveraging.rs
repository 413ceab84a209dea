//! Auto-deleveraging: when the insurance fund and the vault cannot absorb a bankrupt lot,
//! counterparties are closed against it, unhedged ones first.

use super::*;
use ballast_primitives::margin::InstrumentKind;
use pallet_portfolio_margin::Instruments;

/// Alice long 4 BTC perpetuals with 30,000; Bob short 5 (unhedged); Carol short 5 hedged by
/// 5 long BTC futures; the insurance fund and the vault empty; BTC falls 15%.
fn bankrupt_alice() -> u32 {
	fund_party(Party::Vault, "1000000");
	let future = pallet_portfolio_margin::NextInstrumentId::<Test>::get();
	assert_ok!(Margin::list_instrument(
		RuntimeOrigin::root(),
		BTC,
		InstrumentKind::Future { expiry: START + 30 * DAY }
	));
	assert!(Instruments::<Test>::contains_key(future));
	fund(ALICE, "30000");
	buy(ALICE, "4");
	for who in [BOB, CAROL] {
		fund(who, "100000");
		buy(who, "-5");
	}
	assert_ok!(Margin::trade_with_vault(
		RuntimeOrigin::signed(CAROL),
		0,
		future,
		fx("5"),
		Fixed18(i128::MAX)
	));
	set_market("51000", "0.6");
	// Empty the backstops (the test ledger's books; conservation is tracked).
	let vault = book(Party::Vault);
	fund_party(Party::Vault, &format!("-{}", Fixed18(vault)));
	assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
	run_blocks(10);
	System::assert_has_event(
		// The shortfall at mark: 30,000 − 4 × 9,000 = −6,000.
		Event::AwaitingDeleverage { who: ALICE, sub: 0, deficit: fx("6000").0 as u128 }.into(),
	);
	future
}

#[test]
fn unhedged_counterparties_are_deleveraged_first_and_their_profit_pays_the_deficit() {
	build_and_execute(|| {
		bankrupt_alice();
		let candidates = |c: Vec<(AccountId, u16)>| Candidates::<Test>::truncate_from(c);
		assert_noop!(
			Liquidation::deleverage(
				RuntimeOrigin::signed(DAVE),
				ALICE,
				0,
				candidates(vec![(DAVE, 0)])
			),
			Error::<Test>::NoCandidates
		);
		// Offered hedged-first, ranked unhedged-first.
		assert_ok!(Liquidation::deleverage(
			RuntimeOrigin::signed(DAVE),
			ALICE,
			0,
			candidates(vec![(CAROL, 0), (BOB, 0), (CAROL, 0)])
		));
		// Alice's 4 closed against Bob's short at mark; Bob pays Alice's 6,000 deficit out of
		// his 36,000 profit on them; Carol keeps her hedge.
		System::assert_has_event(
			Event::Deleveraged {
				who: ALICE,
				sub: 0,
				counterparty: (BOB, 0),
				instrument: PERP,
				size: fx("4").0,
				paid: fx("6000").0 as u128,
			}
			.into(),
		);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(BOB), fx("-1"));
		assert_eq!(size_of(CAROL), fx("-5"));
		assert_eq!(book(account(ALICE)), 0);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		let totals = Liquidation::accounting();
		assert_eq!((totals.socialized, totals.bad_debt), (fx("6000").0 as u128, 0));
	});
}

#[test]
fn deleveraging_is_refused_while_the_backstops_can_absorb_the_lot() {
	build_and_execute(|| {
		bankrupt_alice();
		fund_party(Party::Vault, "20000");
		assert_noop!(
			Liquidation::deleverage(
				RuntimeOrigin::signed(DAVE),
				ALICE,
				0,
				Candidates::<Test>::truncate_from(vec![(BOB, 0)])
			),
			Error::<Test>::Coverable
		);
	});
}

#[test]
fn what_counterparties_cannot_pay_is_bad_debt_on_the_books() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "30000");
		buy(ALICE, "4");
		// Dave shorts late, at 51,500: at 51,000 his profit on 4 is only 2,000.
		set_market("51500", "0.6");
		fund(DAVE, "100000");
		buy(DAVE, "-5");
		set_market("51000", "0.6");
		let vault = book(Party::Vault);
		fund_party(Party::Vault, &format!("-{}", Fixed18(vault)));
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		assert_ok!(Liquidation::deleverage(
			RuntimeOrigin::signed(BOB),
			ALICE,
			0,
			Candidates::<Test>::truncate_from(vec![(DAVE, 0)])
		));
		// Alice's deficit 6,000: Dave pays 2,000, nobody the other 4,000.
		assert_eq!(size_of(DAVE), fx("-1"));
		assert_eq!(BadDebt::<Test>::get((ALICE, 0)), fx("4000").0 as u128);
		assert_eq!(book(account(ALICE)), -fx("4000").0);
		let totals = Liquidation::accounting();
		assert_eq!(
			(totals.socialized, totals.bad_debt),
			(fx("2000").0 as u128, fx("4000").0 as u128)
		);
	});
}
