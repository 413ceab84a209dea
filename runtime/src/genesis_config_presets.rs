//! Genesis presets: `development` (one validator, Alice), `local_testnet` (Alice, Bob, Charlie
//! and Dave) and `staging` (the local set as a template for a public network). All seat Alice,
//! Bob and Charlie on the risk council and create the development collateral assets with
//! balances for the well-known accounts. Development and local chains give sudo to Alice and
//! a short risk timelock (5 and 10 blocks); `staging` has no sudo key and the runtime's
//! default timelock (two days): there, only the council's timelocked motions change risk.

use crate::{AccountId, AssetId, Balance, RuntimeGenesisConfig, SessionKeys, BLST, TOKEN_DECIMALS};
use alloc::{vec, vec::Vec};
use ballast_primitives::{FeedKey, FeedKind};
use frame_support::build_struct_json_patch;
use frame_support::traits::fungible::NativeOrWithId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

/// BLST given to each endowed development account.
pub const ENDOWMENT: Balance = 1_000_000 * BLST;

/// Oracle underlying ids of the development chain's feeds.
pub mod underlyings {
	/// Bitcoin.
	pub const BTC: u32 = 1;
	/// Ether.
	pub const ETH: u32 = 2;
	/// BLST, the native token.
	pub const BLST: u32 = 3;
	/// USD Coin.
	pub const USDC: u32 = 100;
}

/// A development collateral asset created at genesis.
pub struct DevAsset {
	/// Its id in pallet-assets.
	pub id: AssetId,
	/// Its name.
	pub name: &'static str,
	/// Its ticker.
	pub symbol: &'static str,
	/// Its decimals.
	pub decimals: u8,
	/// Units given to each endowed account (in whole tokens).
	pub endowment: Balance,
	/// The oracle underlying that prices it.
	pub underlying: u32,
	/// Collateral haircut, percent.
	pub haircut_pct: u32,
	/// Largest share of the pool's value, percent.
	pub concentration_pct: u32,
}

/// USDC, wrapped ETH and wrapped BTC, as on a development chain.
pub const DEV_ASSETS: [DevAsset; 3] = [
	DevAsset {
		id: 1,
		name: "USD Coin",
		symbol: "USDC",
		decimals: 6,
		endowment: 1_000_000,
		underlying: underlyings::USDC,
		haircut_pct: 0,
		concentration_pct: 100,
	},
	DevAsset {
		id: 2,
		name: "Wrapped Ether",
		symbol: "WETH",
		decimals: 18,
		endowment: 1_000,
		underlying: underlyings::ETH,
		haircut_pct: 10,
		concentration_pct: 40,
	},
	DevAsset {
		id: 3,
		name: "Wrapped Bitcoin",
		symbol: "WBTC",
		decimals: 8,
		endowment: 100,
		underlying: underlyings::BTC,
		haircut_pct: 10,
		concentration_pct: 40,
	},
];

fn collateral_config(
	underlying: u32,
	decimals: u8,
	haircut_pct: u32,
	concentration_pct: u32,
	cap_units: Balance,
) -> pallet_shared_collateral::AssetConfig {
	pallet_shared_collateral::AssetConfig {
		feed: FeedKey { underlying, kind: FeedKind::Spot },
		decimals,
		haircut: Perbill::from_percent(haircut_pct),
		account_cap: cap_units * 10u128.pow(decimals as u32),
		concentration_cap: Perbill::from_percent(concentration_pct),
		deposits_enabled: true,
		withdrawals_enabled: true,
	}
}

/// The collateral registered at genesis: the development assets and BLST (30% haircut, at most
/// 10% of the pool).
fn collateral(
) -> Vec<(pallet_shared_collateral::CollateralAsset, pallet_shared_collateral::AssetConfig)> {
	let mut v: Vec<_> = DEV_ASSETS
		.iter()
		.map(|a| {
			(
				NativeOrWithId::WithId(a.id),
				collateral_config(
					a.underlying,
					a.decimals,
					a.haircut_pct,
					a.concentration_pct,
					a.endowment * 10,
				),
			)
		})
		.collect();
	v.push((
		NativeOrWithId::Native,
		collateral_config(underlyings::BLST, TOKEN_DECIMALS, 30, 10, 10_000_000),
	));
	v
}

/// Risk parameters of a development underlying: the example grid and standard rates,
/// initial = 1.25 × maintenance, 0.03% taker fee, 0.1% vault half-spread, perpetual funding up
/// to 0.05% of spot an hour, and the vault's caps on delta (contracts) and vega (USDC per 1.00
/// of volatility); the initial factor rises to 2 between `oi_lower` (USDC of delta-equivalent
/// open-interest notional, an option counting at least 0.1 of a unit) and twice that;
/// at most 10,000 contracts a trade or a position per instrument; peer-to-peer fills within 10%
/// of mark (or the vault's 0.1% × spot half-spread, if wider).
pub fn margin_params(
	delta_cap: i128,
	vega_cap: i128,
	oi_lower: i128,
) -> pallet_portfolio_margin::UnderlyingParams {
	use ballast_primitives::{
		fixed::Fixed18,
		margin::{GridParams, StandardParams},
	};
	let one = Fixed18::ONE.0;
	pallet_portfolio_margin::UnderlyingParams {
		grid: GridParams::example(),
		standard: StandardParams::example(),
		initial_factor: Fixed18(one + one / 4),
		oi_lower: Fixed18(oi_lower * one),
		oi_upper: Fixed18(2 * oi_lower * one),
		oi_max_factor: Fixed18(2 * one),
		oi_delta_floor: Fixed18(one / 10),
		rate: Fixed18::ZERO,
		taker_fee: Fixed18(one * 3 / 10_000),
		vault_spread: Fixed18(one / 1_000),
		vault_delta_cap: Fixed18(delta_cap * one),
		vault_vega_cap: Fixed18(vega_cap * one),
		funding_skew: Fixed18(one / 2_000),
		max_funding_rate: Fixed18(one / 2_000),
		max_size: Fixed18(10_000 * one),
		price_band: Fixed18(one / 10),
		settlement_window: 30 * 60 * 1000,
		trading_enabled: true,
	}
}

/// A development circuit breaker: a move of more than 20% within 10 minutes halts new
/// positions for 10 minutes, during which withdrawals must leave 1.5 × initial margin.
fn breaker() -> pallet_liquidation::BreakerParams {
	use ballast_primitives::fixed::Fixed18;
	let one = Fixed18::ONE.0;
	pallet_liquidation::BreakerParams {
		max_move: Fixed18(one / 5),
		window: 10 * 60 * 1000,
		cooldown: 10 * 60 * 1000,
		withdrawal_factor: Fixed18(one + one / 2),
	}
}

/// Stake (quote value, 18 decimals) restaked by each genesis validator.
pub const GENESIS_STAKE: Balance = 10_000_000_000 * 10u128.pow(18);

/// The relay bridge authorities of development chains: the well-known sr25519 keys of Alice,
/// Bob and Charlie (`//Alice`, ...), two of which must sign, so that a relay simulator can sign.
pub fn dev_bridge_authorities() -> Vec<sp_core::sr25519::Public> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|k| k.public())
		.collect()
}

/// The restaking parameters of every preset.
pub fn restaking_params() -> pallet_restaking::RestakingParams {
	use ballast_primitives::fixed::Fixed18;
	let one = Fixed18::ONE.0;
	let minute = 60 * 1000;
	pallet_restaking::RestakingParams {
		min_stake: 1_000_000 * 10u128.pow(18),
		max_active: crate::configs::consensus::MAX_AUTHORITIES,
		// The cost of corrupting the oracle must at least match the value it secures.
		min_security_ratio: Fixed18(one),
		max_attestation_age: 60 * minute,
		max_margin_factor: Fixed18(3 * one),
		oracle_slash: Perbill::from_percent(10),
		equivocation_slash: Perbill::from_percent(20),
		liveness_slash: Perbill::from_percent(1),
		slash_deferral: 6,
		oracle_band: Perbill::from_percent(5),
		oracle_strikes: 3,
		oracle_window: 10 * minute,
		// Half a session: a validator silent for its whole session is always caught.
		liveness_window: 30 * minute,
		// Two thirds of the session's validators must be fresh for a price to publish.
		oracle_quorum: Perbill::from_rational(2u32, 3),
		// Relay and Ballast clocks may disagree by two minutes.
		max_clock_skew: 2 * minute,
	}
}

fn session_keys(aura: AuraId, grandpa: GrandpaId) -> SessionKeys {
	SessionKeys { aura, grandpa }
}

fn authority((sr, ed): (Sr25519Keyring, Ed25519Keyring)) -> (AccountId, AccountId, SessionKeys) {
	(sr.to_account_id(), sr.to_account_id(), session_keys(sr.public().into(), ed.public().into()))
}

fn genesis(
	validators: Vec<(Sr25519Keyring, Ed25519Keyring)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	council: Vec<AccountId>,
	chain: ChainKind,
) -> Value {
	let asset_owner = root.clone();
	let operators: Vec<(AccountId, Balance, bool)> = validators
		.iter()
		.map(|(sr, _)| (sr.to_account_id(), GENESIS_STAKE, true))
		.collect();
	let (sudo_key, risk_delay) = match chain {
		ChainKind::Development => (Some(root), Some(5)),
		ChainKind::Local => (Some(root), Some(10)),
		ChainKind::Staging => (None, None),
	};
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: endowed
				.iter()
				.cloned()
				.map(|a| (a, ENDOWMENT))
				// The pool account exists from genesis, so any BLST deposit can land in it.
				.chain(core::iter::once((
					pallet_shared_collateral::Pallet::<crate::Runtime>::pool_account(),
					crate::EXISTENTIAL_DEPOSIT,
				)))
				.collect::<Vec<_>>(),
		},
		assets: pallet_assets::GenesisConfig {
			assets: DEV_ASSETS
				.iter()
				.map(|a| (a.id, asset_owner.clone(), true, 1))
				.collect::<Vec<_>>(),
			metadata: DEV_ASSETS
				.iter()
				.map(|a| (
					a.id,
					a.name.as_bytes().to_vec(),
					a.symbol.as_bytes().to_vec(),
					a.decimals
				))
				.collect::<Vec<_>>(),
			accounts: DEV_ASSETS
				.iter()
				.flat_map(|a| {
					let units = a.endowment * 10u128.pow(a.decimals as u32);
					endowed.iter().cloned().map(move |who| (a.id, who, units))
				})
				.collect::<Vec<_>>(),
		},
		session: pallet_session::GenesisConfig {
			keys: validators.into_iter().map(authority).collect::<Vec<_>>(),
		},
		risk_council: pallet_collective::GenesisConfig { members: council },
		shared_collateral: pallet_shared_collateral::GenesisConfig {
			assets: collateral(),
			// A tenth of every trading fee pays the operators who lease the chain security.
			lease_fee_share: Perbill::from_percent(10),
			// Half of unrealized profit counts toward initial margin: a price pumped (or a
			// genuine spike) is not borrowed against in full (the Mango Markets lesson).
			unrealized_profit_haircut: Perbill::from_percent(50),
			..Default::default()
		},
		portfolio_margin: pallet_portfolio_margin::GenesisConfig {
			underlyings: vec![
				(underlyings::BTC, margin_params(50, 5_000_000, 60_000_000)),
				(underlyings::ETH, margin_params(1_000, 5_000_000, 60_000_000)),
			],
			perpetuals: vec![underlyings::BTC, underlyings::ETH],
		},
		liquidation: pallet_liquidation::GenesisConfig {
			breakers: vec![(underlyings::BTC, breaker()), (underlyings::ETH, breaker())],
		},
		risk_timelock: pallet_risk_timelock::GenesisConfig { delay: risk_delay },
		restaking: pallet_restaking::GenesisConfig {
			authorities: dev_bridge_authorities(),
			threshold: 2,
			operators,
			params: Some(restaking_params()),
		},
		sudo: pallet_sudo::GenesisConfig { key: sudo_key },
	})
}

/// The `development` preset: Alice alone validates; all well-known accounts are endowed.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		council(),
		ChainKind::Development,
	)
}

/// Which kind of chain a preset is for.
#[derive(Clone, Copy)]
enum ChainKind {
	Development,
	Local,
	Staging,
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate.
pub fn local_config_genesis() -> Value {
	network_genesis(ChainKind::Local)
}

/// The `staging` preset: as `local_testnet`, without sudo and with the two-day timelock.
pub fn staging_config_genesis() -> Value {
	network_genesis(ChainKind::Staging)
}

/// The preset name of [`staging_config_genesis`].
pub const STAGING_RUNTIME_PRESET: &str = "staging";

fn network_genesis(chain: ChainKind) -> Value {
	genesis(
		vec![
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		council(),
		chain,
	)
}

fn council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// The JSON patch of the named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		STAGING_RUNTIME_PRESET => staging_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(STAGING_RUNTIME_PRESET),
	]
}

/// Chain properties that wallets read: token symbol, decimals and SS58 prefix.
pub const PROPERTIES: (&str, u8, u16) = (crate::TOKEN_SYMBOL, TOKEN_DECIMALS, crate::SS58_PREFIX);
