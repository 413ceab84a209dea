//! Helpers for Ballast's integration tests: a development chain built block by block
//! ([`chain`]), the relay simulator ([`relay`]), the liquidation solvency record
//! ([`solvency`]), the stateful runtime fuzzer's driver and invariants ([`fuzz`]), and calling
//! runtime APIs inside the node's wasm executor, exactly as a node does.

pub mod chain;
pub mod fuzz;
pub mod relay;
pub mod solvency;

#[cfg(feature = "wasm")]
use codec::{Decode, Encode};
#[cfg(feature = "wasm")]
use sc_executor::WasmExecutor;
#[cfg(feature = "wasm")]
use sc_executor_common::runtime_blob::RuntimeBlob;

/// The host functions of the node: with `runtime-benchmarks` the runtime also imports the
/// benchmarking ones.
#[cfg(all(feature = "wasm", not(feature = "runtime-benchmarks")))]
type HostFunctions = sp_io::SubstrateHostFunctions;
#[cfg(all(feature = "wasm", feature = "runtime-benchmarks"))]
type HostFunctions =
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

/// Calls the runtime API function `method` (for example `OptionPricingApi_price_batch`) of the
/// compiled wasm runtime with SCALE-encoded `args`, in the same executor the node uses, and
/// decodes its result.
#[cfg(feature = "wasm")]
pub fn call_wasm_runtime_api<R: Decode>(method: &str, args: impl Encode) -> R {
	let wasm = ballast_runtime::WASM_BINARY
		.expect("the wasm runtime is built (do not set SKIP_WASM_BUILD for these tests)");
	let executor = WasmExecutor::<HostFunctions>::builder().build();
	let blob = RuntimeBlob::uncompress_if_needed(wasm).expect("the runtime blob is valid wasm");
	let mut ext = sp_state_machine::BasicExternalities::default();
	let out = executor
		.uncached_call(blob, &mut ext, false, method, &args.encode())
		.unwrap_or_else(|e| panic!("calling {method} in wasm: {e}"));
	R::decode(&mut &out[..]).unwrap_or_else(|e| panic!("decoding the result of {method}: {e}"))
}
