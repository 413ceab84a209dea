#!/usr/bin/env bash
# cargo fuzz (libFuzzer, nightly Rust, overflow checks and debug assertions on):
#   scripts/fuzz.sh                 every target: the fixed-point math and Black–Scholes
#                                   (AddressSanitizer, FUZZ_SECONDS each, default 30), then the
#                                   stateful runtime fuzzer (RUNTIME_FUZZ_SECONDS, default 180)
#   scripts/fuzz.sh runtime         the runtime fuzzer alone; the long campaign is
#                                   FUZZ_CAMPAIGN=1 RUNTIME_FUZZ_SECONDS=14400 scripts/fuzz.sh runtime
#                                   (it goes on past failures, collecting them all; every run
#                                   adds its inputs and calls to the ledger the script sums)
#   scripts/fuzz.sh coverage        line coverage of the Ballast pallets by the runtime corpus
# The runtime corpus is kept in ~/.cache/ballast/fuzz-corpus/runtime (seeded from the scenario
# seeds of tests/src/fuzz/seeds.rs), so that each run goes on from the last. A failure leaves its
# input in tests/fuzz/artifacts/runtime/ and the script says how to replay it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
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
corpus="${FUZZ_CORPUS_DIR:-$HOME/.cache/ballast/fuzz-corpus}/runtime"
mkdir -p "$target_dir" "$corpus"

primitives() {
	cd "$root/primitives"
	for t in black_scholes fixed_point; do
		say "fuzzing $t for ${FUZZ_SECONDS:-30}s"
		log="$target_dir/$t.log"
		if ! cargo +nightly fuzz run --target-dir "$target_dir" "$t" -- \
			-max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 >"$log" 2>&1; then
			tail -40 "$log" >&2
			echo "fuzz target $t found a failure: the input is in primitives/fuzz/artifacts/$t" >&2
			exit 1
		fi
		grep -E "^(#[0-9]+.*DONE|Done )" "$log"
	done
}

# The seed corpus: the scenario seeds, written by the workspace's release build.
seed() {
	source "$root/scripts/env.sh"
	say "writing the scenario seeds into $corpus"
	# The workspace's build (a no-op after scripts/test.sh's) holds the seed writer.
	(cd "$root" && cargo build --quiet --release --locked --workspace --features "$BALLAST_FEATURES")
	"$CARGO_TARGET_DIR/release/ballast-fuzz-input" seeds "$corpus" >/dev/null
}

# What every runtime fuzzing run so far executed (the long campaign is their sum).
ledger="$(dirname "$corpus")/ledger-runtime"
ledger_total() {
	cat "$ledger"/* 2>/dev/null | awk '{i+=$1; c+=$2; b+=$3} END {printf "%d inputs, %d calls, %d blocks", i, c, b}'
}

runtime() {
	local seconds="${RUNTIME_FUZZ_SECONDS:-180}"
	seed
	cd "$root/tests"
	say "building the runtime fuzzer (native runtime, coverage instrumentation)"
	SKIP_WASM_BUILD=1 cargo +nightly fuzz build --target-dir "$target_dir" -s none runtime
	# The long campaign (FUZZ_CAMPAIGN=1) goes on past a failure, collecting every one.
	local mode=()
	[ -n "${FUZZ_CAMPAIGN:-}" ] && mode=(-fork=1 -ignore_crashes=1)
	say "fuzzing the runtime for ${seconds}s (corpus: $corpus)"
	log="$target_dir/runtime.log"
	mkdir -p "$ledger" fuzz/artifacts/runtime
	BALLAST_FUZZ_LEDGER="$ledger" SKIP_WASM_BUILD=1 cargo +nightly fuzz run --target-dir "$target_dir" \
		-s none runtime "$corpus" -- "${mode[@]}" -max_total_time="$seconds" -print_final_stats=1 \
		-timeout=60 -rss_limit_mb=4096 -max_len=65536 -len_control=0 \
		-artifact_prefix="$root/tests/fuzz/artifacts/runtime/" >"$log" 2>&1 &
	local pid=$!
	# Progress every 30 s: libFuzzer's last status line and the calls run so far.
	while kill -0 "$pid" 2>/dev/null; do
		sleep 30
		status=$(grep -E "^#[0-9]+" "$log" | tail -1 || true)
		[ -n "$status" ] && echo "    $status"
		echo "    every run so far: $(ledger_total)"
	done
	if ! wait "$pid" || ls fuzz/artifacts/runtime/crash-* >/dev/null 2>&1; then
		grep -v "^ballast-fuzz:" "$log" | grep -B2 -A6 "panicked" | head -60 >&2 || tail -40 "$log" >&2
		echo >&2
		echo "The runtime fuzzer found a failure; its input is in tests/fuzz/artifacts/runtime/." >&2
		echo "See its steps: $CARGO_TARGET_DIR/release/ballast-fuzz-input show <that file>" >&2
		echo "Then add it to tests/fuzz_regressions.rs before fixing it." >&2
		exit 1
	fi
	grep -E "^(#[0-9]+.*DONE|Done |stat::)" "$log" | tail -8
	echo "every run so far: $(ledger_total)"
}

coverage() {
	rustup component list --installed --toolchain nightly | grep -q '^llvm-tools' ||
		rustup component add llvm-tools-preview --toolchain nightly
	cd "$root/tests"
	say "replaying the corpus with coverage instrumentation"
	SKIP_WASM_BUILD=1 cargo +nightly fuzz coverage --target-dir "$target_dir/coverage" -s none runtime "$corpus"
	local llvm_bin
	llvm_bin="$(rustc +nightly --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin"
	local binary="$target_dir/coverage/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/runtime"
	"$llvm_bin/llvm-cov" report "$binary" -instr-profile=fuzz/coverage/runtime/coverage.profdata \
		$(find "$root/pallets" -name '*.rs' -path '*/src/*' ! -name 'benchmarking.rs' ! -name 'mock.rs' \
			! -path '*/tests/*' ! -name 'weights.rs' | sort) | tail -60
}

case "${1:-all}" in
all) primitives; runtime ;;
runtime) runtime ;;
primitives) primitives ;;
coverage) coverage ;;
*) echo "usage: scripts/fuzz.sh [all|runtime|primitives|coverage]" >&2; exit 2 ;;
esac
