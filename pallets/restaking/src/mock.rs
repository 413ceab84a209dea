//! A test runtime with a settable clock, session keys and value secured, and a relay that
//! signs attestations with its bridge authorities' keys.

use crate as pallet_restaking;
use crate::{Attestation, RelayMessage, RestakingParams};
use ballast_primitives::{fixed::Fixed18, Balance, Moment};
use ballast_primitives::{FeedKey, FeedKind};
use core::{cell::RefCell, time::Duration};
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
	BoundedVec,
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair};
use sp_runtime::{BuildStorage, Perbill};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Restaking: pallet_restaking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static KEYS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
	static SECURED: RefCell<Balance> = const { RefCell::new(0) };
	static LEASE: RefCell<Balance> = const { RefCell::new(0) };
	static ESCROW: RefCell<Balance> = const { RefCell::new(0) };
	static VALIDATORS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static DISABLED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static RAW: RefCell<BTreeMap<(AccountId, FeedKey), (u128, Moment)>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// pallet-session as the pallet sees it: the session's validators, and those disabled.
pub struct Session;
impl crate::SessionValidators<AccountId> for Session {
	fn validators() -> Vec<AccountId> {
		VALIDATORS.with(|v| v.borrow().clone())
	}
	fn disable(who: &AccountId, _: Perbill) {
		if Self::validators().contains(who) {
			DISABLED.with(|d| d.borrow_mut().push(*who));
		}
	}
}
/// The validators disabled this session.
pub fn disabled() -> Vec<AccountId> {
	DISABLED.with(|d| d.borrow().clone())
}

/// Spot and implied volatility of underlyings 0 to 3 are listed.
pub fn spot(underlying: u32) -> FeedKey {
	FeedKey { underlying, kind: FeedKind::Spot }
}

/// A submission counts toward the median for ten minutes.
pub const EXPIRY: Moment = 10 * MINUTE;

/// The oracle's raw values: each operator's latest per feed, with its time.
pub struct Oracle;
impl crate::OracleFeeds<AccountId> for Oracle {
	fn listed(key: &FeedKey) -> bool {
		key.underlying < 4
	}
	fn others(who: &AccountId, key: &FeedKey) -> Vec<u128> {
		RAW.with(|r| {
			r.borrow()
				.iter()
				.filter(|((a, k), (_, at))| a != who && k == key && at + EXPIRY > now())
				.map(|(_, (v, _))| *v)
				.collect()
		})
	}
	fn record(who: &AccountId, key: FeedKey, value: u128) {
		RAW.with(|r| r.borrow_mut().insert((*who, key), (value, now())));
	}
	fn forget(who: &AccountId) {
		RAW.with(|r| r.borrow_mut().retain(|(a, _), _| a != who));
	}
}
/// `who`'s stored value for `key`.
pub fn raw(who: AccountId, key: FeedKey) -> Option<u128> {
	RAW.with(|r| r.borrow().get(&(who, key)).map(|(v, _)| *v))
}

/// A quote unit (6 decimals) in 18-decimal value: the lease fund pays whole units.
pub const UNIT: Balance = 1_000_000_000_000;

/// The collateral pool's lease fund: pays whole quote units into the relay's escrow.
pub struct Lease;
impl ballast_primitives::traits::LeaseFund for Lease {
	type Error = ();
	fn lease_balance() -> Balance {
		LEASE.with(|l| *l.borrow())
	}
	fn pay_lease(value: Balance) -> Result<Balance, ()> {
		let paid = (value / UNIT * UNIT).min(Self::lease_balance());
		LEASE.with(|l| *l.borrow_mut() -= paid);
		ESCROW.with(|e| *e.borrow_mut() += paid);
		Ok(paid)
	}
}
/// Fees collected for the lease since the last payment.
pub fn set_lease_fund(v: Balance) {
	LEASE.with(|l| *l.borrow_mut() = v);
}
/// What the relay's escrow received.
pub fn escrow() -> Balance {
	ESCROW.with(|e| *e.borrow())
}

pub const START: Moment = 1_700_000_000_000;
pub const E18: Balance = 1_000_000_000_000_000_000;
pub const MINUTE: Moment = 60_000;

pub use ballast_test_utils::clock::{now, set_now};

/// The shared test clock as the pallet reads it.
pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> Duration {
		Duration::from_millis(now())
	}
}

pub struct SessionKeys;
impl frame_support::traits::Contains<AccountId> for SessionKeys {
	fn contains(who: &AccountId) -> bool {
		KEYS.with(|k| k.borrow().contains(who))
	}
}
pub fn register_keys(who: AccountId) {
	KEYS.with(|k| k.borrow_mut().insert(who));
}

pub struct Secured;
impl ballast_primitives::traits::ValueSecured for Secured {
	fn value_secured() -> Balance {
		SECURED.with(|s| *s.borrow())
	}
}
pub fn set_value_secured(v: Balance) {
	SECURED.with(|s| *s.borrow_mut() = v);
}

impl pallet_restaking::Config for Test {
	type Time = Clock;
	type ValueSecured = Secured;
	type LeaseFund = Lease;
	type SessionsPerEra = ConstU32<3>;
	type HasSessionKeys = SessionKeys;
	type BlockEquivocation = Equivocations;
	type ParamsOrigin = EnsureRoot<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type Validators = Session;
	type Oracle = Oracle;
	// Ten operators × (eight sessions' horizon + two) spans.
	type MaxPendingSlashes = ConstU32<100>;
	type SlashHorizon = ConstU32<8>;
	type SessionDuration = ConstU64<{ 60 * MINUTE }>;
	type UnbondingDelay = ConstU64<{ 24 * 60 * MINUTE }>;
	type MaxBlockGap = ConstU64<{ 5 * MINUTE }>;
	type MaxFeedValues = ConstU32<8>;
	type MaxOutbound = ConstU32<16>;
	type MaxOutbox = ConstU32<48>;
	type OutboundRetention = ConstU32<3>;
	type MaxAuthorities = ConstU32<8>;
	type MaxMessages = ConstU32<16>;
	type MaxOperators = ConstU32<10>;
	type MaxActive = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchKeys;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchKeys;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchKeys {
	fn register_keys(who: &AccountId) {
		register_keys(*who);
	}
	fn block_equivocation(
	) -> Result<(AccountId, Vec<u8>, Vec<u8>), frame_benchmarking::BenchmarkError> {
		use codec::Encode;
		let proof = TestEquivocation { offender: 1, slot: 7, sealed_by_offender: true };
		Ok((1, proof.encode(), 0u32.encode()))
	}
	fn list_feeds(n: u32) -> Vec<FeedKey> {
		(0..n)
			.map(|i| FeedKey {
				underlying: i / 2,
				kind: if i % 2 == 0 { FeedKind::Spot } else { FeedKind::ImpliedVol },
			})
			.collect()
	}
}

/// A test block-equivocation proof: whether both seals are the offender's stands in for the
/// signature check.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	scale_info::TypeInfo,
)]
pub struct TestEquivocation {
	pub offender: AccountId,
	pub slot: u64,
	pub sealed_by_offender: bool,
}

thread_local! {
	static REPORTED: RefCell<BTreeSet<(AccountId, u64)>> = RefCell::new(BTreeSet::new());
}

/// Checks test proofs; key-ownership proofs are the session, valid up to session 10. Reports
/// go straight to the pallet's offence handler, once per (offender, slot), as pallet-offences
/// would.
pub struct Equivocations;
impl crate::BlockEquivocation<AccountId> for Equivocations {
	type Proof = TestEquivocation;
	type KeyOwnerProof = crate::SessionIndex;
	fn check(
		proof: &TestEquivocation,
		session: crate::SessionIndex,
	) -> Result<crate::BlockEquivocationDetails<AccountId>, crate::EquivocationError> {
		if !proof.sealed_by_offender {
			return Err(crate::EquivocationError::InvalidProof);
		}
		if session > 10 {
			return Err(crate::EquivocationError::InvalidKeyOwnershipProof);
		}
		Ok(crate::BlockEquivocationDetails {
			offender: proof.offender,
			slot: proof.slot,
			session,
			validator_count: 3,
		})
	}
	fn report(
		_reporter: AccountId,
		d: crate::BlockEquivocationDetails<AccountId>,
	) -> Result<(), sp_staking::offence::OffenceError> {
		use sp_staking::offence::{OffenceDetails, OnOffenceHandler};
		if !REPORTED.with(|r| r.borrow_mut().insert((d.offender, d.slot))) {
			return Err(sp_staking::offence::OffenceError::DuplicateReport);
		}
		let offender = OffenceDetails { offender: (d.offender, ()), reporters: vec![] };
		<Restaking as OnOffenceHandler<AccountId, (AccountId, ()), _>>::on_offence(
			&[offender],
			&[Perbill::one()],
			d.session,
		);
		Ok(())
	}
}

/// An empty chain with a keystore, for the benchmarks' tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn params() -> RestakingParams {
	RestakingParams {
		min_stake: 1_000 * E18,
		max_active: 3,
		min_security_ratio: Fixed18(Fixed18::ONE.0 / 10),
		max_attestation_age: 10 * MINUTE,
		max_margin_factor: Fixed18(3 * Fixed18::ONE.0),
		oracle_slash: Perbill::from_percent(10),
		equivocation_slash: Perbill::from_percent(20),
		liveness_slash: Perbill::from_percent(1),
		slash_deferral: 2,
		oracle_band: Perbill::from_percent(2),
		oracle_strikes: 3,
		oracle_window: 10 * MINUTE,
		liveness_window: 30 * MINUTE,
		oracle_quorum: Perbill::from_rational(2u32, 3),
		max_clock_skew: MINUTE,
	}
}

/// The relay: five bridge authorities, three must sign.
pub struct Relay {
	pub keys: Vec<sr25519::Pair>,
	pub nonce: u64,
}

impl Relay {
	pub fn new() -> Self {
		Self::with_seeds(&["//Relay0", "//Relay1", "//Relay2", "//Relay3", "//Relay4"])
	}
	pub fn with_seeds(seeds: &[&str]) -> Self {
		let keys = seeds.iter().map(|s| sr25519::Pair::from_string(s, None).unwrap()).collect();
		Self { keys, nonce: 0 }
	}
	pub fn authorities(&self) -> Vec<sr25519::Public> {
		self.keys.iter().map(|k| k.public()).collect()
	}
	/// The next attestation of `messages`, at the current time.
	pub fn attest(&mut self, messages: Vec<RelayMessage<AccountId, ConstU32<8>>>) -> AttestationOf {
		self.nonce += 1;
		Attestation { nonce: self.nonce, timestamp: now(), messages: messages.try_into().unwrap() }
	}
	/// Signatures of the authorities at `signers` (indices) over `a`.
	pub fn sign(&self, a: &AttestationOf, signers: &[u32]) -> crate::SignaturesOf<Test> {
		let hash = Restaking::signing_hash(a);
		let sigs: Vec<_> =
			signers.iter().map(|i| (*i, self.keys[*i as usize].sign(&hash))).collect();
		BoundedVec::try_from(sigs).unwrap()
	}
}

pub type AttestationOf = crate::AttestationOf<Test>;

/// Operators 1..=4 at genesis (1, 2, 3 opted in with session keys), stakes 4k, 3k, 2k, 1k.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_now(START);
	set_value_secured(0);
	set_lease_fund(0);
	REPORTED.with(|r| r.borrow_mut().clear());
	ESCROW.with(|e| *e.borrow_mut() = 0);
	KEYS.with(|k| k.borrow_mut().clear());
	VALIDATORS.with(|v| v.borrow_mut().clear());
	DISABLED.with(|d| d.borrow_mut().clear());
	RAW.with(|r| r.borrow_mut().clear());
	// Keys first: genesis selects the operators with keys.
	for who in 1..=3 {
		register_keys(who);
	}
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_restaking::GenesisConfig::<Test> {
		authorities: Relay::new().authorities(),
		threshold: 3,
		operators: vec![
			(1, 4_000 * E18, true),
			(2, 3_000 * E18, true),
			(3, 2_000 * E18, true),
			(4, 1_000 * E18, false),
		],
		params: Some(params()),
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		use frame_support::traits::Hooks;
		System::set_block_number(1);
		Restaking::on_initialize(1);
	});
	ext
}

/// Runs `f` on a fresh chain, then the pallet's `try_state`.
pub fn build_and_execute(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Restaking::do_try_state().expect("try_state");
	});
}

/// Starts session `index` as pallet-session's `rotate_session` does: ends the previous one,
/// activates the set planned for this one (enabling everyone again), starts it (liveness,
/// due slashes, lease), then plans the next set.
pub fn start_session(index: crate::SessionIndex) {
	use pallet_session::SessionManager;
	if index > 0 {
		Restaking::end_session(index - 1);
	}
	let planned = crate::ActiveSet::<Test>::get().into_inner();
	VALIDATORS.with(|v| *v.borrow_mut() = planned);
	DISABLED.with(|d| d.borrow_mut().clear());
	Restaking::start_session(index);
	Restaking::new_session(index + 1);
}

/// `who` feeds `values` in the current block.
pub fn feed(who: AccountId, values: &[(FeedKey, u128)]) -> sp_runtime::DispatchResult {
	Restaking::feed_values(
		RuntimeOrigin::signed(who),
		values.to_vec().try_into().expect("at most MaxFeedValues"),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

/// Finalizes the current block (sealing outbound messages) and starts the next.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number();
	Restaking::on_finalize(n);
	System::set_block_number(n + 1);
	Restaking::on_initialize(n + 1);
}

/// The outbound messages sealed in block `n`.
pub fn outbound(n: u64) -> Vec<crate::OutboundMessage<AccountId>> {
	outbound_ids(n).into_iter().map(|(_, m)| m).collect()
}

/// The outbound messages sealed in block `n`, with their ids.
pub fn outbound_ids(n: u64) -> Vec<(u64, crate::OutboundMessage<AccountId>)> {
	crate::OutboundMessages::<Test>::get(n)
		.map(|m| m.into_iter().map(|e| (e.id, e.message)).collect())
		.unwrap_or_default()
}
