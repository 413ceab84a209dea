//! A development chain run block by block in the test process, as a node builds blocks:
//! `Executive::initialize_block` with an Aura slot, the timestamp inherent, signed and
//! authorized extrinsics through `apply_extrinsic`, `finalize_block`, then the offchain
//! workers with the validator's keys (their transactions go to the next block).

use ballast_primitives::{fixed::Fixed18, FeedKey, FeedKind};
use ballast_runtime::{
	configs::RuntimeBlockWeights, genesis_config_presets, Executive, Header, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, TxExtension, UncheckedExtrinsic,
};
use codec::{Decode, Encode};
use frame_support::assert_ok;
use frame_system::Phase;
use sp_core::{
	offchain::{
		testing::{PoolState, TestOffchainExt, TestTransactionPoolExt},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	Pair,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::Header as _,
	AccountId32, Digest, DigestItem, MultiAddress, MultiSignature,
};
use std::{fmt, sync::Arc};

/// 10¹⁸: one unit of an 18-decimal value.
pub const E18: u128 = 1_000_000_000_000_000_000;
const BLOCK_MS: u64 = 6_000;
const USDC: u32 = 1;

/// Alice: the development validator, oracle operator and USDC issuer.
pub fn alice() -> AccountId32 {
	sp_keyring::Sr25519Keyring::Alice.to_account_id()
}

/// The pool's quote: what it holds and what its books say it owes (USDC units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolBooks {
	/// USDC in the pool account.
	pub holdings: u128,
	/// Deposits + LP vault + insurance fund + lease fund + clearing − debts.
	pub books: u128,
}

/// What happened during a replay.
#[derive(Debug, Default)]
pub struct Report {
	/// Blocks produced.
	pub blocks: u32,
	/// Auctions started.
	pub liquidations: u32,
	/// Auctions of insolvent accounts.
	pub insolvent: u32,
	/// Lots bought by bidders.
	pub bids: u32,
	/// Lots the vault took at the floor.
	pub taken_by_vault: u32,
	/// Counterparties deleveraged.
	pub deleveraged: u32,
	/// Keeper transactions included.
	pub keeper_txs: u32,
	/// Keeper transactions that failed when dispatched.
	pub keeper_failures: u32,
	/// The largest share of a block's weight limit used.
	pub max_block_share: f64,
	/// Events that may move quote (a bound on rounding dust, in USDC units).
	pub payments: u128,
	/// The waterfall's totals at the end.
	pub totals: pallet_liquidation::Totals,
	/// What the solvency check saw around every liquidation step.
	pub solvency: crate::solvency::Solvency,
}

impl fmt::Display for Report {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		let t = &self.totals;
		let usdc = |v: u128| v as f64 / E18 as f64;
		write!(
			f,
			"{} blocks: {} liquidations ({} insolvent), {} bids, {} lots to the vault, {} \
			 counterparties deleveraged, {} keeper transactions ({} transactions failed); penalties {:.2}, \
			 liquidator fees {:.2}, insurance paid {:.2}, vault paid {:.2}, socialized {:.2}, \
			 bad debt {:.2} USDC; heaviest block {:.1}% of its weight limit",
			self.blocks,
			self.liquidations,
			self.insolvent,
			self.bids,
			self.taken_by_vault,
			self.deleveraged,
			self.keeper_txs,
			self.keeper_failures,
			usdc(t.penalties),
			usdc(t.liquidator_fees),
			usdc(t.insurance_paid),
			usdc(t.vault_paid),
			usdc(t.socialized),
			usdc(t.bad_debt),
			self.max_block_share * 100.0,
		)?;
		write!(f, "; {}", self.solvency)
	}
}

/// A development chain in the test process.
pub struct Chain {
	ext: sp_io::TestExternalities,
	pool: Arc<parking_lot::RwLock<PoolState>>,
	parent: sp_core::H256,
	number: u32,
	now: u64,
	last_header: Option<Header>,
	/// Signers of extrinsics built for the next block (their nonces count up).
	issued: Vec<AccountId32>,
	/// The validator's keystore (session keys made here can prove their ownership).
	keystore: Arc<MemoryKeystore>,
	/// The oracle operators feeding each block of a crash, and the share of the true price
	/// (in percent) the last of them prints instead, if it lies.
	operators: Vec<sp_keyring::Sr25519Keyring>,
	liar: Option<i128>,
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

impl Chain {
	/// The `development` preset's genesis (Alice validates), with Alice's keys in the keystore.
	pub fn development() -> Chain {
		Self::from_preset("development")
	}

	/// The `local_testnet` preset's genesis (Alice, Bob, Charlie and Dave validate), with
	/// Alice's keys in the keystore (she runs the keeper).
	pub fn local() -> Chain {
		Self::from_preset("local_testnet")
	}

	fn from_preset(preset: &str) -> Chain {
		let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		merge(&mut config, serde_json::from_slice(&patch).unwrap());
		let mut ext = sp_io::TestExternalities::default();
		ext.execute_with(|| {
			frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
				serde_json::to_vec(&config).unwrap(),
			)
			.expect("the preset builds");
		});
		let keystore = Arc::new(MemoryKeystore::new());
		// By its raw seed: the keystore derives a key from its secret URI at every use, and
		// "//Alice" costs a PBKDF2 each time.
		let (_, seed) = sp_core::sr25519::Pair::from_string_with_seed("//Alice", None)
			.expect("Alice's well-known key");
		let seed = seed.expect("a hard derivation has a seed");
		let suri = format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&seed.as_ref()));
		keystore
			.sr25519_generate_new(sp_core::crypto::key_types::AURA, Some(&suri))
			.expect("Alice's Aura key");
		let genesis = ext.execute_with(|| frame_system::BlockHash::<Runtime>::get(0));
		let mut chain = Chain {
			ext,
			pool: Default::default(),
			parent: genesis,
			number: 0,
			now: 1_800_000_000_000,
			last_header: None,
			issued: Vec::new(),
			keystore,
			operators: vec![sp_keyring::Sr25519Keyring::Alice],
			liar: None,
		};
		chain.register_extensions();
		chain
	}

	/// The keystore, and an offchain database and transaction pool of its own.
	fn register_extensions(&mut self) {
		self.ext.register_extension(KeystoreExt(self.keystore.clone()));
		let (offchain, _) = TestOffchainExt::new();
		let (pool, pool_state) = TestTransactionPoolExt::new();
		self.ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
		self.ext.register_extension(OffchainDbExt::new(offchain));
		self.ext.register_extension(TransactionPoolExt::new(pool));
		self.pool = pool_state;
	}

	/// A copy of the chain as it is now, to build on independently of this one (the runtime
	/// fuzzer starts every input from a copy of one set-up chain).
	pub fn fork(&mut self) -> Chain {
		self.ext.commit_all().expect("the overlay commits");
		let mut ext = sp_io::TestExternalities::default();
		ext.backend = self.ext.as_backend();
		let mut chain = Chain {
			ext,
			pool: Default::default(),
			parent: self.parent,
			number: self.number,
			now: self.now,
			last_header: self.last_header.clone(),
			issued: Vec::new(),
			keystore: self.keystore.clone(),
			operators: self.operators.clone(),
			liar: self.liar,
		};
		chain.register_extensions();
		chain
	}

	/// Makes `operators` the session's validators, so the oracle's operators: each feeds every
	/// block of a crash and the oracle publishes the median. With `liar`, the last of them
	/// prints that percentage of the true price instead.
	pub fn with_oracle_operators(
		&mut self,
		operators: &[sp_keyring::Sr25519Keyring],
		liar: Option<i128>,
	) {
		let accounts: Vec<AccountId32> = operators.iter().map(|k| k.to_account_id()).collect();
		self.execute(|| set_validators(accounts));
		self.operators = operators.to_vec();
		self.liar = liar;
	}

	/// `who`'s session keys (Aura sr25519 and GRANDPA ed25519 from its well-known seed) and
	/// the proof that `who` owns them, as `author_rotateKeys` gives an operator.
	pub fn session_keys(
		&mut self,
		who: sp_keyring::Sr25519Keyring,
	) -> (ballast_runtime::SessionKeys, Vec<u8>) {
		let seed = who.to_seed();
		let aura = self
			.keystore
			.sr25519_generate_new(sp_core::crypto::key_types::AURA, Some(&seed))
			.expect("an Aura key");
		let grandpa = self
			.keystore
			.ed25519_generate_new(sp_core::crypto::key_types::GRANDPA, Some(&seed))
			.expect("a GRANDPA key");
		let mut keys = ballast_runtime::SessionKeys { aura: aura.into(), grandpa: grandpa.into() };
		let owner = who.to_account_id();
		let proof = self.execute(|| {
			keys.create_ownership_proof(owner.as_ref())
				.expect("keys in the keystore")
				.encode()
		});
		(keys, proof)
	}

	/// Builds the next block from `xts`; returns its header and events.
	pub fn next_block(&mut self, xts: Vec<UncheckedExtrinsic>) -> (Header, Vec<RuntimeEvent>) {
		let events = self.block(xts, block_events);
		(self.last_header.clone().expect("just built"), events)
	}

	/// The number of the last block built.
	pub fn number(&self) -> u32 {
		self.number
	}

	/// A signed oracle submission of BTC `spot` (60% volatility) and USDC 1.00 by `who`.
	pub fn oracle_feed(
		&mut self,
		who: sp_keyring::Sr25519Keyring,
		spot: i128,
	) -> UncheckedExtrinsic {
		self.signed(who, oracle_call(spot, 6))
	}

	/// Runs `f` on the chain's state.
	pub fn execute<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// Blocks 1 and 2: the oracle publishes BTC 60,000 at 60% volatility, the risk origin widens
	/// BTC's vault caps, Charlie provides `vault` USDC of vault capital, Dave `insurance`, Bob
	/// deposits 5,000,000 to bid with; then `f` (given the time) sets up the traders. Returns
	/// `f`'s result and the pool's books.
	pub fn setup<R>(
		&mut self,
		vault: u128,
		insurance: u128,
		f: impl FnOnce(u64) -> R,
	) -> (R, PoolBooks) {
		// The oracle's first values from every operator (a quorum), a block ahead: the circuit
		// breakers see them fresh.
		let feeds = self.feeds(60_000, 6);
		self.block(feeds, || ());
		let now = self.now + BLOCK_MS;
		let result = self.block(Vec::new(), move || {
			let root = ballast_runtime::RuntimeOrigin::root;
			let signed = |k: sp_keyring::Sr25519Keyring| {
				ballast_runtime::RuntimeOrigin::signed(k.to_account_id())
			};
			use sp_keyring::Sr25519Keyring::*;
			let params =
				genesis_config_presets::margin_params(100_000, 10_000_000_000, 60_000_000_000);
			assert_ok!(ballast_runtime::PortfolioMargin::set_underlying(
				root(),
				genesis_config_presets::underlyings::BTC,
				params
			));
			for (who, amount) in [(Charlie, vault), (Dave, insurance), (Bob, 5_000_000)] {
				assert_ok!(ballast_runtime::Assets::mint(
					signed(Alice),
					USDC.into(),
					who.to_account_id().into(),
					amount * 1_000_000
				));
			}
			assert_ok!(ballast_runtime::SharedCollateral::vault_deposit(
				signed(Charlie),
				vault * 1_000_000
			));
			assert_ok!(ballast_runtime::SharedCollateral::fund_insurance(
				signed(Dave),
				insurance * 1_000_000
			));
			let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(USDC);
			assert_ok!(ballast_runtime::SharedCollateral::open_subaccount(signed(Bob), 1));
			assert_ok!(ballast_runtime::SharedCollateral::deposit(
				signed(Bob),
				1,
				usdc,
				5_000_000_000_000
			));
			f(now)
		});
		let books = self.pool_books();
		(result, books)
	}

	/// The pool's USDC and its books.
	pub fn pool_books(&mut self) -> PoolBooks {
		self.execute(|| {
			let pool = pallet_shared_collateral::Pallet::<Runtime>::pool_account();
			let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(USDC);
			// Clearing holds the losses realized ahead of the matching profits (or owes the
			// profits paid ahead of the losses).
			let clearing = pallet_shared_collateral::Clearing::<Runtime>::get();
			let books = (pallet_shared_collateral::TotalDeposits::<Runtime>::get(usdc)
				+ pallet_shared_collateral::Vault::<Runtime>::get().balance
				+ pallet_shared_collateral::InsuranceFund::<Runtime>::get()
				+ pallet_shared_collateral::LeaseFund::<Runtime>::get()
				+ clearing.max(0).unsigned_abs())
			.saturating_sub(pallet_shared_collateral::TotalDebt::<Runtime>::get())
			.saturating_sub(clearing.min(0).unsigned_abs());
			PoolBooks { holdings: ballast_runtime::Assets::balance(USDC, &pool), books }
		})
	}

	/// The oracle publishes `prices` (BTC, one per block; volatility rising 10 points a step)
	/// and then holds the last; the keeper and a market maker act, until nothing is left to do
	/// or `max_blocks`.
	pub fn crash(&mut self, prices: &[i128], max_blocks: u32) -> Report {
		let mut report = Report::default();
		let mut keeper_txs: Vec<UncheckedExtrinsic> = Vec::new();
		let mut quiet = 0;
		for step in 0..max_blocks {
			let i = (step as usize).min(prices.len() - 1);
			let (spot, vol) = (prices[i], 7 + i as u128);
			// The operators stay the validators (a session change would hand the set back to
			// the development preset's Alice).
			let operators: Vec<AccountId32> =
				self.operators.iter().map(|k| k.to_account_id()).collect();
			self.execute(|| set_validators(operators));
			let mut xts = self.feeds(spot, vol);
			let feeds = xts.len();
			let keepers = keeper_txs.len() as u32;
			xts.append(&mut keeper_txs);
			xts.extend(self.bids());
			let (events, share) = self.produce(xts, feeds, &mut report.solvency);
			report.blocks += 1;
			report.keeper_txs += keepers;
			report.max_block_share = report.max_block_share.max(share);
			for e in &events {
				match e {
					RuntimeEvent::Liquidation(pallet_liquidation::Event::AuctionStarted {
						insolvent,
						..
					}) => {
						report.liquidations += 1;
						report.insolvent += u32::from(*insolvent);
					},
					RuntimeEvent::Liquidation(pallet_liquidation::Event::Bid { .. }) => {
						report.bids += 1
					},
					RuntimeEvent::Liquidation(pallet_liquidation::Event::TakenByVault {
						..
					}) => report.taken_by_vault += 1,
					RuntimeEvent::Liquidation(pallet_liquidation::Event::Deleveraged {
						..
					}) => report.deleveraged += 1,
					RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => {
						report.keeper_failures += 1
					},
					_ => {},
				}
			}
			report.payments += events.len() as u128;
			keeper_txs = self.offchain_workers();
			let idle = self.execute(|| {
				pallet_liquidation::Auctions::<Runtime>::count() == 0
					&& pallet_liquidation::QueueBounds::<Runtime>::get().0
						== pallet_liquidation::QueueBounds::<Runtime>::get().1
			});
			quiet = if idle && keeper_txs.is_empty() && step >= prices.len() as u32 {
				quiet + 1
			} else {
				0
			};
			if quiet >= 2 {
				break;
			}
		}
		report.totals = self.execute(pallet_liquidation::Accounting::<Runtime>::get);
		report
	}

	/// Every operator's feed of BTC at `spot` (the liar's at its share of it).
	fn feeds(&mut self, spot: i128, vol: u128) -> Vec<UncheckedExtrinsic> {
		let (operators, liar) = (self.operators.clone(), self.liar);
		let last = operators.len() - 1;
		operators
			.into_iter()
			.enumerate()
			.map(|(i, op)| {
				let printed = match liar {
					Some(percent) if i == last => spot * percent / 100,
					_ => spot,
				};
				self.signed(op, oracle_call(printed, vol))
			})
			.collect()
	}

	/// Bob bids for half of up to two lots whose discount reached 30%.
	fn bids(&mut self) -> Vec<UncheckedExtrinsic> {
		let lots: Vec<_> = self.execute(|| {
			pallet_liquidation::Auctions::<Runtime>::iter_keys()
				.filter(|who| {
					pallet_liquidation::Pallet::<Runtime>::auction(who.0.clone(), who.1)
						.is_some_and(|(_, d)| d >= Fixed18(3 * E18 as i128 / 10))
				})
				.take(2)
				.collect()
		});
		lots.into_iter()
			.map(|(who, sub)| {
				let call = RuntimeCall::Liquidation(pallet_liquidation::Call::bid {
					who,
					sub,
					bidder_sub: 1,
					share: Fixed18(E18 as i128 / 2),
					min_discount: Fixed18::ZERO,
				});
				self.signed(sp_keyring::Sr25519Keyring::Bob, call)
			})
			.collect()
	}

	/// A signed extrinsic from a development account at its next nonce.
	pub fn signed(
		&mut self,
		who: sp_keyring::Sr25519Keyring,
		call: RuntimeCall,
	) -> UncheckedExtrinsic {
		let account = who.to_account_id();
		let pending = self.pending_nonces(&account);
		let xt = self.execute(|| {
			let nonce = frame_system::Pallet::<Runtime>::account_nonce(&account);
			sign(who, call, nonce + pending)
		});
		self.issued.push(account);
		xt
	}

	fn pending_nonces(&self, account: &AccountId32) -> u32 {
		self.issued.iter().filter(|a| *a == account).count() as u32
	}

	/// Builds the next block from `xts` (the first `feeds` of them the oracle's), checking
	/// liquidation's solvency rules around each phase: returns its events and the share of its
	/// weight limit it used (checked against the limit).
	fn produce(
		&mut self,
		xts: Vec<UncheckedExtrinsic>,
		feeds: usize,
		solvency: &mut crate::solvency::Solvency,
	) -> (Vec<RuntimeEvent>, f64) {
		let number = self.number + 1;
		let session = self.execute(pallet_session::CurrentIndex::<Runtime>::get);
		self.block_checked(xts, Some((feeds, solvency)), || {
			let limits = RuntimeBlockWeights::get();
			let mut total = frame_system::BlockWeight::<Runtime>::get().total();
			// FRAME declares a session change a full block (pallet-session's `on_initialize`
			// weighs `max_block`); what else the block holds is checked against the limit.
			if pallet_session::CurrentIndex::<Runtime>::get() != session {
				total = total.saturating_sub(limits.max_block);
			}
			assert!(
				total.all_lte(limits.max_block),
				"block {number} weighs {total:?}, over its limit {:?}",
				limits.max_block
			);
			let share = total.ref_time() as f64 / limits.max_block.ref_time() as f64;
			(block_events(), share)
		})
	}

	/// Runs the offchain workers on the last block; returns the transactions they submitted.
	pub fn offchain_workers(&mut self) -> Vec<UncheckedExtrinsic> {
		let header = self.last_header.clone().expect("a block was built");
		self.ext.execute_with(|| {
			frame_support::storage::with_transaction(|| {
				Executive::offchain_worker(&header);
				sp_runtime::TransactionOutcome::Rollback(Ok::<_, sp_runtime::DispatchError>(()))
			})
			.expect("rolled back");
		});
		std::mem::take(&mut self.pool.write().transactions)
			.into_iter()
			.map(|tx| UncheckedExtrinsic::decode(&mut &tx[..]).expect("an extrinsic"))
			.collect()
	}

	/// Builds the next block: the timestamp inherent, `xts` (a transaction the pool would drop
	/// — a stale keeper action, a used nonce — is left out), then `f` before finalizing.
	fn block<R>(&mut self, xts: Vec<UncheckedExtrinsic>, f: impl FnOnce() -> R) -> R {
		self.block_checked(xts, None, f)
	}

	/// [`Self::block`], and with `check` (the number of oracle feeds first among `xts`, and the
	/// solvency record), the solvency check of `on_initialize` and of the transactions after
	/// the feeds.
	fn block_checked<R>(
		&mut self,
		xts: Vec<UncheckedExtrinsic>,
		mut check: Option<(usize, &mut crate::solvency::Solvency)>,
		f: impl FnOnce() -> R,
	) -> R {
		use crate::solvency::in_auction;
		self.build_block(1, |block| {
			let number = block.number();
			let before = check.is_some().then(in_auction);
			block.initialize();
			if let (Some((_, solvency)), Some(before)) = (check.as_mut(), &before) {
				solvency.check(before, &events_where(|p| *p == Phase::Initialization));
			}
			block.set_timestamp();
			let feeds = check.as_ref().map_or(0, |(feeds, _)| *feeds);
			let mut xts = xts.into_iter();
			for xt in xts.by_ref().take(feeds) {
				use sp_runtime::transaction_validity::{
					InvalidTransaction::ExhaustsResources, TransactionValidityError::Invalid,
				};
				match Executive::apply_extrinsic(xt) {
					Ok(Ok(())) => {},
					// A session change fills its block: the pool keeps the feed for the next.
					Err(Invalid(ExhaustsResources)) => {
						if let Some((_, solvency)) = check.as_mut() {
							solvency.feeds_left_out += 1;
						}
					},
					fed => panic!("an operator's oracle feed failed in block {number}: {fed:?}"),
				}
			}
			let before = check.is_some().then(in_auction);
			for xt in xts {
				let _ = Executive::apply_extrinsic(xt);
			}
			if let (Some((_, solvency)), Some(before)) = (check.as_mut(), &before) {
				// Extrinsic 0 is the timestamp, then the feeds.
				let after_feeds = feeds as u32 + 1;
				let events =
					events_where(|p| matches!(p, Phase::ApplyExtrinsic(i) if *i >= after_feeds));
				solvency.check(before, &events);
			}
			f()
		})
	}

	/// Builds the next block `slots` slots (of 6 s) after the last: `body` runs inside the
	/// chain's state with the new block (it initializes it, sets its timestamp and applies
	/// what it likes between), then the block is finalized.
	pub fn build_block<R>(&mut self, slots: u64, body: impl FnOnce(&NewBlock) -> R) -> R {
		let due = self.now + slots.max(1) * BLOCK_MS;
		// A disabled validator's slots stay empty (its node does not author, and Aura refuses a
		// block from it): the block comes in the next slot whose author is enabled.
		self.now = self.ext.execute_with(|| {
			use frame_support::traits::DisabledValidators;
			let authorities = pallet_session::Validators::<Runtime>::get().len() as u64;
			let mut slot = due / BLOCK_MS;
			for _ in 0..authorities {
				let author = (slot % authorities.max(1)) as u32;
				if !<pallet_session::Pallet<Runtime> as DisabledValidators>::is_disabled(author) {
					break;
				}
				slot += 1;
			}
			slot * BLOCK_MS
		});
		self.number += 1;
		let (number, now, parent) = (self.number, self.now, self.parent);
		let (header, result) = self.ext.execute_with(|| {
			let slot = sp_consensus_aura::Slot::from(now / BLOCK_MS);
			let digest = Digest {
				logs: vec![DigestItem::PreRuntime(
					sp_consensus_aura::AURA_ENGINE_ID,
					slot.encode(),
				)],
			};
			let header =
				Header::new(number, Default::default(), Default::default(), parent, digest);
			let result = body(&NewBlock { header, now });
			(Executive::finalize_block(), result)
		});
		self.parent = header.hash();
		self.issued.clear();
		self.last_header = Some(header);
		result
	}
}

/// A block being built by [`Chain::build_block`].
pub struct NewBlock {
	header: Header,
	now: u64,
}

impl NewBlock {
	/// Its number.
	pub fn number(&self) -> u32 {
		self.header.number
	}

	/// Its time (ms).
	pub fn now(&self) -> u64 {
		self.now
	}

	/// `Executive::initialize_block`: the hooks' `on_initialize`.
	pub fn initialize(&self) {
		Executive::initialize_block(&self.header);
	}

	/// The timestamp inherent.
	pub fn set_timestamp(&self) {
		let timestamp = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: self.now });
		assert_ok!(Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(timestamp)).unwrap());
	}
}

/// `call` signed by `who` at `nonce`, as a wallet signs it (immortal, no tip). Runs inside
/// the chain's state (the payload commits to its genesis hash).
pub fn sign(who: sp_keyring::Sr25519Keyring, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("a valid payload");
	let signature = payload.using_encoded(|p| who.pair().sign(p));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who.to_account_id()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// The events of the block being built in the phases `phase` selects.
pub fn events_where(phase: impl Fn(&Phase) -> bool) -> Vec<RuntimeEvent> {
	frame_system::Pallet::<Runtime>::read_events_no_consensus()
		.filter(|r| phase(&r.phase))
		.map(|r| r.event.clone())
		.collect()
}

/// The events of the block being built.
pub fn block_events() -> Vec<RuntimeEvent> {
	frame_system::Pallet::<Runtime>::read_events_no_consensus()
		.map(|r| r.event.clone())
		.collect()
}

fn feeds(spot: i128, vol_tenths: u128) -> Vec<(FeedKey, u128)> {
	let btc = genesis_config_presets::underlyings::BTC;
	let usdc = genesis_config_presets::underlyings::USDC;
	vec![
		(FeedKey { underlying: btc, kind: FeedKind::Spot }, spot as u128 * E18),
		(FeedKey { underlying: btc, kind: FeedKind::ImpliedVol }, vol_tenths * E18 / 10),
		(FeedKey { underlying: usdc, kind: FeedKind::Spot }, E18),
	]
}

/// Makes `validators` the session's validators (and so its oracle operators), as a session
/// change would.
pub fn set_validators(validators: Vec<AccountId32>) {
	let members = frame_support::BoundedVec::truncate_from(validators.clone());
	pallet_restaking::SessionMembers::<Runtime>::put(members);
	pallet_session::Validators::<Runtime>::put(validators);
}

fn oracle_call(spot: i128, vol_tenths: u128) -> RuntimeCall {
	RuntimeCall::Restaking(pallet_restaking::Call::feed_values {
		values: feeds(spot, vol_tenths).try_into().unwrap(),
	})
}
