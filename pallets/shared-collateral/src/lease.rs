//! The lease fund: the governed [`LeaseFeeShare`] of every trading fee is set aside here, and
//! pallet-restaking pays it out each era to the operators leasing the chain its security, by
//! moving it to the relay bridge's escrow ([`Config::LeaseEscrow`]) with one outbound reward
//! message per operator.

use crate::pallet::*;
use ballast_primitives::{traits::SubaccountId, Balance};
use frame_support::ensure;
use frame_support::traits::{fungibles::Mutate, tokens::Preservation, Get};
use sp_runtime::{DispatchError, DispatchResult, Perbill};

impl<T: Config> Pallet<T> {
	/// The insurance and lease shares must leave the vault a share of every fee (≥ 0).
	pub(crate) fn ensure_fee_shares(insurance: Perbill, lease: Perbill) -> DispatchResult {
		let total = u64::from(insurance.deconstruct()) + u64::from(lease.deconstruct());
		ensure!(total <= u64::from(Perbill::one().deconstruct()), Error::<T>::FeeSharesExceedFee);
		Ok(())
	}

	/// Takes a trading fee's lease share (`value`, 18 decimals, rounded down to quote units)
	/// from the payer into the lease fund.
	pub(crate) fn collect_lease(
		who: &T::AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> DispatchResult {
		if value == 0 {
			return Ok(());
		}
		let units = Self::to_units(value, Self::quote_decimals()?, false)?;
		if units == 0 {
			return Ok(());
		}
		Self::debit_quote(who, sub, units)?;
		let fund = LeaseFund::<T>::get().checked_add(units).ok_or(Error::<T>::Overflow)?;
		LeaseFund::<T>::put(fund);
		Ok(())
	}

	/// Pays up to `value` (18 decimals) of the lease fund to the escrow; returns the value
	/// paid (whole quote units).
	pub fn do_pay_lease(value: Balance) -> Result<Balance, DispatchError> {
		let decimals = Self::quote_decimals()?;
		let units = Self::to_units(value, decimals, false)?.min(LeaseFund::<T>::get());
		if units == 0 {
			return Ok(0);
		}
		frame_support::storage::with_storage_layer(|| {
			LeaseFund::<T>::mutate(|f| *f -= units);
			T::Assets::transfer(
				T::QuoteAsset::get(),
				&Self::pool_account(),
				&T::LeaseEscrow::get(),
				units,
				Preservation::Expendable,
			)?;
			Self::deposit_event(Event::LeasePaid { amount: units });
			Ok(Self::to_value(units, decimals))
		})
	}
}

impl<T: Config> ballast_primitives::traits::LeaseFund for Pallet<T> {
	type Error = DispatchError;
	fn lease_balance() -> Balance {
		Self::to_value(LeaseFund::<T>::get(), Self::quote_decimals().unwrap_or(18))
	}
	fn pay_lease(value: Balance) -> Result<Balance, DispatchError> {
		Self::do_pay_lease(value)
	}
}
