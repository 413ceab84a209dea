//! Behaviour a trader, a liquidity provider or the risk council relies on, with worked
//! numbers. Every test runs the pallet's invariants (`do_try_state`) when it ends.

mod accounts;
mod ledger;
mod vault;

use crate::{mock::*, AssetConfig, CollateralLine, Deposits, Error, Event, TotalDeposits};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect};
use sp_runtime::{DispatchError, Perbill};

type Collateral = crate::Pallet<Test>;

fn config(underlying: u32, decimals: u8, haircut_pct: u32) -> AssetConfig {
	AssetConfig {
		feed: feed(underlying),
		decimals,
		haircut: Perbill::from_percent(haircut_pct),
		account_cap: u128::MAX / 4,
		concentration_cap: Perbill::one(),
		deposits_enabled: true,
		withdrawals_enabled: true,
	}
}

/// USDC (no haircut), WETH (10%) and BLST (20%) registered.
fn register_all() {
	assert_ok!(SharedCollateral::register_asset(RuntimeOrigin::root(), USDC, config(1, 6, 0)));
	assert_ok!(SharedCollateral::register_asset(RuntimeOrigin::root(), WETH, config(2, 18, 10)));
	assert_ok!(SharedCollateral::register_asset(RuntimeOrigin::root(), BLST, config(3, 12, 20)));
}

fn usdc(n: u128) -> u128 {
	n * 1_000_000
}

fn balance(asset: crate::CollateralAsset, who: AccountId) -> u128 {
	<Test as crate::Config>::Assets::balance(asset, &who)
}
