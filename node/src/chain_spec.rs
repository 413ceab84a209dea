//! Chain specifications built from the runtime's genesis presets.

use ballast_runtime::{genesis_config_presets::PROPERTIES, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A chain spec of the Ballast runtime.
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> Properties {
	let (symbol, decimals, ss58) = PROPERTIES;
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), symbol.into());
	p.insert("tokenDecimals".into(), decimals.into());
	p.insert("ss58Format".into(), ss58.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The wasm runtime is missing from this build: rebuild without SKIP_WASM_BUILD.".to_string()
	})
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: one validator (Alice), instant start.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"Ballast Development",
		"ballast_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"Ballast Local Testnet",
		"ballast_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain staging`: the local validator set as a template for a public network: no sudo key,
/// the two-day risk timelock. Export it (`export-chain-spec --chain staging`), replace the
/// session keys, council and endowments, then share it.
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"Ballast Staging",
		"ballast_staging",
		ChainType::Live,
		ballast_runtime::genesis_config_presets::STAGING_RUNTIME_PRESET,
	)
}
