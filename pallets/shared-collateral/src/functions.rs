//! The bodies of the calls, valuation and invariants.

use crate::{ledger::clamp_i128, pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{
	risk::Unvalued,
	traits::{CircuitBreaker, MarginEngine, PriceFeed, SubaccountId},
	Balance,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::{traits::AccountIdConversion, Perbill};

impl<T: Config> Pallet<T> {
	/// The pool account, which holds every deposited token.
	pub fn pool_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	fn validate(config: &AssetConfig) -> DispatchResult {
		ensure!(config.haircut < Perbill::one(), Error::<T>::InvalidHaircut);
		ensure!(config.account_cap > 0 && !config.concentration_cap.is_zero(), Error::<T>::ZeroCap);
		ensure!(config.decimals <= 36, Error::<T>::InvalidDecimals);
		Ok(())
	}

	pub(crate) fn do_register_asset(asset: CollateralAsset, config: AssetConfig) -> DispatchResult {
		ensure!(!CollateralAssets::<T>::contains_key(&asset), Error::<T>::AssetAlreadyRegistered);
		Self::validate(&config)?;
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		Self::ensure_declared_decimals(&asset, &config)?;
		ensure!(CollateralAssets::<T>::count() < T::MaxAssets::get(), Error::<T>::TooManyAssets);
		CollateralAssets::<T>::insert(&asset, config);
		Self::deposit_event(Event::AssetRegistered { asset, config });
		Ok(())
	}

	pub(crate) fn do_update_asset(asset: CollateralAsset, config: AssetConfig) -> DispatchResult {
		let held = CollateralAssets::<T>::get(&asset).ok_or(Error::<T>::UnknownCollateral)?;
		Self::validate(&config)?;
		// Checked against the issuer's declaration once, at registration: its metadata may
		// change since, and must never hold up the council's changes to haircuts or caps.
		ensure!(config.decimals == held.decimals, Error::<T>::DecimalsMismatch);
		CollateralAssets::<T>::insert(&asset, config);
		Self::deposit_event(Event::AssetUpdated { asset, config });
		Ok(())
	}

	/// Fails unless `config` counts the asset in the decimals its issuer declared: with
	/// any others each unit would count 10^k times what it is worth.
	fn ensure_declared_decimals(asset: &CollateralAsset, config: &AssetConfig) -> DispatchResult {
		use ballast_primitives::traits::AssetDecimals;
		ensure!(
			T::AssetDecimals::decimals(asset) == Some(config.decimals),
			Error::<T>::DecimalsMismatch
		);
		Ok(())
	}

	pub(crate) fn ensure_sub(sub: SubaccountId) -> DispatchResult {
		ensure!((sub as u32) < T::MaxSubaccounts::get(), Error::<T>::InvalidSubaccount);
		Ok(())
	}

	pub(crate) fn do_open_subaccount(who: &T::AccountId, sub: SubaccountId) -> DispatchResult {
		Self::ensure_sub(sub)?;
		ensure!(!Subaccounts::<T>::contains_key(who, sub), Error::<T>::SubaccountExists);
		Subaccounts::<T>::insert(who, sub, ());
		Self::deposit_event(Event::SubaccountOpened { who: who.clone(), sub });
		Ok(())
	}

	/// The checks every movement of collateral starts with: a non-zero amount of a registered
	/// asset. Returns the asset's parameters.
	fn movement(asset: &CollateralAsset, amount: Balance) -> Result<AssetConfig, DispatchError> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		Ok(CollateralAssets::<T>::get(asset).ok_or(Error::<T>::UnknownCollateral)?)
	}

	/// Subaccount `sub` (an id already checked) must be open; subaccount 0 opens itself.
	fn ensure_open(who: &T::AccountId, sub: SubaccountId) -> DispatchResult {
		if !Subaccounts::<T>::contains_key(who, sub) {
			ensure!(sub == 0, Error::<T>::InvalidSubaccount);
			Self::do_open_subaccount(who, 0)?;
		}
		Ok(())
	}

	pub(crate) fn do_deposit(
		who: &T::AccountId,
		sub: SubaccountId,
		asset: CollateralAsset,
		amount: Balance,
	) -> DispatchResult {
		let config = Self::movement(&asset, amount)?;
		ensure!(config.deposits_enabled, Error::<T>::DepositsDisabled);
		Self::ensure_sub(sub)?;
		// Quote deposited into a subaccount with debt repays the debt first.
		let debt = if asset == T::QuoteAsset::get() { Debts::<T>::get((who, sub)) } else { 0 };
		let repaid = debt.min(amount);
		let rest = amount - repaid;
		let held = Deposits::<T>::get((who, sub), &asset);
		let new_held = held.checked_add(rest).ok_or(Error::<T>::Overflow)?;
		Self::ensure_account_cap(who, &asset, &config, rest)?;
		let new_total =
			TotalDeposits::<T>::get(&asset).checked_add(rest).ok_or(Error::<T>::Overflow)?;
		Self::ensure_concentration(&asset, &config, new_total)?;
		Self::ensure_open(who, sub)?;
		T::Assets::transfer(
			asset.clone(),
			who,
			&Self::pool_account(),
			amount,
			Preservation::Preserve,
		)?;
		if repaid > 0 {
			Self::credit_quote(who, sub, repaid)?;
		}
		Self::set_deposit(who, sub, &asset, new_held);
		TotalDeposits::<T>::insert(&asset, new_total);
		Self::deposit_event(Event::Deposited { who: who.clone(), sub, asset, amount });
		Ok(())
	}

	pub(crate) fn do_withdraw(
		who: &T::AccountId,
		sub: SubaccountId,
		asset: CollateralAsset,
		amount: Balance,
	) -> DispatchResult {
		let config = Self::movement(&asset, amount)?;
		ensure!(config.withdrawals_enabled, Error::<T>::WithdrawalsDisabled);
		Self::ensure_sub(sub)?;
		ensure!(Self::fresh_price(&config).is_some(), Error::<T>::StalePrice);
		let held = Deposits::<T>::get((who, sub), &asset);
		let new_held = held.checked_sub(amount).ok_or(Error::<T>::InsufficientCollateral)?;
		Self::ensure_margin_after(who, sub, &asset, new_held)?;
		Self::ensure_no_cap_crossed(&asset, amount)?;
		T::Assets::transfer(
			asset.clone(),
			&Self::pool_account(),
			who,
			amount,
			Preservation::Expendable,
		)?;
		Self::set_deposit(who, sub, &asset, new_held);
		TotalDeposits::<T>::mutate(&asset, |t| *t = t.saturating_sub(amount));
		Self::deposit_event(Event::Withdrawn { who: who.clone(), sub, asset, amount });
		Ok(())
	}

	pub(crate) fn do_transfer(
		who: &T::AccountId,
		from: SubaccountId,
		to: SubaccountId,
		asset: CollateralAsset,
		amount: Balance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::SameSubaccount);
		Self::ensure_sub(from)?;
		Self::ensure_sub(to)?;
		let config = Self::movement(&asset, amount)?;
		ensure!(Subaccounts::<T>::contains_key(who, to), Error::<T>::InvalidSubaccount);
		ensure!(Self::fresh_price(&config).is_some(), Error::<T>::StalePrice);
		let from_held = Deposits::<T>::get((who, from), &asset);
		let new_from = from_held.checked_sub(amount).ok_or(Error::<T>::InsufficientCollateral)?;
		let new_to = Deposits::<T>::get((who, to), &asset)
			.checked_add(amount)
			.ok_or(Error::<T>::Overflow)?;
		Self::ensure_margin_after(who, from, &asset, new_from)?;
		// The owner's holding, which the account cap limits, does not change.
		Self::set_deposit(who, from, &asset, new_from);
		if asset == T::QuoteAsset::get() {
			// Quote into a subaccount with debt repays the debt first, as a deposit does.
			TotalDeposits::<T>::mutate(&asset, |t| *t = t.saturating_sub(amount));
			Self::credit_quote(who, to, amount)?;
		} else {
			Self::set_deposit(who, to, &asset, new_to);
		}
		Self::deposit_event(Event::Transferred { who: who.clone(), from, to, asset, amount });
		Ok(())
	}

	/// Fails unless the owner, with `more` of `asset`, holds at most its account cap over all
	/// its subaccounts.
	pub(crate) fn ensure_account_cap(
		who: &T::AccountId,
		asset: &CollateralAsset,
		config: &AssetConfig,
		more: Balance,
	) -> DispatchResult {
		let held = OwnerDeposits::<T>::get(who, asset)
			.checked_add(more)
			.ok_or(Error::<T>::Overflow)?;
		ensure!(held <= config.account_cap, Error::<T>::AccountCapExceeded);
		Ok(())
	}

	/// Sets what a subaccount holds of `asset`, keeping its owner's total in step: the only
	/// writer of [`Deposits`].
	pub(crate) fn set_deposit(
		who: &T::AccountId,
		sub: SubaccountId,
		asset: &CollateralAsset,
		amount: Balance,
	) {
		let old = Deposits::<T>::get((who, sub), asset);
		if amount == 0 {
			Deposits::<T>::remove((who, sub), asset);
		} else {
			Deposits::<T>::insert((who, sub), asset, amount);
		}
		let total = OwnerDeposits::<T>::get(who, asset).saturating_add(amount).saturating_sub(old);
		if total == 0 {
			OwnerDeposits::<T>::remove(who, asset);
		} else {
			OwnerDeposits::<T>::insert(who, asset, total);
		}
	}

	/// The pool's value (TVL): every asset deposited at its latest oracle price, plus the LP
	/// vault, the insurance fund and the lease fund (quote, 18 decimals). Assets without a price count nothing.
	pub fn total_value_locked() -> Balance {
		let assets = CollateralAssets::<T>::iter().fold(0u128, |acc, (asset, config)| {
			let value = T::PriceFeed::latest(config.feed)
				.and_then(|(price, _)| {
					Self::gross_value(TotalDeposits::<T>::get(&asset), price, config.decimals)
				})
				.unwrap_or(0);
			acc.saturating_add(value)
		});
		let quote = Self::quote_decimals().unwrap_or(18);
		let held = Vault::<T>::get()
			.balance
			.saturating_add(InsuranceFund::<T>::get())
			.saturating_add(LeaseFund::<T>::get());
		assets.saturating_add(Self::to_value(held, quote))
	}

	/// The asset's price if it is younger than `MaxPriceAge`.
	pub fn fresh_price(config: &AssetConfig) -> Option<u128> {
		T::PriceFeed::fresh(config.feed, T::MaxPriceAge::get()).map(|(price, _)| price)
	}

	/// Value (quote, 18 decimals) of `amount` smallest units at `price` per whole unit,
	/// before haircut, rounded down.
	fn gross_value(amount: Balance, price: u128, decimals: u8) -> Option<Balance> {
		let unit = 10u128.checked_pow(decimals as u32)?;
		multiply_divide(amount, price, unit)
	}

	/// Value before haircut of `amount` at the asset's fresh price; 0 without one (the
	/// concentration checks count an unpriced asset as nothing).
	fn fresh_gross_value(config: &AssetConfig, amount: Balance) -> Balance {
		Self::fresh_price(config)
			.and_then(|p| Self::gross_value(amount, p, config.decimals))
			.unwrap_or(0)
	}

	/// Value after haircut (quote, 18 decimals) of `amount` at an optional fresh `price`: 0
	/// without a price.
	fn net_value(amount: Balance, price: Option<u128>, config: &AssetConfig) -> Balance {
		price
			.and_then(|p| Self::gross_value(amount, p, config.decimals))
			.map(|v| (Perbill::one() - config.haircut).mul_floor(v))
			.unwrap_or(0)
	}

	/// One subaccount's collateral, asset by asset; with `assume`, as if it held that amount
	/// of that asset.
	fn lines(
		who: &T::AccountId,
		sub: SubaccountId,
		assume: Option<(&CollateralAsset, Balance)>,
	) -> Vec<CollateralLine> {
		Deposits::<T>::iter_prefix((who, sub))
			.filter_map(|(asset, held)| {
				let config = CollateralAssets::<T>::get(&asset)?;
				let amount = match assume {
					Some((a, amount)) if *a == asset => amount,
					_ => held,
				};
				let price = Self::fresh_price(&config);
				let value = Self::net_value(amount, price, &config);
				Some(CollateralLine { asset, amount, price, haircut: config.haircut, value })
			})
			.collect()
	}

	/// One subaccount's collateral, asset by asset.
	pub fn collateral_lines(who: &T::AccountId, sub: SubaccountId) -> Vec<CollateralLine> {
		Self::lines(who, sub, None)
	}

	/// Collateral value of a subaccount after haircuts (quote, 18 decimals); an asset without a
	/// fresh price counts 0.
	pub fn collateral_value(who: &T::AccountId, sub: SubaccountId) -> Balance {
		Self::collateral_lines(who, sub)
			.iter()
			.fold(0, |acc, l| acc.saturating_add(l.value))
	}

	/// Fails unless the subaccount meets initial margin (times the circuit breakers'
	/// withdrawal factor) with `asset` at `new_amount`, judged on the margin engine's
	/// snapshot: collateral − debt + losses + (1 − haircut) × profits.
	fn ensure_margin_after(
		who: &T::AccountId,
		sub: SubaccountId,
		asset: &CollateralAsset,
		new_amount: Balance,
	) -> DispatchResult {
		// Nothing at risk: no position to margin and no debt to back.
		if !T::MarginEngine::has_positions(who, sub) && Self::debt_value(who, sub) == 0 {
			return Ok(());
		}
		let risk = T::MarginEngine::risk(who, sub).map_err(Error::<T>::from)?;
		// The change in haircut value of `asset` from what is held to `new_amount`.
		let held = Deposits::<T>::get((who, sub), asset);
		let config = CollateralAssets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		let price = Self::fresh_price(&config).ok_or(Error::<T>::StalePrice)?;
		let before = clamp_i128(Self::net_value(held, Some(price), &config));
		let after = clamp_i128(Self::net_value(new_amount, Some(price), &config));
		let risk = risk.with_collateral_change(after.saturating_sub(before));
		// While a market it trades is halted, a withdrawal leaves more margin behind.
		let factor = T::CircuitBreaker::withdrawal_factor(&T::MarginEngine::underlyings(who, sub));
		ensure!(risk.meets_initial(factor), Error::<T>::InitialMarginBreached);
		Ok(())
	}

	/// Fails if `asset`, with `new_total` deposited, would exceed its share of the pool value.
	fn ensure_concentration(
		asset: &CollateralAsset,
		config: &AssetConfig,
		new_total: Balance,
	) -> DispatchResult {
		if config.concentration_cap == Perbill::one() {
			return Ok(());
		}
		let price = Self::fresh_price(config).ok_or(Error::<T>::StalePrice)?;
		let this =
			Self::gross_value(new_total, price, config.decimals).ok_or(Error::<T>::Overflow)?;
		let mut pool = this;
		for (other, other_config) in CollateralAssets::<T>::iter() {
			if &other == asset {
				continue;
			}
			let total = TotalDeposits::<T>::get(&other);
			if total == 0 {
				continue;
			}
			pool = pool.saturating_add(Self::fresh_gross_value(&other_config, total));
		}
		ensure!(
			this <= config.concentration_cap.mul_floor(pool),
			Error::<T>::ConcentrationCapExceeded
		);
		Ok(())
	}

	/// Fails if withdrawing `amount` of `asset` would take another asset from within its
	/// concentration cap to above it (the pool shrinks, so every other asset's share grows).
	/// An asset already above its cap (its price rose) blocks no withdrawal; one without a
	/// fresh price counts nothing, as in [`Self::ensure_concentration`].
	fn ensure_no_cap_crossed(asset: &CollateralAsset, amount: Balance) -> DispatchResult {
		let value_of = Self::fresh_gross_value;
		let mut pool: Balance = 0;
		let mut others: Vec<(Perbill, Balance)> = Vec::new();
		let mut withdrawn: Balance = 0;
		for (other, config) in CollateralAssets::<T>::iter() {
			let value = value_of(&config, TotalDeposits::<T>::get(&other));
			pool = pool.saturating_add(value);
			if &other == asset {
				withdrawn = value_of(&config, amount);
			} else if config.concentration_cap < Perbill::one() {
				others.push((config.concentration_cap, value));
			}
		}
		let after = pool.saturating_sub(withdrawn);
		let crossed = others
			.iter()
			.any(|(cap, value)| *value <= cap.mul_floor(pool) && *value > cap.mul_floor(after));
		ensure!(!crossed, Error::<T>::ConcentrationCapExceeded);
		Ok(())
	}

	/// The pallet's invariants. Per asset, Σ subaccount balances = `TotalDeposits`; the pool
	/// account holds at least Σ balances (+ vault + insurance fund − Σ debt for the quote
	/// asset) — more only if someone sent it tokens outside the pallet. Debts sum to
	/// `TotalDebt` and a subaccount with debt holds no quote; providers' shares (free and
	/// pending) sum to the vault's shares. Compiled natively (`std`, for whole-runtime tests)
	/// and with `try-runtime`; never in the production wasm.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let quote = T::QuoteAsset::get();
		let mut sums: BTreeMap<Vec<u8>, (CollateralAsset, Balance)> = BTreeMap::new();
		let mut per_owner: BTreeMap<Vec<u8>, Balance> = BTreeMap::new();
		for ((who, _), asset, amount) in Deposits::<T>::iter() {
			ensure!(amount > 0, "a zero deposit is stored");
			let o = per_owner.entry((&who, &asset).encode()).or_default();
			*o = o.checked_add(amount).ok_or("deposits overflow")?;
			let e = sums.entry(asset.encode()).or_insert((asset, 0));
			e.1 = e.1.checked_add(amount).ok_or("deposits overflow")?;
		}
		for (who, asset, total) in OwnerDeposits::<T>::iter() {
			let summed = per_owner.remove(&(&who, &asset).encode()).unwrap_or(0);
			ensure!(summed == total && total > 0, "an owner's total differs from its deposits");
		}
		ensure!(per_owner.is_empty(), "deposits of an owner without a total");
		let mut debts: Balance = 0;
		for ((who, sub), debt) in Debts::<T>::iter() {
			ensure!(debt > 0, "a zero debt is stored");
			ensure!(
				Deposits::<T>::get((&who, sub), &quote) == 0,
				"a subaccount with debt holds quote"
			);
			debts = debts.checked_add(debt).ok_or("debts overflow")?;
		}
		let total_debt = TotalDebt::<T>::get();
		ensure!(debts == total_debt, "Σ debts differs from TotalDebt");
		let mut uncovered: Balance = 0;
		for ((who, sub), part) in UncoveredDebt::<T>::iter() {
			ensure!(part > 0, "a zero uncovered debt is stored");
			ensure!(part <= Debts::<T>::get((&who, sub)), "uncovered debt above the debt");
			uncovered = uncovered.checked_add(part).ok_or("uncovered debt overflows")?;
		}
		ensure!(uncovered == TotalUncovered::<T>::get(), "Σ uncovered differs from TotalUncovered");
		let book = Vault::<T>::get();
		let insurance = InsuranceFund::<T>::get();
		let lease = LeaseFund::<T>::get();
		ensure!(
			InsuranceFeeShare::<T>::get().deconstruct() as u64
				+ LeaseFeeShare::<T>::get().deconstruct() as u64
				<= Perbill::one().deconstruct() as u64,
			"the fee shares add up to more than the fee"
		);
		for (asset, total) in TotalDeposits::<T>::iter() {
			let summed = sums.remove(&asset.encode()).map(|(_, s)| s).unwrap_or(0);
			ensure!(summed == total, "Σ deposits differs from TotalDeposits");
			if asset != quote {
				ensure!(
					T::Assets::balance(asset, &Self::pool_account()) >= total,
					"the pool account holds less than the deposits"
				);
			}
		}
		// Clearing below zero is profit paid out ahead of the matching losses: a claim less.
		let clearing = Clearing::<T>::get();
		let quote_owed = TotalDeposits::<T>::get(&quote)
			.checked_add(book.balance)
			.and_then(|o| o.checked_add(insurance))
			.and_then(|o| o.checked_add(lease))
			.and_then(|o| o.checked_add(clearing.max(0).unsigned_abs()))
			.ok_or("quote claims overflow")?
			.checked_sub(total_debt)
			.and_then(|o| o.checked_sub(clearing.min(0).unsigned_abs()))
			.ok_or("debts exceed the quote claims")?;
		ensure!(
			T::Assets::balance(quote, &Self::pool_account()) >= quote_owed,
			"the pool account holds less quote than deposits + vault + insurance + lease + \
			 clearing − debt"
		);
		ensure!(sums.values().all(|(_, s)| *s == 0), "deposits of an asset without a total");
		let mut shares: Balance = 0;
		for (_, s) in VaultShares::<T>::iter() {
			ensure!(s > 0, "zero vault shares are stored");
			shares = shares.checked_add(s).ok_or("shares overflow")?;
		}
		for (_, pending) in VaultWithdrawals::<T>::iter() {
			shares = shares.checked_add(pending.shares).ok_or("shares overflow")?;
		}
		ensure!(shares == book.shares, "providers' shares differ from the vault's");
		ensure!(
			CollateralAssets::<T>::count() <= T::MaxAssets::get(),
			"more collateral assets than MaxAssets"
		);
		Ok(())
	}
}

/// `a × b / c` rounded down, through 256 bits; `None` on overflow or `c = 0`.
pub(crate) fn multiply_divide(a: u128, b: u128, c: u128) -> Option<u128> {
	let (hi, lo) = ballast_primitives::fixed::wide::mul_u128(a, b);
	ballast_primitives::fixed::wide::div_256_by_128(hi, lo, c).map(|(q, _)| q)
}

/// `a × b / c` rounded up, through 256 bits; `None` on overflow or `c = 0`.
pub(crate) fn multiply_divide_up(a: u128, b: u128, c: u128) -> Option<u128> {
	let (hi, lo) = ballast_primitives::fixed::wide::mul_u128(a, b);
	let (q, r) = ballast_primitives::fixed::wide::div_256_by_128(hi, lo, c)?;
	if r == 0 {
		Some(q)
	} else {
		q.checked_add(1)
	}
}

impl<T> From<Unvalued> for Error<T> {
	fn from(e: Unvalued) -> Self {
		match e {
			Unvalued::StaleCollateral => Error::<T>::StaleCollateral,
			Unvalued::StalePrice | Unvalued::Uncomputable => Error::<T>::PositionsUnvalued,
		}
	}
}
