//! Benchmarks (v2). Worst cases: the liquidated subaccount holds `p` positions, every one is
//! moved, the oracle has just moved (every scenario vector is recomputed).
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::pallet::Pallet as Liquidation;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// Opens `p` positions in the subaccount, funded just above its maintenance margin, with
	/// the vault (or counterparties) on the other side.
	fn open_portfolio(who: &AccountId, p: u32);
	/// Gives a subaccount `value` (quote, 18 decimals) of collateral.
	fn fund(who: &AccountId, value: Fixed18);
	/// Moves the market against the portfolios opened: they fall below maintenance.
	fn crash(fall: Fixed18);
	/// Republishes the oracle's values now (after blocks have passed).
	fn refresh();
	/// Opens the position opposite to `who`'s first in a counterparty's subaccount, in profit
	/// after `crash`.
	fn open_counterparty(counterparty: &AccountId, who: &AccountId);
	/// Empties the insurance fund and the LP vault.
	fn drain_backstops();
}

impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn open_portfolio(_: &AccountId, _: u32) {}
	fn fund(_: &AccountId, _: Fixed18) {}
	fn crash(_: Fixed18) {}
	fn refresh() {}
	fn open_counterparty(_: &AccountId, _: &AccountId) {}
	fn drain_backstops() {}
}
