fn main() {
	// The wasm runtime is built without overflow checks (the wasm builder's own release
	// profile; with them every extrinsic measured about twice as slow). Parity with the native
	// tests, which run with overflow checks on Ballast's crates, comes from the code instead:
	// every operation on a user's size, price or amount is checked, and the end-to-end tests
	// send extreme arguments to the wasm runtime of a real node and get the same typed errors.
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
