#!/usr/bin/env bash
# Fuzzes the fixed-point math and Black–Scholes with cargo fuzz (libFuzzer, nightly Rust,
# AddressSanitizer, overflow checks on) for FUZZ_SECONDS per target (default 30).
set -euo pipefail
cd "$(dirname "$0")/../primitives"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
if ! rustup toolchain list | grep -q '^nightly'; then
	say "installing the nightly toolchain (cargo fuzz needs it)"
	if ! rustup toolchain install nightly --profile minimal; then
		echo "WARNING: no nightly toolchain could be installed, so the fuzz targets did NOT run." >&2
		echo "         Install one (rustup toolchain install nightly) and run scripts/fuzz.sh." >&2
		exit 0
	fi
fi
rustup component list --installed --toolchain nightly | grep -q '^rust-src' ||
	rustup component add rust-src --toolchain nightly
command -v cargo-fuzz >/dev/null || { say "installing cargo-fuzz"; cargo install cargo-fuzz --locked; }
target_dir="${FUZZ_TARGET_DIR:-$HOME/.cache/ballast/fuzz-target}"
for t in black_scholes fixed_point; do
	say "fuzzing $t for ${FUZZ_SECONDS:-30}s"
	log="$target_dir/$t.log"
	mkdir -p "$target_dir"
	if ! cargo +nightly fuzz run --target-dir "$target_dir" "$t" -- \
		-max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 >"$log" 2>&1; then
		tail -40 "$log" >&2
		echo "fuzz target $t found a failure: the input is in primitives/fuzz/artifacts/$t" >&2
		exit 1
	fi
	grep -E "^(#[0-9]+.*DONE|Done )" "$log"
done
