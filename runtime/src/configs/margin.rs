//! Ballast's margin engine (pallet-portfolio-margin), wired to the collateral pool and the
//! oracle.

use crate::{configs::collateral::OraclePriceFeed, Runtime};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// A price older than five minutes is stale (as for collateral).
	pub const MarginMaxPriceAge: ballast_primitives::Moment = 5 * 60 * 1000;
	/// Signed orders may be valid for at most 30 days (their fills are remembered that long).
	pub const MaxOrderLifetime: ballast_primitives::Moment = 30 * 24 * 60 * 60 * 1000;
}

impl pallet_portfolio_margin::Config for Runtime {
	type Ledger = crate::SharedCollateral;
	type PriceFeed = OraclePriceFeed;
	// Initial margin rises, and new open interest stops, when restaked security is short.
	type SecurityBudget = crate::Restaking;
	type CircuitBreaker = crate::Liquidation;
	type RiskOrigin = crate::configs::governance::RiskOrigin;
	type MaxPriceAge = MarginMaxPriceAge;
	type MaxPositions = ConstU32<128>;
	type MaxInstruments = ConstU32<128>;
	// Orders are signed like transactions: sr25519, ed25519 or ecdsa.
	type OrderSignature = crate::Signature;
	type OrderSigner = <crate::Signature as sp_runtime::traits::Verify>::Signer;
	type MaxOrderLifetime = MaxOrderLifetime;
	type WeightInfo = crate::weights::pallet_portfolio_margin::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::MarginBenchmarks;
}

#[cfg(feature = "runtime-benchmarks")]
pub use benchmark_helper::LiquidationBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmark_helper {
	use super::*;
	use crate::{genesis_config_presets::underlyings, AccountId};
	use ballast_primitives::{fixed::Fixed18, traits::SubaccountId, FeedKey, FeedKind, Moment};
	use frame_support::traits::{fungible::NativeOrWithId, fungibles::Mutate, Time};

	/// Benchmark set-up: oracle values written as the oracle publishes them (USDC at 1.00 so
	/// collateral is valued), USDC minted and deposited through the collateral pallet.
	pub struct MarginBenchmarks;
	const ORDER_KEYS: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"bord");

	fn order_key(n: u32) -> sp_core::sr25519::Public {
		let seed = alloc::format!("//ballast-benchmark-order-{n}").into_bytes();
		sp_io::crypto::sr25519_generate(ORDER_KEYS, Some(seed))
	}

	impl pallet_portfolio_margin::benchmarking::BenchmarkHelper<AccountId, crate::Signature>
		for MarginBenchmarks
	{
		fn order_account(n: u32) -> AccountId {
			use sp_runtime::traits::IdentifyAccount;
			sp_runtime::MultiSigner::from(order_key(n)).into_account()
		}
		fn sign(n: u32, payload: &[u8]) -> crate::Signature {
			// The keystore holds every key `order_key` generated; were one missing, the
			// all-zero signature makes the benchmark fail with the pallet's `BadSignature`.
			let signature = sp_io::crypto::sr25519_sign(ORDER_KEYS, &order_key(n), payload)
				.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
			crate::Signature::Sr25519(signature)
		}
		fn set_market(underlying: u32, spot: Fixed18, vol: Fixed18) {
			let timestamp = crate::Timestamp::now();
			let one = Fixed18::ONE.0 as u128;
			for (feed, value) in [
				(FeedKey { underlying, kind: FeedKind::Spot }, spot.0 as u128),
				(FeedKey { underlying, kind: FeedKind::ImpliedVol }, vol.0 as u128),
				(FeedKey { underlying: underlyings::USDC, kind: FeedKind::Spot }, one),
			] {
				pallet_oracle::Values::<Runtime>::insert(
					feed,
					pallet_oracle::TimestampedValue { value, timestamp },
				);
			}
		}
		fn fund(who: &AccountId, sub: SubaccountId, value: Fixed18) {
			// 18-decimal value → USDC (6 decimals).
			let amount = (value.0 / 1_000_000_000_000) as u128;
			let usdc = NativeOrWithId::WithId(1);
			let minted = crate::configs::collateral::CollateralTokens::mint_into(
				usdc.clone(),
				who,
				amount * 2,
			);
			assert!(minted.is_ok(), "minting benchmark USDC");
			let origin = crate::RuntimeOrigin::signed(who.clone());
			let deposited = crate::SharedCollateral::deposit(origin, sub, usdc, amount);
			assert!(deposited.is_ok(), "depositing benchmark USDC: {deposited:?}");
		}
		fn fund_vault(value: Fixed18) {
			let provider: AccountId = frame_benchmarking::account("vault-provider", 0, 0);
			let amount = (value.0 / 1_000_000_000_000) as u128;
			let minted = crate::configs::collateral::CollateralTokens::mint_into(
				NativeOrWithId::WithId(1),
				&provider,
				amount * 2,
			);
			assert!(minted.is_ok(), "minting benchmark USDC");
			let deposited = crate::SharedCollateral::vault_deposit(
				crate::RuntimeOrigin::signed(provider),
				amount,
			);
			assert!(deposited.is_ok(), "funding the vault: {deposited:?}");
		}
		fn advance_time(ms: Moment) {
			pallet_timestamp::Now::<Runtime>::mutate(|now| *now += ms);
		}
	}

	/// Liquidation benchmarks: short 30-day calls on their own underlying, sold to the vault.
	pub struct LiquidationBenchmarks;
	const UNDERLYING: u32 = 8_888;

	fn spot(rise: Fixed18) -> Fixed18 {
		let base = Fixed18::from_int(60_000);
		Fixed18::ONE.checked_add(rise).and_then(|f| base.checked_mul(f)).unwrap_or(base)
	}

	impl
		pallet_liquidation::benchmarking::BenchmarkHelper<
			AccountId,
			sp_consensus_aura::sr25519::AuthorityId,
		> for LiquidationBenchmarks
	{
		fn open_portfolio(who: &AccountId, p: u32) {
			use ballast_primitives::{black_scholes::OptionKind, margin::InstrumentKind};
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			let root = || crate::RuntimeOrigin::root();
			if !pallet_portfolio_margin::Underlyings::<Runtime>::contains_key(UNDERLYING) {
				let params = crate::genesis_config_presets::margin_params(
					1_000_000,
					1_000_000_000_000,
					1_000_000_000_000,
				);
				let set = crate::PortfolioMargin::set_underlying(root(), UNDERLYING, params);
				assert!(set.is_ok(), "{set:?}");
				MarginBenchmarks::fund_vault(Fixed18::from_int(100_000_000));
			}
			MarginBenchmarks::set_market(
				UNDERLYING,
				spot(Fixed18::ZERO),
				Fixed18(600_000_000_000_000_000),
			);
			MarginBenchmarks::fund(who, 0, Fixed18::from_int(20_000 * i64::from(p)));
			let expiry = crate::Timestamp::now() + 30 * 24 * 60 * 60 * 1000;
			for i in 0..p {
				let id = pallet_portfolio_margin::NextInstrumentId::<Runtime>::get();
				let strike = Fixed18::from_int(60_000 + 100 * i64::from(i));
				let kind = InstrumentKind::Option { kind: OptionKind::Call, strike, expiry };
				let listed = crate::PortfolioMargin::list_instrument(root(), UNDERLYING, kind);
				assert!(listed.is_ok(), "{listed:?}");
				let sold = crate::PortfolioMargin::trade_with_vault(
					crate::RuntimeOrigin::signed(who.clone()),
					0,
					id,
					Fixed18::from_int(-1),
					Fixed18(1),
				);
				assert!(sold.is_ok(), "{sold:?}");
			}
			// Keep 1.02 × initial margin: a 10% rise then takes it below maintenance.
			// An account that cannot be valued keeps all it has; the benchmark then finds it
			// healthy and says so.
			let spare = crate::PortfolioMargin::margin_summary(who, 0, false)
				.ok()
				.and_then(|s| {
					let keep = s.initial.checked_mul(Fixed18(1_020_000_000_000_000_000)).ok()?;
					s.equity.checked_sub(keep).ok()
				})
				.map_or(0, |spare| spare.0);
			if spare > 0 {
				let withdrawn = crate::SharedCollateral::withdraw(
					crate::RuntimeOrigin::signed(who.clone()),
					0,
					NativeOrWithId::WithId(1),
					(spare / 1_000_000_000_000) as u128,
				);
				assert!(withdrawn.is_ok(), "{withdrawn:?}");
			}
		}
		fn fund(who: &AccountId, value: Fixed18) {
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			MarginBenchmarks::fund(who, 0, value);
		}
		fn crash(rise: Fixed18) {
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			MarginBenchmarks::set_market(UNDERLYING, spot(rise), Fixed18(600_000_000_000_000_000));
		}
		fn open_counterparty(counterparty: &AccountId, who: &AccountId) {
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			MarginBenchmarks::fund(counterparty, 0, Fixed18::from_int(4_000_000));
			for p in pallet_portfolio_margin::Positions::<Runtime>::get(who, 0) {
				let bought = crate::PortfolioMargin::trade_with_vault(
					crate::RuntimeOrigin::signed(counterparty.clone()),
					0,
					p.instrument,
					Fixed18::ONE,
					pallet_portfolio_margin::MAX_PRICE,
				);
				assert!(bought.is_ok(), "{bought:?}");
			}
		}
		fn open_like(who: &AccountId, like: &AccountId) {
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			MarginBenchmarks::fund(who, 0, Fixed18::from_int(100_000));
			for p in pallet_portfolio_margin::Positions::<Runtime>::get(like, 0) {
				let limit = pallet_portfolio_margin::market_limit(p.size);
				let opened = crate::PortfolioMargin::trade_with_vault(
					crate::RuntimeOrigin::signed(who.clone()),
					0,
					p.instrument,
					p.size,
					limit,
				);
				assert!(opened.is_ok(), "{opened:?}");
			}
		}
		fn drain_backstops() {
			pallet_shared_collateral::InsuranceFund::<Runtime>::kill();
			pallet_shared_collateral::Vault::<Runtime>::mutate(|v| v.balance = 0);
		}
		fn close_vault() {
			pallet_portfolio_margin::Underlyings::<Runtime>::mutate(UNDERLYING, |p| {
				if let Some(p) = p {
					p.vault_delta_cap = Fixed18(1);
					p.vault_vega_cap = Fixed18(1);
				}
			});
		}
		fn indebted(who: &AccountId) {
			use pallet_portfolio_margin::benchmarking::BenchmarkHelper as _;
			// A deep USDC pool first, so the collateral stays within its concentration caps.
			let whale: AccountId = frame_benchmarking::account("usdc-whale", 0, 0);
			MarginBenchmarks::fund(&whale, 0, Fixed18::from_int(10_000_000));
			MarginBenchmarks::set_market(
				underlyings::ETH,
				Fixed18::from_int(2_000),
				Fixed18(600_000_000_000_000_000),
			);
			MarginBenchmarks::set_market(
				underlyings::BTC,
				Fixed18::from_int(60_000),
				Fixed18(600_000_000_000_000_000),
			);
			// 1 WETH (2,000) and 0.1 WBTC (6,000), 7,200 after their 10% haircuts, owing
			// 7,500: both are sold (7,600 at the 5% discount), the debt and the penalty paid.
			for (id, amount) in [(2u32, 1_000_000_000_000_000_000u128), (3, 10_000_000)] {
				let asset = NativeOrWithId::WithId(id);
				let minted = crate::configs::collateral::CollateralTokens::mint_into(
					asset.clone(),
					who,
					amount * 2,
				);
				assert!(minted.is_ok(), "minting benchmark collateral");
				let origin = crate::RuntimeOrigin::signed(who.clone());
				let deposited = crate::SharedCollateral::deposit(origin, 0, asset, amount);
				assert!(deposited.is_ok(), "depositing benchmark collateral: {deposited:?}");
			}
			let owed = crate::SharedCollateral::do_pay(
				&ballast_primitives::traits::Party::Account(who.clone(), 0),
				&ballast_primitives::traits::Party::Vault,
				7_500 * 1_000_000_000_000_000_000,
			);
			assert!(owed.is_ok(), "{owed:?}");
		}
		fn add_keeper(key: &sp_consensus_aura::sr25519::AuthorityId) {
			let mut keys = pallet_aura::Authorities::<Runtime>::get().into_inner();
			keys.push(key.clone());
			pallet_aura::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
				keys,
			));
		}
	}
}
