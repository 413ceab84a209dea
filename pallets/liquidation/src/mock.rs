//! A test runtime: the real margin engine (`pallet-portfolio-margin`) over a storage-backed
//! quote ledger with debts, an insurance fund and an LP vault, a settable oracle, and keepers
//! with test keys.

use crate as pallet_liquidation;
use ballast_primitives::{
	fixed::Fixed18,
	margin::{GridParams, StandardParams},
	traits::{Party, SubaccountId},
	Moment,
};
pub use ballast_test_utils::{
	clock::{advance_time, now},
	fx,
	ledger::{
		book, deposit_weth, set_collateral_stale, set_weth_price, weth, weth_total, TestLedger,
	},
	oracle::{freeze_oracle, set_market, TestPriceFeed},
	AccountId, BTC, DAY, START,
};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	traits::Convert,
	BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Margin: pallet_portfolio_margin,
		Liquidation: pallet_liquidation,
	}
);

frame_support::parameter_types! {
	/// The runtime's limits: 2 s blocks, three quarters for Normal transactions.
	pub BlockLimits: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			frame_support::weights::Weight::from_parts(
				2 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND,
				u64::MAX,
			),
			sp_runtime::Perbill::from_percent(75),
		);
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type BlockWeights = BlockLimits;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extension = ();
	fn create_transaction(call: RuntimeCall, extension: ()) -> Extrinsic {
		Extrinsic::new_transaction(call, extension)
	}
}

impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_extension() {}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CAROL: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const LIQUIDATOR: AccountId = 9;
/// Keys 1 and 2 are keepers (their accounts are 1001 and 1002).
pub const KEEPER_KEYS: [u64; 2] = [1, 2];

/// Puts `value` of quote into `who`'s subaccount 0.
pub fn fund(who: AccountId, value: &str) {
	ballast_test_utils::ledger::fund(who, 0, fx(value));
}

/// Puts `value` of quote into a subaccount other than 0.
pub fn credit_sub(who: AccountId, sub: SubaccountId, value: &str) {
	ballast_test_utils::ledger::fund(who, sub, fx(value));
}

/// Puts `value` into a party's balance (the vault, the insurance fund).
pub fn fund_party(party: Party<AccountId>, value: &str) {
	ballast_test_utils::ledger::fund_party(party, fx(value));
}

pub fn account(who: AccountId) -> Party<AccountId> {
	Party::Account(who, 0)
}

parameter_types! {
	pub static Keepers: Vec<UintAuthorityId> = KEEPER_KEYS.iter().map(|k| UintAuthorityId(*k)).collect();
}

impl pallet_portfolio_margin::Config for Test {
	type Ledger = TestLedger;
	type PriceFeed = TestPriceFeed;
	type SecurityBudget = ();
	type CircuitBreaker = Liquidation;
	type RiskOrigin = EnsureRoot<AccountId>;
	type MaxPriceAge = frame_support::traits::ConstU64<60_000>;
	type MaxPositions = ConstU32<16>;
	type MaxInstruments = ConstU32<16>;
	type OrderSignature = TestSignature;
	type OrderSigner = UintAuthorityId;
	type MaxOrderLifetime = frame_support::traits::ConstU64<{ 7 * DAY }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarginHelper;
}

pub struct KeeperAccount;
impl Convert<UintAuthorityId, AccountId> for KeeperAccount {
	fn convert(k: UintAuthorityId) -> AccountId {
		1_000 + k.0
	}
}

impl pallet_liquidation::Config for Test {
	type Ledger = TestLedger;
	type MarginEngine = Margin;
	type Book = Margin;
	type PriceFeed = TestPriceFeed;
	type RiskOrigin = EnsureRoot<AccountId>;
	type KeeperId = UintAuthorityId;
	type KeeperSignature = TestSignature;
	type Keepers = Keepers;
	type KeeperAccount = KeeperAccount;
	type MaxPriceAge = frame_support::traits::ConstU64<60_000>;
	type MaxAuctions = ConstU32<4>;
	type MaxQueue = ConstU32<12>;
	type MaxPerBlock = ConstU32<16>;
	type MaxCandidates = ConstU32<4>;
	type MaxMarkets = ConstU32<2>;
	type MaxPositions = ConstU32<8>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = LiquidationHelper;
}

/// BTC: the example grid and standard rates, initial 1.25 × maintenance, no fee or spread (so
/// that PnL figures are round), generous vault caps.
pub fn btc_params() -> pallet_portfolio_margin::UnderlyingParams {
	pallet_portfolio_margin::UnderlyingParams {
		grid: GridParams::example(),
		standard: StandardParams::example(),
		initial_factor: fx("1.25"),
		oi_lower: fx("10000000000"),
		oi_upper: fx("20000000000"),
		oi_max_factor: fx("2"),
		oi_delta_floor: Fixed18::ZERO,
		rate: Fixed18::ZERO,
		taker_fee: Fixed18::ZERO,
		vault_spread: Fixed18::ZERO,
		vault_delta_cap: fx("1000"),
		vault_vega_cap: fx("100000000"),
		funding_skew: Fixed18::ZERO,
		max_funding_rate: Fixed18::ZERO,
		max_size: fx("100000"),
		price_band: fx("0.5"),
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
		UintAuthorityId::set_all_keys(Vec::<UintAuthorityId>::new());
		pallet_liquidation::Params::<Test>::put(crate::LiquidationParams::default());
		set_market("60000", "0.6");
		assert!(Margin::set_underlying(RuntimeOrigin::root(), BTC, btc_params()).is_ok());
		assert!(Margin::list_instrument(
			RuntimeOrigin::root(),
			BTC,
			ballast_primitives::margin::InstrumentKind::Perpetual
		)
		.is_ok());
	});
	ext
}

/// Runs `test`, then checks both pallets' invariants and that no value was created or lost.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("liquidation invariants hold");
		pallet_portfolio_margin::Pallet::<Test>::do_try_state().expect("margin invariants hold");
		ballast_test_utils::ledger::assert_conserved();
	});
}

/// Moves to the next block: the clock advances 6 s and `on_initialize` runs.
/// The oracle republishes its last BTC values at the new time, as it would each block.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	advance_time(6_000);
	ballast_test_utils::oracle::republish();
	Liquidation::on_initialize(n);
}

/// Moves on `n` blocks.
pub fn run_blocks(n: u32) {
	for _ in 0..n {
		next_block();
	}
}

/// The margin engine's benchmarks do not run here; its helper only has to exist.
#[cfg(feature = "runtime-benchmarks")]
pub struct MarginHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_portfolio_margin::benchmarking::BenchmarkHelper<AccountId, TestSignature>
	for MarginHelper
{
	fn order_account(n: u32) -> AccountId {
		100 + n as AccountId
	}
	fn sign(n: u32, payload: &[u8]) -> TestSignature {
		TestSignature(100 + n as u64, payload.to_vec())
	}
	fn set_market(_: u32, _: Fixed18, _: Fixed18) {}
	fn fund(who: &AccountId, sub: SubaccountId, value: Fixed18) {
		ballast_test_utils::ledger::fund(*who, sub, value);
	}
	fn fund_vault(value: Fixed18) {
		ballast_test_utils::ledger::fund_vault(value);
	}
	fn advance_time(ms: Moment) {
		advance_time(ms);
	}
}

/// Short calls on BTC against the vault, moved by the test oracle.
#[cfg(feature = "runtime-benchmarks")]
pub struct LiquidationHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId, UintAuthorityId> for LiquidationHelper {
	fn open_portfolio(who: &AccountId, p: u32) {
		use ballast_primitives::{black_scholes::OptionKind, margin::InstrumentKind};
		if !pallet_portfolio_margin::Underlyings::<Test>::contains_key(BTC) {
			assert!(Margin::set_underlying(RuntimeOrigin::root(), BTC, btc_params()).is_ok());
		}
		set_market("60000", "0.6");
		fund_party(Party::Vault, "100000000");
		ballast_test_utils::ledger::fund(*who, 0, Fixed18(fx("12000").0 * i128::from(p)));
		for i in 0..p {
			let id = pallet_portfolio_margin::NextInstrumentId::<Test>::get();
			let strike = Fixed18(fx("60000").0 + fx("1000").0 * i128::from(i));
			let kind =
				InstrumentKind::Option { kind: OptionKind::Call, strike, expiry: START + 30 * DAY };
			let listed = Margin::list_instrument(RuntimeOrigin::root(), BTC, kind);
			assert!(listed.is_ok(), "{listed:?}");
			let sold =
				Margin::trade_with_vault(RuntimeOrigin::signed(*who), 0, id, fx("-1"), Fixed18(1));
			assert!(sold.is_ok(), "{sold:?}");
		}
	}
	fn fund(who: &AccountId, value: Fixed18) {
		ballast_test_utils::ledger::fund(*who, 0, value);
	}
	fn crash(rise: Fixed18) {
		let spot = fx("60000").checked_mul(Fixed18::ONE.checked_add(rise).unwrap()).unwrap();
		set_market(&spot.to_string(), "0.6");
	}
	fn open_counterparty(counterparty: &AccountId, who: &AccountId) {
		Self::fund(counterparty, fx("10000000"));
		for p in pallet_portfolio_margin::Positions::<Test>::get(who, 0) {
			let bought = Margin::trade_with_vault(
				RuntimeOrigin::signed(*counterparty),
				0,
				p.instrument,
				fx("1"),
				pallet_portfolio_margin::MAX_PRICE,
			);
			assert!(bought.is_ok(), "{bought:?}");
		}
	}
	fn open_like(who: &AccountId, like: &AccountId) {
		Self::fund(who, fx("100000"));
		for p in pallet_portfolio_margin::Positions::<Test>::get(like, 0) {
			let limit = pallet_portfolio_margin::market_limit(p.size);
			let opened = Margin::trade_with_vault(
				RuntimeOrigin::signed(*who),
				0,
				p.instrument,
				p.size,
				limit,
			);
			assert!(opened.is_ok(), "{opened:?}");
		}
	}
	fn drain_backstops() {
		for party in [Party::Vault, Party::InsuranceFund] {
			let balance = book(party.clone());
			ballast_test_utils::ledger::fund_party(party, Fixed18(-balance));
		}
	}
	fn close_vault() {
		let params = pallet_portfolio_margin::UnderlyingParams {
			vault_delta_cap: Fixed18(1),
			vault_vega_cap: Fixed18(1),
			..btc_params()
		};
		assert!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params).is_ok());
	}
	fn indebted(who: &AccountId) {
		// 1 WETH counted at 1,600 against 1,700 of debt.
		deposit_weth(*who, 0, "1");
		use ballast_primitives::traits::CollateralLedger;
		let debt = fx("1700").0.unsigned_abs();
		let paid = TestLedger::pay(&Party::Account(*who, 0), &Party::Vault, debt);
		assert_eq!(paid, Ok(debt));
	}
	fn add_keeper(key: &UintAuthorityId) {
		let mut keepers = Keepers::get();
		keepers.push(key.clone());
		Keepers::set(keepers);
		UintAuthorityId::set_all_keys(keepers_all(key));
	}
}

#[cfg(feature = "runtime-benchmarks")]
fn keepers_all(key: &UintAuthorityId) -> Vec<UintAuthorityId> {
	vec![key.clone()]
}
