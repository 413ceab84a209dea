# Sourced by the scripts: one cargo target directory outside the clone, shared by every clone
# on this machine, so that a new clone or a CI run reuses the previous build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ballast/target}"
mkdir -p "$CARGO_TARGET_DIR"
# The wasm runtime is built in a nested cargo call that must find this workspace's Cargo.lock,
# which it cannot from a target directory outside the clone.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# The features every build of the workspace uses, so that the node, the tests and the
# benchmarks share one build: `runtime-benchmarks` gives the node `benchmark pallet`.
export BALLAST_FEATURES="ballast-node/runtime-benchmarks,ballast-integration-tests/runtime-benchmarks,pallet-shared-collateral/runtime-benchmarks,pallet-portfolio-margin/runtime-benchmarks,pallet-liquidation/runtime-benchmarks,pallet-risk-timelock/runtime-benchmarks,pallet-restaking/runtime-benchmarks"
