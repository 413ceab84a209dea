//! Benchmarks (v2). Worst cases: `MaxAssets` collateral assets registered, all with deposits,
//! so that the concentration check and the valuation touch every one.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::pallet::{CollateralAssets, Pallet as SharedCollateral};
use alloc::vec::Vec;
use ballast_primitives::traits::Party;
use ballast_primitives::{FeedKey, FeedKind};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sp_runtime::Perbill;

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// Creates the `n`-th token usable as collateral (a new one for each `n`) and returns it.
	fn create_asset(n: u32) -> CollateralAsset;
	/// Gives `who` `amount` of `asset`.
	fn fund(asset: &CollateralAsset, who: &AccountId, amount: Balance);
	/// Publishes fresh prices.
	fn set_prices(prices: Vec<(FeedKey, u128)>);
}

const UNIT: Balance = 1_000_000_000_000_000_000;

fn asset_config(n: u32, concentration_cap: Perbill) -> AssetConfig {
	AssetConfig {
		feed: FeedKey { underlying: 10_000 + n, kind: FeedKind::Spot },
		decimals: 18,
		haircut: Perbill::from_percent(10),
		account_cap: Balance::MAX / 4,
		concentration_cap,
		deposits_enabled: true,
		withdrawals_enabled: true,
	}
}

/// Registers new assets priced at 1.0 until `total` are registered (at least one new), and has
/// `depositor` deposit 1,000 of each new one into its subaccount 0.
fn setup_assets<T: Config>(total: u32, depositor: &T::AccountId) -> Vec<CollateralAsset> {
	let count = total.saturating_sub(CollateralAssets::<T>::count()).max(1);
	let assets: Vec<_> = (0..count).map(T::BenchmarkHelper::create_asset).collect();
	T::BenchmarkHelper::set_prices(
		(0..count).map(|n| (asset_config(n, Perbill::one()).feed, UNIT)).collect(),
	);
	for (n, asset) in assets.iter().enumerate() {
		SharedCollateral::<T>::do_register_asset(
			asset.clone(),
			asset_config(n as u32, Perbill::one()),
		)
		.expect("benchmark asset registers");
		T::BenchmarkHelper::fund(asset, depositor, 10_000 * UNIT);
		SharedCollateral::<T>::do_deposit(depositor, 0, asset.clone(), 1_000 * UNIT)
			.expect("benchmark deposit succeeds");
	}
	assets
}

/// The quote asset registered (as 6-decimal collateral if the chain has not registered it),
/// priced at 1.0, and `amount` of it given to `who`.
fn setup_quote<T: Config>(who: &T::AccountId, amount: Balance) -> CollateralAsset {
	let quote = T::QuoteAsset::get();
	let config = CollateralAssets::<T>::get(&quote).unwrap_or_else(|| {
		let config = AssetConfig { decimals: 6, ..asset_config(9_999, Perbill::one()) };
		SharedCollateral::<T>::do_register_asset(quote.clone(), config)
			.expect("the quote asset registers");
		config
	});
	T::BenchmarkHelper::set_prices(alloc::vec![(config.feed, UNIT)]);
	T::BenchmarkHelper::fund(&quote, who, amount);
	quote
}

/// A vault deposit large enough for the chain: `MinVaultDeposit`, at least 1,000,000 units.
fn vault_amount<T: Config>() -> Balance {
	T::MinVaultDeposit::get().max(1_000_000)
}

/// A vault funded by `provider`.
fn setup_vault<T: Config>(provider: &T::AccountId) {
	setup_quote::<T>(provider, 10 * vault_amount::<T>());
	SharedCollateral::<T>::do_vault_deposit(provider, vault_amount::<T>())
		.expect("vault deposit succeeds");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_asset() {
		let max = T::MaxAssets::get();
		let whale: T::AccountId = account("whale", 0, 0);
		let n = setup_assets::<T>(max - 1, &whale).len() as u32;
		let asset = T::BenchmarkHelper::create_asset(n);
		let config = asset_config(n, Perbill::one());
		#[extrinsic_call]
		_(RawOrigin::Root, asset.clone(), config);
		assert_eq!(CollateralAssets::<T>::get(asset), Some(config));
	}

	#[benchmark]
	fn update_asset() {
		let whale: T::AccountId = account("whale", 0, 0);
		let assets = setup_assets::<T>(1, &whale);
		let config = asset_config(0, Perbill::from_percent(50));
		#[extrinsic_call]
		_(RawOrigin::Root, assets[0].clone(), config);
		assert_eq!(CollateralAssets::<T>::get(&assets[0]), Some(config));
	}

	#[benchmark]
	fn set_unrealized_profit_haircut() {
		#[extrinsic_call]
		_(RawOrigin::Root, Perbill::from_percent(50));
		assert_eq!(UnrealizedProfitHaircut::<T>::get(), Perbill::from_percent(50));
	}

	#[benchmark]
	fn open_subaccount() {
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 1);
		assert!(Subaccounts::<T>::contains_key(&caller, 1));
	}

	#[benchmark]
	fn deposit() {
		// Worst case: quote that first repays the subaccount's debt, with a concentration cap
		// below 100% so that the deposit values the whole pool.
		let whale: T::AccountId = account("whale", 0, 0);
		let caller: T::AccountId = whitelisted_caller();
		let quote = setup_quote::<T>(&caller, 10_000_000);
		setup_assets::<T>(T::MaxAssets::get(), &whale);
		let mut config = CollateralAssets::<T>::get(&quote).expect("quote registered");
		config.concentration_cap = Perbill::from_percent(99);
		SharedCollateral::<T>::do_update_asset(quote.clone(), config).expect("update succeeds");
		let debt = 1_000u128
			.saturating_mul(10u128.saturating_pow(18u32.saturating_sub(config.decimals.into())));
		SharedCollateral::<T>::do_pay(
			&Party::Account(caller.clone(), 0),
			&Party::InsuranceFund,
			debt,
		)
		.expect("debt recorded");
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, quote.clone(), 1_000_000);
		assert_eq!(Debts::<T>::get((&caller, 0)), 0);
		assert_eq!(Deposits::<T>::get((&caller, 0), &quote), 1_000_000 - 1_000);
	}

	#[benchmark]
	fn withdraw() {
		let caller: T::AccountId = whitelisted_caller();
		let assets = setup_assets::<T>(T::MaxAssets::get(), &caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, assets[0].clone(), UNIT);
		assert_eq!(Deposits::<T>::get((&caller, 0), &assets[0]), 999 * UNIT);
	}

	#[benchmark]
	fn transfer() {
		let caller: T::AccountId = whitelisted_caller();
		let assets = setup_assets::<T>(T::MaxAssets::get(), &caller);
		SharedCollateral::<T>::do_open_subaccount(&caller, 1).expect("opens");
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, 1, assets[0].clone(), UNIT);
		assert_eq!(Deposits::<T>::get((&caller, 1), &assets[0]), UNIT);
	}

	#[benchmark]
	fn vault_deposit() {
		let provider: T::AccountId = account("provider", 0, 0);
		setup_vault::<T>(&provider);
		let caller: T::AccountId = whitelisted_caller();
		setup_quote::<T>(&caller, 10 * vault_amount::<T>());
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), vault_amount::<T>());
		assert!(VaultShares::<T>::get(&caller) > 0);
	}

	#[benchmark]
	fn vault_request_withdrawal() {
		let caller: T::AccountId = whitelisted_caller();
		setup_vault::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 1_000);
		assert!(VaultWithdrawals::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn vault_cancel_withdrawal() {
		let caller: T::AccountId = whitelisted_caller();
		setup_vault::<T>(&caller);
		SharedCollateral::<T>::do_vault_request_withdrawal(&caller, 1_000).expect("requested");
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert!(!VaultWithdrawals::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn vault_withdraw() {
		let caller: T::AccountId = whitelisted_caller();
		setup_vault::<T>(&caller);
		SharedCollateral::<T>::do_vault_request_withdrawal(&caller, 1_000).expect("requested");
		let unlocks_at = VaultWithdrawals::<T>::get(&caller).expect("pending").unlocks_at;
		frame_system::Pallet::<T>::set_block_number(unlocks_at);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert!(!VaultWithdrawals::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn set_insurance_fee_share() {
		#[extrinsic_call]
		_(RawOrigin::Root, Perbill::from_percent(20));
		assert_eq!(InsuranceFeeShare::<T>::get(), Perbill::from_percent(20));
	}

	#[benchmark]
	fn set_lease_fee_share() {
		InsuranceFeeShare::<T>::put(Perbill::from_percent(20));
		#[extrinsic_call]
		_(RawOrigin::Root, Perbill::from_percent(10));
		assert_eq!(LeaseFeeShare::<T>::get(), Perbill::from_percent(10));
	}

	#[benchmark]
	fn fund_insurance() {
		let caller: T::AccountId = whitelisted_caller();
		setup_quote::<T>(&caller, 10_000_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 1_000_000);
		assert!(InsuranceFund::<T>::get() >= 1_000_000);
	}

	impl_benchmark_test_suite!(SharedCollateral, crate::mock::new_test_ext(), crate::mock::Test);
}
