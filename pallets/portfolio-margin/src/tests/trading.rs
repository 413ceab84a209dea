//! Listing, trades against the LP vault, margin methods, settlement.

use super::*;

#[test]
fn only_the_risk_origin_lists_and_bad_listings_are_typed_errors() {
	build_and_execute(|| {
		assert_noop!(
			Margin::set_underlying(RuntimeOrigin::signed(ALICE), BTC, btc_params()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Margin::list_instrument(RuntimeOrigin::root(), BTC, InstrumentKind::Perpetual),
			Error::<Test>::UnknownUnderlying
		);
		let mut bad = btc_params();
		bad.initial_factor = fx("0.9");
		assert_noop!(
			Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
			Error::<Test>::InitialBelowMaintenance
		);
		bad = btc_params();
		bad.oi_max_factor = fx("1.0");
		assert_noop!(
			Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
			Error::<Test>::InitialBelowMaintenance
		);
		bad = btc_params();
		bad.taker_fee = fx("1.5");
		assert_noop!(
			Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
			Error::<Test>::InvalidParams
		);
		bad = btc_params();
		bad.grid.spot_steps = 0;
		assert_noop!(
			Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
			Error::<Test>::InvalidParams
		);
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, btc_params()));
		assert_noop!(
			Margin::list_instrument(RuntimeOrigin::root(), BTC, call("0", 30)),
			Error::<Test>::InvalidStrike
		);
		let expired = InstrumentKind::Future { expiry: START };
		assert_noop!(
			Margin::list_instrument(RuntimeOrigin::root(), BTC, expired),
			Error::<Test>::InvalidExpiry
		);
		for _ in 0..8 {
			assert_ok!(Margin::list_instrument(
				RuntimeOrigin::root(),
				BTC,
				InstrumentKind::Perpetual
			));
		}
		assert_noop!(
			Margin::list_instrument(RuntimeOrigin::root(), BTC, InstrumentKind::Perpetual),
			Error::<Test>::TooManyInstruments
		);
	});
}

#[test]
fn a_trade_with_the_vault_fills_at_mark_plus_a_spread_that_widens_with_its_exposure() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30)]);
		fund(ALICE, 0, fx("20000"));
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("1"),
			unlimited()
		));
		let g = mark(&call("60000", 30), &market()).unwrap();
		// The vault is short one call after the trade: |Δ| = delta, |vega| = vega.
		let widen = 1.0 + g.delta.0 as f64 / 1e18 / 50.0 + g.vega.0 as f64 / 1e18 / 5e6;
		let ask = g.price.0 as f64 / 1e18 + 0.001 * 60_000.0 * widen;
		let Some(Event::Traded { price, fee, .. }) = System::events()
			.into_iter()
			.filter_map(|r| if let RuntimeEvent::Margin(e) = r.event { Some(e) } else { None })
			.last()
		else {
			panic!("a Traded event")
		};
		assert!((price.0 as f64 / 1e18 - ask).abs() < 1e-6, "{price:?} vs {ask}");
		// Taker fee 0.03% of 60,000 per contract, paid to the vault.
		assert_eq!(fee, fx("18"));
		assert_eq!(book(Party::Account(ALICE, 0)), fx("19982").0);
		assert_eq!(book(Party::Vault), VAULT_CAPITAL.0 + fx("18").0);
		assert_eq!(size_of(ALICE, ids[0]), fx("1"));
		assert_eq!(vault_size_of(ids[0]), fx("-1"));
		assert_eq!(OpenInterest::<Test>::get(ids[0]), (fx("1"), fx("1")));
		// Bought above mark: the trader starts with a loss of the spread.
		let pnl = <Pallet as MarginEngine<AccountId>>::risk(&ALICE, 0).unwrap().unrealized_pnl;
		assert_eq!(pnl, g.price.0 - price.0);
		// The vault's scenario vector was cached for this oracle update.
		assert!(RiskCache::<Test>::get(ids[0]).is_some());
	});
}

#[test]
fn a_price_beyond_the_limit_or_a_margin_breach_fails_and_changes_nothing() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30)]);
		fund(ALICE, 0, fx("1000"));
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, ids[0], fx("1"), fx("100")),
			Error::<Test>::PriceBeyondLimit
		);
		// A naked short call needs 1.25 × 9,000 under the standard rules.
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, ids[0], fx("-1"), any_bid()),
			Error::<Test>::InitialMarginBreached
		);
		assert_noop!(
			Margin::trade_with_vault(
				RuntimeOrigin::signed(ALICE),
				0,
				ids[0],
				Fixed18::ZERO,
				unlimited()
			),
			Error::<Test>::ZeroSize
		);
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, 77, fx("1"), unlimited()),
			Error::<Test>::UnknownInstrument
		);
	});
}

#[test]
fn a_call_spread_fits_in_portfolio_margin_but_not_in_standard() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30), call("65000", 30)]);
		fund(ALICE, 0, fx("6000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		// The long call's premium (about 4,100) × 1.25 fits in 6,000.
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
		// Standard: the short leg adds 1.25 × 6,000.
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[1], fx("-1"), any_bid()),
			Error::<Test>::InitialMarginBreached
		);
		assert_ok!(Margin::set_margin_method(alice(), 0, MarginMethod::Portfolio));
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[1], fx("-1"), any_bid()));
		let s = Pallet::margin_summary(&ALICE, 0, false).unwrap();
		// The spread's worst loss (spot −18%, volatility down) plus 1% of spot for the short leg.
		assert!(s.maintenance < fx("2400") && s.maintenance > fx("2200"), "{s:?}");
		assert_eq!(s.initial, s.maintenance.checked_mul(fx("1.25")).unwrap());
		assert!(s.equity >= s.initial);
		// Back to standard is refused: the position would be under-margined.
		assert_noop!(
			Margin::set_margin_method(alice(), 0, MarginMethod::Standard),
			Error::<Test>::InitialMarginBreached
		);
	});
}

#[test]
fn closing_a_position_realizes_its_pnl_against_the_vault_through_clearing() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("20000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		// Buys 2 at 60,000 + 0.1% × 60,000 × (1 + 2/50): 60,062.4.
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("2"), unlimited()));
		assert_eq!(Positions::<Test>::get(ALICE, 0)[0].cost, fx("120124.8"));
		set_market("66000", "0.6");
		// Sells 2 at 66,000 − 0.1% × 66,000 (the vault ends flat): 65,934.
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("-2"), any_bid()));
		assert!(Positions::<Test>::get(ALICE, 0).is_empty());
		assert!(crate::VaultPositions::<Test>::get().is_empty());
		assert_eq!(OpenInterest::<Test>::get(ids[0]), (Fixed18::ZERO, Fixed18::ZERO));
		System::assert_has_event(
			Event::Realized {
				holder: Holder::Account(ALICE, 0),
				instrument: ids[0],
				pnl: fx("11743.2"),
			}
			.into(),
		);
		// Fees: 0.03% × 60,000 × 2 and 0.03% × 66,000 × 2.
		assert_eq!(book(Party::Account(ALICE, 0)), fx("20000").0 + fx("11743.2").0 - fx("75.6").0);
		// The vault paid that profit and earned the fees; clearing nets to zero.
		assert_eq!(book(Party::Vault), VAULT_CAPITAL.0 - fx("11743.2").0 + fx("75.6").0);
		assert_eq!(book(Party::Clearing), 0);
	});
}

#[test]
fn a_stale_oracle_blocks_trades_and_makes_the_margin_unknown() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("20000"));
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("1"),
			unlimited()
		));
		advance_time(61_000);
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::StalePrice
		);
		// Her margin is unknown — a typed outcome, not an unbounded or a zero number.
		assert_eq!(
			<Pallet as MarginEngine<AccountId>>::risk(&ALICE, 0),
			Err(ballast_primitives::risk::Unvalued::StalePrice)
		);
		// Without positions nothing is required.
		assert_eq!(<Pallet as MarginEngine<AccountId>>::risk(&BOB, 0).unwrap().initial, 0);
	});
}

#[test]
fn the_vault_refuses_exposure_beyond_its_caps() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("10000000"));
		assert_noop!(
			Margin::trade_with_vault(
				RuntimeOrigin::signed(ALICE),
				0,
				ids[0],
				fx("51"),
				unlimited()
			),
			Error::<Test>::VaultExposureCap
		);
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("50"),
			unlimited()
		));
	});
}

#[test]
fn what_if_shows_the_margin_after_a_trade_without_making_it() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30), call("65000", 30)]);
		fund(ALICE, 0, fx("6000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		assert_ok!(Margin::set_margin_method(alice(), 0, MarginMethod::Portfolio));
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
		let before = Pallet::margin(ALICE, 0).expect("fresh oracle");
		let after = Pallet::what_if(ALICE, 0, ids[1], fx("-1")).expect("a valid trade");
		// Selling the 65,000 call lowers the requirement of the long 60,000 call.
		assert!(after.maintenance < before.maintenance, "{after:?} vs {before:?}");
		assert_eq!(Positions::<Test>::get(ALICE, 0).len(), 1, "nothing was traded");
		assert_eq!(book(Party::Account(ALICE, 0)), fx("6000").0 - fx("18").0);
		let positions = Pallet::positions(ALICE, 0).expect("fresh oracle");
		assert_eq!(positions.len(), 1);
		assert!(positions[0].1.delta > fx("0.5") && positions[0].1.delta < fx("0.6"));
		assert_eq!(positions[0].1.delta, before.greeks.delta);
	});
}

#[test]
fn perpetual_longs_pay_funding_each_hour_while_traders_are_net_long() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("100000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		// Alice buys 10: the vault is short 10 of its 50 cap → 0.05% × 10/50 = 0.01% an hour.
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("10"), unlimited()));
		assert_eq!(crate::Funding::<Test>::get(ids[0]).unwrap().rate, fx("0.0001"));
		let pnl = || <Pallet as MarginEngine<AccountId>>::risk(&ALICE, 0).unwrap().unrealized_pnl;
		let at_trade = pnl();
		// 59 minutes: no hour has passed, nothing owed.
		advance_time(59 * 60 * 1000);
		set_market("60000", "0.6");
		assert_eq!(pnl(), at_trade);
		// 3 hours: 3 × 0.01% × 60,000 × 10 = 180 owed.
		advance_time(2 * 60 * 60 * 1000 + 60 * 1000);
		set_market("60000", "0.6");
		assert_eq!(pnl(), at_trade - fx("180").0);
		// Closing settles the funding to the vault through clearing.
		let vault_before = book(Party::Vault);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("-10"), any_bid()));
		System::assert_has_event(
			Event::FundingSettled {
				holder: Holder::Account(ALICE, 0),
				instrument: ids[0],
				amount: fx("180"),
			}
			.into(),
		);
		// The vault's short received the 180 (and its own close realized the spread).
		assert!(book(Party::Vault) > vault_before + fx("180").0);
		assert_eq!(book(Party::Clearing), 0);
		// Flat again: no rate.
		assert_eq!(crate::Funding::<Test>::get(ids[0]).unwrap().rate, Fixed18::ZERO);
	});
}

#[test]
fn initial_margin_rises_with_the_underlyings_open_interest() {
	build_and_execute(|| {
		let mut params = btc_params();
		// Factor 1.25 up to 300,000 of open-interest notional (5 BTC at 60,000), 2.5 from
		// 900,000 (15 BTC).
		params.oi_lower = fx("300000");
		params.oi_upper = fx("900000");
		params.oi_max_factor = fx("2.5");
		fund_vault(VAULT_CAPITAL);
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		assert_ok!(Margin::list_instrument(RuntimeOrigin::root(), BTC, InstrumentKind::Perpetual));
		fund(ALICE, 0, fx("200000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		assert_ok!(Margin::trade_with_vault(alice(), 0, 0, fx("4"), unlimited()));
		let initial = || Pallet::margin_summary(&ALICE, 0, false).unwrap().initial;
		// 10% × 60,000 × 4 × 1.25.
		assert_eq!(initial(), fx("30000"));
		assert_ok!(Margin::trade_with_vault(alice(), 0, 0, fx("6"), unlimited()));
		// Open interest 10 BTC, notional 600,000: factor 1.25 + 1.25 × (600k − 300k)/600k
		// = 1.875 on 60,000 of maintenance.
		assert_eq!(crate::UnderlyingOpenInterest::<Test>::get(BTC), fx("10"));
		assert_eq!(initial(), fx("112500"));
	});
}

#[test]
fn the_vault_takes_no_trade_its_capital_cannot_margin() {
	build_and_execute(|| {
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, btc_params()));
		assert_ok!(Margin::list_instrument(RuntimeOrigin::root(), BTC, InstrumentKind::Perpetual));
		fund(ALICE, 0, fx("100000"));
		// 1,000 of vault capital cannot carry a short perpetual (10% × 60,000 × 1.25 = 7,500).
		fund_vault(fx("1000"));
		assert_noop!(
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), 0, 0, fx("1"), unlimited()),
			Error::<Test>::VaultMarginBreached
		);
		fund_vault(fx("7000"));
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			0,
			fx("1"),
			unlimited()
		));
	});
}

#[test]
fn a_halted_market_takes_no_new_positions_but_lets_positions_shrink() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("20000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("2"), unlimited()));
		Halted::set(vec![BTC]);
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::MarketHalted
		);
		// Flipping through zero opens a short: refused too.
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[0], fx("-3"), any_bid()),
			Error::<Test>::MarketHalted
		);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("-1"), any_bid()));
		assert_eq!(Positions::<Test>::get(ALICE, 0)[0].size, fx("1"));
		Halted::set(vec![]);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
	});
}

#[test]
fn a_short_security_budget_raises_initial_margin_and_caps_new_positions() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("20000"));
		let alice = || RuntimeOrigin::signed(ALICE);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("2"), unlimited()));
		let before = Margin::margin(ALICE, 0).unwrap();
		// Restaked stake withdrawn on the relay: the budget doubles margin and caps new positions.
		SecurityFactor::set(fx("2"));
		SecurityCapped::set(true);
		let after = Margin::margin(ALICE, 0).unwrap();
		assert_eq!(after.maintenance, before.maintenance);
		assert_eq!(after.initial.0, 2 * before.initial.0);
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::SecurityCapReached
		);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("-1"), any_bid()));
		SecurityFactor::set(Fixed18::ONE);
		SecurityCapped::set(false);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
	});
}

#[test]
fn the_position_book_moves_positions_at_a_price_and_realizes_the_sellers_pnl() {
	use ballast_primitives::traits::PositionBook;
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("20000"));
		fund(BOB, 0, fx("20000"));
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("2"),
			unlimited()
		));
		set_market("54000", "0.6");
		let exposures = Margin::exposures(&Holder::Account(ALICE, 0)).expect("fresh prices");
		assert_eq!(exposures.len(), 1);
		assert_eq!((exposures[0].size, exposures[0].mark), (fx("2").0, fx("54000").0));
		// Bought at 60,062.4 each: 2 × (54,000 − 60,062.4) unrealized.
		assert_eq!(exposures[0].pnl, fx("-12124.8").0);
		assert_eq!(exposures[0].delta, fx("2").0);
		// Only what Alice holds, on her side.
		let to_bob = |size: &str| {
			let (alice, bob) = (Holder::Account(ALICE, 0), Holder::Account(BOB, 0));
			Margin::transfer(&alice, &bob, ids[0], fx(size).0, fx("54000").0)
		};
		assert_noop!(to_bob("3"), Error::<Test>::NoPosition);
		assert_noop!(to_bob("-1"), Error::<Test>::NoPosition);
		assert_ok!(Margin::transfer(
			&Holder::Account(ALICE, 0),
			&Holder::Account(BOB, 0),
			ids[0],
			fx("1").0,
			fx("53000").0
		));
		assert_eq!(Positions::<Test>::get(ALICE, 0)[0].size, fx("1"));
		assert_eq!(Positions::<Test>::get(BOB, 0)[0].cost, fx("53000"));
		System::assert_has_event(
			Event::Realized {
				holder: Holder::Account(ALICE, 0),
				instrument: ids[0],
				pnl: fx("-7062.4"),
			}
			.into(),
		);
		let (holders, next) = Margin::holders(None, 10);
		// Subaccounts only: the vault is no account, never scanned for liquidation.
		assert_eq!(holders.len(), 2, "Alice and Bob: {holders:?}");
		assert!(next.is_none());
		assert!(!crate::VaultPositions::<Test>::get().is_empty());
		let (first, next) = Margin::holders(None, 1);
		let (rest, _) = Margin::holders(next, 1);
		assert_eq!(first.len() + rest.len(), 2);
		assert!(rest.iter().all(|h| !first.contains(h)));
	});
}

#[test]
fn new_risk_counts_unrealized_profit_only_after_the_haircut_and_never_stale_collateral() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		let alice = || RuntimeOrigin::signed(ALICE);
		fund(ALICE, 0, fx("10000"));
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
		// BTC +10,000: about 9,900 of paper profit on her long.
		set_market("70000", "0.6");
		let risk = || <Pallet as MarginEngine<AccountId>>::risk(&ALICE, 0).unwrap();
		assert!(risk().unrealized_pnl > fx("9800").0);
		// Two contracts at 70,000 need 2 × 10% × 70,000 × 1.25 = 17,500 of initial margin:
		// with the profit counted in full she has ~19,900, with half of it ~14,950.
		assert!(risk().initial_equity() > fx("17500").0);
		set_profit_haircut(fx("0.5"));
		let r = risk();
		assert_eq!(r.initial_equity(), r.collateral + r.unrealized_pnl / 2);
		assert!(r.initial_equity() < fx("17500").0 && r.equity() > fx("17500").0);
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::InitialMarginBreached
		);
		set_profit_haircut(Fixed18::ZERO);
		// A collateral asset without a fresh price: her equity is unknown, so no new risk.
		set_collateral_stale(ALICE, 0, true);
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()),
			Error::<Test>::StaleCollateral
		);
		set_collateral_stale(ALICE, 0, false);
		assert_ok!(Margin::trade_with_vault(alice(), 0, ids[0], fx("1"), unlimited()));
	});
}

#[test]
fn extreme_sizes_prices_and_subaccounts_are_refused_at_entry_with_typed_errors() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30)]);
		fund(ALICE, 0, fx("100000"));
		let trade = |sub: u16, size: Fixed18, limit: Fixed18| {
			Margin::trade_with_vault(RuntimeOrigin::signed(ALICE), sub, ids[0], size, limit)
		};
		// i128::MIN has no absolute value; a wrapping `abs` would have made it i128::MIN again.
		assert_noop!(trade(0, Fixed18(i128::MIN), unlimited()), Error::<Test>::SizeTooLarge);
		assert_noop!(trade(0, Fixed18(i128::MAX), unlimited()), Error::<Test>::SizeTooLarge);
		assert_noop!(
			trade(0, fx("1000.000000000000000001"), unlimited()),
			Error::<Test>::SizeTooLarge
		);
		// A limit must be a price: positive and at most MAX_PRICE.
		for limit in [Fixed18::ZERO, fx("-1"), Fixed18(i128::MIN), Fixed18(crate::MAX_PRICE.0 + 1)]
		{
			assert_noop!(trade(0, fx("1"), limit), Error::<Test>::InvalidPrice);
		}
		// Subaccounts 16.. are not the ledger's: no position may open there.
		assert_noop!(trade(16, fx("1"), unlimited()), Error::<Test>::InvalidSubaccount);
		assert_noop!(trade(u16::MAX, fx("-1"), fx("1")), Error::<Test>::InvalidSubaccount);
		assert_noop!(
			Margin::set_margin_method(RuntimeOrigin::signed(ALICE), 16, MarginMethod::Portfolio),
			Error::<Test>::InvalidSubaccount
		);
		// The liquidation pallet's transfers obey the same rule.
		assert_ok!(trade(0, fx("1"), unlimited()));
		use ballast_primitives::traits::PositionBook;
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(
				&Holder::Account(ALICE, 0),
				&Holder::Account(BOB, 16),
				ids[0],
				fx("1").0,
				1
			),
			Error::<Test>::InvalidSubaccount
		);
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(
				&Holder::Account(ALICE, 0),
				&Holder::Account(BOB, 0),
				ids[0],
				fx("1").0,
				-1
			),
			Error::<Test>::InvalidPrice
		);
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(
				&Holder::Account(ALICE, 0),
				&Holder::Account(BOB, 0),
				ids[0],
				i128::MIN,
				1
			),
			Error::<Test>::NoPosition
		);
	});
}

#[test]
fn bad_size_and_band_parameters_are_refused_and_any_change_drops_the_cached_risk() {
	build_and_execute(|| {
		let ids = list(&[call("60000", 30)]);
		fund(ALICE, 0, fx("100000"));
		for (max_size, band) in [
			(Fixed18::ZERO, fx("0.05")),
			(Fixed18(crate::MAX_SIZE.0 + 1), fx("0.05")),
			(fx("-1"), fx("0.05")),
			(fx("1000"), Fixed18::ZERO),
			(fx("1000"), fx("1.000000000000000001")),
		] {
			let mut bad = btc_params();
			(bad.max_size, bad.price_band) = (max_size, band);
			assert_noop!(
				Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
				Error::<Test>::InvalidParams
			);
		}
		// A trade caches the call's scenario vector under the 0% rate.
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("1"),
			unlimited()
		));
		let before = RiskCache::<Test>::get(ids[0]).expect("cached by the trade");
		let summary = Pallet::margin_summary(&ALICE, 0, false).expect("valued");
		// The council sets a 5% rate: same oracle values, so only dropping the cache can
		// make the next valuation use it.
		let mut params = btc_params();
		params.rate = fx("0.05");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		assert!(RiskCache::<Test>::get(ids[0]).is_none());
		let after = Pallet::margin_summary(&ALICE, 0, true).expect("valued");
		let recached = RiskCache::<Test>::get(ids[0]).expect("cached again");
		assert_eq!(recached.key, before.key);
		// A higher rate raises a call's value: the long call's unrealized PnL rises.
		assert!(recached.mark.price > before.mark.price);
		assert!(after.unrealized_pnl > summary.unrealized_pnl);
	});
}

#[test]
fn a_transfer_never_takes_a_recipient_beyond_max_size() {
	build_and_execute(|| {
		use crate::Position;
		use ballast_primitives::traits::PositionBook;
		let ids = list(&[InstrumentKind::Perpetual]);
		fund(ALICE, 0, fx("100000"));
		assert_ok!(Margin::trade_with_vault(
			RuntimeOrigin::signed(ALICE),
			0,
			ids[0],
			fx("1"),
			unlimited()
		));
		// Bob already holds MAX_SIZE (a liquidator that bought lot after lot): one more
		// contract would leave the range every product is proven to fit in.
		let max = crate::MAX_SIZE;
		let bob =
			Position { instrument: ids[0], size: max, cost: Fixed18::ZERO, funding: Fixed18::ZERO };
		let alice = Holder::Account(ALICE, 0);
		Positions::<Test>::insert(BOB, 0, frame_support::BoundedVec::truncate_from(vec![bob]));
		assert_noop!(
			<Pallet as PositionBook<AccountId>>::transfer(
				&alice,
				&Holder::Account(BOB, 0),
				ids[0],
				fx("1").0,
				fx("60000").0
			),
			Error::<Test>::PositionTooLarge
		);
		Positions::<Test>::remove(BOB, 0);
		// To the vault (bounded by its caps instead) it goes.
		assert_ok!(<Pallet as PositionBook<AccountId>>::transfer(
			&alice,
			&Holder::Vault,
			ids[0],
			fx("1").0,
			fx("60000").0
		));
	});
}

#[test]
fn below_initial_margin_a_trader_and_the_vault_may_reduce_never_add() {
	build_and_execute(|| {
		let ids = list(&[InstrumentKind::Perpetual]);
		let trade = |who: AccountId, size: &str| {
			let limit = if size.starts_with('-') { any_bid() } else { unlimited() };
			Margin::trade_with_vault(RuntimeOrigin::signed(who), 0, ids[0], fx(size), limit)
		};
		// Alice: long 2 with 18,000, bought at 60,062.4 (the vault's spread) for 36 of fee.
		// At 57,000 she has lost 6,124.8: equity 11,839.2, under the 14,250 of initial
		// margin (2 × 57,000 × 10% × 1.25), above the 11,400 of maintenance.
		fund(ALICE, 0, fx("18000"));
		assert_ok!(trade(ALICE, "2"));
		set_market("57000", "0.6");
		let before = Margin::margin(ALICE, 0).unwrap();
		assert_eq!(before.equity, fx("11839.2"));
		// More risk is refused; taking some off is not, however small.
		assert_noop!(trade(ALICE, "0.1"), Error::<Test>::InitialMarginBreached);
		assert_ok!(trade(ALICE, "-0.01"));
		assert_ok!(trade(ALICE, "-0.5"));
		assert_eq!(size_of(ALICE, ids[0]), fx("1.49"));
		// The vault, short 1.49, loses its capital: below its initial margin it still takes
		// every trade that shrinks its short, and none that grows it.
		fund_vault(Fixed18(-book(Party::Vault)));
		fund_vault(fx("1000"));
		fund(BOB, 0, fx("100000"));
		assert_noop!(trade(BOB, "0.1"), Error::<Test>::VaultMarginBreached);
		assert_ok!(trade(BOB, "-0.5"));
		assert_ok!(trade(ALICE, "-0.49"));
	});
}
