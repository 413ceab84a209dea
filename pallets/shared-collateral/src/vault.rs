//! The LP vault: providers deposit the quote asset for shares; the vault is the counterparty of
//! vault-traded markets (its positions live in the margin engine under [`Pallet::vault_account`])
//! and earns their fees and spread, so the share price moves with its PnL. Redemptions wait a
//! notice period and pause while the vault is below the initial margin of its positions.
//!
//! Shares are priced ERC-4626 style with one virtual share and one virtual unit, so the first
//! deposit mints one share per quote unit and rounding always favours the vault.

use crate::{functions::multiply_divide, ledger::clamp_i128, pallet::*, types::*};
use ballast_primitives::{
	risk::AccountRisk,
	traits::{MarginEngine, SubaccountId},
	Balance,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{AccountIdConversion, Saturating};

/// 1.0 with 18 decimals.
const ONE: u128 = 1_000_000_000_000_000_000;
/// The vault's positions are held in this subaccount of [`Pallet::vault_account`].
pub const VAULT_SUBACCOUNT: SubaccountId = 0;

/// The vault's equity in quote units, rounded down and up.
struct Equity {
	down: i128,
	up: i128,
	/// Equity (18 decimals).
	value: i128,
}

impl<T: Config> Pallet<T> {
	/// The account under which the margin engine keeps the vault's positions.
	pub fn vault_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(*b"vault")
	}

	/// The margin engine's view of the vault's positions; `VaultEquityUnknown` while one
	/// cannot be valued.
	fn vault_risk() -> Result<AccountRisk, DispatchError> {
		T::MarginEngine::risk(&Self::vault_account(), VAULT_SUBACCOUNT)
			.map_err(|_| Error::<T>::VaultEquityUnknown.into())
	}

	/// The vault's equity: realized balance + `pnl`, the unrealized PnL of its positions.
	fn vault_equity(book: &VaultBook, decimals: u8, pnl: i128) -> Equity {
		let value = clamp_i128(Self::to_value(book.balance, decimals)).saturating_add(pnl);
		let scale: i128 = if decimals >= 18 { 1 } else { 10i128.pow(u32::from(18 - decimals)) };
		let down = value.div_euclid(scale);
		let up = if value.rem_euclid(scale) == 0 { down } else { down.saturating_add(1) };
		Equity { down, up, value }
	}

	/// Quote units `shares` redeem for at `equity` (rounded down; zero if insolvent).
	fn redeem_value(shares: Balance, book: &VaultBook, equity: &Equity) -> Balance {
		if equity.down <= 0 {
			return 0;
		}
		multiply_divide(shares, equity.down as u128 + 1, book.shares.saturating_add(1)).unwrap_or(0)
	}

	pub(crate) fn do_vault_deposit(who: &T::AccountId, amount: Balance) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(amount >= T::MinVaultDeposit::get(), Error::<T>::VaultDepositTooSmall);
		let decimals = Self::quote_decimals()?;
		let mut book = Vault::<T>::get();
		let equity = Self::vault_equity(&book, decimals, Self::vault_risk()?.unrealized_pnl);
		ensure!(book.shares == 0 || equity.up > 0, Error::<T>::VaultInsolvent);
		let shares =
			multiply_divide(amount, book.shares.saturating_add(1), equity.up.max(0) as u128 + 1)
				.ok_or(Error::<T>::Overflow)?;
		ensure!(shares > 0, Error::<T>::VaultDepositTooSmall);
		book.balance = book.balance.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		book.shares = book.shares.checked_add(shares).ok_or(Error::<T>::Overflow)?;
		let held = VaultShares::<T>::get(who).checked_add(shares).ok_or(Error::<T>::Overflow)?;
		T::Assets::transfer(
			T::QuoteAsset::get(),
			who,
			&Self::pool_account(),
			amount,
			Preservation::Preserve,
		)?;
		Vault::<T>::put(book);
		VaultShares::<T>::insert(who, held);
		Self::deposit_event(Event::VaultDeposited { who: who.clone(), amount, shares });
		Ok(())
	}

	pub(crate) fn do_vault_request_withdrawal(
		who: &T::AccountId,
		shares: Balance,
	) -> DispatchResult {
		ensure!(shares > 0, Error::<T>::ZeroAmount);
		ensure!(!VaultWithdrawals::<T>::contains_key(who), Error::<T>::WithdrawalPending);
		let free = VaultShares::<T>::get(who);
		let left = free.checked_sub(shares).ok_or(Error::<T>::InsufficientShares)?;
		let unlocks_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::VaultNoticePeriod::get());
		Self::set_shares(who, left);
		VaultWithdrawals::<T>::insert(who, PendingWithdrawal { shares, unlocks_at });
		Self::deposit_event(Event::VaultWithdrawalRequested {
			who: who.clone(),
			shares,
			unlocks_at,
		});
		Ok(())
	}

	pub(crate) fn do_vault_cancel_withdrawal(who: &T::AccountId) -> DispatchResult {
		let pending = VaultWithdrawals::<T>::take(who).ok_or(Error::<T>::NoPendingWithdrawal)?;
		VaultShares::<T>::mutate(who, |s| *s = s.saturating_add(pending.shares));
		Self::deposit_event(Event::VaultWithdrawalCancelled {
			who: who.clone(),
			shares: pending.shares,
		});
		Ok(())
	}

	pub(crate) fn do_vault_withdraw(who: &T::AccountId) -> DispatchResult {
		let pending = VaultWithdrawals::<T>::get(who).ok_or(Error::<T>::NoPendingWithdrawal)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= pending.unlocks_at,
			Error::<T>::NoticePeriodNotOver
		);
		let decimals = Self::quote_decimals()?;
		let mut book = Vault::<T>::get();
		let margin = Self::vault_risk()?;
		let equity = Self::vault_equity(&book, decimals, margin.unrealized_pnl);
		ensure!(equity.down > 0, Error::<T>::VaultInsolvent);
		let amount = Self::redeem_value(pending.shares, &book, &equity);
		let after = equity.value.saturating_sub(clamp_i128(Self::to_value(amount, decimals)));
		ensure!(after >= clamp_i128(margin.initial), Error::<T>::VaultBelowMargin);
		ensure!(
			amount <= book.balance.saturating_sub(TotalDebt::<T>::get()),
			Error::<T>::VaultIlliquid
		);
		book.balance -= amount;
		book.shares = book.shares.saturating_sub(pending.shares);
		if amount > 0 {
			T::Assets::transfer(
				T::QuoteAsset::get(),
				&Self::pool_account(),
				who,
				amount,
				Preservation::Expendable,
			)?;
		}
		Vault::<T>::put(book);
		VaultWithdrawals::<T>::remove(who);
		Self::deposit_event(Event::VaultWithdrawn {
			who: who.clone(),
			shares: pending.shares,
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_fund_insurance(who: &T::AccountId, amount: Balance) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		Self::quote_decimals()?;
		let fund = InsuranceFund::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		T::Assets::transfer(
			T::QuoteAsset::get(),
			who,
			&Self::pool_account(),
			amount,
			Preservation::Preserve,
		)?;
		InsuranceFund::<T>::put(fund);
		Self::deposit_event(Event::InsuranceFunded { who: who.clone(), amount });
		Ok(())
	}

	fn set_shares(who: &T::AccountId, shares: Balance) {
		if shares == 0 {
			VaultShares::<T>::remove(who);
		} else {
			VaultShares::<T>::insert(who, shares);
		}
	}

	/// The vault as providers see it.
	pub fn vault_status() -> VaultStatus {
		let book = Vault::<T>::get();
		let decimals = Self::quote_decimals().unwrap_or(18);
		// While the vault's positions cannot be valued the view shows its realized balance
		// and pauses withdrawals (they are refused with `VaultEquityUnknown`).
		let risk = Self::vault_risk();
		let margin = risk.unwrap_or(AccountRisk { initial: Balance::MAX, ..Default::default() });
		let equity = Self::vault_equity(&book, decimals, margin.unrealized_pnl);
		VaultStatus {
			balance: book.balance,
			unrealized_pnl: margin.unrealized_pnl,
			equity: equity.value,
			initial_margin: margin.initial,
			shares: book.shares,
			share_price: Self::redeem_value(ONE, &book, &equity),
			withdrawals_paused: risk.is_err() || equity.value < clamp_i128(margin.initial),
		}
	}

	/// One provider's stake.
	pub fn provider_position(who: &T::AccountId) -> VaultPosition<BlockNumberFor<T>> {
		let book = Vault::<T>::get();
		let pnl = Self::vault_risk().map(|r| r.unrealized_pnl).unwrap_or_default();
		let equity = Self::vault_equity(&book, Self::quote_decimals().unwrap_or(18), pnl);
		let shares = VaultShares::<T>::get(who);
		let pending = VaultWithdrawals::<T>::get(who);
		let all = shares.saturating_add(pending.map(|p| p.shares).unwrap_or(0));
		VaultPosition { shares, pending, value: Self::redeem_value(all, &book, &equity) }
	}
}
