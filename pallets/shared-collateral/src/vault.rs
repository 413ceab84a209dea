//! The LP vault: providers deposit the quote asset for shares; the vault is the counterparty of
//! vault-traded markets (the margin engine keeps its positions as `Holder::Vault`, the same
//! identity as `Party::Vault` here) and earns their fees and spread, so the share price moves with its PnL. Redemptions wait a
//! notice period and pause while the vault is below the initial margin of its positions.
//!
//! Shares are priced ERC-4626 style with one virtual share and one virtual unit, so the first
//! deposit mints one share per quote unit and rounding always favours the vault. Redemptions
//! deduct the traders' debt the insurance fund cannot cover (the vault pays it next): a
//! provider who leaves first does not leave that loss to the others. Deposits price it at
//! nothing, so a depositor never buys in below a value the debt's repayment would restore.

use crate::{functions::multiply_divide, ledger::clamp_i128, pallet::*, types::*};
use ballast_primitives::{risk::AccountRisk, traits::MarginEngine, Balance};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

/// 1.0 with 18 decimals.
const ONE: u128 = 1_000_000_000_000_000_000;

/// The vault's equity in quote units: for redemptions (net of the debt at risk, rounded down)
/// and for deposits (gross, rounded up).
struct Equity {
	down: i128,
	up: i128,
	/// Equity net of the debt at risk (18 decimals).
	value: i128,
}

impl<T: Config> Pallet<T> {
	/// The margin engine's view of the vault's positions; `VaultEquityUnknown` while one
	/// cannot be valued.
	fn vault_risk() -> Result<AccountRisk, DispatchError> {
		T::MarginEngine::vault_risk().map_err(|_| Error::<T>::VaultEquityUnknown.into())
	}

	/// Debt the vault would bear (quote units): what the loss waterfall could not cover and
	/// is still owed, plus what it is covering now, less what the insurance fund pays first.
	/// Debt backed by the debtor's own collateral is not counted.
	pub fn debt_at_risk() -> Balance {
		use ballast_primitives::traits::PendingCover;
		let decimals = Self::quote_decimals().unwrap_or(18);
		let pending = Self::to_units(T::PendingCover::pending_cover(), decimals, true)
			.unwrap_or(Balance::MAX);
		TotalUncovered::<T>::get()
			.saturating_add(pending)
			.saturating_sub(InsuranceFund::<T>::get())
	}

	/// The vault's equity: realized balance + `pnl`, the unrealized PnL of its positions, and
	/// for redemptions less [`Self::debt_at_risk`].
	fn vault_equity(book: &VaultBook, decimals: u8, pnl: i128) -> Equity {
		let gross = clamp_i128(Self::to_value(book.balance, decimals)).saturating_add(pnl);
		let at_risk = clamp_i128(Self::to_value(Self::debt_at_risk(), decimals));
		let value = gross.saturating_sub(at_risk);
		let scale: i128 = if decimals >= 18 { 1 } else { 10i128.pow(u32::from(18 - decimals)) };
		let down = value.div_euclid(scale);
		let floor = gross.div_euclid(scale);
		let up = if gross.rem_euclid(scale) == 0 { floor } else { floor.saturating_add(1) };
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
		let now = frame_system::Pallet::<T>::block_number();
		// A lapsed request gives its shares back and is replaced.
		let mut free = VaultShares::<T>::get(who);
		if let Some(pending) = VaultWithdrawals::<T>::get(who) {
			ensure!(now >= pending.lapses_at, Error::<T>::WithdrawalPending);
			free = free.checked_add(pending.shares).ok_or(Error::<T>::Overflow)?;
		}
		let left = free.checked_sub(shares).ok_or(Error::<T>::InsufficientShares)?;
		let unlocks_at = now.saturating_add(T::VaultNoticePeriod::get());
		let lapses_at = unlocks_at.saturating_add(T::VaultWithdrawalWindow::get());
		Self::set_shares(who, left);
		VaultWithdrawals::<T>::insert(who, PendingWithdrawal { shares, unlocks_at, lapses_at });
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
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= pending.unlocks_at, Error::<T>::NoticePeriodNotOver);
		ensure!(now < pending.lapses_at, Error::<T>::WithdrawalLapsed);
		let decimals = Self::quote_decimals()?;
		let mut book = Vault::<T>::get();
		let margin = Self::vault_risk()?;
		let equity = Self::vault_equity(&book, decimals, margin.unrealized_pnl);
		ensure!(equity.down > 0, Error::<T>::VaultInsolvent);
		let amount = Self::redeem_value(pending.shares, &book, &equity);
		let after = equity.value.saturating_sub(clamp_i128(Self::to_value(amount, decimals)));
		ensure!(after >= clamp_i128(margin.initial), Error::<T>::VaultBelowMargin);
		// Quote really in the pool: not what traders owe, nor profit clearing has paid out
		// ahead of the matching losses.
		let clearing_deficit = Clearing::<T>::get().min(0).unsigned_abs();
		let liquid = book
			.balance
			.saturating_sub(TotalDebt::<T>::get())
			.saturating_sub(clearing_deficit);
		ensure!(amount <= liquid, Error::<T>::VaultIlliquid);
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
		let risk = Self::vault_risk().ok();
		let equity = risk.map(|r| Self::vault_equity(&book, decimals, r.unrealized_pnl));
		VaultStatus {
			balance: book.balance,
			debt_at_risk: Self::debt_at_risk(),
			shares: book.shares,
			unrealized_pnl: risk.map(|r| r.unrealized_pnl),
			equity: equity.as_ref().map(|e| e.value),
			initial_margin: risk.map(|r| r.initial),
			share_price: equity.as_ref().map(|e| Self::redeem_value(ONE, &book, e)),
			withdrawals_paused: match (&equity, risk) {
				(Some(e), Some(r)) => e.value < clamp_i128(r.initial),
				_ => true,
			},
		}
	}

	/// One provider's stake.
	pub fn provider_position(who: &T::AccountId) -> VaultPosition<BlockNumberFor<T>> {
		let book = Vault::<T>::get();
		let decimals = Self::quote_decimals().unwrap_or(18);
		let equity = Self::vault_risk()
			.ok()
			.map(|r| Self::vault_equity(&book, decimals, r.unrealized_pnl));
		let shares = VaultShares::<T>::get(who);
		let pending = VaultWithdrawals::<T>::get(who);
		let all = shares.saturating_add(pending.map(|p| p.shares).unwrap_or(0));
		let value = equity.map(|e| Self::redeem_value(all, &book, &e));
		VaultPosition { shares, pending, value }
	}
}
