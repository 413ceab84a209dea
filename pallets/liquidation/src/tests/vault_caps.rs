//! The vault's risk caps at the floor (Hyperliquid's JELLY, March 2025: a position too large
//! for the liquidity providers was liquidated onto them while its price was squeezed). The
//! vault takes only what keeps its delta and vega within the caps the risk council sets; the
//! rest goes back, at mark, to the side that profits from it.

use super::{deleveraging::bankrupt_alice, *};
use ballast_primitives::traits::MarginEngine;

/// The vault's delta cap on BTC is set to `cap`.
fn cap_vault_delta(cap: &str) {
	let params =
		pallet_portfolio_margin::UnderlyingParams { vault_delta_cap: fx(cap), ..btc_params() };
	assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
}

/// The vault's BTC delta: its perpetuals less the 5 futures it is short (delta 1 each at a
/// zero rate).
fn vault_delta() -> Fixed18 {
	let futures = fx("-5");
	vault_size().checked_add(futures).unwrap()
}

fn deleveraged() -> Vec<(AccountId, Fixed18, Fixed18, u128)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Liquidation(Event::Deleveraged {
				counterparty,
				size,
				price,
				paid,
				..
			}) => Some((counterparty.0, Fixed18(size), Fixed18(price), paid)),
			_ => None,
		})
		.collect()
}

#[test]
fn the_vault_takes_up_to_its_cap_and_the_profitable_side_the_rest_at_mark() {
	build_and_execute(|| {
		// Alice long 4 from 60,000 with 30,000, BTC at 51,000: −6,000. The vault holds long 6
		// perpetuals and short 5 futures: delta 1. Her auction starts; the vault's cap is 3.
		bankrupt_alice();
		fund_party(Party::Vault, "20000");
		cap_vault_delta("3");
		assert_eq!(vault_delta(), fx("1"));
		run_blocks(12);
		// At the floor the vault takes (3 − 1) / 4 = half of her 4 and stops at its cap, with
		// the 5,000 of discount the backstops can pay beyond her shortfall (its 20,000 less
		// its positions' 9,000 loss, less her 6,000)…
		assert_eq!(vault_delta(), fx("3"));
		assert_eq!(vault_size(), fx("8"));
		System::assert_has_event(
			Event::TakenByVault {
				who: ALICE,
				sub: 0,
				share: fx("0.5"),
				discount: fx("5000").0 as u128,
				penalty: 0,
				liquidator_fee: 0,
			}
			.into(),
		);
		// …and the other 2 close against Bob (short 5 unhedged; Carol is hedged) at mark:
		// nothing of his equity is taken, he realizes (60,000 − 51,000) × 2 = 18,000.
		assert_eq!(deleveraged(), vec![(BOB, fx("2"), fx("51000"), 0)]);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(BOB), fx("-3"));
		assert_eq!(size_of(CAROL), fx("-5"));
		assert_eq!(book(account(BOB)), fx("118000").0);
		// Her debt is covered by the backstops; nothing is socialized, nothing is bad debt.
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		let totals = Liquidation::accounting();
		assert_eq!((totals.socialized, totals.bad_debt), (0, 0));
		assert_eq!(book(account(ALICE)), 0);
	});
}

#[test]
fn a_vault_already_beyond_a_lowered_cap_takes_nothing_more_on_that_side() {
	build_and_execute(|| {
		bankrupt_alice();
		fund_party(Party::Vault, "20000");
		// Delta 1 against a cap lowered to 0.5: a long of 4 only takes it further out.
		cap_vault_delta("0.5");
		run_blocks(12);
		assert_eq!(vault_size(), fx("6"));
		assert_eq!(deleveraged(), vec![(BOB, fx("4"), fx("51000"), 0)]);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(size_of(BOB), fx("-1"));
		assert_eq!(size_of(CAROL), fx("-5"));
		assert_eq!(Liquidation::accounting().bad_debt, 0);
	});
}

#[test]
fn with_nobody_in_profit_on_the_other_side_the_vault_takes_it_beyond_its_cap() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		// Dave shorts 5 at 40,000; Alice buys 4 at 60,000 with 30,000: the vault is long 1.
		set_market("40000", "0.6");
		fund(DAVE, "200000");
		buy(DAVE, "-5");
		set_market("60000", "0.6");
		fund(ALICE, "30000");
		buy(ALICE, "4");
		cap_vault_delta("1");
		// At 51,000 Alice owes 6,000; Dave, the only short, is at a loss: nobody to close
		// against. The vault is the buyer of last resort: nothing waits forever.
		set_market("51000", "0.6");
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(10);
		assert!(deleveraged().is_empty());
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(vault_size(), fx("5"));
		assert_eq!(size_of(DAVE), fx("-5"));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
		assert_eq!(Liquidation::accounting().bad_debt, 0);
	});
}

#[test]
fn the_backstops_count_the_vaults_unrealized_loss_not_its_profit() {
	build_and_execute(|| {
		bankrupt_alice();
		fund_party(Party::Vault, "100000");
		// At 51,000: long 6 perpetuals from 60,000 (−54,000), short 5 futures (+45,000).
		let vault = <Margin as MarginEngine<AccountId>>::vault_risk().expect("valued");
		assert_eq!(vault.unrealized_pnl, -fx("9000").0);
		assert_eq!(Liquidation::backstops(), Ok(fx("91000").0 as u128));
		// At 70,000 it is 10,000 in profit: a profit not yet realized pays nobody's debt.
		set_market("70000", "0.6");
		let vault = <Margin as MarginEngine<AccountId>>::vault_risk().expect("valued");
		assert_eq!(vault.unrealized_pnl, fx("10000").0);
		assert_eq!(Liquidation::backstops(), Ok(fx("100000").0 as u128));
		// Without a fresh price the vault is not valued at all: the floor step waits.
		advance_time(120_000);
		assert_eq!(Liquidation::backstops(), Err(Error::<Test>::StalePrice.into()));
	});
}

#[test]
fn dust_traded_back_to_the_vault_never_holds_deleveraging_off() {
	build_and_execute(|| {
		bankrupt_alice();
		fund_party(Party::Vault, "200000");
		cap_vault_delta("3");
		// Once the vault has taken its part (delta 3, its cap), Bob buys 0.001 back from it
		// every block (reducing his short passes the tripped breaker), so it always has a
		// little room again: it takes nothing more, the pass it opened goes on.
		let mut bought = 0;
		for _ in 0..20 {
			next_block();
			if size_of(ALICE) != Fixed18::ZERO && vault_size() < fx("6.5") {
				continue;
			}
			if size_of(ALICE) != Fixed18::ZERO {
				buy(BOB, "0.001");
				bought += 1;
			}
		}
		assert!(bought > 0);
		assert_eq!(deleveraged(), vec![(BOB, fx("2"), fx("51000"), 0)]);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
	});
}

#[test]
fn a_close_at_mark_never_leaves_a_hedged_counterparty_liquidatable() {
	use ballast_primitives::{
		margin::InstrumentKind,
		traits::{Holder, PositionBook},
	};
	use sp_runtime::TransactionOutcome;
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
		// Carol: short 5 perpetuals hedged by 5 long futures, margined as a portfolio; she
		// then keeps only 20,000 of collateral (the pair nets to a small margin).
		fund(CAROL, "100000");
		assert_ok!(Margin::set_margin_method(
			RuntimeOrigin::signed(CAROL),
			0,
			pallet_portfolio_margin::MarginMethod::Portfolio
		));
		buy(CAROL, "-5");
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(CAROL),
			0,
			future,
			fx("5"),
			pallet_portfolio_margin::MAX_PRICE
		));
		fund(CAROL, "-80000");
		// Dave sells 10 futures to the vault: he holds no perpetual, he is not ranked.
		fund(DAVE, "1000000");
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(DAVE),
			0,
			future,
			fx("-10"),
			Fixed18(1)
		));
		// At 51,000 Alice owes 6,000. The vault is long 1 perpetual and 5 futures: delta 6,
		// its cap.
		set_market("51000", "0.6");
		cap_vault_delta("6");
		// Closing Alice's 4 against Carol's short at mark would leave 4 of her futures naked.
		let closed = frame_support::storage::with_transaction(|| {
			let moved = <Margin as PositionBook<AccountId>>::transfer(
				&Holder::Account(ALICE, 0),
				&Holder::Account(CAROL, 0),
				PERP,
				fx("4").0,
				fx("51000").0,
			);
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(moved.map(|_| health(CAROL))))
		});
		let after = closed.unwrap().unwrap().unwrap();
		assert!(after < Fixed18::ONE, "Carol would be liquidatable: health {after:?}");
		assert!(health(CAROL).unwrap() > Fixed18::ONE);
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		run_blocks(14);
		// Carol, the only short in profit, keeps her hedge: the close is undone, nobody else
		// can take it, and the vault takes Alice's 4 beyond its cap as the buyer of last resort.
		assert!(deleveraged().is_empty());
		assert_eq!(size_of(CAROL), fx("-5"));
		assert!(health(CAROL).unwrap() > Fixed18::ONE);
		assert_eq!(size_of(ALICE), Fixed18::ZERO);
		assert_eq!(vault_size(), fx("5"));
		assert!(Auctions::<Test>::get((ALICE, 0)).is_none());
	});
}
