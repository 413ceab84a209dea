//! The stateful fuzzer of the whole runtime, in the style of the substrate-runtime-fuzzer
//! harnesses: libFuzzer's bytes decode into [`input::Step`]s — blocks that advance time
//! (slots, stalls), oracle moves (gaps, staleness, wicks, lying and missing feeders), calls of
//! every pallet a trader, provider, validator or the risk origin reaches (any arguments that
//! decode), signed orders, relay attestations, session ends and keeper work — run on the
//! native runtime from a set-up `local_testnet` chain ([`world`]). After every block and
//! around every call the invariants of [`checks`] must hold; a failure is returned (the fuzz
//! target panics with it, and libFuzzer saves the input).
//!
//! - Short run (CI): `scripts/fuzz.sh` (`FUZZ_SECONDS` per target, default 30).
//! - Long campaign: `FUZZ_SECONDS=14400 scripts/fuzz.sh runtime`, then
//!   `scripts/fuzz.sh coverage` for the Ballast pallets' line coverage.
//! - A failure: `ballast-fuzz-input show <file>` prints its steps; it becomes a test in
//!   `tests/fuzz_regressions.rs` before it is fixed.

pub mod checks;
pub mod input;
pub mod seeds;
pub mod world;

pub use checks::Stats;

/// Runs one fuzz input; returns what it did, or what broke.
pub fn run(data: &[u8]) -> Result<Stats, String> {
	run_steps(&input::decode(data))
}

/// Runs `steps` on a copy of the set-up chain.
pub fn run_steps(steps: &[input::Step]) -> Result<Stats, String> {
	let mut world = world::World::new();
	world.run(steps)?;
	Ok(world.stats().clone())
}
