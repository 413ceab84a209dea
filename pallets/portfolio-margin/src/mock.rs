//! A test runtime with a settable oracle and an in-memory collateral ledger: quote balances per
//! party (accounts may go negative, i.e. owe; the vault and insurance pay only what they hold).

use crate as pallet_portfolio_margin;
use ballast_primitives::{
	fixed::Fixed18,
	margin::{GridParams, StandardParams},
	risk::Unvalued,
	traits::{CollateralLedger, Party, PriceFeed, SubaccountId, Waterfall},
	Balance, FeedKey, FeedKind, Moment,
};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, DispatchError,
};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

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
pub const VAULT: AccountId = 99;
pub const BTC: u32 = 1;
/// The ledger keeps subaccounts 0..16, as the runtime's does.
pub const SUBACCOUNTS: SubaccountId = 16;
pub const DAY: Moment = 24 * 60 * 60 * 1000;
/// The test clock starts here (ms).
pub const START: Moment = 1_000 * DAY;

thread_local! {
	static PRICES: RefCell<BTreeMap<FeedKey, (u128, Moment)>> = RefCell::new(BTreeMap::new());
	static NOW: RefCell<Moment> = const { RefCell::new(START) };
	/// Parties the ledger has touched; their balances live in storage, so that storage
	/// transactions (a failed call, a what-if) roll them back as they would the real ledger.
	static PARTIES: RefCell<std::collections::BTreeSet<Party<AccountId>>> =
		RefCell::new(Default::default());
	static FUNDED: RefCell<i128> = const { RefCell::new(0) };
	/// Subaccounts holding a collateral asset whose price is stale.
	static STALE_COLLATERAL: RefCell<BTreeSet<(AccountId, SubaccountId)>> =
		RefCell::new(Default::default());
	/// The share of unrealized profit that does not count toward initial margin.
	static PROFIT_HAIRCUT: RefCell<Fixed18> = const { RefCell::new(Fixed18::ZERO) };
}

/// Marks the subaccount's non-quote collateral stale (`true`) or fresh again.
pub fn set_collateral_stale(who: AccountId, sub: SubaccountId, stale: bool) {
	STALE_COLLATERAL.with(|s| {
		let mut s = s.borrow_mut();
		if stale {
			s.insert((who, sub));
		} else {
			s.remove(&(who, sub));
		}
	});
}

fn collateral_stale(who: AccountId, sub: SubaccountId) -> bool {
	STALE_COLLATERAL.with(|s| s.borrow().contains(&(who, sub)))
}

/// Sets the unrealized-profit haircut.
pub fn set_profit_haircut(h: Fixed18) {
	PROFIT_HAIRCUT.with(|p| *p.borrow_mut() = h);
}

/// `x` as an 18-decimal value.
pub fn fx(x: &str) -> Fixed18 {
	Fixed18::parse(x).expect("a decimal")
}

/// Publishes BTC spot and volatility now.
pub fn set_market(spot: &str, vol: &str) {
	publish(BTC, fx(spot), fx(vol));
}

/// Publishes spot and volatility of `underlying` now.
pub fn publish(underlying: u32, spot: Fixed18, vol: Fixed18) {
	let now = now();
	PRICES.with(|p| {
		let mut p = p.borrow_mut();
		p.insert(FeedKey { underlying, kind: FeedKind::Spot }, (spot.0 as u128, now));
		p.insert(FeedKey { underlying, kind: FeedKind::ImpliedVol }, (vol.0 as u128, now));
	});
}

pub fn now() -> Moment {
	NOW.with(|n| *n.borrow())
}

pub fn advance_time(ms: Moment) {
	NOW.with(|n| *n.borrow_mut() += ms);
}

fn key(party: &Party<AccountId>) -> Vec<u8> {
	codec::Encode::encode(&(b"test-ledger", party))
}

/// A party's quote balance in the test ledger (18 decimals).
pub fn book(party: Party<AccountId>) -> i128 {
	frame_support::storage::unhashed::get_or_default(&key(&party))
}

fn credit(party: Party<AccountId>, value: i128) {
	let balance = book(party.clone()) + value;
	frame_support::storage::unhashed::put(&key(&party), &balance);
	PARTIES.with(|p| p.borrow_mut().insert(party));
}

/// Credits a subaccount's collateral in the test ledger.
pub fn fund(who: AccountId, sub: SubaccountId, value: Fixed18) {
	credit(Party::Account(who, sub), value.0);
	FUNDED.with(|f| *f.borrow_mut() += value.0);
}

/// Gives the LP vault `value` of capital in the test ledger.
pub fn fund_vault(value: Fixed18) {
	credit(Party::Vault, value.0);
	FUNDED.with(|f| *f.borrow_mut() += value.0);
}

/// Σ of every balance in the test ledger: PnL and fees only move value, so it stays what was
/// funded.
pub fn ledger_total() -> i128 {
	PARTIES.with(|p| p.borrow().iter().map(|party| book(party.clone())).sum())
}

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

pub struct TestPriceFeed;
impl PriceFeed for TestPriceFeed {
	fn latest(feed: FeedKey) -> Option<(u128, Moment)> {
		PRICES.with(|p| p.borrow().get(&feed).copied())
	}
	fn now() -> Moment {
		now()
	}
}

pub struct TestLedger;
impl CollateralLedger<AccountId> for TestLedger {
	type Error = DispatchError;
	fn net_collateral(who: &AccountId, sub: SubaccountId) -> Result<i128, Unvalued> {
		if collateral_stale(*who, sub) {
			return Err(Unvalued::StaleCollateral);
		}
		Ok(book(Party::Account(*who, sub)))
	}
	fn profit_haircut() -> Fixed18 {
		PROFIT_HAIRCUT.with(|h| *h.borrow())
	}
	fn debt(who: &AccountId, sub: SubaccountId) -> Balance {
		book(Party::Account(*who, sub)).min(0).unsigned_abs()
	}
	fn vault_balance() -> Balance {
		book(Party::Vault).max(0) as Balance
	}
	fn accepts_subaccount(sub: SubaccountId) -> bool {
		sub < SUBACCOUNTS
	}
	fn pay(
		from: &Party<AccountId>,
		to: &Party<AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		let value = value as i128;
		let paid = match from {
			Party::Account(..) | Party::Clearing => value,
			_ => value.min(book(from.clone()).max(0)),
		};
		credit(from.clone(), -paid);
		credit(to.clone(), paid);
		Ok(paid as Balance)
	}
	fn charge_fee(
		who: &AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		Self::pay(&Party::Account(*who, sub), &Party::Vault, value)?;
		Ok(0)
	}
	fn sell_collateral(
		_: (&AccountId, SubaccountId),
		_: (&AccountId, SubaccountId),
		_: Balance,
		_: Fixed18,
	) -> Result<Balance, DispatchError> {
		Err(DispatchError::Other("not used by the margin engine"))
	}
	fn insurance_balance() -> Balance {
		0
	}
	fn cover_debt(_: &AccountId, _: SubaccountId, _: Balance, _: Balance) -> Waterfall {
		Waterfall::default()
	}
}

parameter_types! {
	pub const VaultAccount: AccountId = VAULT;
}

impl pallet_portfolio_margin::Config for Test {
	type Ledger = TestLedger;
	type PriceFeed = TestPriceFeed;
	type SecurityBudget = TestSecurity;
	type CircuitBreaker = TestBreaker;
	type RiskOrigin = EnsureRoot<AccountId>;
	type VaultAccount = VaultAccount;
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
		oi_lower: fx("1000"),
		oi_upper: fx("2000"),
		oi_max_factor: fx("2"),
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
		NOW.with(|n| *n.borrow_mut() = START);
		PRICES.with(|p| p.borrow_mut().clear());
		PARTIES.with(|p| p.borrow_mut().clear());
		FUNDED.with(|f| *f.borrow_mut() = 0);
		set_market("60000", "0.6");
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants and that the ledger conserved value.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold after the test");
		assert_eq!(ledger_total(), FUNDED.with(|f| *f.borrow()), "value was created or lost");
	});
}
