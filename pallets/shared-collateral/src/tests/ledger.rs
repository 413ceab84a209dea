//! The ledger the margin engine and the liquidation pallet use: PnL between parties, debt,
//! fees, collateral sold to repay debt and the loss waterfall.

use super::*;
use crate::{Debts, InsuranceFeeShare, InsuranceFund, LeaseFund, Vault};
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, Party, Waterfall},
};

type Ledger = crate::Pallet<Test>;

fn acct(who: AccountId) -> Party<AccountId> {
	Party::Account(who, 0)
}

/// Quote units of USDC held in `who`'s subaccount 0.
fn quote_of(who: AccountId) -> u128 {
	Deposits::<Test>::get((who, 0), USDC)
}

#[test]
fn a_loss_takes_quote_first_then_becomes_debt_that_the_next_deposit_repays() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(1_000)));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
		assert_eq!(Ledger::pay(&acct(ALICE), &Party::Vault, 1_500 * E18), Ok(1_500 * E18));
		assert_eq!(quote_of(ALICE), 0);
		assert_eq!(Debts::<Test>::get((ALICE, 0)), usdc(500));
		assert_eq!(Vault::<Test>::get().balance, usdc(1_500));
		// 1 WETH at 2,500 with a 10% haircut, less 500 owed.
		assert_eq!(Ledger::net_collateral(&ALICE, 0), Ok(1_750 * E18 as i128));
		assert_eq!(<Ledger as CollateralLedger<_>>::debt(&ALICE, 0), 500 * E18);
		// The WETH backs the debt: all of it cannot leave, half can.
		assert_noop!(
			SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, WETH, E18),
			Error::<Test>::InitialMarginBreached
		);
		assert_ok!(SharedCollateral::withdraw(RuntimeOrigin::signed(ALICE), 0, WETH, E18 / 2));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(700)));
		System::assert_has_event(
			Event::DebtRepaid { who: ALICE, sub: 0, amount: usdc(500) }.into(),
		);
		assert_eq!(Debts::<Test>::get((ALICE, 0)), 0);
		assert_eq!(quote_of(ALICE), usdc(200));
		// The pool holds exactly the traders' quote plus the vault's.
		assert_eq!(balance(USDC, Collateral::pool_account()), usdc(200) + usdc(1_500));
	});
}

#[test]
fn rounding_is_against_the_payer() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(1)));
		// 10⁻¹⁸ of value costs the payer one whole quote unit (10⁻⁶ USDC) and the payee gets it.
		assert_eq!(Ledger::pay(&acct(ALICE), &acct(BOB), 1), Ok(1));
		assert_eq!(quote_of(ALICE), usdc(1) - 1);
		assert_eq!(quote_of(BOB), 1);
		// An empty vault pays nothing.
		assert_eq!(Ledger::pay(&Party::Vault, &acct(BOB), E18), Ok(0));
		assert_eq!(quote_of(BOB), 1);
	});
}

#[test]
fn the_vault_and_the_insurance_fund_pay_only_what_they_hold() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(BOB), usdc(100)));
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(30)));
		assert_eq!(Ledger::pay(&Party::Vault, &acct(ALICE), 150 * E18), Ok(100 * E18));
		assert_eq!(Ledger::pay(&Party::InsuranceFund, &acct(ALICE), 50 * E18), Ok(30 * E18));
		assert_eq!(quote_of(ALICE), usdc(130));
		assert_eq!(Vault::<Test>::get().balance, 0);
		assert_eq!(InsuranceFund::<Test>::get(), 0);
		System::assert_has_event(
			Event::Paid { from: Party::Vault, to: acct(ALICE), amount: usdc(100) }.into(),
		);
	});
}

#[test]
fn fees_are_split_between_the_insurance_fund_and_the_vault_by_the_governed_share() {
	build_and_execute(|| {
		register_all();
		assert_noop!(
			SharedCollateral::set_insurance_fee_share(
				RuntimeOrigin::signed(ALICE),
				Perbill::from_percent(20)
			),
			DispatchError::BadOrigin
		);
		assert_ok!(SharedCollateral::set_insurance_fee_share(
			RuntimeOrigin::root(),
			Perbill::from_percent(20)
		));
		assert_eq!(InsuranceFeeShare::<Test>::get(), Perbill::from_percent(20));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(100)));
		assert_eq!(Ledger::charge_fee(&ALICE, 0, 10 * E18), Ok(2 * E18));
		assert_eq!(InsuranceFund::<Test>::get(), usdc(2));
		assert_eq!(Vault::<Test>::get().balance, usdc(8));
		assert_eq!(quote_of(ALICE), usdc(90));
	});
}

#[test]
fn the_lease_share_of_fees_accrues_in_the_pool_until_paid_to_the_relay_escrow() {
	use ballast_primitives::traits::LeaseFund as _;
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::set_insurance_fee_share(
			RuntimeOrigin::root(),
			Perbill::from_percent(20)
		));
		assert_noop!(
			SharedCollateral::set_lease_fee_share(
				RuntimeOrigin::signed(ALICE),
				Perbill::from_percent(10)
			),
			DispatchError::BadOrigin
		);
		// Insurance and lease together cannot take more than the fee.
		assert_noop!(
			SharedCollateral::set_lease_fee_share(RuntimeOrigin::root(), Perbill::from_percent(81)),
			Error::<Test>::FeeSharesExceedFee
		);
		assert_ok!(SharedCollateral::set_lease_fee_share(
			RuntimeOrigin::root(),
			Perbill::from_percent(10)
		));
		assert_noop!(
			SharedCollateral::set_insurance_fee_share(
				RuntimeOrigin::root(),
				Perbill::from_percent(91)
			),
			Error::<Test>::FeeSharesExceedFee
		);
		System::assert_has_event(
			Event::LeaseFeeShareSet { share: Perbill::from_percent(10) }.into(),
		);
		// A 10 USDC fee: 2 to insurance, 1 to the lease fund, 7 to the vault.
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(100)));
		let tvl = Collateral::total_value_locked();
		assert_eq!(Ledger::charge_fee(&ALICE, 0, 10 * E18), Ok(2 * E18));
		assert_eq!(
			(InsuranceFund::<Test>::get(), LeaseFund::<Test>::get(), Vault::<Test>::get().balance),
			(usdc(2), usdc(1), usdc(7))
		);
		assert_eq!(quote_of(ALICE), usdc(90));
		assert_eq!(Ledger::lease_balance(), E18);
		// The fee moved within the pool: its value is unchanged.
		assert_eq!(Collateral::total_value_locked(), tvl);
		// Restaking pays an operator 0.6 USDC, then asks for more than is left.
		let escrow = || <Test as crate::Config>::Assets::balance(USDC, &LEASE_ESCROW);
		assert_eq!(Ledger::pay_lease(6 * E18 / 10), Ok(6 * E18 / 10));
		assert_eq!((LeaseFund::<Test>::get(), escrow()), (usdc(1) * 4 / 10, usdc(1) * 6 / 10));
		System::assert_has_event(Event::LeasePaid { amount: usdc(1) * 6 / 10 }.into());
		assert_eq!(Ledger::pay_lease(5 * E18), Ok(4 * E18 / 10));
		assert_eq!((LeaseFund::<Test>::get(), escrow()), (0, usdc(1)));
		assert_eq!(Ledger::pay_lease(E18), Ok(0));
		// Less than a quote unit pays nothing.
		assert_eq!(Ledger::pay_lease(1), Ok(0));
	});
}

#[test]
fn debt_backed_by_other_collateral_is_not_covered() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(5_000)));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
		// Alice owes 3,000 with 1 WETH behind it: only the part the WETH does not back is
		// covered; the rest stays her debt.
		assert_eq!(Ledger::pay(&acct(ALICE), &acct(BOB), 3_000 * E18), Ok(3_000 * E18));
		let net = Ledger::net_collateral(&ALICE, 0).unwrap();
		assert!(net < 0);
		let w = Ledger::cover_debt(&ALICE, 0, net.unsigned_abs(), u128::MAX);
		assert_eq!((w.insurance, w.vault, w.uncovered), (net.unsigned_abs(), 0, 0));
		assert_eq!(Ledger::net_collateral(&ALICE, 0), Ok(0));
		let debt = <Ledger as CollateralLedger<_>>::debt(&ALICE, 0);
		assert_eq!(debt, 3_000 * E18 - net.unsigned_abs());
	});
}

#[test]
fn the_insurance_fund_pays_no_more_than_the_cap_of_the_block() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(200)));
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(250)));
		assert_eq!(Ledger::pay(&acct(ALICE), &acct(BOB), 300 * E18), Ok(300 * E18));
		assert_eq!(Ledger::insurance_balance(), 200 * E18);
		assert_eq!(
			Ledger::cover_debt(&ALICE, 0, u128::MAX, 120 * E18),
			Waterfall { insurance: 120 * E18, vault: 180 * E18, uncovered: 0 }
		);
		assert_eq!(Ledger::insurance_balance(), 80 * E18);
		assert_eq!(Vault::<Test>::get().balance, usdc(70));
	});
}

#[test]
fn the_waterfall_draws_on_the_insurance_fund_then_the_vault_and_reports_the_rest() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), usdc(200)));
		assert_ok!(SharedCollateral::vault_deposit(RuntimeOrigin::signed(EVE), usdc(250)));
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
		// Alice loses 500 to Bob with no quote to pay it.
		assert_eq!(Ledger::pay(&acct(ALICE), &acct(BOB), 500 * E18), Ok(500 * E18));
		assert_eq!(quote_of(BOB), usdc(500));
		assert_eq!(
			Ledger::cover_debt(&ALICE, 0, u128::MAX, u128::MAX),
			Waterfall { insurance: 200 * E18, vault: 250 * E18, uncovered: 50 * E18 }
		);
		System::assert_last_event(
			Event::DebtCovered {
				who: ALICE,
				sub: 0,
				insurance: usdc(200),
				vault: usdc(250),
				uncovered: usdc(50),
			}
			.into(),
		);
		assert_eq!(Debts::<Test>::get((ALICE, 0)), usdc(50));
		assert_eq!(InsuranceFund::<Test>::get(), 0);
		assert_eq!(Vault::<Test>::get().balance, 0);
		// Nothing left to draw on: the rest is for auto-deleveraging.
		assert_eq!(
			Ledger::cover_debt(&ALICE, 0, u128::MAX, u128::MAX),
			Waterfall { insurance: 0, vault: 0, uncovered: 50 * E18 }
		);
		assert_eq!(Ledger::cover_debt(&BOB, 0, u128::MAX, u128::MAX), Waterfall::default());
	});
}

/// Alice holds 1 WETH (2,500, 10% haircut) and owes 500 USDC; Bob holds 3,000 USDC.
fn alice_owes_500_against_one_weth() {
	register_all();
	set_margin(1_000_000 * E18, 0);
	assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, WETH, E18));
	assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(BOB), 0, USDC, usdc(3_000)));
	assert_ok!(Ledger::pay(&acct(ALICE), &acct(EVE), 500 * E18));
	assert_eq!(Debts::<Test>::get((ALICE, 0)), usdc(500));
}

fn five_percent() -> Fixed18 {
	Fixed18::parse("0.05").unwrap()
}

#[test]
fn collateral_is_sold_at_the_oracle_less_the_discount_and_repays_the_debt_first() {
	build_and_execute(|| {
		alice_owes_500_against_one_weth();
		// 510 of quote wanted at 2,500 × 0.95 = 2,375 per WETH: 510 / 2,375 =
		// 0.214736842105263157 WETH (rounded down), which costs 509.999999999999997875,
		// rounded up to 510 USDC.
		assert_eq!(
			Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 510 * E18, five_percent()),
			Ok(510 * E18)
		);
		System::assert_has_event(
			Event::CollateralSold {
				seller: (ALICE, 0),
				buyer: (BOB, 0),
				asset: WETH,
				amount: 214_736_842_105_263_157,
				price: 2_375 * E18,
				paid: usdc(510),
			}
			.into(),
		);
		assert_eq!(Debts::<Test>::get((ALICE, 0)), 0);
		assert_eq!(quote_of(ALICE), usdc(10));
		assert_eq!(Deposits::<Test>::get((ALICE, 0), WETH), E18 - 214_736_842_105_263_157);
		assert_eq!(quote_of(BOB), usdc(2_490));
		assert_eq!(Deposits::<Test>::get((BOB, 0), WETH), 214_736_842_105_263_157);
	});
}

#[test]
fn a_sale_for_more_than_the_collateral_is_worth_sells_all_of_it() {
	build_and_execute(|| {
		alice_owes_500_against_one_weth();
		// 1 WETH at 2,375 raises 2,375 of the 5,000 wanted.
		assert_eq!(
			Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 5_000 * E18, five_percent()),
			Ok(2_375 * E18)
		);
		assert_eq!(Deposits::<Test>::get((ALICE, 0), WETH), 0);
		assert_eq!(Debts::<Test>::get((ALICE, 0)), 0);
		assert_eq!(quote_of(ALICE), usdc(1_875));
		assert_eq!(quote_of(BOB), usdc(625));
		// Nothing but quote left: a second sale raises nothing.
		assert_eq!(
			Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 5_000 * E18, five_percent()),
			Ok(0)
		);
	});
}

#[test]
fn selling_all_of_it_rounds_in_the_sellers_favour_down_to_the_last_unit() {
	build_and_execute(|| {
		alice_owes_500_against_one_weth();
		assert_ok!(Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 510 * E18, five_percent()));
		// 0.785263157894736843 WETH left, worth 1,865.000000000000002125 at 2,375: selling all
		// of it costs 1,865.000001 USDC (rounded up), not 1,865.
		assert_eq!(
			Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 5_000 * E18, five_percent()),
			Ok(1_865_000_001_000_000_000_000)
		);
		assert_eq!(Deposits::<Test>::get((BOB, 0), WETH), E18);
		assert_eq!(Deposits::<Test>::get((ALICE, 0), WETH), 0);
		assert_eq!(quote_of(ALICE), usdc(10) + 1_865_000_001);
		// Dust: one smallest unit of WETH (worth 2.375e-15 USDC) still costs a whole unit of
		// quote, so no dust is left behind that no sale could ever raise anything for.
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(EVE), 0, WETH, 1));
		// Eve holds the 500 Alice paid her: paying 505 leaves her 5 in debt.
		assert_ok!(Ledger::pay(&acct(EVE), &acct(ALICE), 505 * E18));
		assert_eq!(
			Ledger::sell_collateral((&EVE, 0), (&BOB, 0), 5 * E18, five_percent()),
			Ok(1_000_000_000_000)
		);
		assert_eq!(Deposits::<Test>::get((EVE, 0), WETH), 0);
		assert_eq!(Debts::<Test>::get((EVE, 0)), usdc(5) - 1);
	});
}

#[test]
fn what_is_payable_is_rounded_down_to_a_whole_unit_of_quote() {
	build_and_execute(|| {
		register_all();
		// 1.9999995 USDC: a payment of it would be charged 2.000000; 1.999999 is paid exactly.
		let value = 1_999_999_500_000_000_000;
		assert_eq!(Ledger::payable(value), 1_999_999_000_000_000_000);
		assert_eq!(Ledger::payable(2 * E18), 2 * E18);
		assert_eq!(Ledger::payable(E18 / 1_000_000 - 1), 0);
		assert_eq!(Ledger::payable(u128::MAX) % 1_000_000_000_000, 0);
	});
}

#[test]
fn a_sale_that_cannot_complete_is_a_typed_error_and_changes_nothing() {
	build_and_execute(|| {
		alice_owes_500_against_one_weth();
		let sell = |buyer: (AccountId, u16), value: u128, discount: Fixed18| {
			Ledger::sell_collateral((&ALICE, 0), (&buyer.0, buyer.1), value, discount)
		};
		// Eve holds no quote to pay with: she never buys into debt.
		assert_noop!(
			sell((EVE, 1), 510 * E18, five_percent()),
			Error::<Test>::InsufficientCollateral
		);
		assert_noop!(sell((BOB, 0), 0, five_percent()), Error::<Test>::ZeroAmount);
		assert_noop!(sell((ALICE, 0), E18, five_percent()), Error::<Test>::SameSubaccount);
		assert_noop!(sell((BOB, 0), E18, Fixed18::ONE), Error::<Test>::InvalidDiscount);
		assert_noop!(sell((BOB, 0), E18, Fixed18(i128::MIN)), Error::<Test>::InvalidDiscount);
		assert_noop!(sell((BOB, 99), E18, five_percent()), Error::<Test>::InvalidSubaccount);
		// A stale WETH price sells nothing: never at a price nobody published lately.
		advance_time(60_001);
		set_price(1, E18);
		assert_noop!(sell((BOB, 0), 510 * E18, five_percent()), Error::<Test>::StalePrice);
	});
}

#[test]
fn a_buyer_never_exceeds_its_cap_through_a_sale() {
	build_and_execute(|| {
		alice_owes_500_against_one_weth();
		let mut capped = config(2, 18, 10);
		capped.account_cap = E18 / 10;
		assert_ok!(SharedCollateral::update_asset(RuntimeOrigin::root(), WETH, capped));
		assert_noop!(
			Ledger::sell_collateral((&ALICE, 0), (&BOB, 0), 510 * E18, five_percent()),
			Error::<Test>::AccountCapExceeded
		);
	});
}

#[test]
fn bad_ledger_calls_are_typed_errors_and_change_nothing() {
	build_and_execute(|| {
		// Without a registered quote asset there is nothing to pay in.
		assert_noop!(
			Ledger::pay(&acct(ALICE), &Party::Vault, E18),
			Error::<Test>::QuoteNotRegistered
		);
		register_all();
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(ALICE), 0, USDC, usdc(10)));
		assert_noop!(Ledger::pay(&Party::Vault, &Party::Vault, E18), Error::<Test>::SameParty);
		assert_noop!(
			Ledger::pay(&acct(ALICE), &Party::Account(ALICE, 9), E18),
			Error::<Test>::InvalidSubaccount
		);
		assert_noop!(
			SharedCollateral::fund_insurance(RuntimeOrigin::signed(EVE), 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn clearing_pays_profits_in_full_ahead_of_losses_and_nets_to_zero() {
	build_and_execute(|| {
		register_all();
		assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(BOB), 0, USDC, usdc(1_000)));
		// Alice closes first with a profit of 250: clearing pays it before Bob's loss arrives
		// and is 250 below zero meanwhile (Bob's unrealized loss carries it).
		assert_ok!(Ledger::pay(&Party::Clearing, &acct(ALICE), 250 * E18));
		assert_eq!(crate::Clearing::<Test>::get(), -(usdc(250) as i128));
		assert_eq!(quote_of(ALICE), usdc(250));
		// Bob closes at a loss of 250: clearing is back to zero, nothing was created.
		assert_ok!(Ledger::pay(&acct(BOB), &Party::Clearing, 250 * E18));
		assert_eq!(crate::Clearing::<Test>::get(), 0);
		assert_eq!(quote_of(BOB), usdc(750));
		System::assert_last_event(
			Event::Paid { from: acct(BOB), to: Party::Clearing, amount: usdc(250) }.into(),
		);
	});
}
