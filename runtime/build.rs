fn main() {
	// The wasm runtime is built in its own cargo project whose release profile has no overflow
	// checks, while the workspace's release profile turns them on for Ballast's crates: without
	// this flag an arithmetic overflow the native tests see as a panic would wrap on chain.
	// With it, both refuse the call the same way. Measured cost: none beyond the machine's
	// noise (`trade_with_vault` on 128 positions 42 ms without, 44 ms with; see RESULTS.md).
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.append_to_rust_flags("-C overflow-checks=on")
		.build();
}
