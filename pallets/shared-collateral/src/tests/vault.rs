//! The LP vault: shares, share price following the vault's PnL, notice-period withdrawals that
//! pause while the vault is below margin.

use super::*;
use crate::{PendingWithdrawal, Vault, VaultShares, VaultWithdrawals};
use ballast_primitives::traits::{CollateralLedger, Party};

type Ledger = crate::Pallet<Test>;

/// Bob provides 1,000 USDC (1e9 shares); Alice loses 100 USDC of realized PnL to the vault.
fn vault_with_profit() {
	register_all();
	assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1_000)));
	assert_eq!(VaultShares::<Test>::get(BOB), 1_000_000_000);
	assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(1_000)));
	assert_ok!(Ledger::pay(&Party::Account(ALICE, 0), &Party::Vault, 100 * E18));
}

#[test]
fn shares_are_minted_at_the_share_price_which_moves_with_the_vaults_pnl() {
	build_and_execute(|| {
		vault_with_profit();
		let status = Collateral::vault_status();
		assert_eq!(status.balance, usdc(1_100));
		assert_eq!(status.equity, Some(1_100 * E18 as i128));
		// One virtual share and unit: 1.1 less 10⁻¹⁰.
		assert_eq!(status.share_price, Some(1_099_999_999_900_000_000));
		// Eve pays 1,100 for the same stake Bob paid 1,000 for.
		let eve_before = balance(USDC, EVE);
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(1_100)));
		System::assert_last_event(
			Event::VaultDeposited { who: EVE, amount: usdc(1_100), shares: 1_000_000_000 }.into(),
		);
		assert_eq!(balance(USDC, EVE), eve_before - usdc(1_100));
		// The vault's open positions lose 220: every share loses 10%.
		set_vault_margin(0, -220 * E18 as i128);
		assert_eq!(Collateral::provider_position(&BOB).value, Some(usdc(990)));
		assert_eq!(Collateral::provider_position(&EVE).value, Some(usdc(990)));
		assert_eq!(Collateral::vault_status().equity, Some(1_980 * E18 as i128));
	});
}

#[test]
fn a_withdrawal_waits_the_notice_period_and_redeems_at_the_price_of_that_day() {
	build_and_execute(|| {
		vault_with_profit();
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(1_100)));
		assert_ok!(SharedCollateral::vault_request_withdrawal(
			RuntimeOrigin::signed(BOB),
			1_000_000_000
		));
		let pending = PendingWithdrawal {
			shares: 1_000_000_000,
			unlocks_at: 1 + NOTICE,
			lapses_at: 1 + NOTICE + WINDOW,
		};
		assert_eq!(VaultWithdrawals::<Test>::get(BOB), Some(pending));
		assert_eq!(VaultShares::<Test>::get(BOB), 0);
		System::set_block_number(NOTICE);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::NoticePeriodNotOver
		);
		// Pending shares keep their exposure: the loss during the notice is Bob's too.
		set_vault_margin(0, -220 * E18 as i128);
		System::set_block_number(1 + NOTICE);
		let before = balance(USDC, BOB);
		assert_ok!(SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)));
		System::assert_last_event(
			Event::VaultWithdrawn { who: BOB, shares: 1_000_000_000, amount: usdc(990) }.into(),
		);
		assert_eq!(balance(USDC, BOB), before + usdc(990));
		assert_eq!(VaultWithdrawals::<Test>::get(BOB), None);
		assert_eq!(Vault::<Test>::get().shares, 1_000_000_000);
		assert_eq!(Vault::<Test>::get().balance, usdc(2_200 - 990));
	});
}

#[test]
fn withdrawals_pause_while_the_vault_is_below_its_initial_margin() {
	build_and_execute(|| {
		vault_with_profit();
		assert_ok!(SharedCollateral::vault_request_withdrawal(
			RuntimeOrigin::signed(BOB),
			500_000_000
		));
		System::set_block_number(1 + NOTICE);
		// Paying out 550 would leave 550 against a requirement of 600.
		set_vault_margin(600 * E18, 0);
		assert!(!Collateral::vault_status().withdrawals_paused);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultBelowMargin
		);
		set_vault_margin(1_200 * E18, 0);
		assert!(Collateral::vault_status().withdrawals_paused);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultBelowMargin
		);
		set_vault_margin(500 * E18, 0);
		assert_ok!(SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)));
	});
}

#[test]
fn the_vault_redeems_only_quote_it_really_holds() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1_000)));
		// Alice's 500 loss is owed, not paid: the vault's books say 1,500, the pool holds 1,000.
		// Her WETH backs the debt, so it lowers no share price; it is only not in the pool.
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
		assert_ok!(Ledger::pay(&Party::Account(ALICE, 0), &Party::Vault, 500 * E18));
		assert_eq!(Collateral::debt_at_risk(), 0);
		assert_ok!(SharedCollateral::vault_request_withdrawal(
			RuntimeOrigin::signed(BOB),
			1_000_000_000
		));
		System::set_block_number(1 + NOTICE);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultIlliquid
		);
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(500)));
		let before = balance(USDC, BOB);
		assert_ok!(SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)));
		// All shares but the virtual one: 1,500 less one unit of rounding, kept by the vault.
		assert_eq!(balance(USDC, BOB), before + usdc(1_500) - 1);
	});
}

#[test]
fn an_insolvent_vault_takes_no_deposits_and_redeems_nothing() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1_000)));
		assert_ok!(SharedCollateral::vault_request_withdrawal(
			RuntimeOrigin::signed(BOB),
			1_000_000_000
		));
		System::set_block_number(1 + NOTICE);
		set_vault_margin(0, -1_000 * E18 as i128);
		assert_eq!(Collateral::vault_status().share_price, Some(0));
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(10)),
			Error::<Test>::VaultInsolvent
		);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultInsolvent
		);
	});
}

#[test]
fn bad_vault_calls_are_typed_errors_and_change_nothing() {
	build_and_execute(|| {
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(10)),
			Error::<Test>::QuoteNotRegistered
		);
		register_all();
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1) - 1),
			Error::<Test>::VaultDepositTooSmall
		);
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(10_000_000)),
			sp_runtime::ArithmeticError::Underflow
		);
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(10)));
		assert_noop!(
			SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), usdc(10) + 1),
			Error::<Test>::InsufficientShares
		);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::NoPendingWithdrawal
		);
		assert_noop!(
			SharedCollateral::vault_cancel_withdrawal(RuntimeOrigin::signed(BOB)),
			Error::<Test>::NoPendingWithdrawal
		);
		assert_ok!(SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), 4));
		assert_noop!(
			SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::WithdrawalPending
		);
		// Cancelling gives the shares back.
		assert_ok!(SharedCollateral::vault_cancel_withdrawal(RuntimeOrigin::signed(BOB)));
		assert_eq!(VaultShares::<Test>::get(BOB), usdc(10));
	});
}

#[test]
fn view_functions_report_the_vault_a_providers_stake_and_the_insurance_fund() {
	build_and_execute(|| {
		vault_with_profit();
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(42)));
		assert_eq!(Collateral::insurance_fund(), usdc(42));
		let status = Collateral::vault();
		assert_eq!((status.shares, status.balance), (1_000_000_000, usdc(1_100)));
		assert_ok!(SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), 400));
		let position = Collateral::vault_position(BOB);
		assert_eq!(position.shares, 1_000_000_000 - 400);
		assert_eq!(
			position.pending,
			Some(PendingWithdrawal {
				shares: 400,
				unlocks_at: 1 + NOTICE,
				lapses_at: 1 + NOTICE + WINDOW
			})
		);
		// Pending shares count in the value: all of Bob's stake, less one unit of rounding.
		assert_eq!(position.value, Some(usdc(1_100) - 1));
		assert_eq!(Collateral::vault_position(ALICE).value, Some(0));
	});
}

#[test]
fn an_unlocked_withdrawal_lapses_after_its_window_and_may_be_asked_for_again() {
	build_and_execute(|| {
		vault_with_profit();
		let bob = || RuntimeOrigin::signed(BOB);
		assert_ok!(SharedCollateral::vault_request_withdrawal(bob(), 600_000_000));
		// Unlocked at 1 + NOTICE, redeemable until (not at) 1 + NOTICE + WINDOW.
		System::set_block_number(1 + NOTICE + WINDOW);
		assert_noop!(SharedCollateral::vault_withdraw(bob()), Error::<Test>::WithdrawalLapsed);
		// Asking again replaces the lapsed request: its shares come back first, the notice
		// starts over.
		assert_ok!(SharedCollateral::vault_request_withdrawal(bob(), 1_000_000_000));
		let now = 1 + NOTICE + WINDOW;
		assert_eq!(
			VaultWithdrawals::<Test>::get(BOB),
			Some(PendingWithdrawal {
				shares: 1_000_000_000,
				unlocks_at: now + NOTICE,
				lapses_at: now + NOTICE + WINDOW
			})
		);
		assert_eq!(VaultShares::<Test>::get(BOB), 0);
		assert_noop!(SharedCollateral::vault_withdraw(bob()), Error::<Test>::NoticePeriodNotOver);
		// A request still within its window is not replaced.
		assert_noop!(
			SharedCollateral::vault_request_withdrawal(bob(), 1),
			Error::<Test>::WithdrawalPending
		);
		System::set_block_number(now + NOTICE + WINDOW - 1);
		assert_ok!(SharedCollateral::vault_withdraw(bob()));
		// All 1,100 of the vault, less one unit of rounding.
		System::assert_last_event(
			Event::VaultWithdrawn { who: BOB, shares: 1_000_000_000, amount: usdc(1_100) - 1 }
				.into(),
		);
	});
}

#[test]
fn redemptions_are_priced_net_of_debt_the_waterfall_could_not_cover_so_nobody_exits_ahead() {
	build_and_execute(|| {
		register_all();
		// Bob and Eve provide 1,000 each; Alice trades on 1 WETH and loses 1,600 to the vault:
		// she owes 1,600, partly backed by her WETH.
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1_000)));
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(1_000)));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
		assert_ok!(Ledger::pay(&Party::Account(ALICE, 0), &Party::Vault, 1_600 * E18));
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(100)));
		// Backed or not, debt not yet through the waterfall lowers no price.
		assert_eq!(Collateral::debt_at_risk(), 0);
		assert_eq!(Collateral::vault_status().equity, Some(3_600 * E18 as i128));
		// The liquidation pallet covers 300 of it in parts: the insurance fund's 100 first,
		// the vault's 200 next. The vault's redemption price already counts them.
		PendingCoverValue::set(300 * E18);
		assert_eq!(Collateral::debt_at_risk(), usdc(200));
		assert_eq!(Collateral::vault_status().equity, Some(3_400 * E18 as i128));
		PendingCoverValue::set(0);
		// The waterfall covers 700 (a limit the liquidation pallet set): the insurance fund's
		// 100, then 600 of the vault's 3,600: nothing is left uncovered.
		let w = Ledger::cover_debt(&ALICE, 0, 700 * E18, u128::MAX);
		assert_eq!((w.insurance, w.vault, w.uncovered), (100 * E18, 600 * E18, 0));
		assert_eq!(Collateral::debt_at_risk(), 0);
		// Now the vault pays a trader's profit of 2,900 and is left with 100; the next cover
		// of 300 finds 100 in the vault and leaves 200 uncovered: bad debt the vault bears.
		assert_ok!(Ledger::pay(&Party::Vault, &Party::Account(BOB, 0), 2_900 * E18));
		let w = Ledger::cover_debt(&ALICE, 0, 300 * E18, u128::MAX);
		assert_eq!((w.insurance, w.vault, w.uncovered), (0, 100 * E18, 200 * E18));
		assert_eq!(crate::TotalUncovered::<Test>::get(), usdc(200));
		assert_eq!(Collateral::debt_at_risk(), usdc(200));
		// The vault: 0 realized, no positions; shares redeem for nothing while 200 is at risk
		// and deposits still see the gross equity (zero), so the vault is insolvent.
		assert_eq!(Collateral::vault_status().share_price, Some(0));
		// Alice owes 1,600 − 700 − 100 = 800. Repaying 500 pays the backed part first (debt
		// 300, uncovered still 200); 200 more brings both to 100.
		assert_eq!(Collateral::debt(ALICE, 0), usdc(800));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(500)));
		assert_eq!(crate::TotalUncovered::<Test>::get(), usdc(200));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(200)));
		assert_eq!(crate::TotalUncovered::<Test>::get(), usdc(100));
		assert_eq!(Collateral::debt(ALICE, 0), usdc(100));
	});
}

#[test]
fn while_the_vaults_positions_cannot_be_valued_no_deposit_or_redemption_goes_through() {
	build_and_execute(|| {
		vault_with_profit();
		assert_ok!(SharedCollateral::vault_request_withdrawal(RuntimeOrigin::signed(BOB), 1_000));
		System::set_block_number(1 + NOTICE);
		// The vault holds positions whose markets are stale: its equity is unknown.
		set_vault_margin(100 * E18, -50 * E18 as i128);
		PositionsStale::set(true);
		assert_noop!(
			SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(100)),
			Error::<Test>::VaultEquityUnknown
		);
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultEquityUnknown
		);
		// The views say so rather than show a price without the positions.
		let status = Collateral::vault_status();
		assert_eq!((status.share_price, status.equity, status.unrealized_pnl), (None, None, None));
		assert!(status.withdrawals_paused);
		assert_eq!(Collateral::vault_position(BOB).value, None);
		PositionsStale::set(false);
		assert_ok!(SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)));
	});
}

#[test]
fn profit_paid_ahead_of_the_matching_loss_is_not_redeemable() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(1_000)));
		assert_ok!(SharedCollateral::vault_request_withdrawal(
			RuntimeOrigin::signed(BOB),
			1_000_000_000
		));
		System::set_block_number(1 + NOTICE);
		// Alice closed a trade with 300 of profit; her counterparty's loss is still
		// unrealized: clearing is 300 short, so only 700 of the vault's 1,000 is in the pool.
		assert_ok!(Ledger::pay(&Party::Clearing, &Party::Account(ALICE, 0), 300 * E18));
		assert_noop!(
			SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)),
			Error::<Test>::VaultIlliquid
		);
		// The counterparty realizes its loss: the quote is back, the redemption goes through.
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(EVE), 0, USDC, usdc(300)));
		assert_ok!(Ledger::pay(&Party::Account(EVE, 0), &Party::Clearing, 300 * E18));
		assert_ok!(SharedCollateral::vault_withdraw(RuntimeOrigin::signed(BOB)));
	});
}
