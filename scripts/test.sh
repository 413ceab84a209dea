#!/usr/bin/env bash
# Builds everything (release, one profile shared with the node) and runs every test: the Rust
# unit, property and integration tests of the workspace, then the end-to-end tests that start
# real ballast-node processes and drive them with @polkadot/api.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "building the workspace (release; a cold build takes about ${BALLAST_COLD_BUILD:-30 minutes} on 2 cores)"
cargo build --release --locked --workspace --features "$BALLAST_FEATURES"

say "Rust tests"
cargo test --release --locked --workspace --features "$BALLAST_FEATURES"

say "checking that the runtime compiles with try-runtime (its own target directory)"
SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="$HOME/.cache/ballast/check-target" \
	cargo check --locked --quiet -p ballast-runtime --features try-runtime

say "fuzzing: the fixed-point math (${FUZZ_SECONDS:-30}s per target), the runtime (${RUNTIME_FUZZ_SECONDS:-180}s)"
bash scripts/fuzz.sh

say "end-to-end tests (real nodes, @polkadot/api)"
export BALLAST_NODE="$CARGO_TARGET_DIR/release/ballast-node"
cd tests/e2e
npm ci --no-audit --no-fund --loglevel=error
npm test
