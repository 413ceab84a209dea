//! Benchmarks (v2). Worst cases: `MaxAssets` collateral assets registered, all with deposits,
//! so that the concentration check and the valuation touch every one.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::pallet::{CollateralAssets, Pallet as SharedCollateral};
use alloc::vec::Vec;
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
		_(RawOrigin::Signed(caller.clone()), 1, MarginMode::Isolated(1));
		assert_eq!(Subaccounts::<T>::get(&caller, 1), Some(MarginMode::Isolated(1)));
	}

	#[benchmark]
	fn deposit() {
		let whale: T::AccountId = account("whale", 0, 0);
		let assets = setup_assets::<T>(T::MaxAssets::get(), &whale);
		// A concentration cap below 100% makes the deposit value the whole pool.
		SharedCollateral::<T>::do_update_asset(
			assets[0].clone(),
			asset_config(0, Perbill::from_percent(99)),
		)
		.expect("update succeeds");
		let caller: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&assets[0], &caller, 10 * UNIT);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, assets[0].clone(), UNIT / 100);
		assert_eq!(Deposits::<T>::get((&caller, 0), &assets[0]), UNIT / 100);
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
		SharedCollateral::<T>::do_open_subaccount(&caller, 1, MarginMode::Cross).expect("opens");
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, 1, assets[0].clone(), UNIT);
		assert_eq!(Deposits::<T>::get((&caller, 1), &assets[0]), UNIT);
	}

	impl_benchmark_test_suite!(SharedCollateral, crate::mock::new_test_ext(), crate::mock::Test);
}
