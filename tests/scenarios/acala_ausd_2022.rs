//! Acala, aUSD, 14 August 2022: a misconfigured liquidity-pool reward minted 1.28 billion
//! aUSD, the chain's stablecoin, to a few accounts; part of it was swapped into other assets
//! and carried off before governance halted the chain, and the rest was burned by decree.
//!
//! Ballast mints nothing, but a collateral configuration is its one way to count value that
//! is not there: every registration is checked against the decimals the token's issuer
//! declared (and an update never changes them), so an 18-decimal token counted as 6 (each
//! wei a micro-dollar, 10¹² times its worth) is refused however the motion passed.
//! And tokens an issuer mints in error count only within the asset's per-owner cap and its
//! share of the pool, so what they could carry off is bounded before anyone halts anything.

use crate::common::*;
use frame_support::traits::fungible::NativeOrWithId;
use sp_runtime::DispatchError;

type Collateral = pallet_shared_collateral::Pallet<Runtime>;
type Assets = pallet_assets::Pallet<Runtime>;

fn signed(who: u8) -> ballast_runtime::RuntimeOrigin {
	ballast_runtime::RuntimeOrigin::signed(id(usize::from(who)).clone())
}

fn config(decimals: u8) -> pallet_shared_collateral::AssetConfig {
	pallet_shared_collateral::AssetConfig {
		feed: ballast_primitives::FeedKey {
			underlying: ballast_runtime::genesis_config_presets::underlyings::ETH,
			kind: ballast_primitives::FeedKind::Spot,
		},
		decimals,
		haircut: sp_runtime::Perbill::from_percent(10),
		account_cap: 10_000 * 10u128.pow(u32::from(decimals)),
		concentration_cap: sp_runtime::Perbill::from_percent(40),
		deposits_enabled: true,
		withdrawals_enabled: true,
	}
}

#[test]
fn a_collateral_counted_in_the_wrong_decimals_is_refused() {
	let mut w = World::new();
	let mismatch: DispatchError =
		pallet_shared_collateral::Error::<Runtime>::DecimalsMismatch.into();
	w.execute(|| {
		let root = ballast_runtime::RuntimeOrigin::root;
		// A new 18-decimal ETH token, declared by its issuer.
		let steth = 4u32;
		frame_support::assert_ok!(Assets::force_create(
			root(),
			steth.into(),
			id(0).clone().into(),
			true,
			1
		));
		let name = b"stETH".to_vec();
		frame_support::assert_ok!(Assets::force_set_metadata(
			root(),
			steth.into(),
			name.clone(),
			name,
			18,
			false
		));
		// Registered with 6 decimals, 1 stETH (10¹⁸ units) would count 10¹² ETH.
		let asset = || NativeOrWithId::WithId(steth);
		assert_eq!(Collateral::register_asset(root(), asset(), config(6)), Err(mismatch));
		assert!(pallet_shared_collateral::CollateralAssets::<Runtime>::get(asset()).is_none());
		frame_support::assert_ok!(Collateral::register_asset(root(), asset(), config(18)));
		// Nor can an update bring the mistake in later: WETH stays at its 18.
		let weth = || NativeOrWithId::WithId(2u32);
		assert_eq!(Collateral::update_asset(root(), weth(), config(6)), Err(mismatch));
		let held = pallet_shared_collateral::CollateralAssets::<Runtime>::get(weth());
		assert_eq!(held.map(|c| c.decimals), Some(18));
	});
}

#[test]
fn tokens_minted_in_error_count_only_within_the_caps() {
	let mut w = World::new();
	let weth = || NativeOrWithId::WithId(2u32);
	w.execute(|| {
		// WETH's issuer mints Eve 1,000,000 WETH by mistake (3,000,000,000 at 3,000).
		let issuer = signed(ALICE);
		let eve = id(usize::from(EVE)).clone();
		frame_support::assert_ok!(Assets::mint(issuer, 2u32.into(), eve.into(), 1_000_000 * E18));
		// Her account cap is 10,000 WETH over all her subaccounts (she holds 10).
		let refused = Collateral::deposit(signed(EVE), 1, weth(), 1_000_000 * E18);
		assert_eq!(
			refused,
			Err(pallet_shared_collateral::Error::<Runtime>::AccountCapExceeded.into())
		);
		// Within it, WETH may make up at most 40% of what the pool's depositors hold: with
		// 1,000,000 USDC deposited (four traders' 250,000), WETH may grow to ⅔ × 1,000,000 =
		// 666,666 of value, 222.2 WETH at 3,000. The traders hold 40: 182 more, not 183.
		let capped: DispatchError =
			pallet_shared_collateral::Error::<Runtime>::ConcentrationCapExceeded.into();
		assert_eq!(Collateral::deposit(signed(EVE), 1, weth(), 183 * E18), Err(capped));
		frame_support::assert_ok!(Collateral::deposit(signed(EVE), 1, weth(), 182 * E18));
		// Of the 3,000,000,000 minted, 182 × 3,000 less the 10% haircut count: 491,400. Her
		// collateral is 250,000 + 192 WETH: 768,400.
		assert_eq!(equity(EVE), Some(768_400 * E18 as i128));
	});
}
