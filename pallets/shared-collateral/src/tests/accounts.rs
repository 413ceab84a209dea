//! Collateral accounts: governance of assets, deposits, valuation, withdrawals, subaccounts.

use super::*;

mod governance {
	use super::*;

	#[test]
	fn only_the_risk_origin_registers_and_updates_assets() {
		build_and_execute(|| {
			assert_noop!(
				SharedCollateral::register_asset(
					RuntimeOrigin::signed(ALICE),
					USDC,
					config(1, 6, 0)
				),
				DispatchError::BadOrigin
			);
			assert_ok!(SharedCollateral::register_asset(
				RuntimeOrigin::root(),
				USDC,
				config(1, 6, 0)
			));
			System::assert_last_event(
				Event::AssetRegistered { asset: USDC, config: config(1, 6, 0) }.into(),
			);
			assert_noop!(
				SharedCollateral::update_asset(RuntimeOrigin::signed(ALICE), USDC, config(1, 6, 5)),
				DispatchError::BadOrigin
			);
			assert_ok!(SharedCollateral::update_asset(
				RuntimeOrigin::root(),
				USDC,
				config(1, 6, 5)
			));
			assert_eq!(crate::CollateralAssets::<Test>::get(USDC), Some(config(1, 6, 5)));
		});
	}

	#[test]
	fn bad_parameters_are_typed_errors() {
		build_and_execute(|| {
			let mut c = config(1, 6, 0);
			c.haircut = Perbill::one();
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), USDC, c),
				Error::<Test>::InvalidHaircut
			);
			let mut c = config(1, 6, 0);
			c.account_cap = 0;
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), USDC, c),
				Error::<Test>::ZeroCap
			);
			let mut c = config(1, 6, 0);
			c.concentration_cap = Perbill::zero();
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), USDC, c),
				Error::<Test>::ZeroCap
			);
			assert_noop!(
				SharedCollateral::register_asset(
					RuntimeOrigin::root(),
					NativeOrWithId::WithId(99),
					config(9, 6, 0)
				),
				Error::<Test>::UnknownAsset
			);
			assert_noop!(
				SharedCollateral::update_asset(RuntimeOrigin::root(), WETH, config(2, 18, 0)),
				Error::<Test>::UnknownCollateral
			);
			register_all();
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), USDC, config(1, 6, 0)),
				Error::<Test>::AssetAlreadyRegistered
			);
		});
	}

	#[test]
	fn an_asset_counts_only_in_the_decimals_its_issuer_declared() {
		build_and_execute(|| {
			// WETH has 18 decimals: registered with 6, each wei would count as a whole
			// micro-unit, 10¹² times its value (1,000 WETH worth 2.5 × 10¹⁸ USDC).
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), WETH, config(2, 6, 10)),
				Error::<Test>::DecimalsMismatch
			);
			// The native token's 12, from the runtime; USDC's 6, from its metadata.
			assert_noop!(
				SharedCollateral::register_asset(RuntimeOrigin::root(), BLST, config(3, 18, 20)),
				Error::<Test>::DecimalsMismatch
			);
			register_all();
			// An update cannot bring the mistake in later either.
			assert_noop!(
				SharedCollateral::update_asset(RuntimeOrigin::root(), USDC, config(1, 18, 0)),
				Error::<Test>::DecimalsMismatch
			);
			// Nor can the issuer, by changing its metadata later, hold up the council's
			// changes: an update keeps the decimals checked at registration.
			let name = b"WETH".to_vec();
			assert_ok!(Assets::force_set_metadata(
				RuntimeOrigin::root(),
				2,
				name.clone(),
				name,
				6,
				false
			));
			assert_ok!(SharedCollateral::update_asset(
				RuntimeOrigin::root(),
				WETH,
				config(2, 18, 5)
			));
			assert_noop!(
				SharedCollateral::update_asset(RuntimeOrigin::root(), WETH, config(2, 6, 5)),
				Error::<Test>::DecimalsMismatch
			);
			// A token whose issuer declared nothing is not taken on trust.
			assert_ok!(Assets::force_create(RuntimeOrigin::root(), 7, ALICE, true, 1));
			assert_noop!(
				SharedCollateral::register_asset(
					RuntimeOrigin::root(),
					NativeOrWithId::WithId(7),
					config(7, 0, 0)
				),
				Error::<Test>::DecimalsMismatch
			);
		});
	}

	use frame_support::traits::fungible::NativeOrWithId;
}

mod deposits {
	use super::*;

	#[test]
	fn a_deposit_moves_the_tokens_into_the_pool_and_credits_the_subaccount() {
		build_and_execute(|| {
			register_all();
			let pool = Collateral::pool_account();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(2_500)
			));
			assert_eq!(balance(USDC, ALICE), usdc(1_000_000 - 2_500));
			assert_eq!(balance(USDC, pool), usdc(2_500));
			assert_eq!(Deposits::<Test>::get((ALICE, 0), USDC), usdc(2_500));
			assert_eq!(TotalDeposits::<Test>::get(USDC), usdc(2_500));
			assert!(crate::Subaccounts::<Test>::contains_key(ALICE, 0));
			System::assert_last_event(
				Event::Deposited { who: ALICE, sub: 0, asset: USDC, amount: usdc(2_500) }.into(),
			);
		});
	}

	#[test]
	fn bad_deposits_are_typed_errors_and_change_nothing() {
		build_and_execute(|| {
			register_all();
			let origin = || RuntimeOrigin::signed(ALICE);
			assert_noop!(
				SharedCollateral::deposit(origin(), 0, USDC, 0),
				Error::<Test>::ZeroAmount
			);
			assert_noop!(
				SharedCollateral::deposit(origin(), 9, USDC, 1),
				Error::<Test>::InvalidSubaccount
			);
			// Subaccount 1 must be opened first.
			assert_noop!(
				SharedCollateral::deposit(origin(), 1, USDC, 1),
				Error::<Test>::InvalidSubaccount
			);
			// More than Alice has: the token's own error.
			assert!(SharedCollateral::deposit(origin(), 0, USDC, usdc(2_000_000)).is_err());
			let mut c = config(1, 6, 0);
			c.deposits_enabled = false;
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), USDC, c));
			assert_noop!(
				SharedCollateral::deposit(origin(), 0, USDC, 1),
				Error::<Test>::DepositsDisabled
			);
			let mut c = config(1, 6, 0);
			c.account_cap = usdc(1_000);
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), USDC, c));
			assert_ok!(SharedCollateral::deposit(origin(), 0, USDC, usdc(600)));
			assert_noop!(
				SharedCollateral::deposit(origin(), 0, USDC, usdc(401)),
				Error::<Test>::AccountCapExceeded
			);
		});
	}

	#[test]
	fn a_deposit_past_the_concentration_cap_fails() {
		build_and_execute(|| {
			register_all();
			// WETH may be at most half of the pool's value.
			let mut c = config(2, 18, 10);
			c.concentration_cap = Perbill::from_percent(50);
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), WETH, c));
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(BOB),
				0,
				USDC,
				usdc(10_000)
			));
			// 4 WETH = 10,000: exactly half of a 20,000 pool.
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, 4 * E18));
			assert_noop!(
				SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18 / 1000),
				Error::<Test>::ConcentrationCapExceeded
			);
			// Without a fresh WETH price the share cannot be judged.
			advance_time(60_001);
			set_price(1, E18);
			assert_noop!(
				SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, 1),
				Error::<Test>::StalePrice
			);
		});
	}
}

mod valuation {
	use super::*;

	#[test]
	fn collateral_value_is_amount_times_price_times_one_minus_haircut() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, 2 * E18));
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				BLST,
				100 * 10u128.pow(12)
			));
			// 1,000 × 1.00 + 2 × 2,500 × 0.9 + 100 × 2.00 × 0.8 = 1,000 + 4,500 + 160.
			assert_eq!(Collateral::collateral_value(&ALICE, 0), 5_660 * E18);
			let mut lines = Collateral::collateral_lines(&ALICE, 0);
			lines.sort_by_key(|l| l.value);
			assert_eq!(
				lines[2],
				CollateralLine {
					asset: WETH,
					amount: 2 * E18,
					price: Some(2_500 * E18),
					haircut: Perbill::from_percent(10),
					value: 4_500 * E18
				}
			);
		});
	}

	#[test]
	fn view_functions_report_the_breakdown_and_the_pool() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(BOB), 0, USDC, usdc(500)));
			assert_eq!(Collateral::collateral_total(ALICE, 0), 1_000 * E18);
			assert_eq!(Collateral::collateral(ALICE, 0).len(), 1);
			let pool = Collateral::pool();
			assert_eq!(pool.len(), 3);
			let usdc_line = pool.iter().find(|(a, _, _)| *a == USDC).unwrap();
			assert_eq!(usdc_line.2, usdc(1_500));
		});
	}

	#[test]
	fn a_stale_or_missing_price_values_the_asset_at_zero() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
			advance_time(60_001);
			set_price(1, E18); // USDC refreshed, WETH not
			assert_eq!(Collateral::collateral_value(&ALICE, 0), 1_000 * E18);
		});
	}
}

mod withdrawals {
	use super::*;

	#[test]
	fn a_withdrawal_returns_the_tokens() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(400)
			));
			assert_eq!(balance(USDC, ALICE), usdc(1_000_000 - 600));
			assert_eq!(Deposits::<Test>::get((ALICE, 0), USDC), usdc(600));
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(600)
			));
			assert!(
				!Deposits::<Test>::contains_key((ALICE, 0), USDC),
				"emptied balances are removed"
			);
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, 1),
				Error::<Test>::InsufficientCollateral
			);
		});
	}

	#[test]
	fn a_stale_price_blocks_the_withdrawal_of_that_asset() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
			advance_time(60_001);
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, WETH, 1),
				Error::<Test>::StalePrice
			);
			set_price(2, 2_500 * E18);
			assert_ok!(SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, WETH, 1));
		});
	}

	#[test]
	fn a_withdrawal_that_breaches_initial_margin_fails() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			set_margin(700 * E18, 0);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(300)
			));
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, 1),
				Error::<Test>::InitialMarginBreached
			);
			let mut c = config(1, 6, 0);
			c.withdrawals_enabled = false;
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), USDC, c));
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, 1),
				Error::<Test>::WithdrawalsDisabled
			);
		});
	}

	#[test]
	fn a_tripped_circuit_breaker_limits_withdrawals_of_accounts_with_positions() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			set_margin(400 * E18, 0);
			// A market halted: withdrawals must leave 2 × the initial margin (800).
			WithdrawalFactor::set(ballast_primitives::fixed::Fixed18(2 * E18 as i128));
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(201)),
				Error::<Test>::InitialMarginBreached
			);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(200)
			));
			// Without positions nothing is limited.
			set_margin(0, 0);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(800)
			));
		});
	}

	#[test]
	fn a_stale_collateral_price_is_unknown_margin_not_zero_collateral() {
		use ballast_primitives::traits::CollateralLedger;
		build_and_execute(|| {
			register_all();
			let deposit = |asset, amount| {
				SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, asset, amount)
			};
			assert_ok!(deposit(USDC, usdc(1_000)));
			// 1 WETH at 2,500 with a 10% haircut counts 2,250.
			assert_ok!(deposit(WETH, E18));
			set_margin(400 * E18, 0);
			// WETH's feed goes stale while USDC's is fresh.
			advance_time(120_000);
			set_price(1, E18);
			// Her margin cannot be known: no withdrawal, not even of fresh USDC, typed.
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(1)),
				Error::<Test>::StaleCollateral
			);
			assert_eq!(
				<SharedCollateral as CollateralLedger<_>>::net_collateral(&ALICE, 0),
				Err(ballast_primitives::risk::Unvalued::StaleCollateral)
			);
			// Without positions or debt nothing is at risk: USDC can leave.
			set_margin(0, 0);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			// Fresh again: 2,250 of WETH counts.
			set_price(2, 2_500 * E18);
			assert_eq!(
				<SharedCollateral as CollateralLedger<_>>::net_collateral(&ALICE, 0),
				Ok((2_250 * E18) as i128)
			);
		});
	}

	#[test]
	fn unrealized_profit_backs_withdrawals_only_after_its_haircut() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			// Requirement 1,000; a paper profit of 1,000 of which 50% counts.
			assert_ok!(SharedCollateral::set_unrealized_profit_haircut(
				RuntimeOrigin::root(),
				Perbill::from_percent(50)
			));
			set_margin(1_000 * E18, 1_000 * E18 as i128);
			// 500 left + 500 counted profit = 1,000: allowed; one more unit is not.
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(500)
			));
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, 1),
				Error::<Test>::InitialMarginBreached
			);
			// A loss counts in full.
			set_margin(0, -(400 * E18 as i128));
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(100)
			));
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(1)),
				Error::<Test>::InitialMarginBreached
			);
		});
	}
}

mod subaccounts {
	use super::*;

	#[test]
	fn collateral_moves_between_own_subaccounts_under_the_same_checks() {
		build_and_execute(|| {
			register_all();
			assert_ok!(SharedCollateral::open_subaccount(RuntimeOrigin::signed(ALICE), 1));
			assert_noop!(
				SharedCollateral::open_subaccount(RuntimeOrigin::signed(ALICE), 1),
				Error::<Test>::SubaccountExists
			);
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(ALICE),
				0,
				USDC,
				usdc(1_000)
			));
			assert_ok!(SharedCollateral::transfer(
				RuntimeOrigin::signed(ALICE),
				0,
				1,
				USDC,
				usdc(250)
			));
			assert_eq!(Deposits::<Test>::get((ALICE, 0), USDC), usdc(750));
			assert_eq!(Deposits::<Test>::get((ALICE, 1), USDC), usdc(250));
			assert_eq!(
				TotalDeposits::<Test>::get(USDC),
				usdc(1_000),
				"the pool total does not change"
			);
			assert_noop!(
				SharedCollateral::transfer(RuntimeOrigin::signed(ALICE), 0, 0, USDC, 1),
				Error::<Test>::SameSubaccount
			);
			assert_noop!(
				SharedCollateral::transfer(RuntimeOrigin::signed(ALICE), 0, 2, USDC, 1),
				Error::<Test>::InvalidSubaccount
			);
			assert_noop!(
				SharedCollateral::transfer(RuntimeOrigin::signed(ALICE), 0, 1, USDC, 0),
				Error::<Test>::ZeroAmount
			);
			assert_noop!(
				SharedCollateral::transfer(RuntimeOrigin::signed(ALICE), 0, 1, USDC, usdc(751)),
				Error::<Test>::InsufficientCollateral
			);
			set_margin(700 * E18, 0);
			assert_noop!(
				SharedCollateral::transfer(RuntimeOrigin::signed(ALICE), 0, 1, USDC, usdc(51)),
				Error::<Test>::InitialMarginBreached
			);
			// Bob cannot touch Alice's subaccounts: his own are empty.
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(BOB), 0, USDC, 1),
				Error::<Test>::InsufficientCollateral
			);
		});
	}
}

mod caps {
	use super::*;
	use ballast_primitives::traits::{CollateralLedger, Party};

	#[test]
	fn the_account_cap_holds_per_owner_over_all_its_subaccounts() {
		build_and_execute(|| {
			register_all();
			let mut c = config(1, 6, 0);
			c.account_cap = usdc(1_000);
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), USDC, c));
			let alice = || RuntimeOrigin::signed(ALICE);
			assert_ok!(SharedCollateral::deposit(alice(), 0, USDC, usdc(600)));
			assert_ok!(SharedCollateral::open_subaccount(alice(), 1));
			// 600 + 401 over two subaccounts is past the cap of 1,000, as in one.
			assert_noop!(
				SharedCollateral::deposit(alice(), 1, USDC, usdc(401)),
				Error::<Test>::AccountCapExceeded
			);
			assert_ok!(SharedCollateral::deposit(alice(), 1, USDC, usdc(400)));
			assert_eq!(crate::OwnerDeposits::<Test>::get(ALICE, USDC), usdc(1_000));
			// Moving between one's own subaccounts changes nothing the cap counts.
			assert_ok!(SharedCollateral::transfer(alice(), 0, 1, USDC, usdc(300)));
			assert_eq!(crate::OwnerDeposits::<Test>::get(ALICE, USDC), usdc(1_000));
			assert_eq!(Deposits::<Test>::get((ALICE, 1), USDC), usdc(700));
			// Another owner has a cap of its own.
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(BOB), 0, USDC, usdc(1_000)));
			// Taken out, the room is back.
			assert_ok!(SharedCollateral::withdraw(alice(), 1, USDC, usdc(100)));
			assert_ok!(SharedCollateral::deposit(alice(), 0, USDC, usdc(100)));
		});
	}

	#[test]
	fn a_withdrawal_may_not_push_another_asset_past_its_concentration_cap() {
		build_and_execute(|| {
			register_all();
			let mut c = config(2, 18, 10);
			c.concentration_cap = Perbill::from_percent(50);
			assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), WETH, c));
			assert_ok!(SharedCollateral::deposit(
				RuntimeOrigin::signed(BOB),
				0,
				USDC,
				usdc(10_000)
			));
			// 4 WETH = 10,000: exactly half of a 20,000 pool.
			assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, 4 * E18));
			// Bob taking out one unit would leave WETH at 10,000 of 19,999.999999.
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(BOB), 0, USDC, 1),
				Error::<Test>::ConcentrationCapExceeded
			);
			// WETH itself may always leave: its share only falls.
			assert_ok!(SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
			// 7,500 of 17,500: Bob may take out up to 2,500 (7,500 of 15,000).
			assert_noop!(
				SharedCollateral::withdraw(RuntimeOrigin::signed(BOB), 0, USDC, usdc(2_500) + 1),
				Error::<Test>::ConcentrationCapExceeded
			);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(BOB),
				0,
				USDC,
				usdc(2_500)
			));
			// WETH rises to 3,000 (9,000 of 16,500, above its cap by price): nothing crosses
			// the cap any more, so a withdrawal is not trapped.
			set_price(2, 3_000 * E18);
			assert_ok!(SharedCollateral::withdraw(
				RuntimeOrigin::signed(BOB),
				0,
				USDC,
				usdc(1_000)
			));
		});
	}

	#[test]
	fn quote_moved_into_a_subaccount_with_debt_repays_the_debt_first() {
		build_and_execute(|| {
			register_all();
			let alice = || RuntimeOrigin::signed(ALICE);
			assert_ok!(SharedCollateral::deposit(alice(), 0, USDC, usdc(1_000)));
			assert_ok!(SharedCollateral::open_subaccount(alice(), 1));
			// Subaccount 1 realizes a loss of 100 with no quote: it owes 100.
			assert_ok!(SharedCollateral::pay(&Party::Account(ALICE, 1), &Party::Vault, 100 * E18));
			assert_eq!(crate::Debts::<Test>::get((ALICE, 1)), usdc(100));
			assert_ok!(SharedCollateral::transfer(alice(), 0, 1, USDC, usdc(150)));
			// 100 repaid, 50 held: a subaccount with debt never holds quote.
			assert_eq!(crate::Debts::<Test>::get((ALICE, 1)), 0);
			assert_eq!(Deposits::<Test>::get((ALICE, 1), USDC), usdc(50));
			assert_eq!(Deposits::<Test>::get((ALICE, 0), USDC), usdc(850));
			assert_eq!(TotalDeposits::<Test>::get(USDC), usdc(900));
			assert_eq!(crate::OwnerDeposits::<Test>::get(ALICE, USDC), usdc(900));
		});
	}
}
