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

/// `--dev`: one validator (Alice), instant start.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Ballast Development")
		.with_id("ballast_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Ballast Local Testnet")
		.with_id("ballast_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
