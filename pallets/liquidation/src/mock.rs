//! A test runtime: the real margin engine (`pallet-portfolio-margin`) over a storage-backed
//! quote ledger with debts, an insurance fund and an LP vault, a settable oracle, and keepers
//! with test keys.

use crate as pallet_liquidation;
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
	traits::Convert,
	BuildStorage, DispatchError,
};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;
pub type AccountId = u64;

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
pub const VAULT: AccountId = 99;
pub const BTC: u32 = 1;
pub const DAY: Moment = 24 * 60 * 60 * 1000;
pub const START: Moment = 1_000 * DAY;
/// Keys 1 and 2 are keepers (their accounts are 1001 and 1002).
pub const KEEPER_KEYS: [u64; 2] = [1, 2];

thread_local! {
	static PRICES: RefCell<BTreeMap<FeedKey, (u128, Moment)>> = RefCell::new(BTreeMap::new());
	static NOW: RefCell<Moment> = const { RefCell::new(START) };
	static PARTIES: RefCell<BTreeSet<Party<AccountId>>> = RefCell::new(Default::default());
	static FUNDED: RefCell<i128> = const { RefCell::new(0) };
	/// Subaccounts holding a collateral asset whose price is stale.
	static STALE_COLLATERAL: RefCell<BTreeSet<(AccountId, SubaccountId)>> =
		RefCell::new(Default::default());
	static FROZEN: RefCell<bool> = const { RefCell::new(false) };
	/// Collateral other than quote: one asset, WETH, in 18-decimal units, counted at 80% of
	/// its price (a 20% haircut).
	static WETH_HELD: RefCell<BTreeMap<(AccountId, SubaccountId), i128>> =
		RefCell::new(Default::default());
	/// The WETH price (18 decimals).
	static WETH_PRICE: RefCell<i128> = const { RefCell::new(2_000 * 1_000_000_000_000_000_000) };
}

/// Gives a subaccount `amount` WETH (whole units, decimal string).
pub fn deposit_weth(who: AccountId, sub: SubaccountId, amount: &str) {
	WETH_HELD.with(|w| *w.borrow_mut().entry((who, sub)).or_default() += fx(amount).0);
}

/// WETH held by a subaccount (18 decimals).
pub fn weth(who: AccountId, sub: SubaccountId) -> i128 {
	WETH_HELD.with(|w| w.borrow().get(&(who, sub)).copied().unwrap_or(0))
}

/// Σ WETH held: selling it only moves it.
pub fn weth_total() -> i128 {
	WETH_HELD.with(|w| w.borrow().values().sum())
}

/// Sets the WETH price.
pub fn set_weth_price(price: &str) {
	WETH_PRICE.with(|p| *p.borrow_mut() = fx(price).0);
}

/// The value of a subaccount's WETH after its 20% haircut.
fn weth_value(who: AccountId, sub: SubaccountId) -> i128 {
	let price = WETH_PRICE.with(|p| *p.borrow());
	let worth = Fixed18(weth(who, sub)).checked_mul(Fixed18(price)).unwrap();
	worth.checked_mul(fx("0.8")).unwrap().0
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

/// `x` as an 18-decimal value.
pub fn fx(x: &str) -> Fixed18 {
	Fixed18::parse(x).expect("a decimal")
}

/// Publishes BTC spot and volatility now.
pub fn set_market(spot: &str, vol: &str) {
	let now = now();
	PRICES.with(|p| {
		let mut p = p.borrow_mut();
		p.insert(FeedKey { underlying: BTC, kind: FeedKind::Spot }, (fx(spot).0 as u128, now));
		p.insert(FeedKey { underlying: BTC, kind: FeedKind::ImpliedVol }, (fx(vol).0 as u128, now));
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

/// A party's quote balance (18 decimals); an account's negative balance is its debt.
pub fn book(party: Party<AccountId>) -> i128 {
	frame_support::storage::unhashed::get_or_default(&key(&party))
}

fn credit(party: Party<AccountId>, value: i128) {
	let balance = book(party.clone()) + value;
	frame_support::storage::unhashed::put(&key(&party), &balance);
	PARTIES.with(|p| p.borrow_mut().insert(party));
}

pub fn fund(who: AccountId, value: &str) {
	credit(Party::Account(who, 0), fx(value).0);
	FUNDED.with(|f| *f.borrow_mut() += fx(value).0);
}

/// Credits `value` to a subaccount other than 0.
pub fn credit_sub(who: AccountId, sub: SubaccountId, value: &str) {
	credit(Party::Account(who, sub), fx(value).0);
	FUNDED.with(|f| *f.borrow_mut() += fx(value).0);
}

/// Stops (`true`) or resumes the oracle's republishing at each block: stopped, prices go
/// stale after `MaxPriceAge`.
pub fn freeze_oracle(frozen: bool) {
	FROZEN.with(|f| *f.borrow_mut() = frozen);
	if !frozen {
		let at = now();
		PRICES.with(|p| p.borrow_mut().iter_mut().for_each(|(_, v)| v.1 = at));
	}
}

pub fn fund_party(party: Party<AccountId>, value: &str) {
	credit(party, fx(value).0);
	FUNDED.with(|f| *f.borrow_mut() += fx(value).0);
}

pub fn account(who: AccountId) -> Party<AccountId> {
	Party::Account(who, 0)
}

/// Σ of every balance: liquidation only moves value.
pub fn ledger_total() -> i128 {
	PARTIES.with(|p| p.borrow().iter().map(|party| book(party.clone())).sum())
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
		Ok(book(Party::Account(*who, sub)) + weth_value(*who, sub))
	}
	fn profit_haircut() -> Fixed18 {
		Fixed18::ZERO
	}
	fn debt(who: &AccountId, sub: SubaccountId) -> Balance {
		book(Party::Account(*who, sub)).min(0).unsigned_abs()
	}
	fn vault_balance() -> Balance {
		book(Party::Vault).max(0) as Balance
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
		seller: (&AccountId, SubaccountId),
		buyer: (&AccountId, SubaccountId),
		value: Balance,
		discount: Fixed18,
	) -> Result<Balance, DispatchError> {
		if collateral_stale(*seller.0, seller.1) {
			return Err(DispatchError::Other("stale WETH price"));
		}
		let oracle = WETH_PRICE.with(|p| *p.borrow());
		let price = Fixed18(oracle).checked_mul(Fixed18::ONE.checked_sub(discount).unwrap()).unwrap();
		let held = weth(*seller.0, seller.1);
		let worth = Fixed18(held).checked_mul(price).unwrap().0;
		// Like the ledger: quote in whole units of 6 decimals, the asset sold rounded down and
		// its cost rounded up.
		let unit = 1_000_000_000_000i128;
		let up = |v: i128| (v + unit - 1) / unit * unit;
		let (sold, paid) = if up(worth) <= value as i128 {
			(held, up(worth))
		} else {
			let wanted = value as i128 / unit * unit;
			let mut sold = Fixed18(wanted).checked_div(price).unwrap().0;
			if Fixed18(sold).checked_mul(price).unwrap().0 > wanted {
				sold -= 1;
			}
			let sold = sold.min(held);
			(sold, up(Fixed18(sold).checked_mul(price).unwrap().0).min(wanted))
		};
		if sold == 0 || paid == 0 {
			return Ok(0);
		}
		let cash = book(Party::Account(*buyer.0, buyer.1));
		if cash < paid {
			return Err(DispatchError::Other("the buyer holds too little quote"));
		}
		WETH_HELD.with(|w| {
			let mut w = w.borrow_mut();
			*w.entry((*seller.0, seller.1)).or_default() -= sold;
			*w.entry((*buyer.0, buyer.1)).or_default() += sold;
		});
		credit(Party::Account(*buyer.0, buyer.1), -paid);
		credit(Party::Account(*seller.0, seller.1), paid);
		Ok(paid as Balance)
	}
	fn insurance_balance() -> Balance {
		book(Party::InsuranceFund).max(0) as Balance
	}
	fn cover_debt(
		who: &AccountId,
		sub: SubaccountId,
		limit: Balance,
		max_insurance: Balance,
	) -> Waterfall {
		let debt = Self::debt(who, sub).min(limit);
		let insurance = Self::insurance_balance().min(debt).min(max_insurance);
		let vault = Self::vault_balance().min(debt - insurance);
		credit(Party::InsuranceFund, -(insurance as i128));
		credit(Party::Vault, -(vault as i128));
		credit(Party::Account(*who, sub), (insurance + vault) as i128);
		Waterfall { insurance, vault, uncovered: debt - insurance - vault }
	}
}

parameter_types! {
	pub const VaultAccount: AccountId = VAULT;
	pub static Keepers: Vec<UintAuthorityId> = KEEPER_KEYS.iter().map(|k| UintAuthorityId(*k)).collect();
}

impl pallet_portfolio_margin::Config for Test {
	type Ledger = TestLedger;
	type PriceFeed = TestPriceFeed;
	type SecurityBudget = ();
	type CircuitBreaker = Liquidation;
	type RiskOrigin = EnsureRoot<AccountId>;
	type VaultAccount = VaultAccount;
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
		oi_lower: fx("100000"),
		oi_upper: fx("200000"),
		oi_max_factor: fx("2"),
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
		NOW.with(|n| *n.borrow_mut() = START);
		PRICES.with(|p| p.borrow_mut().clear());
		PARTIES.with(|p| p.borrow_mut().clear());
		FUNDED.with(|f| *f.borrow_mut() = 0);
		FROZEN.with(|f| *f.borrow_mut() = false);
		STALE_COLLATERAL.with(|s| s.borrow_mut().clear());
		WETH_HELD.with(|w| w.borrow_mut().clear());
		set_weth_price("2000");
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
		assert_eq!(ledger_total(), FUNDED.with(|f| *f.borrow()), "value was created or lost");
	});
}

/// Moves to the next block: the clock advances 6 s and `on_initialize` runs.
/// The oracle republishes its last BTC values at the new time, as it would each block.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	advance_time(6_000);
	if !FROZEN.with(|f| *f.borrow()) {
		let at = now();
		PRICES.with(|p| {
			for (_, v) in p.borrow_mut().iter_mut() {
				v.1 = at;
			}
		});
	}
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
		credit(Party::Account(*who, sub), value.0);
		FUNDED.with(|f| *f.borrow_mut() += value.0);
	}
	fn fund_vault(value: Fixed18) {
		fund_party(Party::Vault, &value.to_string());
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
		credit(Party::Account(*who, 0), fx("12000").0 * i128::from(p));
		FUNDED.with(|f| *f.borrow_mut() += fx("12000").0 * i128::from(p));
		for i in 0..p {
			let id = pallet_portfolio_margin::NextInstrumentId::<Test>::get();
			let strike = Fixed18(fx("60000").0 + fx("1000").0 * i128::from(i));
			let kind =
				InstrumentKind::Option { kind: OptionKind::Call, strike, expiry: START + 30 * DAY };
			let listed = Margin::list_instrument(RuntimeOrigin::root(), BTC, kind);
			assert!(listed.is_ok(), "{listed:?}");
			let sold = Margin::trade_with_vault(
				RuntimeOrigin::signed(*who),
				0,
				id,
				fx("-1"),
				Fixed18(1),
			);
			assert!(sold.is_ok(), "{sold:?}");
		}
	}
	fn fund(who: &AccountId, value: Fixed18) {
		credit(Party::Account(*who, 0), value.0);
		FUNDED.with(|f| *f.borrow_mut() += value.0);
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
			let opened =
				Margin::trade_with_vault(RuntimeOrigin::signed(*who), 0, p.instrument, p.size, limit);
			assert!(opened.is_ok(), "{opened:?}");
		}
	}
	fn drain_backstops() {
		for party in [Party::Vault, Party::InsuranceFund] {
			let balance = book(party.clone());
			credit(party, -balance);
			FUNDED.with(|f| *f.borrow_mut() -= balance);
		}
	}
	fn indebted(who: &AccountId) {
		// 1 WETH counted at 1,600 against 1,700 of debt.
		deposit_weth(*who, 0, "1");
		credit(Party::Account(*who, 0), -fx("1700").0);
		credit(Party::Vault, fx("1700").0);
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
