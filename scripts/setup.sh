#!/usr/bin/env bash
# Installs what building Ballast needs, if it is missing: the wasm targets and rust-src for the
# runtime, protoc for the networking crates, a C++ compiler for binaryen, and Node.js/npm for
# the end-to-end tests. Safe to run again; it only installs what is absent.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
command -v protoc >/dev/null || need_apt+=(protobuf-compiler)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if ((${#need_apt[@]})); then
	say "installing ${need_apt[*]} (apt-get)"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
	echo "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again." >&2
	exit 1
fi
installed_targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	if ! grep -qx "$target" <<<"$installed_targets"; then
		say "adding Rust target $target"
		rustup target add "$target"
	fi
done
if ! rustup component list --installed | grep -q '^rust-src'; then
	say "adding rust-src (needed to build the wasm runtime)"
	rustup component add rust-src
fi
