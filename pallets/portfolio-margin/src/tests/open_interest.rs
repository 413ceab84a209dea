//! Open interest in delta-equivalent units: an option counts its |delta| a contract, a
//! perpetual a full unit; the count follows the market every block and never falls to zero
//! because a price went stale.

use super::*;
use crate::{OptionDeltas, UnderlyingOpenInterest};
use frame_support::traits::Hooks;

/// |delta| of one contract of `kind` at `spot` (volatility 60%) now.
fn delta_at(kind: InstrumentKind, spot: &str) -> Fixed18 {
	let m = Market { spot: fx(spot), ..market() };
	mark(&kind, &m).unwrap().delta.checked_abs().unwrap()
}

fn buy(id: u32, size: &str) {
	assert_ok!(Margin::trade_with_vault(
		RuntimeOrigin::signed(ALICE),
		0,
		id,
		fx(size),
		unlimited()
	));
}

fn block() {
	Margin::on_initialize(System::block_number());
	System::set_block_number(System::block_number() + 1);
}

#[test]
fn options_count_their_delta_and_perpetuals_a_full_unit() {
	build_and_execute(|| {
		let (otm, itm) = (call("90000", 30), call("30000", 30));
		let ids = list(&[InstrumentKind::Perpetual, otm, itm]);
		fund(ALICE, 0, fx("2000000"));
		for id in &ids {
			buy(*id, "10");
		}
		// Contracts: 10 long and 10 short each, whatever the instrument.
		for id in &ids {
			assert_eq!(OpenInterest::<Test>::get(id), (fx("10"), fx("10")));
		}
		// A 90,000 call on 60,000 spot, 30 days at 60%: d1 = (ln(2/3) + 0.18 × 30/365) /
		// (0.6 × √(30/365)) = −2.2712, delta N(d1) ≈ 0.0116; the 30,000 call ≈ 1.
		let (d_otm, d_itm) = (delta_at(otm, "60000"), delta_at(itm, "60000"));
		assert!(d_otm > fx("0.0115") && d_otm < fx("0.0117"), "{d_otm:?}");
		assert!(d_itm > fx("0.9999") && d_itm <= Fixed18::ONE, "{d_itm:?}");
		assert_eq!(OptionDeltas::<Test>::get(ids[1]), Some(d_otm));
		assert_eq!(OptionDeltas::<Test>::get(ids[0]), None);
		let counted = fx("10")
			.checked_add(fx("10").checked_mul(d_otm).unwrap())
			.and_then(|x| x.checked_add(fx("10").checked_mul(d_itm).unwrap()))
			.unwrap();
		// ≈ 10 + 0.116 + 10 = 20.116 BTC, not 30 contracts.
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), counted);
		assert!(counted > fx("20.11") && counted < fx("20.12"));
		// The value secured is that count at spot: ≈ 1,206,960 USDC.
		let value = counted.checked_mul(fx("60000")).unwrap();
		assert_eq!(Pallet::open_interest_value(), value.0 as u128);
	});
}

#[test]
fn far_out_of_the_money_options_barely_raise_initial_margin() {
	build_and_execute(|| {
		let otm = call("90000", 30);
		let ids = list(&[otm]);
		let mut params = btc_params();
		// The factor rises from 1.25 at 300,000 of notional (5 BTC) to 2 at 600,000.
		params.oi_lower = fx("300000");
		params.oi_upper = fx("600000");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		fund(ALICE, 0, fx("100000"));
		buy(ids[0], "100");
		// 100 contracts counted in contracts would be 6,000,000 of notional (factor 2); at
		// delta ≈ 0.0116 they are ≈ 69,700, under the lower bound: factor 1.25.
		let notional = UnderlyingOpenInterest::<Test>::get(BTC).checked_mul(fx("60000")).unwrap();
		assert!(notional < fx("70000") && notional > fx("69000"), "{notional:?}");
		let summary = Pallet::margin_summary(&ALICE, 0, false).unwrap();
		assert_eq!(summary.initial, summary.maintenance.checked_mul(fx("1.25")).unwrap());
	});
}

#[test]
fn the_count_follows_the_market_each_block_and_a_stale_price_keeps_the_last_one() {
	build_and_execute(|| {
		let otm = call("90000", 30);
		let ids = list(&[otm]);
		fund(ALICE, 0, fx("100000"));
		buy(ids[0], "10");
		let at_60k = fx("10").checked_mul(delta_at(otm, "60000")).unwrap();
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), at_60k);
		// Spot rallies to 80,000 with no trade: the next block re-measures the delta.
		set_market("80000", "0.6");
		block();
		let at_80k = fx("10").checked_mul(delta_at(otm, "80000")).unwrap();
		assert!(at_80k > at_60k.checked_mul(fx("10")).unwrap(), "{at_80k:?} vs {at_60k:?}");
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), at_80k);
		// The oracle falls silent: the count stays where it was, never zero.
		advance_time(120_000);
		block();
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), at_80k);
		// Closing takes the count and the stored delta away.
		set_market("80000", "0.6");
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("-10"),
			any_bid()
		));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), Fixed18::ZERO);
		assert_eq!(OptionDeltas::<Test>::get(ids[0]), None);
	});
}

#[test]
fn the_refresh_rotates_through_every_option_a_bounded_number_at_a_time() {
	build_and_execute(|| {
		let kinds: Vec<_> = (0..8).map(|i| call(&format!("{}", 62000 + 2000 * i), 30)).collect();
		let ids = list(&kinds);
		fund(ALICE, 0, fx("500000"));
		for id in &ids {
			buy(*id, "1");
		}
		set_market("66000", "0.6");
		let stale = |id: &u32| {
			let k = Instruments::<Test>::get(id).unwrap().kind;
			OptionDeltas::<Test>::get(id) != Some(delta_at(k, "66000"))
		};
		assert_eq!(ids.iter().filter(|id| stale(id)).count(), 8);
		// Three a call, resuming where the last stopped: 3, 6, then the last 2 and, wrapping
		// around, the first again.
		assert_eq!(Pallet::refresh_deltas(3), 3);
		assert_eq!(ids.iter().filter(|id| stale(id)).count(), 5);
		assert_eq!(Pallet::refresh_deltas(3), 3);
		assert_eq!(ids.iter().filter(|id| stale(id)).count(), 2);
		assert_eq!(Pallet::refresh_deltas(3), 3);
		assert_eq!(ids.iter().filter(|id| stale(id)).count(), 0);
		// A larger budget than there are options looks at each once, wrapping, never twice.
		assert_eq!(Pallet::refresh_deltas(16), 8);
		assert!(crate::DeltaCursor::<Test>::get().is_none());
		// The sum is exactly the contracts at the deltas now stored.
		let summed = ids.iter().fold(Fixed18::ZERO, |acc, id| {
			let d = OptionDeltas::<Test>::get(id).unwrap();
			acc.checked_add(fx("1").checked_mul(d).unwrap()).unwrap()
		});
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), summed);
	});
}

#[test]
fn an_option_counts_at_least_the_governed_floor_and_a_bad_floor_is_refused() {
	build_and_execute(|| {
		let otm = call("90000", 30);
		let ids = list(&[otm]);
		let mut params = btc_params();
		for bad in [fx("-0.1"), fx("1.01"), Fixed18(i128::MIN)] {
			params.oi_delta_floor = bad;
			assert_noop!(
				Margin::set_underlying(RuntimeOrigin::root(), BTC, params),
				Error::<Test>::InvalidParams
			);
		}
		// A floor of 0.1: the 90,000 call (delta ≈ 0.0116) counts 0.1 a contract.
		params.oi_delta_floor = fx("0.1");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		fund(ALICE, 0, fx("100000"));
		buy(ids[0], "10");
		assert_eq!(OptionDeltas::<Test>::get(ids[0]), Some(fx("0.1")));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("1"));
		// Raising it to 0.2 takes effect at once, with no block and no trade: 10 × 0.2.
		params.oi_delta_floor = fx("0.2");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("2"));
		// Lowering it to 0 takes effect at the option's next turn.
		params.oi_delta_floor = Fixed18::ZERO;
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		block();
		let at_delta = fx("10").checked_mul(delta_at(otm, "60000")).unwrap();
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), at_delta);
	});
}

#[test]
fn positions_move_only_between_two_holders_and_never_out_of_the_vault() {
	build_and_execute(|| {
		use ballast_primitives::traits::PositionBook;
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("100000"));
		buy(ids[0], "1");
		let alice = Holder::Account(ALICE, 0);
		let price = fx("60000").0;
		// To herself: a transfer that would realize PnL at a chosen price and move nothing.
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(&alice, &alice, ids[0], fx("1").0, price),
			Error::<Test>::InvalidTransfer
		);
		// Out of the vault: its short is the backstop's, not for sale.
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(
				&Holder::Vault,
				&Holder::Account(BOB, 0),
				ids[0],
				fx("-1").0,
				price
			),
			Error::<Test>::InvalidTransfer
		);
	});
}

#[test]
fn moving_the_only_long_under_a_stale_oracle_keeps_the_counted_delta() {
	build_and_execute(|| {
		use ballast_primitives::traits::PositionBook;
		let otm = call("90000", 30);
		let ids = list(&[otm]);
		fund(ALICE, 0, fx("100000"));
		buy(ids[0], "10");
		let d = OptionDeltas::<Test>::get(ids[0]).unwrap();
		// The oracle falls silent; liquidation moves all of Alice's longs to Bob.
		advance_time(120_000);
		assert_ok!(<Pallet as PositionBook<AccountId>>::transfer(
			&Holder::Account(ALICE, 0),
			&Holder::Account(BOB, 0),
			ids[0],
			fx("10").0,
			fx("50").0
		));
		// Still counted at the delta last measured: never 1 for want of a price, never 0.
		assert_eq!(OptionDeltas::<Test>::get(ids[0]), Some(d));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("10").checked_mul(d).unwrap());
	});
}

#[test]
fn an_open_interest_too_large_to_value_saturates_the_factor_instead_of_failing_margin() {
	build_and_execute(|| {
		list(&[]);
		let params = btc_params();
		// Σ delta × spot beyond i128: the factor is at its maximum, not an error that would
		// stop every trade, withdrawal and liquidation on the underlying.
		let real = UnderlyingOpenInterest::<Test>::get(BTC);
		UnderlyingOpenInterest::<Test>::insert(BTC, Fixed18(i128::MAX / 2));
		assert_eq!(
			Pallet::initial_factor(BTC, &params, fx("60000")).ok(),
			Some(params.oi_max_factor)
		);
		UnderlyingOpenInterest::<Test>::insert(BTC, real);
		assert_eq!(
			Pallet::initial_factor(BTC, &params, fx("60000")).ok(),
			Some(params.initial_factor)
		);
	});
}

#[test]
fn a_full_market_takes_only_trades_that_reduce() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		let mut params = btc_params();
		// Full at 1,200,000 of notional: 20 BTC at 60,000.
		params.oi_lower = fx("600000");
		params.oi_upper = fx("1200000");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		fund(ALICE, 0, fx("1000000"));
		fund(BOB, 0, fx("1000000"));
		buy(ids[0], "15");
		let trade = |who: AccountId, size: &str| {
			let limit = if size.starts_with('-') { Fixed18(1) } else { unlimited() };
			Margin::trade_with_vault(RuntimeOrigin::signed(who), 0, ids[0], fx(size), limit)
		};
		// 900,000: 6 more would be 1,260,000, past the cap, on either side and from anyone
		// (each contract is counted as if it opened)…
		assert_noop!(trade(ALICE, "6"), Error::<Test>::OpenInterestCapReached);
		assert_noop!(trade(BOB, "-6"), Error::<Test>::OpenInterestCapReached);
		// …5 fill it to 1,200,000 exactly.
		assert_ok!(trade(ALICE, "5"));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("20"));
		assert_noop!(trade(BOB, "0.001"), Error::<Test>::OpenInterestCapReached);
		// Every trade that reduces a position passes.
		assert_ok!(trade(ALICE, "-2"));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("18"));
		// 18 × 60,000 = 1,080,000: room for 2 again. Bob's sale to the vault only shrinks the
		// vault's short: open interest stays 18.
		assert_ok!(trade(BOB, "-2"));
		assert_eq!(UnderlyingOpenInterest::<Test>::get(BTC), fx("18"));
		assert_ok!(trade(ALICE, "2"));
		assert_noop!(trade(ALICE, "0.001"), Error::<Test>::OpenInterestCapReached);
		// Spot falls to 50,000: the 20 long are 1,000,000; room for 4.
		set_market("50000", "0.6");
		assert_noop!(trade(ALICE, "4.001"), Error::<Test>::OpenInterestCapReached);
		assert_ok!(trade(ALICE, "4"));
		// A stale spot is not a zero notional: a new position waits for a fresh one.
		advance_time(61_000);
		assert_noop!(trade(BOB, "-1"), Error::<Test>::StalePrice);
	});
}

#[test]
fn the_cap_counts_an_options_held_contracts_at_its_delta_now() {
	build_and_execute(|| {
		let atm = call("60000", 30);
		let ids = list(&[atm]);
		// Bought at 60,000 the call counts its delta there; at 72,000 its delta is far higher.
		let (then, now) = (delta_at(atm, "60000"), delta_at(atm, "72000"));
		assert!(now > then.checked_add(fx("0.2")).unwrap(), "{then:?} → {now:?}");
		// One more contract counted alone (10 × then + now) would fit; with the 10 held
		// recounted at their delta now (11 × now), as the trade will recount them, it does
		// not. The cap sits halfway, at 72,000 of spot.
		let alone = fx("10").checked_mul(then).unwrap().checked_add(now).unwrap();
		let recounted = fx("11").checked_mul(now).unwrap();
		let half = alone.checked_add(recounted).unwrap().checked_div(fx("2")).unwrap();
		let cap = half.checked_mul(fx("72000")).unwrap();
		let mut params = btc_params();
		params.oi_lower = cap.checked_div(fx("2")).unwrap();
		params.oi_upper = cap;
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		fund(ALICE, 0, fx("1000000"));
		buy(ids[0], "10");
		assert_eq!(OptionDeltas::<Test>::get(ids[0]), Some(then));
		set_market("72000", "0.6");
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::OpenInterestCapReached
		);
		// Selling some back reduces: it passes.
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("-1"),
			Fixed18(1)
		));
	});
}
