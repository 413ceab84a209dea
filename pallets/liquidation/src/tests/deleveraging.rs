//! Auto-deleveraging, chosen by the protocol: when the insurance fund and the vault cannot
//! absorb a bankrupt lot, every holder of the other side is ranked (profit × leverage ×
//! unhedged share) and the best are closed against at the bankruptcy price.

use super::*;
use ballast_primitives::{margin::InstrumentKind, traits::MarginEngine};
use pallet_portfolio_margin::Instruments;

/// Empties the vault's quote (the test ledger's book; conservation is tracked).
const ONE: i128 = Fixed18::ONE.0;

pub(super) fn drain_vault() {
	let vault = book(Party::Vault);
	fund_party(Party::Vault, &format!("-{}", Fixed18(vault)));
}

/// Alice long 4 BTC perpetuals with 30,000; Bob short 5 (unhedged); Carol short 5 hedged by
/// 5 long BTC futures; the insurance fund and the vault empty; BTC falls 15% to 51,000.
pub(super) fn bankrupt_alice() {
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
		pallet_portfolio_margin::MAX_PRICE
	));
	set_market("51000", "0.6");
	drain_vault();
	assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
}

#[test]
fn the_unhedged_counterparty_is_deleveraged_first_at_the_bankruptcy_price() {
	build_and_execute(|| {
		bankrupt_alice();
		// Nothing happens before the floor.
		run_blocks(9);
		assert_eq!(size_of(BOB), fx("-5"));
		next_block();
		// Alice's equity at mark: 30,000 − 4 × 9,000 = −6,000. The protocol ranks the holders
		// of the short side: Bob (profit 45,000 on 255,000 at mark, leverage 255,000 /
		// 145,000, all unhedged) above Carol (her futures hedge her delta: rank 0). Alice's 4
		// close against Bob at the bankruptcy price 51,000 + 6,000 / 4 = 52,500: Bob gives up
		// 6,000 of his 36,000 profit on them, Alice ends at zero; Carol keeps her hedge.
		System::assert_has_event(
			Event::Deleveraged {
				who: ALICE,
				sub: 0,
				counterparty: (BOB, 0),
				instrument: PERP,
				size: fx("4").0,
				price: fx("52500").0,
				paid: fx("6000").0 as u128,
			}
			.into(),
		);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(BOB), fx("-1"));
		assert_eq!(size_of(CAROL), fx("-5"));
		assert_eq!(book(account(ALICE)), 0);
		// Bob realized (60,000 − 52,500) × 4 = 30,000.
		assert_eq!(book(account(BOB)), fx("130000").0);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert!(AdlScans::<Test>::iter().next().is_none());
		let totals = Liquidation::accounting();
		assert_eq!(
			(totals.socialized, totals.bad_debt, totals.insurance_paid),
			(fx("6000").0 as u128, 0, 0)
		);
	});
}

#[test]
fn a_shortfall_beyond_the_backstops_is_not_sold_to_bidders() {
	build_and_execute(|| {
		bankrupt_alice();
		fund(DAVE, "1000000");
		run_blocks(5);
		// A bid would close Alice at mark and leave her 6,000 as bad debt, which Bob's profit
		// pays at the floor instead.
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(DAVE), ALICE, 0, 0, Fixed18::ONE, Fixed18::ZERO),
			Error::<Test>::ShortfallBeyondBackstops
		);
		// With 10,000 in the vault beyond its positions' unrealized loss (long 6 perpetuals
		// from 60,000 and short 5 futures, at 51,000) the shortfall is covered: a bid gets at
		// most the 4,000 the backstops can pay beyond it, whatever the curve says (30% of
		// 16,320 margin here).
		let vault = <Margin as MarginEngine<AccountId>>::vault_risk().expect("valued");
		assert!(vault.unrealized_pnl < 0);
		fund_party(Party::Vault, &format!("{}", Fixed18(10_000 * ONE - vault.unrealized_pnl)));
		assert_eq!(Liquidation::backstops(), Ok(fx("10000").0 as u128));
		assert_noop!(
			Liquidation::bid(RuntimeOrigin::signed(DAVE), ALICE, 0, 0, Fixed18::ONE, fx("0.3")),
			Error::<Test>::DiscountBelowLimit
		);
		assert_ok!(Liquidation::bid(
			RuntimeOrigin::signed(DAVE),
			ALICE,
			0,
			0,
			Fixed18::ONE,
			Fixed18::ZERO
		));
		let discount = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Liquidation(Event::Bid { discount, .. }) => Some(discount),
			_ => None,
		});
		assert_eq!(discount, Some(fx("4000").0 as u128));
		assert_eq!(size_of(DAVE), fx("4"));
	});
}

#[test]
fn nobody_is_deleveraged_while_the_backstops_can_absorb_the_lot() {
	build_and_execute(|| {
		bankrupt_alice();
		fund_party(Party::Vault, "20000");
		run_blocks(10);
		// The vault takes the lot; Bob and Carol keep their positions.
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(BOB), fx("-5"));
		assert_eq!(size_of(CAROL), fx("-5"));
		assert_eq!(Liquidation::accounting().socialized, 0);
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
		drain_vault();
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		// Alice's deficit 6,000: Dave pays his 2,000 (closing at his entry, 51,500), nobody
		// the other 4,000.
		System::assert_has_event(
			Event::Deleveraged {
				who: ALICE,
				sub: 0,
				counterparty: (DAVE, 0),
				instrument: PERP,
				size: fx("4").0,
				price: fx("51500").0,
				paid: fx("2000").0 as u128,
			}
			.into(),
		);
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

#[test]
fn every_holder_is_ranked_across_blocks_and_the_most_leveraged_goes_first() {
	build_and_execute(|| {
		fund_party(Party::Vault, "10000000");
		fund(ALICE, "8000");
		buy(ALICE, "1");
		// 258 short holders: 257 with 10,000 short 0.01, and Eve with 2,000 short 0.04 — more
		// than one step ranks (256 positions), so the ranking takes two blocks.
		let many: Vec<AccountId> = (100..357).collect();
		for &who in &many {
			fund(who, "10000");
			buy(who, "-0.01");
		}
		fund(EVE, "2000");
		buy(EVE, "-0.04");
		set_market("51000", "0.6");
		drain_vault();
		// Alice: 8,000 − 9,000 = −1,000.
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		System::assert_has_event(
			Event::AwaitingDeleverage { who: ALICE, sub: 0, deficit: fx("1000").0 as u128 }.into(),
		);
		assert!(AdlScans::<Test>::get((ALICE, 0)).is_some());
		next_block();
		// Eve ranks first: the same profit margin (9,000 / 51,000) at leverage 2,040 / 2,360
		// against 510 / 10,090 for the others. Her 0.04 close first, paying her 360 profit.
		let first = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Liquidation(Event::Deleveraged { counterparty, paid, .. }) => {
					Some((counterparty, paid))
				},
				_ => None,
			})
			.expect("deleveraged");
		assert_eq!(first, ((EVE, 0), fx("360").0 as u128));
		// Pass after pass, until the 1,000 are paid; then the vault takes the rest at the floor.
		run_blocks(40);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(Liquidation::accounting().socialized, fx("1000").0 as u128);
		assert_eq!(Liquidation::accounting().bad_debt, 0);
		assert!(AdlScans::<Test>::iter().next().is_none());
	});
}

fn equity(who: AccountId, sub: u16) -> i128 {
	use ballast_primitives::traits::MarginEngine;
	<Margin as MarginEngine<AccountId>>::risk(&who, sub).expect("valued").equity()
}

#[test]
fn only_what_the_backstops_cannot_pay_is_taken_from_counterparties() {
	build_and_execute(|| {
		bankrupt_alice();
		// The fund holds 2,000 of Alice's 6,000 shortfall: Bob gives up only the other 4,000.
		fund_party(Party::InsuranceFund, "2000");
		run_blocks(10);
		// 4 closed at 51,000 + 4,000 / 4 = 52,000.
		System::assert_has_event(
			Event::Deleveraged {
				who: ALICE,
				sub: 0,
				counterparty: (BOB, 0),
				instrument: PERP,
				size: fx("4").0,
				price: fx("52000").0,
				paid: fx("4000").0 as u128,
			}
			.into(),
		);
		// Alice realized (52,000 − 60,000) × 4 = −32,000 on 30,000; the fund paid the 2,000.
		assert_eq!(book(account(ALICE)), 0);
		assert_eq!(book(Party::InsuranceFund), 0);
		assert_eq!(book(account(BOB)), fx("132000").0);
		let totals = Liquidation::accounting();
		assert_eq!(
			(totals.socialized, totals.insurance_paid, totals.bad_debt),
			(fx("4000").0 as u128, fx("2000").0 as u128, 0)
		);
	});
}

#[test]
fn the_bankrupt_owners_other_subaccount_gives_up_its_profit_first() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		fund(ALICE, "30000");
		buy(ALICE, "4");
		// Alice's subaccount 1 is short 1 at 60,000; Bob short 5, more leveraged.
		credit_sub(ALICE, 1, "20000");
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			1,
			PERP,
			fx("-1"),
			Fixed18(1)
		));
		fund(BOB, "60000");
		buy(BOB, "-5");
		set_market("51000", "0.6");
		drain_vault();
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		// Her own 9,000 profit pays the 6,000 before anyone else's: 1 closed at
		// 51,000 + 6,000 = 57,000. Bob keeps his 5.
		System::assert_has_event(
			Event::Deleveraged {
				who: ALICE,
				sub: 0,
				counterparty: (ALICE, 1),
				instrument: PERP,
				size: fx("1").0,
				price: fx("57000").0,
				paid: fx("6000").0 as u128,
			}
			.into(),
		);
		assert_eq!(size_of(BOB), fx("-5"));
		assert_eq!(Liquidation::accounting().socialized, fx("6000").0 as u128);
	});
}

#[test]
fn a_hedged_counterparty_gives_up_no_more_than_its_equity() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		let future = pallet_portfolio_margin::NextInstrumentId::<Test>::get();
		assert_ok!(Margin::list_instrument(
			RuntimeOrigin::root(),
			BTC,
			InstrumentKind::Future { expiry: START + 30 * DAY }
		));
		fund(ALICE, "30000");
		buy(ALICE, "4");
		// Dave: short 5 perpetuals hedged by 5 long futures, then only 4,000 of collateral
		// left. His perpetuals gain 45,000 at 51,000, his futures lose about as much.
		fund(DAVE, "100000");
		buy(DAVE, "-5");
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(DAVE),
			0,
			future,
			fx("5"),
			pallet_portfolio_margin::MAX_PRICE
		));
		fund(DAVE, "-96000");
		set_market("51000", "0.6");
		drain_vault();
		let room = equity(DAVE, 0);
		assert!(room > 0 && room < fx("6000").0, "Dave's equity {room} is below the shortfall");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		// His profit on the 4 closed is 36,000 and Alice owes 6,000, but he gives up only his
		// equity: deleveraging never makes a counterparty insolvent. The rest is bad debt.
		let paid = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Liquidation(Event::Deleveraged { counterparty, paid, .. }) => {
					assert_eq!(counterparty, (DAVE, 0));
					Some(paid)
				},
				_ => None,
			})
			.expect("deleveraged");
		// All of it but a few units: two kept for the fill's rounding, and the price shift of
		// (equity − 2) / 4 rounded down.
		assert!(paid <= room as u128 && room as u128 - paid < 8, "paid {paid} of {room}");
		let left = equity(DAVE, 0);
		assert!((0..1_000_000).contains(&left), "Dave keeps {left}, never below zero");
		assert_eq!(Liquidation::accounting().bad_debt, fx("6000").0 as u128 - paid);
	});
}
