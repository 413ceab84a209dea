#!/usr/bin/env bash
# Builds ballast-node (release) and starts a development chain: one validator (Alice), blocks
# every 6 s, state in a temporary directory, JSON-RPC on ws://127.0.0.1:9944, Prometheus on
# 127.0.0.1:9615. Extra arguments go to the node, e.g. `scripts/dev.sh --rpc-port 9955`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
printf '\033[1m==> building ballast-node (a cold build takes about %s on 2 cores)\033[0m\n' "${BALLAST_COLD_BUILD:-30 minutes}"
cargo build --release --locked --workspace --features "$BALLAST_FEATURES"
exec "$CARGO_TARGET_DIR/release/ballast-node" --dev --tmp "$@"
