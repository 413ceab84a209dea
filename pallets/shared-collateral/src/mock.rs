//! A test runtime: System, Balances (native), Assets (USDC id 1 with 6 decimals, WETH id 2 with
//! 18), joined as one `fungibles`, a settable oracle and a settable margin engine.

use crate as pallet_shared_collateral;
use crate::CollateralAsset;
use ballast_primitives::{
	risk::{AccountRisk, Unvalued},
	traits::{CollateralLedger, MarginEngine, SubaccountId},
	Balance, FeedKey, FeedKind,
};
pub use ballast_test_utils::{
	clock::advance_time,
	oracle::{publish_feed, TestPriceFeed},
};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, ConstU8,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		SharedCollateral: pallet_shared_collateral,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Existential deposit of the native token.
pub const ED: Balance = 10;
/// USDC (6 decimals).
pub const USDC: CollateralAsset = NativeOrWithId::WithId(1);
/// Wrapped ETH (18 decimals).
pub const WETH: CollateralAsset = NativeOrWithId::WithId(2);
/// The native token (12 decimals).
pub const BLST: CollateralAsset = NativeOrWithId::Native;
/// Blocks between a vault withdrawal request and its redemption.
pub const NOTICE: u64 = 100;
/// Blocks after unlocking during which a vault withdrawal may be redeemed.
pub const WINDOW: u64 = 50;
/// 1.0 with 18 decimals.
pub const E18: u128 = 1_000_000_000_000_000_000;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const EVE: AccountId = 3;
/// The relay bridge's escrow, where lease fees leave the pool.
pub const LEASE_ESCROW: AccountId = 99;

/// Feeds of the test assets.
pub fn feed(underlying: u32) -> FeedKey {
	FeedKey { underlying, kind: FeedKind::Spot }
}

thread_local! {
	static MARGIN: RefCell<(Balance, i128)> = const { RefCell::new((0, 0)) };
	static VAULT_MARGIN: RefCell<(Balance, i128)> = const { RefCell::new((0, 0)) };
}

/// Publishes `price` (18 decimals) for `underlying` now.
pub fn set_price(underlying: u32, price: u128) {
	publish_feed(feed(underlying), price);
}

/// Sets what the margin engine reports for every subaccount.
pub fn set_margin(requirement: Balance, pnl: i128) {
	MARGIN.with(|m| *m.borrow_mut() = (requirement, pnl));
}

/// Sets what the margin engine reports for the LP vault's positions.
pub fn set_vault_margin(requirement: Balance, pnl: i128) {
	VAULT_MARGIN.with(|m| *m.borrow_mut() = (requirement, pnl));
}

fn margin_of(_: &AccountId) -> (Balance, i128) {
	MARGIN.with(|m| *m.borrow())
}

parameter_types! {
	/// What the circuit breaker asks of withdrawals (1.0: no breaker tripped).
	pub static WithdrawalFactor: ballast_primitives::fixed::Fixed18 =
		ballast_primitives::fixed::Fixed18::ONE;
}

pub struct TestBreaker;
impl ballast_primitives::traits::CircuitBreaker for TestBreaker {
	fn halted(_: ballast_primitives::UnderlyingId) -> bool {
		WithdrawalFactor::get() > ballast_primitives::fixed::Fixed18::ONE
	}
	fn withdrawal_factor(
		underlyings: &[ballast_primitives::UnderlyingId],
	) -> ballast_primitives::fixed::Fixed18 {
		// The mock's positions are all on underlying 1.
		if underlyings.contains(&1) {
			WithdrawalFactor::get()
		} else {
			ballast_primitives::fixed::Fixed18::ONE
		}
	}
}

parameter_types! {
	/// Whether the positions' markets are stale: no account with positions can be valued.
	pub static PositionsStale: bool = false;
}

parameter_types! {
	/// Debt the liquidation pallet is covering in parts (quote, 18 decimals).
	pub static PendingCoverValue: Balance = 0;
}

pub struct TestPendingCover;
impl ballast_primitives::traits::PendingCover for TestPendingCover {
	fn pending_cover() -> Balance {
		PendingCoverValue::get()
	}
}

pub struct TestMarginEngine;
impl MarginEngine<AccountId> for TestMarginEngine {
	/// The snapshot as the margin engine builds it: the real ledger's collateral and this
	/// mock's requirement and PnL.
	fn risk(who: &AccountId, sub: SubaccountId) -> Result<AccountRisk, Unvalued> {
		if PositionsStale::get() && Self::has_positions(who, sub) {
			return Err(Unvalued::StalePrice);
		}
		let (requirement, unrealized_pnl) = margin_of(who);
		Ok(AccountRisk {
			collateral: SharedCollateral::net_collateral(who, sub)?,
			debt: SharedCollateral::debt_value(who, sub),
			unrealized_pnl,
			initial: requirement,
			maintenance: requirement,
			profit_haircut: SharedCollateral::profit_haircut(),
			positions: u32::from(Self::has_positions(who, sub)),
		})
	}
	fn has_positions(who: &AccountId, _: SubaccountId) -> bool {
		margin_of(who) != (0, 0)
	}
	fn underlyings(who: &AccountId, sub: SubaccountId) -> Vec<ballast_primitives::UnderlyingId> {
		if Self::has_positions(who, sub) {
			vec![1]
		} else {
			vec![]
		}
	}
	/// The vault's balance from the real ledger and this mock's requirement and PnL.
	fn vault_risk() -> Result<AccountRisk, Unvalued> {
		let (requirement, unrealized_pnl) = VAULT_MARGIN.with(|m| *m.borrow());
		if PositionsStale::get() && (requirement, unrealized_pnl) != (0, 0) {
			return Err(Unvalued::StalePrice);
		}
		Ok(AccountRisk {
			collateral: i128::try_from(SharedCollateral::vault_balance()).unwrap_or(i128::MAX),
			unrealized_pnl,
			initial: requirement,
			maintenance: requirement,
			..Default::default()
		})
	}
}

parameter_types! {
	pub const CollateralPalletId: PalletId = PalletId(*b"blst/col");
	pub const QuoteAsset: CollateralAsset = USDC;
	pub const LeaseEscrow: AccountId = LEASE_ESCROW;
}

impl pallet_shared_collateral::Config for Test {
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<u32>, AccountId>;
	type RiskOrigin = EnsureRoot<AccountId>;
	type PriceFeed = TestPriceFeed;
	type MarginEngine = TestMarginEngine;
	type CircuitBreaker = TestBreaker;
	type PalletId = CollateralPalletId;
	type MaxPriceAge = ConstU64<60_000>;
	type MaxAssets = ConstU32<3>;
	type MaxSubaccounts = ConstU32<4>;
	type QuoteAsset = QuoteAsset;
	type VaultNoticePeriod = ConstU64<{ NOTICE }>;
	type VaultWithdrawalWindow = ConstU64<{ WINDOW }>;
	type MinVaultDeposit = ConstU128<1_000_000>;
	type PendingCover = TestPendingCover;
	type AssetDecimals = crate::TokenDecimals<AccountId, Assets, ConstU8<12>>;
	type LeaseEscrow = LeaseEscrow;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up on the mock: new pallet-assets tokens from id 1000, funds minted, prices
/// published through the test oracle.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn create_asset(n: u32) -> CollateralAsset {
		let id = 1_000 + n;
		assert!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, true, 1).is_ok());
		let name = b"BENCH".to_vec();
		let metadata =
			Assets::force_set_metadata(RuntimeOrigin::root(), id, name.clone(), name, 18, false);
		assert!(metadata.is_ok());
		NativeOrWithId::WithId(id)
	}
	fn fund(asset: &CollateralAsset, who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <Test as crate::Config>::Assets::mint_into(asset.clone(), who, amount)
			.expect("minting in the mock succeeds");
	}
	fn set_prices(prices: Vec<(FeedKey, u128)>) {
		for (f, p) in prices {
			publish_feed(f, p);
		}
	}
}

/// A chain where Alice, Bob and Eve hold 1,000,000 USDC, 1,000 WETH and 1,000 BLST (12
/// decimals) each, the pool account holds the native existential deposit, and prices are
/// USDC 1.00, WETH 2,500, BLST 2.00.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let pool = crate::Pallet::<Test>::pool_account();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, 1_000 * 10u128.pow(12)),
			(BOB, 1_000 * 10u128.pow(12)),
			(EVE, 1_000 * 10u128.pow(12)),
			(pool, ED),
		],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(1, ALICE, true, 1), (2, ALICE, true, 1)],
		metadata: vec![
			(1, b"USDC".to_vec(), b"USDC".to_vec(), 6),
			(2, b"WETH".to_vec(), b"WETH".to_vec(), 18),
		],
		accounts: [ALICE, BOB, EVE]
			.into_iter()
			.flat_map(|who| [(1, who, 1_000_000 * 1_000_000), (2, who, 1_000 * E18)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		ballast_test_utils::reset();
		ballast_test_utils::clock::set_now(1_000_000);
		set_margin(0, 0);
		WithdrawalFactor::set(ballast_primitives::fixed::Fixed18::ONE);
		set_vault_margin(0, 0);
		set_price(1, E18);
		set_price(2, 2_500 * E18);
		set_price(3, 2 * E18);
	});
	ext
}

/// Runs `test` on a new chain, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
	});
}
