//! The whole runtime, block by block: see `ballast_fuzz` for what an input holds and what is
//! checked. A failed check panics with what broke, which libFuzzer reports as a crash.
//!
//! Every 50 inputs the process records how many inputs, calls and blocks it ran in the file
//! named by its start time and pid in the directory `BALLAST_FUZZ_LEDGER` (if set;
//! `scripts/fuzz.sh` sums them; a campaign's short-lived fork jobs write theirs too), and every
//! 500 as a `ballast-fuzz:` line on stderr.
#![no_main]

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

static INPUTS: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);
static BLOCKS: AtomicU64 = AtomicU64::new(0);

fn record(inputs: u64) {
	let (calls, blocks) = (CALLS.load(Relaxed), BLOCKS.load(Relaxed));
	if inputs % 500 == 0 {
		eprintln!("ballast-fuzz: {inputs} inputs, {calls} calls, {blocks} blocks");
	}
	if let Some(dir) = std::env::var_os("BALLAST_FUZZ_LEDGER") {
		static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
		let name = NAME.get_or_init(|| {
			let since = std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_secs());
			format!("{since}-{}", std::process::id())
		});
		let path = std::path::Path::new(&dir).join(name);
		let _ = std::fs::write(path, format!("{inputs} {calls} {blocks}\n"));
	}
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	match ballast_integration_tests::fuzz::run(data) {
		Ok(stats) => {
			CALLS.fetch_add(u64::from(stats.calls), Relaxed);
			BLOCKS.fetch_add(u64::from(stats.blocks), Relaxed);
		},
		Err(failure) => panic!("{failure}"),
	}
	let inputs = INPUTS.fetch_add(1, Relaxed) + 1;
	if inputs % 50 == 0 {
		record(inputs);
	}
});
