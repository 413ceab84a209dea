//! Benchmarks (v2). Worst cases: the liquidated subaccount holds `p` option positions, every
//! one is valued and moved; a deleveraging step ranks and closes against `c` counterparties.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::pallet::Pallet as Liquidation;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, Get},
};
use frame_system::RawOrigin;
use sp_runtime::RuntimeAppPublic;

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId, KeeperId> {
	/// Opens `p` short option positions in the subaccount (its sub 0) against the vault,
	/// funded a little above initial margin.
	fn open_portfolio(who: &AccountId, p: u32);
	/// Gives a subaccount (sub 0) `value` (quote, 18 decimals) of collateral.
	fn fund(who: &AccountId, value: Fixed18);
	/// Moves the underlying of the portfolios up by `rise` (a fraction): they fall below
	/// maintenance (insolvent for a large rise).
	fn crash(rise: Fixed18);
	/// `counterparty` (well funded) buys one of each of `who`'s instruments from the vault.
	fn open_counterparty(counterparty: &AccountId, who: &AccountId);
	/// `who` (well funded) opens `like`'s positions (its sub 0) with the vault.
	fn open_like(who: &AccountId, like: &AccountId);
	/// Empties the insurance fund and the LP vault's balance.
	fn drain_backstops();
	/// Sets the vault's delta and vega caps on the portfolios' underlying to 10⁻¹⁸ (the least
	/// valid): it takes nothing over at the floor.
	fn close_vault();
	/// Gives the subaccount (sub 0) collateral other than quote and debt of most of its value,
	/// with no positions: `collect_debt` sells every asset it holds.
	fn indebted(who: &AccountId);
	/// Makes `key` a keeper.
	fn add_keeper(key: &KeeperId);
}

fn max_p<T: Config>() -> u32 {
	T::MaxPositions::get().min(120)
}

/// `who` with `p` positions, after the market moved against it by `rise`.
fn unhealthy<T: Config>(name: &'static str, p: u32, rise: Fixed18) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	T::BenchmarkHelper::open_portfolio(&who, p);
	T::BenchmarkHelper::crash(rise);
	who
}

fn ten_percent() -> Fixed18 {
	Fixed18(100_000_000_000_000_000)
}

fn doubling() -> Fixed18 {
	Fixed18::ONE
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_params() {
		let params = LiquidationParams::default();
		#[extrinsic_call]
		_(RawOrigin::Root, params);
		assert_eq!(Params::<T>::get(), params);
	}

	#[benchmark]
	fn set_breaker() {
		let b = BreakerParams {
			max_move: ten_percent(),
			window: 300_000,
			cooldown: 600_000,
			withdrawal_factor: Fixed18::ONE,
		};
		#[extrinsic_call]
		_(RawOrigin::Root, 9_999, Some(b));
		assert!(Breakers::<T>::contains_key(9_999));
	}

	#[benchmark]
	fn liquidate(p: Linear<1, { max_p::<T>() }>) {
		let who = unhealthy::<T>("trader", p, ten_percent());
		let liquidator: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(liquidator), who.clone(), 0);
		assert!(Auctions::<T>::contains_key((who, 0)));
	}

	#[benchmark]
	fn bid(p: Linear<1, { max_p::<T>() }>) {
		let who = unhealthy::<T>("trader", p, ten_percent());
		Liquidation::<T>::do_liquidate((who.clone(), 0), account("liquidator", 0, 0))
			.expect("liquidatable");
		let started = Auctions::<T>::get((who.clone(), 0)).expect("started").started;
		frame_system::Pallet::<T>::set_block_number(started + 2u32.into());
		let bidder: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&bidder, Fixed18(i128::from(p) * 30_000 * Fixed18::ONE.0));
		#[extrinsic_call]
		_(RawOrigin::Signed(bidder), who.clone(), 0, 0, Fixed18::ONE, Fixed18::ZERO);
		assert!(!Auctions::<T>::contains_key((who, 0)));
	}

	/// A deleveraging step from the queue: `c` counterparties, each holding the opposite of
	/// the bankrupt's 8 legs, ranked (`8c` positions valued, `36c` index reads with the vault's:
	/// at 27 the most one step ranks, 1,008 of `ADL_VISITS`) and closed against (all 8 legs,
	/// `ADL_CLOSES`).
	#[benchmark]
	fn deleverage_step(c: Linear<1, 27>) {
		let who: T::AccountId = account("trader", 0, 0);
		T::BenchmarkHelper::open_portfolio(&who, max_p::<T>().min(8));
		for i in 0..c {
			let c: T::AccountId = account("counterparty", i, 0);
			T::BenchmarkHelper::open_counterparty(&c, &who);
		}
		T::BenchmarkHelper::crash(doubling());
		T::BenchmarkHelper::drain_backstops();
		Liquidation::<T>::do_liquidate((who.clone(), 0), account("liquidator", 0, 0))
			.expect("liquidatable");
		let started = Auctions::<T>::get((who.clone(), 0)).expect("started").started;
		let floor = started + Params::<T>::get().decay_blocks.into();
		frame_system::Pallet::<T>::set_block_number(floor);
		#[block]
		{
			Liquidation::<T>::process_queue(floor);
		}
		// Ranked in one step and closed against in the same step.
		assert!(Accounting::<T>::get().socialized > 0, "deleveraged");
	}

	/// A deleveraging step toward the vault's excess (its caps at 10⁻¹⁸, the backstops full):
	/// the same `c` counterparties ranked, the 8 legs closed against them at mark, each close
	/// followed by the counterparty's margin check.
	#[benchmark]
	fn deleverage_excess_step(c: Linear<1, 27>) {
		let who: T::AccountId = account("trader", 0, 0);
		T::BenchmarkHelper::open_portfolio(&who, max_p::<T>().min(8));
		for i in 0..c {
			let c: T::AccountId = account("counterparty", i, 0);
			T::BenchmarkHelper::open_counterparty(&c, &who);
		}
		T::BenchmarkHelper::crash(ten_percent());
		T::BenchmarkHelper::close_vault();
		Liquidation::<T>::do_liquidate((who.clone(), 0), account("liquidator", 0, 0))
			.expect("liquidatable");
		let started = Auctions::<T>::get((who.clone(), 0)).expect("started").started;
		let floor = started + Params::<T>::get().decay_blocks.into();
		frame_system::Pallet::<T>::set_block_number(floor);
		let held = || -> i128 {
			let holder = ballast_primitives::traits::Holder::Account(who.clone(), 0);
			T::Book::exposures(&holder).map_or(0, |e| e.iter().map(|e| e.size.abs()).sum())
		};
		let before = held();
		#[block]
		{
			Liquidation::<T>::process_queue(floor);
		}
		// Ranked in one step and closed against at mark in the same step.
		assert_eq!(Accounting::<T>::get().socialized, 0, "nothing socialized");
		assert!(held() < before, "deleveraged at mark");
	}

	#[benchmark]
	fn authorize_keeper(p: Linear<1, { max_p::<T>() }>) -> Result<(), BenchmarkError> {
		let who = unhealthy::<T>("trader", p, ten_percent());
		let key = T::KeeperId::generate_pair(None);
		T::BenchmarkHelper::add_keeper(&key);
		let action = KeeperAction::Liquidate(who, 0);
		let at = frame_system::Pallet::<T>::block_number();
		let signature = key
			.sign(&Liquidation::<T>::keeper_payload(&action, at))
			.ok_or(BenchmarkError::Stop("the keystore cannot sign"))?;
		let call = Call::<T>::keeper { action, keeper: key, at, signature };
		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("authorized")?
				.map_err(|_| "valid")?;
		}
		Ok(())
	}

	/// The keeper's scan of `n` holders, each with one option position, all healthy: what a
	/// validator's offchain worker spends each block (not block weight). 10,000 holders take
	/// the slope × 10,000.
	#[benchmark]
	fn keeper_scan(n: Linear<1, 500>) {
		let first: T::AccountId = account("holder", 0, 0);
		T::BenchmarkHelper::open_portfolio(&first, 1);
		for i in 1..n {
			T::BenchmarkHelper::open_like(&account("holder", i, 0), &first);
		}
		let scan;
		#[block]
		{
			scan = Liquidation::<T>::scan_holders(None, n + 1);
		}
		assert_eq!(scan.scanned, n);
		assert!(scan.due.is_empty() && scan.unvalued.is_empty());
	}

	/// The vault taking a lot of `p` positions at the floor, from the queue.
	#[benchmark]
	fn process_item(p: Linear<1, { max_p::<T>() }>) {
		let who = unhealthy::<T>("trader", p, ten_percent());
		Liquidation::<T>::do_liquidate((who.clone(), 0), account("liquidator", 0, 0))
			.expect("liquidatable");
		let started = Auctions::<T>::get((who.clone(), 0)).expect("started").started;
		let floor = started + Params::<T>::get().decay_blocks.into();
		frame_system::Pallet::<T>::set_block_number(floor);
		#[block]
		{
			Liquidation::<T>::process_queue(floor);
		}
		assert!(!Auctions::<T>::contains_key((who, 0)));
	}

	#[benchmark]
	fn collect_debt() {
		let who: T::AccountId = account("debtor", 0, 0);
		T::BenchmarkHelper::indebted(&who);
		let buyer: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&buyer, Fixed18(10_000_000 * Fixed18::ONE.0));
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), who.clone(), 0, 0);
		assert_eq!(T::Ledger::debt(&who, 0), 0);
	}

	impl_benchmark_test_suite!(Liquidation, crate::mock::new_test_ext(), crate::mock::Test);
}
