//! Benchmarks (v2). Worst cases: the trader and the vault each hold `p` option positions on
//! one underlying, the oracle has just moved (every scenario vector is recomputed), and the
//! trader uses portfolio margin.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::pallet::Pallet as Margin;
use alloc::vec::Vec;
use ballast_primitives::{
	black_scholes::OptionKind,
	margin::{GridParams, InstrumentKind, StandardParams},
};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// The account of the `n`-th order signer.
	fn order_account(n: u32) -> AccountId;
	/// The `n`-th order signer's signature of `payload`.
	fn sign(n: u32, payload: &[u8]) -> Signature;
	/// Publishes fresh oracle spot and volatility for `underlying`.
	fn set_market(underlying: UnderlyingId, spot: Fixed18, vol: Fixed18);
	/// Gives the subaccount `value` (quote, 18 decimals) of collateral.
	fn fund(who: &AccountId, sub: SubaccountId, value: Fixed18);
	/// Gives the LP vault `value` (quote, 18 decimals) of capital.
	fn fund_vault(value: Fixed18);
	/// Moves the clock forward by `ms`.
	fn advance_time(ms: Moment);
}

const UNDERLYING: UnderlyingId = 7_777;
const DAY: Moment = 24 * 60 * 60 * 1000;

fn fx(n: i128) -> Fixed18 {
	Fixed18(n * Fixed18::ONE.0)
}

fn params() -> UnderlyingParams {
	UnderlyingParams {
		grid: GridParams::example(),
		standard: StandardParams::example(),
		initial_factor: Fixed18(1_250_000_000_000_000_000),
		oi_lower: fx(1_000_000_000_000),
		oi_upper: fx(2_000_000_000_000),
		oi_max_factor: fx(2),
		oi_delta_floor: Fixed18(100_000_000_000_000_000),
		rate: Fixed18::ZERO,
		taker_fee: Fixed18(300_000_000_000_000),
		vault_spread: Fixed18(1_000_000_000_000_000),
		vault_delta_cap: fx(1_000_000),
		vault_vega_cap: fx(1_000_000_000_000),
		funding_skew: Fixed18(500_000_000_000_000),
		max_funding_rate: Fixed18(500_000_000_000_000),
		max_size: fx(1_000_000),
		price_band: Fixed18::ONE,
		settlement_window: 30 * 60 * 1000,
		trading_enabled: true,
	}
}

/// Lists the underlying and `n` calls on it (30 days, strikes 40,000 + 500·i), or as many as
/// there is room for next to the instruments listed at genesis.
fn setup_instruments<T: Config>(n: u32) -> Vec<InstrumentId> {
	let n = n.min(T::MaxInstruments::get().saturating_sub(Instruments::<T>::count()));
	Margin::<T>::do_set_underlying(UNDERLYING, params()).expect("valid parameters");
	T::BenchmarkHelper::fund_vault(fx(5_000_000));
	T::BenchmarkHelper::set_market(UNDERLYING, fx(60_000), Fixed18(600_000_000_000_000_000));
	let expiry = T::PriceFeed::now() + 30 * DAY;
	(0..n)
		.map(|i| {
			let strike = fx(40_000 + 500 * i as i128);
			let kind = InstrumentKind::Option { kind: OptionKind::Call, strike, expiry };
			Margin::<T>::do_list_instrument(UNDERLYING, kind).expect("lists")
		})
		.collect()
}

/// `who` (well funded, portfolio margin) buys one of each instrument from the vault.
fn setup_positions<T: Config>(who: &T::AccountId, ids: &[InstrumentId]) {
	T::BenchmarkHelper::fund(who, 0, fx(5_000_000));
	Margin::<T>::do_set_margin_method(who, 0, MarginMethod::Portfolio).expect("sets");
	for id in ids {
		Margin::<T>::do_trade_with_vault(who, 0, *id, Fixed18::ONE, fx(1_000_000)).expect("trades");
	}
}

/// The oracle moves: every cached scenario vector is out of date.
fn move_market<T: Config>() {
	T::BenchmarkHelper::set_market(UNDERLYING, fx(60_500), Fixed18(610_000_000_000_000_000));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_underlying() {
		// Every instrument slot listed on the underlying, each with open interest to recount
		// at a raised delta floor and cached risk to drop.
		let trader: T::AccountId = account("trader", 0, 0);
		let ids = setup_instruments::<T>(T::MaxInstruments::get());
		setup_positions::<T>(&trader, &ids);
		let raised = UnderlyingParams { oi_delta_floor: Fixed18::ONE, ..params() };
		#[extrinsic_call]
		_(RawOrigin::Root, UNDERLYING, raised);
		assert_eq!(Underlyings::<T>::get(UNDERLYING), Some(raised));
		assert!(ids.iter().all(|id| !RiskCache::<T>::contains_key(id)));
		assert!(ids.iter().all(|id| OptionDeltas::<T>::get(id) == Some(Fixed18::ONE)));
	}

	#[benchmark]
	fn list_instrument() {
		setup_instruments::<T>(
			T::MaxInstruments::get().saturating_sub(Instruments::<T>::count() + 1),
		);
		let expiry = T::PriceFeed::now() + 30 * DAY;
		#[extrinsic_call]
		_(RawOrigin::Root, UNDERLYING, InstrumentKind::Future { expiry });
		assert_eq!(Instruments::<T>::count(), T::MaxInstruments::get());
	}

	#[benchmark]
	fn set_margin_method(p: Linear<1, { T::MaxPositions::get().min(T::MaxInstruments::get()) }>) {
		let caller: T::AccountId = whitelisted_caller();
		let ids = setup_instruments::<T>(p);
		setup_positions::<T>(&caller, &ids);
		move_market::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, MarginMethod::Standard);
		assert_eq!(Methods::<T>::get(&caller, 0), MarginMethod::Standard);
	}

	#[benchmark]
	fn trade_with_vault(p: Linear<1, { T::MaxPositions::get().min(T::MaxInstruments::get()) }>) {
		let caller: T::AccountId = whitelisted_caller();
		let ids = setup_instruments::<T>(p);
		setup_positions::<T>(&caller, &ids);
		move_market::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, ids[0], Fixed18::ONE, fx(1_000_000));
		assert_eq!(Positions::<T>::get(&caller, 0)[0].size, fx(2));
	}

	/// The margin of a subaccount with `p` option positions right after an oracle update
	/// (every vector recomputed): what the collateral pallet asks on a withdrawal.
	#[benchmark]
	fn margin_check(p: Linear<1, { T::MaxPositions::get().min(T::MaxInstruments::get()) }>) {
		let trader: T::AccountId = account("trader", 0, 0);
		let ids = setup_instruments::<T>(p);
		setup_positions::<T>(&trader, &ids);
		move_market::<T>();
		let summary;
		#[block]
		{
			summary = Margin::<T>::margin_summary(&trader, 0, false);
		}
		assert!(summary.expect("computes").maintenance.0 > 0);
	}

	/// `k` options expire together and their prices are recorded in one block (each one's
	/// window sampled, averaged, recorded and queued for settlement).
	#[benchmark]
	fn sample_settlement(k: Linear<1, { T::MaxInstruments::get() }>) {
		let trader: T::AccountId = account("trader", 0, 0);
		let ids = setup_instruments::<T>(k);
		setup_positions::<T>(&trader, &ids);
		T::BenchmarkHelper::advance_time(30 * DAY - 60_000);
		T::BenchmarkHelper::set_market(UNDERLYING, fx(61_000), Fixed18(600_000_000_000_000_000));
		Margin::<T>::run_settlement();
		T::BenchmarkHelper::advance_time(60_000);
		T::BenchmarkHelper::set_market(UNDERLYING, fx(61_000), Fixed18(600_000_000_000_000_000));
		#[block]
		{
			Margin::<T>::sample_windows();
		}
		for id in &ids {
			let price = Instruments::<T>::get(id).expect("listed").settlement_price;
			assert_eq!(price, Some(fx(61_000)));
		}
	}

	/// `n` positions (of `n` traders) in an expired option settle in one block.
	#[benchmark]
	fn settle_expired(n: Linear<1, { crate::settlement::SETTLE_PER_BLOCK }>) {
		let ids = setup_instruments::<T>(1);
		let traders: Vec<T::AccountId> = (0..n).map(|i| account("trader", i, 0)).collect();
		for trader in &traders {
			setup_positions::<T>(trader, &ids);
		}
		T::BenchmarkHelper::advance_time(30 * DAY);
		T::BenchmarkHelper::set_market(UNDERLYING, fx(61_000), Fixed18(600_000_000_000_000_000));
		Margin::<T>::sample_windows();
		assert!(Settling::<T>::get().contains(&ids[0]));
		#[block]
		{
			Margin::<T>::settle_recorded(n);
		}
		let left = Holders::<T>::iter_key_prefix((ids[0], true)).count()
			+ Holders::<T>::iter_key_prefix((ids[0], false)).count();
		assert_eq!(left as u32, n + 1 - n);
	}

	/// `k` options, each on an underlying of its own (its parameters, oracle values and count
	/// read and written for each), have their delta re-measured after the market moved (no
	/// cached risk: one Black–Scholes evaluation each).
	#[benchmark]
	fn refresh_deltas(k: Linear<1, { crate::open_interest::DELTA_REFRESH_PER_BLOCK }>) {
		let trader: T::AccountId = account("trader", 0, 0);
		T::BenchmarkHelper::fund_vault(fx(5_000_000));
		T::BenchmarkHelper::fund(&trader, 0, fx(5_000_000));
		let expiry = T::PriceFeed::now() + 30 * DAY;
		// As many as there are instrument slots for (all 16 in the runtime).
		let k = k.min(T::MaxInstruments::get().saturating_sub(Instruments::<T>::count()));
		let underlyings: Vec<UnderlyingId> = (0..k).map(|i| UNDERLYING + 1 + i).collect();
		for u in &underlyings {
			Margin::<T>::do_set_underlying(*u, params()).expect("valid parameters");
			T::BenchmarkHelper::set_market(*u, fx(60_000), Fixed18(600_000_000_000_000_000));
			let kind =
				InstrumentKind::Option { kind: OptionKind::Call, strike: fx(60_000), expiry };
			let id = Margin::<T>::do_list_instrument(*u, kind).expect("lists");
			Margin::<T>::do_trade_with_vault(&trader, 0, id, Fixed18::ONE, fx(1_000_000))
				.expect("trades");
		}
		let before: Vec<Fixed18> =
			underlyings.iter().map(|u| UnderlyingOpenInterest::<T>::get(u)).collect();
		for u in &underlyings {
			T::BenchmarkHelper::set_market(*u, fx(60_500), Fixed18(610_000_000_000_000_000));
		}
		let looked;
		#[block]
		{
			looked = Margin::<T>::refresh_deltas(k);
		}
		assert_eq!(looked, k);
		// Spot rose: every call's delta, and so each count, rose.
		for (u, b) in underlyings.iter().zip(before) {
			assert!(UnderlyingOpenInterest::<T>::get(u) > b);
		}
	}

	#[benchmark]
	fn match_orders(p: Linear<1, { T::MaxPositions::get().min(T::MaxInstruments::get()) }>) {
		let (maker, taker) =
			(T::BenchmarkHelper::order_account(1), T::BenchmarkHelper::order_account(2));
		let ids = setup_instruments::<T>(p);
		setup_positions::<T>(&maker, &ids);
		setup_positions::<T>(&taker, &ids);
		move_market::<T>();
		let placed_at = T::PriceFeed::now();
		let order = |owner: T::AccountId, size: Fixed18, nonce| Order {
			owner,
			sub: 0,
			instrument: ids[0],
			size,
			price: fx(25_000),
			placed_at,
			expiry: placed_at + DAY,
			nonce,
		};
		let sign = |n, order: Order<T::AccountId>| SignedOrder {
			signature: T::BenchmarkHelper::sign(n, &Margin::<T>::order_payload(&order)),
			order,
		};
		let m = sign(1, order(maker.clone(), Fixed18(-Fixed18::ONE.0), 1));
		let t = sign(2, order(taker.clone(), Fixed18::ONE, 1));
		let relayer: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(relayer), m, t, Fixed18::ONE);
		assert_eq!(Positions::<T>::get(&taker, 0)[0].size, fx(2));
	}

	#[benchmark]
	fn cancel_order() {
		let caller: T::AccountId = whitelisted_caller();
		let placed_at = T::PriceFeed::now();
		let order = Order {
			owner: caller.clone(),
			sub: 0,
			instrument: 0,
			size: Fixed18::ONE,
			price: fx(25_000),
			placed_at,
			expiry: placed_at + DAY,
			nonce: 7,
		};
		let id = Margin::<T>::order_id(&order);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), order);
		assert!(Filled::<T>::contains_key(id));
	}

	#[benchmark]
	fn prune_orders(n: Linear<1, 64>) {
		let expiry = T::PriceFeed::now() + DAY;
		let keys: Vec<OrderId> = (0..n).map(|i| frame_support::Hashable::blake2_256(&i)).collect();
		for key in &keys {
			Filled::<T>::insert(key, (Fixed18::ONE, expiry));
		}
		T::BenchmarkHelper::advance_time(2 * DAY);
		let bounded = frame_support::BoundedVec::try_from(keys).expect("at most 64");
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), bounded);
		assert_eq!(Filled::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Margin, crate::mock::new_test_ext(), crate::mock::Test);
}
