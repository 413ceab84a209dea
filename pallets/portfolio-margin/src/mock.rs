//! A test runtime over the shared test clock, oracle and quote ledger
//! (`ballast-test-utils`), with a settable security budget and circuit breaker.

use crate as pallet_portfolio_margin;
use ballast_primitives::{
	fixed::Fixed18,
	margin::{GridParams, StandardParams},
	traits::SubaccountId,
	Moment,
};
pub use ballast_test_utils::{
	clock::{advance_time, now},
	fx,
	ledger::{
		assert_conserved, book, fund, fund_vault, set_collateral_stale, set_profit_haircut,
		TestLedger,
	},
	oracle::{publish, set_market, TestPriceFeed},
	AccountId, BTC, DAY, START,
};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Margin: pallet_portfolio_margin,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;

parameter_types! {
	/// Underlyings whose circuit breaker is tripped.
	pub static Halted: Vec<u32> = Vec::new();
	pub static SecurityCapped: bool = false;
	pub static SecurityFactor: Fixed18 = Fixed18::ONE;
}

pub struct TestSecurity;
impl ballast_primitives::traits::SecurityBudget for TestSecurity {
	fn margin_factor() -> Fixed18 {
		SecurityFactor::get()
	}
	fn open_interest_allowed() -> bool {
		!SecurityCapped::get()
	}
}

pub struct TestBreaker;
impl ballast_primitives::traits::CircuitBreaker for TestBreaker {
	fn halted(underlying: u32) -> bool {
		Halted::get().contains(&underlying)
	}
	fn withdrawal_factor(_: &[u32]) -> Fixed18 {
		Fixed18::ONE
	}
}

impl pallet_portfolio_margin::Config for Test {
	type Ledger = TestLedger;
	type PriceFeed = TestPriceFeed;
	type SecurityBudget = TestSecurity;
	type CircuitBreaker = TestBreaker;
	type RiskOrigin = EnsureRoot<AccountId>;
	type MaxPriceAge = frame_support::traits::ConstU64<60_000>;
	type MaxPositions = ConstU32<8>;
	type MaxInstruments = ConstU32<8>;
	type OrderSignature = TestSignature;
	type OrderSigner = UintAuthorityId;
	type MaxOrderLifetime = frame_support::traits::ConstU64<{ 7 * DAY }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId, TestSignature> for MockBenchmarkHelper {
	fn order_account(n: u32) -> AccountId {
		100 + n as AccountId
	}
	fn sign(n: u32, payload: &[u8]) -> TestSignature {
		TestSignature(100 + n as u64, payload.to_vec())
	}
	fn set_market(underlying: u32, spot: Fixed18, vol: Fixed18) {
		publish(underlying, spot, vol);
	}
	fn fund(who: &AccountId, sub: SubaccountId, value: Fixed18) {
		fund(*who, sub, value);
	}
	fn fund_vault(value: Fixed18) {
		fund_vault(value);
	}
	fn advance_time(ms: Moment) {
		advance_time(ms);
	}
}

/// `who`'s signature of `order` (the test signature scheme: signer id and message).
pub fn sign(
	who: AccountId,
	order: crate::Order<AccountId>,
) -> crate::SignedOrder<AccountId, TestSignature> {
	let payload = crate::Pallet::<Test>::order_payload(&order);
	crate::SignedOrder { order, signature: TestSignature(who, payload) }
}

/// BTC's parameters: the example grid and standard rates, initial = 1.25 × maintenance, 0.03%
/// taker fee, 0.1% vault half-spread, vault caps of 50 BTC delta and 5,000,000 vega, funding
/// 0.05% of spot an hour at the vault's full delta cap (and at most that); at most 1,000
/// contracts a trade or a position; peer-to-peer prices within 5% of mark (or 60 = 0.1% × spot).
pub fn btc_params() -> crate::UnderlyingParams {
	crate::UnderlyingParams {
		grid: GridParams::example(),
		standard: StandardParams::example(),
		initial_factor: fx("1.25"),
		oi_lower: fx("60000000"),
		oi_upper: fx("120000000"),
		oi_max_factor: fx("2"),
		oi_delta_floor: Fixed18::ZERO,
		rate: Fixed18::ZERO,
		taker_fee: fx("0.0003"),
		vault_spread: fx("0.001"),
		vault_delta_cap: fx("50"),
		vault_vega_cap: fx("5000000"),
		funding_skew: fx("0.0005"),
		max_funding_rate: fx("0.0005"),
		max_size: fx("1000"),
		price_band: fx("0.05"),
		settlement_window: 30 * 60 * 1000,
		trading_enabled: true,
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		ballast_test_utils::reset();
		set_market("60000", "0.6");
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants and that the ledger conserved value.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
		assert_conserved();
	});
}
