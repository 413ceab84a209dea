//! The runtime as configured: genesis presets produce the chain a validator and a wallet
//! expect, and every pallet's `integrity_test` passes.

use crate::{
	genesis_config_presets::{self, DEV_ASSETS, ENDOWMENT},
	Assets, Aura, Balances, Runtime, RuntimeGenesisConfig, Session, System,
};
use frame_support::traits::{fungibles::metadata::Inspect as _, IntegrityTest};
use sp_keyring::Sr25519Keyring;

/// Applies a JSON patch onto a full config, as the node's chain-spec builder does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

/// The genesis state of a preset, as a node would build it.
pub(crate) fn chain(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).unwrap(),
		)
		.expect("the preset builds a genesis state");
	});
	ext
}

#[test]
fn presets_are_development_local_testnet_and_staging() {
	let names: Vec<String> = genesis_config_presets::preset_names()
		.into_iter()
		.map(|p| String::from_utf8(AsRef::<[u8]>::as_ref(&p).to_vec()).unwrap())
		.collect();
	assert_eq!(names, ["development", "local_testnet", "staging"]);
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn development_has_alice_as_the_only_validator_and_funded_accounts() {
	chain("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(Balances::free_balance(&alice), ENDOWMENT);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
			3
		);
		for a in DEV_ASSETS {
			assert_eq!(Assets::decimals(a.id), a.decimals);
			assert_eq!(Assets::symbol(a.id), a.symbol.as_bytes().to_vec());
			assert_eq!(
				Assets::balance(a.id, &alice),
				a.endowment * 10u128.pow(a.decimals as u32),
				"{} endowment",
				a.symbol
			);
		}
		let _ = (Aura::slot_duration(), Session::current_index(), System::block_number());
	});
}

#[test]
fn local_testnet_has_four_validators_with_aura_and_grandpa_keys() {
	chain("local_testnet").execute_with(|| {
		let expected: Vec<_> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.iter()
		.map(|k| k.to_account_id())
		.collect();
		assert_eq!(pallet_session::Validators::<Runtime>::get(), expected);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
	});
}

#[test]
fn every_pallet_passes_its_integrity_test() {
	chain("development").execute_with(|| {
		crate::AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn the_oracle_operators_are_the_session_validators() {
	use frame_support::traits::SortedMembers;
	chain("local_testnet").execute_with(|| {
		let mut validators = pallet_session::Validators::<Runtime>::get();
		validators.sort();
		assert_eq!(
			crate::configs::oracle::SessionValidatorsAsOperators::sorted_members(),
			validators
		);
		assert!(crate::configs::oracle::SessionValidatorsAsOperators::contains(
			&Sr25519Keyring::Dave.to_account_id()
		));
		assert!(!crate::configs::oracle::SessionValidatorsAsOperators::contains(
			&Sr25519Keyring::Eve.to_account_id()
		));
	});
}

#[test]
fn development_registers_the_collateral_assets_and_funds_the_pool_account() {
	use frame_support::traits::fungible::NativeOrWithId;
	chain("development").execute_with(|| {
		let registered: Vec<_> =
			pallet_shared_collateral::CollateralAssets::<Runtime>::iter().collect();
		assert_eq!(registered.len(), DEV_ASSETS.len() + 1, "USDC, WETH, WBTC and BLST");
		let usdc =
			pallet_shared_collateral::CollateralAssets::<Runtime>::get(NativeOrWithId::WithId(1))
				.expect("USDC is collateral");
		assert_eq!(usdc.decimals, 6);
		assert!(usdc.haircut.is_zero());
		let blst =
			pallet_shared_collateral::CollateralAssets::<Runtime>::get(NativeOrWithId::Native)
				.expect("BLST is collateral");
		assert_eq!(blst.haircut, sp_runtime::Perbill::from_percent(30));
		let pool = pallet_shared_collateral::Pallet::<Runtime>::pool_account();
		assert_eq!(Balances::free_balance(&pool), crate::EXISTENTIAL_DEPOSIT);
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state()
			.expect("invariants hold at genesis");
	});
}

#[test]
fn a_trader_deposits_usdc_into_the_pool_and_withdraws_it_at_a_fresh_price() {
	use frame_support::{assert_noop, assert_ok, traits::fungible::NativeOrWithId};
	chain("development").execute_with(|| {
		let usdc = NativeOrWithId::WithId(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let origin = || crate::RuntimeOrigin::signed(bob.clone());
		let before = Assets::balance(1, &bob);
		assert_ok!(crate::SharedCollateral::deposit(origin(), 0, usdc.clone(), 5_000_000_000));
		assert_eq!(Assets::balance(1, &bob), before - 5_000_000_000);
		// No oracle price yet: the withdrawal is blocked.
		assert_noop!(
			crate::SharedCollateral::withdraw(origin(), 0, usdc.clone(), 1_000_000),
			pallet_shared_collateral::Error::<Runtime>::StalePrice
		);
		// The operator (Alice, the only validator) publishes USDC = 1.00.
		pallet_timestamp::Now::<Runtime>::put(1_000_000);
		let feed = ballast_primitives::FeedKey {
			underlying: genesis_config_presets::underlyings::USDC,
			kind: ballast_primitives::FeedKind::Spot,
		};
		assert_ok!(crate::Restaking::feed_values(
			crate::RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
			vec![(feed, 1_000_000_000_000_000_000)].try_into().unwrap(),
		));
		assert_ok!(crate::SharedCollateral::withdraw(origin(), 0, usdc, 1_000_000_000));
		assert_eq!(Assets::balance(1, &bob), before - 4_000_000_000);
		assert_eq!(
			pallet_shared_collateral::Pallet::<Runtime>::collateral_value(&bob, 0),
			4_000 * 1_000_000_000_000_000_000
		);
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("invariants hold");
	});
}

#[test]
fn a_provider_funds_the_lp_vault_and_redeems_after_the_notice_period() {
	use frame_support::{assert_noop, assert_ok};
	use pallet_shared_collateral::{Error, Pallet as Collateral};
	chain("development").execute_with(|| {
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let origin = || crate::RuntimeOrigin::signed(charlie.clone());
		let before = Assets::balance(1, &charlie);
		assert_ok!(crate::SharedCollateral::vault_deposit(origin(), 10_000_000_000));
		assert_ok!(crate::SharedCollateral::fund_insurance(origin(), 1_000_000_000));
		assert_eq!(Collateral::<Runtime>::insurance_fund(), 1_000_000_000);
		let status = Collateral::<Runtime>::vault_status();
		assert_eq!((status.balance, status.shares), (10_000_000_000, 10_000_000_000));
		assert_eq!(status.share_price, Some(1_000_000_000_000_000_000));
		assert_ok!(crate::SharedCollateral::vault_request_withdrawal(origin(), 10_000_000_000));
		assert_noop!(
			crate::SharedCollateral::vault_withdraw(origin()),
			Error::<Runtime>::NoticePeriodNotOver
		);
		System::set_block_number(System::block_number() + crate::DAYS);
		assert_ok!(crate::SharedCollateral::vault_withdraw(origin()));
		assert_eq!(Assets::balance(1, &charlie), before - 1_000_000_000);
		Collateral::<Runtime>::do_try_state().expect("invariants hold");
	});
}

#[test]
fn a_trader_opens_a_perpetual_against_the_vault_and_margin_holds_back_withdrawals() {
	use ballast_primitives::{fixed::Fixed18, FeedKey, FeedKind};
	use frame_support::{assert_noop, assert_ok};
	chain("development").execute_with(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let alice = || crate::RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
		let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(1);
		// Charlie provides 100,000 USDC of vault capital; Bob deposits 10,000 USDC.
		assert_ok!(crate::SharedCollateral::vault_deposit(
			crate::RuntimeOrigin::signed(charlie),
			100_000_000_000
		));
		let bob_origin = || crate::RuntimeOrigin::signed(bob.clone());
		assert_ok!(crate::SharedCollateral::deposit(bob_origin(), 0, usdc.clone(), 10_000_000_000));
		// The operator publishes BTC 60,000 at 60% volatility and USDC 1.00.
		pallet_timestamp::Now::<Runtime>::put(1_000_000);
		let e18 = 1_000_000_000_000_000_000u128;
		let feed = |underlying, kind| FeedKey { underlying, kind };
		assert_ok!(crate::Restaking::feed_values(
			alice(),
			vec![
				(feed(genesis_config_presets::underlyings::BTC, FeedKind::Spot), 60_000 * e18),
				(
					feed(genesis_config_presets::underlyings::BTC, FeedKind::ImpliedVol),
					6 * e18 / 10
				),
				(feed(genesis_config_presets::underlyings::USDC, FeedKind::Spot), e18),
			]
			.try_into()
			.unwrap(),
		));
		// The BTC perpetual (listed at genesis, id 0): Bob buys 1 at 60,000 + the vault's spread.
		let one = Fixed18::ONE;
		assert_ok!(crate::PortfolioMargin::trade_with_vault(
			bob_origin(),
			0,
			0,
			one,
			Fixed18(61_000 * one.0)
		));
		// Standard margin: 10% of 60,000 × 1.25 = 7,500 initial; Bob cannot take out 3,000.
		let summary = pallet_portfolio_margin::Pallet::<Runtime>::margin_summary(&bob, 0, false)
			.expect("fresh prices");
		assert_eq!(summary.initial, Fixed18(7_500 * one.0));
		assert_noop!(
			crate::SharedCollateral::withdraw(bob_origin(), 0, usdc.clone(), 3_000_000_000),
			pallet_shared_collateral::Error::<Runtime>::InitialMarginBreached
		);
		assert_ok!(crate::SharedCollateral::withdraw(bob_origin(), 0, usdc, 2_000_000_000));
		// The taker fee (0.03% of 60,000 = 18 USDC): a tenth to the validators' lease fund,
		// the rest to the vault.
		assert_eq!(
			pallet_shared_collateral::Vault::<Runtime>::get().balance,
			100_000_000_000 + 16_200_000
		);
		assert_eq!(pallet_shared_collateral::LeaseFund::<Runtime>::get(), 1_800_000);
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("invariants hold");
		pallet_portfolio_margin::Pallet::<Runtime>::do_try_state().expect("invariants hold");
	});
}

/// The same extreme arguments the end-to-end test sends to a real node (whose wasm runtime
/// runs them): natively they are the same typed errors, and nothing changes.
#[test]
fn extreme_trade_arguments_are_typed_errors_natively_as_in_the_wasm_runtime() {
	use ballast_primitives::fixed::Fixed18;
	use frame_support::assert_noop;
	use pallet_portfolio_margin::Error;
	chain("development").execute_with(|| {
		let bob = crate::RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id());
		let limit = Fixed18(61_000 * Fixed18::ONE.0);
		assert_noop!(
			crate::PortfolioMargin::trade_with_vault(bob.clone(), 0, 0, Fixed18(i128::MIN), limit),
			Error::<Runtime>::SizeTooLarge
		);
		assert_noop!(
			crate::PortfolioMargin::trade_with_vault(bob.clone(), 16, 0, Fixed18::ONE, limit),
			Error::<Runtime>::InvalidSubaccount
		);
		assert_noop!(
			crate::PortfolioMargin::trade_with_vault(bob, 0, 0, Fixed18::ONE, Fixed18(i128::MIN)),
			Error::<Runtime>::InvalidPrice
		);
	});
}

#[test]
fn a_trade_on_a_maximum_size_portfolio_weighs_at_most_five_percent_of_a_block() {
	use frame_support::traits::Get;
	use pallet_portfolio_margin::WeightInfo as _;
	let max_positions = <Runtime as pallet_portfolio_margin::Config>::MaxPositions::get();
	let trade = crate::weights::pallet_portfolio_margin::WeightInfo::<Runtime>::trade_with_vault(
		max_positions,
	);
	let matched =
		crate::weights::pallet_portfolio_margin::WeightInfo::<Runtime>::match_orders(max_positions);
	let block = crate::configs::RuntimeBlockWeights::get().max_block;
	for (name, weight) in [("trade_with_vault", trade), ("match_orders", matched)] {
		assert!(
			weight.ref_time().saturating_mul(20) <= block.ref_time(),
			"{name}({max_positions}) = {weight:?} of a {block:?} block"
		);
	}
}

#[test]
fn liquidation_work_fits_in_the_weight_that_full_blocks_leave_to_it() {
	use frame_support::{
		dispatch::{DispatchClass, GetDispatchInfo},
		traits::Get,
	};
	use pallet_liquidation::WeightInfo as _;
	type W = crate::weights::pallet_liquidation::WeightInfo<Runtime>;
	let p = <Runtime as pallet_liquidation::Config>::MaxPositions::get();
	let limits = crate::configs::RuntimeBlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.expect("a normal limit");
	let block = limits.max_block;
	// Liquidators' calls are Operational: a block full of Normal transactions still has room.
	let bob = Sr25519Keyring::Bob.to_account_id();
	let call =
		crate::RuntimeCall::Liquidation(pallet_liquidation::Call::liquidate { who: bob, sub: 0 });
	let info = call.get_dispatch_info();
	assert_eq!(info.class, DispatchClass::Operational);
	let room = block.ref_time() - normal.ref_time();
	assert!(
		info.total_weight().ref_time() * 4 <= room,
		"{info:?} against {room} left by full blocks"
	);
	// The queue's work in on_initialize at the default cap, each item charged as the costliest
	// (the vault taking a maximum-size portfolio, or a deleveraging step), stays within the
	// quarter of the block that Normal transactions cannot take; a larger cap set by the risk
	// council is cut to what fits there (`queue_room`).
	let cap = pallet_liquidation::LiquidationParams::default().max_liquidations_per_block;
	let item = pallet_liquidation::Pallet::<Runtime>::item_weight();
	assert!(item.ref_time() >= W::process_item(p).ref_time());
	let queue = item.ref_time() * u64::from(cap);
	assert!(queue <= room, "{cap} × item_weight = {queue} of {room}");
	assert_eq!(pallet_liquidation::Pallet::<Runtime>::queue_room().ref_time(), room);
}
