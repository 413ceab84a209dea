//! Quote accounting between subaccounts, the LP vault and the insurance fund, and the
//! [`CollateralLedger`] the margin engine and the liquidation pallet use.
//!
//! Quote moves only between ledger entries that the pool's tokens back, so every movement here
//! leaves `Σ quote deposits + vault + insurance − Σ debt` unchanged.

use crate::functions::{multiply_divide, multiply_divide_up};
use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	risk::Unvalued,
	traits::{CollateralLedger, Party, SubaccountId, Waterfall},
	Balance,
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// The quote asset's decimals; fails if it is not registered.
	pub(crate) fn quote_decimals() -> Result<u8, DispatchError> {
		Ok(CollateralAssets::<T>::get(T::QuoteAsset::get())
			.ok_or(Error::<T>::QuoteNotRegistered)?
			.decimals)
	}

	/// Quote units for `value` (18 decimals), rounded up (`up`) or down.
	pub(crate) fn to_units(
		value: Balance,
		decimals: u8,
		up: bool,
	) -> Result<Balance, DispatchError> {
		let overflow = || DispatchError::from(Error::<T>::Overflow);
		if decimals >= 18 {
			let scale = 10u128.checked_pow(u32::from(decimals - 18)).ok_or_else(overflow)?;
			return value.checked_mul(scale).ok_or_else(overflow);
		}
		let scale = 10u128.pow(u32::from(18 - decimals));
		let units = value / scale;
		Ok(if up && value % scale != 0 { units + 1 } else { units })
	}

	/// The value (18 decimals) of `units` of quote at par, saturating.
	pub(crate) fn to_value(units: Balance, decimals: u8) -> Balance {
		if decimals >= 18 {
			units / 10u128.saturating_pow(u32::from(decimals - 18))
		} else {
			units.saturating_mul(10u128.pow(u32::from(18 - decimals)))
		}
	}

	/// Adds `units` of quote to a subaccount: repays its debt first, the rest to its quote
	/// balance (no account cap: this is PnL, not a deposit).
	pub(crate) fn credit_quote(
		who: &T::AccountId,
		sub: SubaccountId,
		units: Balance,
	) -> DispatchResult {
		let quote = T::QuoteAsset::get();
		let debt = Debts::<T>::get((who, sub));
		let repaid = debt.min(units);
		let rest = units - repaid;
		let held = Deposits::<T>::get((who, sub), &quote);
		let new_held = held.checked_add(rest).ok_or(Error::<T>::Overflow)?;
		let new_total =
			TotalDeposits::<T>::get(&quote).checked_add(rest).ok_or(Error::<T>::Overflow)?;
		if repaid > 0 {
			Self::set_debt(who, sub, debt - repaid);
			Self::limit_uncovered(who, sub, debt - repaid);
			TotalDebt::<T>::mutate(|d| *d = d.saturating_sub(repaid));
			Self::deposit_event(Event::DebtRepaid { who: who.clone(), sub, amount: repaid });
		}
		if rest > 0 {
			Self::set_deposit(who, sub, &quote, new_held);
			TotalDeposits::<T>::insert(&quote, new_total);
		}
		Ok(())
	}

	/// Takes `units` of quote from a subaccount: from its quote balance, the rest as debt.
	pub(crate) fn debit_quote(
		who: &T::AccountId,
		sub: SubaccountId,
		units: Balance,
	) -> DispatchResult {
		let quote = T::QuoteAsset::get();
		let held = Deposits::<T>::get((who, sub), &quote);
		let taken = held.min(units);
		let owed = units - taken;
		let new_debt = Debts::<T>::get((who, sub)).checked_add(owed).ok_or(Error::<T>::Overflow)?;
		let new_total_debt = TotalDebt::<T>::get().checked_add(owed).ok_or(Error::<T>::Overflow)?;
		Self::set_deposit(who, sub, &quote, held - taken);
		TotalDeposits::<T>::mutate(&quote, |t| *t = t.saturating_sub(taken));
		Self::set_debt(who, sub, new_debt);
		TotalDebt::<T>::put(new_total_debt);
		Ok(())
	}

	/// Keeps the subaccount's uncovered debt at most `debt` (after a repayment).
	fn limit_uncovered(who: &T::AccountId, sub: SubaccountId, debt: Balance) {
		let uncovered = UncoveredDebt::<T>::get((who, sub));
		if uncovered > debt {
			Self::set_uncovered(who, sub, debt);
			TotalUncovered::<T>::mutate(|t| *t = t.saturating_sub(uncovered - debt));
		}
	}

	fn set_uncovered(who: &T::AccountId, sub: SubaccountId, amount: Balance) {
		if amount == 0 {
			UncoveredDebt::<T>::remove((who, sub));
		} else {
			UncoveredDebt::<T>::insert((who, sub), amount);
		}
	}

	fn set_debt(who: &T::AccountId, sub: SubaccountId, amount: Balance) {
		if amount == 0 {
			Debts::<T>::remove((who, sub));
		} else {
			Debts::<T>::insert((who, sub), amount);
		}
	}

	/// Moves up to `value` (18 decimals) of quote from `from` to `to`; see
	/// [`CollateralLedger::pay`]. Atomic: on error nothing changed.
	pub fn do_pay(
		from: &Party<T::AccountId>,
		to: &Party<T::AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		ensure!(from != to, Error::<T>::SameParty);
		for party in [from, to] {
			if let Party::Account(_, sub) = party {
				Self::ensure_sub(*sub)?;
			}
		}
		if value == 0 {
			return Ok(0);
		}
		let decimals = Self::quote_decimals()?;
		let wanted = Self::to_units(value, decimals, true)?;
		frame_support::storage::with_storage_layer(|| {
			let units = match from {
				Party::Account(who, sub) => {
					Self::debit_quote(who, *sub, wanted)?;
					wanted
				},
				Party::Vault => Vault::<T>::mutate(|v| {
					let paid = v.balance.min(wanted);
					v.balance -= paid;
					paid
				}),
				Party::InsuranceFund => InsuranceFund::<T>::mutate(|f| {
					let paid = (*f).min(wanted);
					*f -= paid;
					paid
				}),
				Party::Clearing => {
					let units = i128::try_from(wanted).map_err(|_| Error::<T>::Overflow)?;
					let left =
						Clearing::<T>::get().checked_sub(units).ok_or(Error::<T>::Overflow)?;
					Clearing::<T>::put(left);
					wanted
				},
			};
			match to {
				Party::Account(who, sub) => Self::credit_quote(who, *sub, units)?,
				Party::Vault => {
					let mut book = Vault::<T>::get();
					book.balance = book.balance.checked_add(units).ok_or(Error::<T>::Overflow)?;
					Vault::<T>::put(book);
				},
				Party::InsuranceFund => {
					let fund =
						InsuranceFund::<T>::get().checked_add(units).ok_or(Error::<T>::Overflow)?;
					InsuranceFund::<T>::put(fund);
				},
				Party::Clearing => {
					let units = i128::try_from(units).map_err(|_| Error::<T>::Overflow)?;
					let held =
						Clearing::<T>::get().checked_add(units).ok_or(Error::<T>::Overflow)?;
					Clearing::<T>::put(held);
				},
			}
			if units > 0 {
				Self::deposit_event(Event::Paid {
					from: from.clone(),
					to: to.clone(),
					amount: units,
				});
			}
			Ok(if units == wanted { value } else { Self::to_value(units, decimals) })
		})
	}

	/// Charges a trading fee of `value`; see [`CollateralLedger::charge_fee`].
	pub fn do_charge_fee(
		who: &T::AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		let insurance = InsuranceFeeShare::<T>::get().mul_floor(value);
		// The shares add up to at most the fee (checked where they are set).
		let lease = LeaseFeeShare::<T>::get().mul_floor(value).min(value - insurance);
		let payer = Party::Account(who.clone(), sub);
		frame_support::storage::with_storage_layer(|| {
			Self::do_pay(&payer, &Party::InsuranceFund, insurance)?;
			Self::collect_lease(who, sub, lease)?;
			Self::do_pay(&payer, &Party::Vault, value - insurance - lease)?;
			Ok(insurance)
		})
	}

	/// Sells the seller's collateral other than quote to the buyer at each asset's fresh oracle
	/// price less `discount`, until `value` of quote is raised or nothing is left; see
	/// [`CollateralLedger::sell_collateral`]. The buyer pays from its quote balance only; the
	/// proceeds repay the seller's debt first. Amounts round in the pool's favour: the buyer
	/// receives the asset rounded down and pays the quote rounded up. Atomic.
	pub fn do_sell_collateral(
		seller: (&T::AccountId, SubaccountId),
		buyer: (&T::AccountId, SubaccountId),
		value: Balance,
		discount: Fixed18,
	) -> Result<Balance, DispatchError> {
		ensure!(value > 0, Error::<T>::ZeroAmount);
		ensure!(seller != buyer, Error::<T>::SameSubaccount);
		ensure!(discount.0 >= 0 && discount < Fixed18::ONE, Error::<T>::InvalidDiscount);
		Self::ensure_sub(seller.1)?;
		Self::ensure_sub(buyer.1)?;
		let quote = T::QuoteAsset::get();
		let decimals = Self::quote_decimals()?;
		let mut left = Self::to_units(value, decimals, true)?;
		let held: Vec<(CollateralAsset, Balance)> =
			Deposits::<T>::iter_prefix((seller.0, seller.1))
				.filter(|(asset, amount)| *asset != quote && *amount > 0)
				.collect();
		frame_support::storage::with_storage_layer(|| {
			let mut raised: Balance = 0;
			for (asset, amount) in held {
				if left == 0 {
					break;
				}
				let config =
					CollateralAssets::<T>::get(&asset).ok_or(Error::<T>::UnknownCollateral)?;
				let price = Self::fresh_price(&config).ok_or(Error::<T>::StalePrice)?;
				let price = sale_price(price, discount).ok_or(Error::<T>::Overflow)?;
				let (sold, paid) = sale(amount, left, price, config.decimals, decimals)
					.ok_or(Error::<T>::Overflow)?;
				if sold == 0 || paid == 0 {
					continue;
				}
				let bought = Deposits::<T>::get((buyer.0, buyer.1), &asset)
					.checked_add(sold)
					.ok_or(Error::<T>::Overflow)?;
				Self::ensure_account_cap(buyer.0, &asset, &config, sold)?;
				let cash = Deposits::<T>::get((buyer.0, buyer.1), &quote);
				let cash = cash.checked_sub(paid).ok_or(Error::<T>::InsufficientCollateral)?;
				Self::set_deposit(seller.0, seller.1, &asset, amount - sold);
				Self::set_deposit(buyer.0, buyer.1, &asset, bought);
				Self::set_deposit(buyer.0, buyer.1, &quote, cash);
				TotalDeposits::<T>::mutate(&quote, |t| *t = t.saturating_sub(paid));
				Self::credit_quote(seller.0, seller.1, paid)?;
				Self::deposit_event(Event::CollateralSold {
					seller: (seller.0.clone(), seller.1),
					buyer: (buyer.0.clone(), buyer.1),
					asset,
					amount: sold,
					price,
					paid,
				});
				left = left.saturating_sub(paid);
				raised = raised.saturating_add(paid);
			}
			Ok(Self::to_value(raised, decimals))
		})
	}

	/// Covers up to `limit` (value) of the subaccount's debt from the insurance fund (at most
	/// `max_insurance`), then the vault.
	pub fn do_cover_debt(
		who: &T::AccountId,
		sub: SubaccountId,
		limit: Balance,
		max_insurance: Balance,
	) -> Waterfall {
		let debt = Debts::<T>::get((who, sub));
		if debt == 0 {
			return Waterfall::default();
		}
		let decimals = Self::quote_decimals().unwrap_or(18);
		let to_cover = debt.min(Self::to_units(limit, decimals, true).unwrap_or(Balance::MAX));
		let insurance_cap = Self::to_units(max_insurance, decimals, false).unwrap_or(Balance::MAX);
		let from_insurance = InsuranceFund::<T>::get().min(to_cover).min(insurance_cap);
		let from_vault = Vault::<T>::get().balance.min(to_cover - from_insurance);
		let uncovered = to_cover - from_insurance - from_vault;
		InsuranceFund::<T>::mutate(|f| *f -= from_insurance);
		Vault::<T>::mutate(|v| v.balance -= from_vault);
		let left = debt - from_insurance - from_vault;
		Self::set_debt(who, sub, left);
		TotalDebt::<T>::mutate(|d| *d = d.saturating_sub(from_insurance + from_vault));
		// What neither backstop paid is bad debt until repaid; the rest of the debt, backed by
		// the account's other collateral, is not.
		let before = UncoveredDebt::<T>::get((who, sub));
		let after = before.saturating_add(uncovered).min(left);
		Self::set_uncovered(who, sub, after);
		TotalUncovered::<T>::mutate(|t| *t = t.saturating_add(after).saturating_sub(before));
		Self::deposit_event(Event::DebtCovered {
			who: who.clone(),
			sub,
			insurance: from_insurance,
			vault: from_vault,
			uncovered,
		});
		Waterfall {
			insurance: Self::to_value(from_insurance, decimals),
			vault: Self::to_value(from_vault, decimals),
			uncovered: Self::to_value(uncovered, decimals),
		}
	}

	/// The subaccount's collateral value after haircuts minus its debt (18 decimals);
	/// `StaleCollateral` if it holds an asset without a fresh price.
	pub fn net_collateral_value(who: &T::AccountId, sub: SubaccountId) -> Result<i128, Unvalued> {
		let lines = Self::collateral_lines(who, sub);
		if lines.iter().any(|l| l.amount > 0 && l.price.is_none()) {
			return Err(Unvalued::StaleCollateral);
		}
		let value = lines.iter().fold(0u128, |acc, l| acc.saturating_add(l.value));
		let debt = Self::debt_value(who, sub);
		Ok(clamp_i128(value).saturating_sub(clamp_i128(debt)))
	}

	/// The subaccount's debt at par (18 decimals).
	pub(crate) fn debt_value(who: &T::AccountId, sub: SubaccountId) -> Balance {
		let debt = Debts::<T>::get((who, sub));
		if debt == 0 {
			return 0;
		}
		// Without a registered quote asset debt cannot arise; count it at 18 decimals.
		Self::to_value(debt, Self::quote_decimals().unwrap_or(18))
	}
}

/// `price` (18 decimals) less `discount`, rounded down.
pub(crate) fn sale_price(price: u128, discount: Fixed18) -> Option<u128> {
	let kept = u128::try_from(Fixed18::ONE.0.checked_sub(discount.0)?).ok()?;
	multiply_divide(price, kept, Fixed18::ONE.0 as u128)
}

/// A sale of up to `held` smallest units of an asset with `decimals` at `price` (quote per
/// whole unit, 18 decimals) for at most `wanted` quote units (`quote_decimals`): the asset
/// sold, rounded down, and the quote it costs, rounded up (every rounding in the seller's
/// favour). All of `held` if it costs no more than `wanted`.
pub(crate) fn sale(
	held: Balance,
	wanted: Balance,
	price: u128,
	decimals: u8,
	quote_decimals: u8,
) -> Option<(Balance, Balance)> {
	if price == 0 {
		return Some((0, 0));
	}
	let unit = 10u128.checked_pow(u32::from(decimals))?;
	// Quote units per whole unit of the asset: price × 10^quote_decimals / 1e18.
	let quote_unit = 10u128.checked_pow(u32::from(quote_decimals))?;
	let one = Fixed18::ONE.0 as u128;
	// What all of `held` costs, rounded up.
	let worth = multiply_divide_up(multiply_divide_up(held, price, unit)?, quote_unit, one)?;
	if worth <= wanted {
		return Some((held, worth));
	}
	// The asset `wanted` buys, rounded down, and its cost rounded up. At least one smallest
	// unit: collateral so coarse that `wanted` buys none of it is sold a unit at a time (for
	// more than `wanted`, the rest the seller's), never left behind unsold.
	let sold = multiply_divide(multiply_divide(wanted, one, quote_unit)?, unit, price)?.min(held);
	if sold == 0 {
		let cost = multiply_divide_up(multiply_divide_up(1, price, unit)?, quote_unit, one)?;
		return Some((1, cost));
	}
	let cost = multiply_divide_up(multiply_divide_up(sold, price, unit)?, quote_unit, one)?;
	Some((sold, cost.min(wanted)))
}

/// `v` as an `i128`, saturating.
pub(crate) fn clamp_i128(v: u128) -> i128 {
	i128::try_from(v).unwrap_or(i128::MAX)
}

impl<T: Config> CollateralLedger<T::AccountId> for Pallet<T> {
	type Error = DispatchError;

	fn net_collateral(who: &T::AccountId, sub: SubaccountId) -> Result<i128, Unvalued> {
		Self::net_collateral_value(who, sub)
	}

	fn profit_haircut() -> Fixed18 {
		// Perbill has 9 decimals.
		Fixed18(i128::from(UnrealizedProfitHaircut::<T>::get().deconstruct()) * 1_000_000_000)
	}

	fn debt(who: &T::AccountId, sub: SubaccountId) -> Balance {
		Self::debt_value(who, sub)
	}

	fn vault_balance() -> Balance {
		Self::to_value(Vault::<T>::get().balance, Self::quote_decimals().unwrap_or(18))
	}

	fn uncovered(who: &T::AccountId, sub: SubaccountId) -> Balance {
		let units = UncoveredDebt::<T>::get((who, sub)).min(Debts::<T>::get((who, sub)));
		Self::to_value(units, Self::quote_decimals().unwrap_or(18))
	}

	fn debtors(
		after: Option<Vec<u8>>,
		limit: u32,
	) -> (Vec<(T::AccountId, SubaccountId)>, Option<Vec<u8>>) {
		let iter = match after {
			Some(raw) => Debts::<T>::iter_keys_from(raw),
			None => Debts::<T>::iter_keys(),
		};
		let keys: Vec<_> = iter.take(limit as usize).collect();
		let next = (keys.len() == limit as usize)
			.then(|| keys.last().map(Debts::<T>::hashed_key_for))
			.flatten();
		(keys, next)
	}

	fn accepts_subaccount(sub: SubaccountId) -> bool {
		Self::ensure_sub(sub).is_ok()
	}

	fn payable(value: Balance) -> Balance {
		let decimals = Self::quote_decimals().unwrap_or(18);
		Self::to_units(value, decimals, false).map_or(value, |u| Self::to_value(u, decimals))
	}

	fn pay(
		from: &Party<T::AccountId>,
		to: &Party<T::AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		Self::do_pay(from, to, value)
	}

	fn charge_fee(
		who: &T::AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		Self::do_charge_fee(who, sub, value)
	}

	fn sell_collateral(
		seller: (&T::AccountId, SubaccountId),
		buyer: (&T::AccountId, SubaccountId),
		value: Balance,
		discount: Fixed18,
	) -> Result<Balance, DispatchError> {
		Self::do_sell_collateral(seller, buyer, value, discount)
	}

	fn insurance_balance() -> Balance {
		Self::to_value(InsuranceFund::<T>::get(), Self::quote_decimals().unwrap_or(18))
	}

	fn cover_debt(
		who: &T::AccountId,
		sub: SubaccountId,
		limit: Balance,
		max_insurance: Balance,
	) -> Waterfall {
		Self::do_cover_debt(who, sub, limit, max_insurance)
	}
}

#[cfg(test)]
mod tests {
	use super::sale;

	const USDC: u128 = 1_000_000;
	const E18: u128 = 1_000_000_000_000_000_000;

	#[test]
	fn a_sale_rounds_for_the_seller_and_never_leaves_coarse_collateral_unsold() {
		// 3 units of a 0-decimal asset at 1,000 each; 500 USDC wanted buys none of a unit:
		// one unit is sold, for its whole 1,000 (the 500 beyond the debt stay the seller's).
		assert_eq!(sale(3, 500 * USDC, 1_000 * E18, 0, 6), Some((1, 1_000 * USDC)));
		// 2,500 wanted buys 2 units for 2,000.
		assert_eq!(sale(3, 2_500 * USDC, 1_000 * E18, 0, 6), Some((2, 2_000 * USDC)));
		// All of it when it costs no more than wanted; nothing at a price of zero.
		assert_eq!(sale(3, 5_000 * USDC, 1_000 * E18, 0, 6), Some((3, 3_000 * USDC)));
		assert_eq!(sale(3, 5_000 * USDC, 0, 0, 6), Some((0, 0)));
		// One smallest unit of an 18-decimal asset at 2,375 costs one whole USDC unit.
		assert_eq!(sale(1, 5 * USDC, 2_375 * E18, 18, 6), Some((1, 1)));
	}
}
