//! The chain a fuzz input runs on: the `local_testnet` preset (Alice, Bob, Charlie and Dave
//! validate and feed the oracle) after a set-up every input starts from, the market the
//! oracle's feeders see, the relay that attests, and the keeper.

use crate::fuzz::{
	checks::Checks,
	input::{OrderSpec, Step, MAX_BLOCKS},
};
use crate::{
	chain::{Chain, NewBlock, E18},
	relay::RelaySimulator,
};
use ballast_primitives::{
	black_scholes::OptionKind, fixed::Fixed18, margin::InstrumentKind, FeedKey, FeedKind,
};
use ballast_runtime::{
	genesis_config_presets::{margin_params, underlyings},
	Executive, Runtime, RuntimeCall, RuntimeOrigin, UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{fungible::NativeOrWithId, Get},
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{traits::Dispatchable, AccountId32, TransactionOutcome};
use std::{cell::RefCell, collections::BTreeMap};

/// The accounts that sign: the four validators (Alice is also sudo, the assets' issuer and the
/// keeper), then four traders (the last two are Alice's and Bob's stash accounts, endowed at genesis).
pub const ACCOUNTS: [Sr25519Keyring; 8] =
	[Alice, Bob, Charlie, Dave, Eve, Ferdie, AliceStash, BobStash];
/// The accounts' ids and key pairs, derived once (each keyring derivation runs PBKDF2).
struct Keys {
	ids: Vec<AccountId32>,
	pairs: Vec<sp_core::sr25519::Pair>,
}

fn keys() -> &'static Keys {
	static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
	KEYS.get_or_init(|| Keys {
		ids: ACCOUNTS.iter().map(|k| k.to_account_id()).collect(),
		pairs: ACCOUNTS.iter().map(|k| k.pair()).collect(),
	})
}

/// The id of account `i` of [`ACCOUNTS`].
pub fn id(i: usize) -> &'static AccountId32 {
	&keys().ids[i % ACCOUNTS.len()]
}

/// The `who` of a [`Step::Call`] dispatched as Root.
pub const ROOT: u8 = 255;

/// The feeds the validators print, and the market's value of each at the start (18 decimals).
pub const FEEDS: [(u32, FeedKind, u128); 6] = [
	(underlyings::BTC, FeedKind::Spot, 60_000 * E18),
	(underlyings::BTC, FeedKind::ImpliedVol, 6 * E18 / 10),
	(underlyings::ETH, FeedKind::Spot, 3_000 * E18),
	(underlyings::ETH, FeedKind::ImpliedVol, 7 * E18 / 10),
	(underlyings::BLST, FeedKind::Spot, 2 * E18),
	(underlyings::USDC, FeedKind::Spot, E18),
];

const USDC: u32 = 1;
const WETH: u32 = 2;
const MILLION: u128 = 1_000_000;

thread_local! {
	/// The set-up chain every input starts from, built once per process.
	static TEMPLATE: RefCell<Option<Chain>> = const { RefCell::new(None) };
}

/// A chain, what the market does and who runs it.
pub struct World {
	chain: Chain,
	market: [u128; FEEDS.len()],
	/// Validators that misprint, and by how much (per mille).
	lies: BTreeMap<AccountId32, i16>,
	/// What each validator last printed.
	printed: Printed,
	/// What the keeper submitted on the last block, for the next.
	keeper: Vec<UncheckedExtrinsic>,
	relay: RelaySimulator,
	/// The invariants' state and what they saw.
	pub checks: Checks,
}

impl World {
	/// A copy of the set-up chain (built on the first call).
	pub fn new() -> World {
		let chain = TEMPLATE.with(|t| {
			let mut t = t.borrow_mut();
			t.get_or_insert_with(set_up).fork()
		});
		let operators: Vec<(AccountId32, u128)> = [Alice, Bob, Charlie, Dave]
			.iter()
			.map(|k| (k.to_account_id(), ballast_runtime::genesis_config_presets::GENESIS_STAKE))
			.collect();
		World {
			chain,
			market: FEEDS.map(|(_, _, v)| v),
			lies: BTreeMap::new(),
			printed: Printed::new(),
			keeper: Vec::new(),
			relay: RelaySimulator::development(&operators),
			checks: Checks::default(),
		}
	}

	/// Runs `steps`: one block per [`Step::NextBlock`] (the first block needs none), at most
	/// [`MAX_BLOCKS`], checking the invariants after each.
	pub fn run(&mut self, steps: &[Step]) -> Result<(), String> {
		let mut block = (1u16, u8::MAX, Vec::new());
		let mut blocks = 0;
		for step in steps {
			if let Step::NextBlock { slots, feeders } = step {
				let done = std::mem::replace(&mut block, (*slots, *feeders, Vec::new()));
				self.block(done.0, done.1, &done.2)?;
				blocks += 1;
				if blocks == MAX_BLOCKS {
					return Ok(());
				}
			} else {
				block.2.push(step.clone());
			}
		}
		self.block(block.0, block.1, &block.2)
	}

	/// One block, `slots` after the last, fed by `feeders`, with `steps` in it (none of them a
	/// [`Step::NextBlock`]); the invariants are checked after it.
	pub fn block(&mut self, slots: u16, feeders: u8, steps: &[Step]) -> Result<(), String> {
		let World { chain, market, lies, printed, keeper, relay, checks } = self;
		let end_session = std::mem::take(&mut checks.end_session);
		let keeper_txs = std::mem::take(keeper);
		let mut run_keeper = false;
		chain.build_block(u64::from(slots), |block| -> Result<(), String> {
			let session = pallet_session::CurrentIndex::<Runtime>::get();
			block.initialize();
			if end_session {
				pallet_session::Pallet::<Runtime>::rotate_session();
			}
			block.set_timestamp();
			let session_changed = pallet_session::CurrentIndex::<Runtime>::get() != session;
			checks.after_initialize()?;
			feed(block, market, lies, printed, feeders, checks)?;
			for xt in keeper_txs {
				checks.stats.keeper_txs += 1;
				let _ = Executive::apply_extrinsic(xt);
			}
			for step in steps {
				match step {
					Step::NextBlock { .. } => unreachable!("blocks are split at NextBlock"),
					Step::Move { feed, permille } => {
						let i = usize::from(*feed) % FEEDS.len();
						market[i] = moved(market[i], *permille);
					},
					Step::Lie { operator, permille } => {
						let members = pallet_restaking::SessionMembers::<Runtime>::get();
						if let Some(who) =
							members.get(usize::from(*operator) % members.len().max(1))
						{
							lies.insert(who.clone(), *permille);
						}
					},
					Step::Call { who, call } => call_step(*who, call.clone(), checks)?,
					Step::Match { relayer, first, second, fill } => {
						let call = match_call(block, first, second, *fill);
						submit(account(*relayer), call, checks)?;
					},
					Step::Attest { lag_ms, messages } => {
						let messages: Vec<_> = messages
							.iter()
							.filter(|m| {
								!matches!(
									m,
									pallet_restaking::RelayMessage::AuthoritySetRotated { .. }
								)
							})
							.take(max_messages())
							.cloned()
							.collect();
						let at = block.now().saturating_sub(u64::from(*lag_ms));
						let call = relay.attest(at, messages);
						submit(4, call, checks)?;
					},
					Step::Keeper => run_keeper = true,
					Step::EndSession => checks.end_session = true,
					Step::View { function, input } => crate::fuzz::checks::view(*function, input),
				}
			}
			checks.block_weight(session_changed)
		})?;
		let result = chain.execute(|| checks.after_block());
		if run_keeper {
			*keeper = chain.offchain_workers();
		}
		result
	}

	/// Runs `f` on the chain's state (between blocks).
	pub fn execute<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.chain.execute(f)
	}

	/// What the checks saw.
	pub fn stats(&self) -> &crate::fuzz::checks::Stats {
		&self.checks.stats
	}
}

impl Default for World {
	fn default() -> Self {
		Self::new()
	}
}

/// The index in [`ACCOUNTS`] that `who` picks.
pub fn account(who: u8) -> usize {
	usize::from(who) % ACCOUNTS.len()
}

/// `value` moved by `permille` per mille; −1000 or below leaves a millionth of it.
fn moved(value: u128, permille: i16) -> u128 {
	let next = if permille <= -1000 {
		value / MILLION
	} else {
		value.saturating_mul((1000 + i128::from(permille)) as u128) / 1000
	};
	next.max(1)
}

/// How often a feeder sends every value even if none moved (ms): well within the oracle's
/// expiry (10 min) and the price age margin accepts (5 min).
const HEARTBEAT_MS: u64 = 60_000;

/// What each validator last printed, and when: a feeder sends what moved, and everything
/// once a [`HEARTBEAT_MS`] (as the operators' feeder daemon does).
pub type Printed = BTreeMap<AccountId32, ([u128; FEEDS.len()], u64)>;

/// The validators in `feeders` feed what they see of the market.
fn feed(
	block: &NewBlock,
	market: &[u128; FEEDS.len()],
	lies: &BTreeMap<AccountId32, i16>,
	printed: &mut Printed,
	feeders: u8,
	checks: &mut Checks,
) -> Result<(), String> {
	let members = pallet_restaking::SessionMembers::<Runtime>::get();
	for (i, who) in members.iter().enumerate().take(8) {
		if feeders & (1 << i) == 0 {
			continue;
		}
		let Some(key) = keys().ids.iter().position(|k| k == who) else { continue };
		let lie = lies.get(who).copied().unwrap_or(0);
		let sees = market.map(|v| moved(v, lie));
		let last = printed.get(who);
		let heartbeat = last.is_none_or(|(_, at)| block.now() >= at + HEARTBEAT_MS);
		let values: Vec<_> = FEEDS
			.iter()
			.enumerate()
			.filter(|(f, _)| heartbeat || last.is_some_and(|(p, _)| p[*f] != sees[*f]))
			.map(|(f, (underlying, kind, _))| {
				(FeedKey { underlying: *underlying, kind: *kind }, sees[f])
			})
			.collect();
		if values.is_empty() {
			continue;
		}
		let at = if heartbeat { block.now() } else { last.map_or(block.now(), |(_, at)| *at) };
		printed.insert(who.clone(), (sees, at));
		let call = RuntimeCall::Restaking(pallet_restaking::Call::feed_values {
			values: values.try_into().expect("six feeds fit"),
		});
		submit(key, call, checks)?;
	}
	Ok(())
}

/// A [`Step::Call`]: signed, or Root for Ballast's pallets.
fn call_step(who: u8, call: RuntimeCall, checks: &mut Checks) -> Result<(), String> {
	if who == ROOT {
		if !ballast_pallet(&call) {
			return Ok(());
		}
		return dispatch(RuntimeOrigin::root(), None, call, checks);
	}
	if !signed_allowed(&call) {
		return Ok(());
	}
	submit(account(who), call, checks)
}

/// Calls of Ballast's own pallets (the only ones the fuzzer gives Root).
fn ballast_pallet(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::SharedCollateral(_)
			| RuntimeCall::PortfolioMargin(_)
			| RuntimeCall::Liquidation(_)
			| RuntimeCall::Restaking(_)
			| RuntimeCall::RiskTimelock(_)
	)
}

/// Signed calls the fuzzer makes: Ballast's pallets, the council, balances, session keys and
/// the asset calls any holder has. Left out: the assets' admin calls (Alice, the development
/// issuer, could burn or freeze the pool's tokens — a trust assumption of development chains,
/// not a rule of Ballast's), sudo (only through [`ROOT`]) and nested dispatch (utility).
fn signed_allowed(call: &RuntimeCall) -> bool {
	use pallet_assets::Call as A;
	match call {
		RuntimeCall::Assets(c) => matches!(
			c,
			A::transfer { .. }
				| A::transfer_keep_alive { .. }
				| A::transfer_all { .. }
				| A::mint { .. }
				| A::approve_transfer { .. }
				| A::cancel_approval { .. }
				| A::transfer_approved { .. }
				| A::touch { .. }
				| A::refund { .. }
		),
		RuntimeCall::Balances(_) | RuntimeCall::RiskCouncil(_) | RuntimeCall::Session(_) => true,
		other => ballast_pallet(other),
	}
}

/// `call` signed by `who`, with the checks around it.
fn submit(who: usize, call: RuntimeCall, checks: &mut Checks) -> Result<(), String> {
	let account = id(who).clone();
	dispatch(RuntimeOrigin::signed(account.clone()), Some(account), call, checks)
}

/// Dispatches `call` as a block author includes a transaction, without its signature, nonce
/// and fee (which are FRAME's, not Ballast's, and would cost the fuzzer most of its time):
/// it is left out if its declared weight does not fit the block (`CheckWeight`'s rule), its
/// actual weight must be at most the declared one and is what the block is charged, and a
/// vault call by `caller` must leave the other providers' shares worth no less.
fn dispatch(
	origin: RuntimeOrigin,
	caller: Option<AccountId32>,
	call: RuntimeCall,
	checks: &mut Checks,
) -> Result<(), String> {
	type CheckWeight = frame_system::CheckWeight<Runtime>;
	let info = call.get_dispatch_info();
	// The call and a signed extrinsic's envelope (address, signature, extensions).
	let len = call.encoded_size() + 110;
	let Ok((_, next_len)) = CheckWeight::do_validate(&info, len) else {
		checks.stats.left_out += 1;
		return Ok(());
	};
	if CheckWeight::do_prepare(&info, len, next_len).is_err() {
		checks.stats.left_out += 1;
		return Ok(());
	}
	let vault_call = matches!(
		call,
		RuntimeCall::SharedCollateral(
			pallet_shared_collateral::Call::vault_deposit { .. }
				| pallet_shared_collateral::Call::vault_request_withdrawal { .. }
				| pallet_shared_collateral::Call::vault_cancel_withdrawal { .. }
				| pallet_shared_collateral::Call::vault_withdraw { .. }
		)
	);
	let lp_check = caller.filter(|_| vault_call);
	let before = lp_check.as_ref().map(crate::fuzz::checks::lp_values);
	let name = crate::fuzz::checks::name(&call);
	let result = call.dispatch(origin);
	checks.stats.calls += 1;
	let post = match result {
		Ok(post) => {
			checks.stats.calls_ok += 1;
			post
		},
		Err(e) => e.post_info,
	};
	if let Some(actual) = post.actual_weight {
		if !actual.all_lte(info.call_weight) {
			return Err(format!(
				"{name} reported {actual:?}, above the {:?} it declared",
				info.call_weight
			));
		}
	}
	frame_system::Pallet::<Runtime>::reclaim_weight(&info, &post)
		.map_err(|e| format!("reclaiming the weight of {name}: {e:?}"))?;
	if let (Some(caller), Some(before)) = (lp_check, before) {
		checks.lp_fair(&before, &crate::fuzz::checks::lp_values(&caller))?;
	}
	Ok(())
}

/// The `match_orders` call of two orders, each signed by its owner.
fn match_call(
	block: &NewBlock,
	first: &OrderSpec,
	second: &OrderSpec,
	fill: Fixed18,
) -> RuntimeCall {
	let signed = |spec: &OrderSpec| {
		let owner = account(spec.owner);
		use sp_core::Pair;
		let placed_at = block.now().saturating_sub(u64::from(spec.placed_ago_ms));
		let order = pallet_portfolio_margin::Order {
			owner: id(owner).clone(),
			sub: spec.sub,
			instrument: spec.instrument,
			size: spec.size,
			price: spec.price,
			expiry: placed_at.saturating_add(u64::from(spec.lifetime_ms)),
			placed_at,
			nonce: spec.nonce,
		};
		let payload = pallet_portfolio_margin::Pallet::<Runtime>::order_payload(&order);
		let signature = sp_runtime::MultiSignature::Sr25519(keys().pairs[owner].sign(&payload));
		pallet_portfolio_margin::SignedOrder { order, signature }
	};
	RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::match_orders {
		first: signed(first),
		second: signed(second),
		fill,
	})
}

/// The chain every input starts from: every validator has fed the market; the risk origin
/// has widened the vault's caps and listed a BTC call, a BTC put and a BTC future (a week
/// out); Eve and Ferdie provide 500,000 USDC each of vault capital, Dave 500,000 to the insurance
/// fund; each trader (Eve, Ferdie, Alice's and Bob's stashes) holds 250,000 USDC and 10 WETH in subaccount 1.
fn set_up() -> Chain {
	let mut chain = Chain::local();
	let market = FEEDS.map(|(_, _, v)| v);
	let mut checks = Checks::default();
	chain.build_block(1, |block| {
		block.initialize();
		block.set_timestamp();
		feed(block, &market, &BTreeMap::new(), &mut Printed::new(), u8::MAX, &mut checks)
			.expect("the feeds apply");
	});
	chain.build_block(1, |block| {
		block.initialize();
		block.set_timestamp();
		let ok = |r: Result<(), sp_runtime::DispatchError>| r.expect("the set-up applies");
		let root = RuntimeOrigin::root;
		let signed = |k: Sr25519Keyring| RuntimeOrigin::signed(k.to_account_id());
		type Margin = pallet_portfolio_margin::Pallet<Runtime>;
		type Collateral = pallet_shared_collateral::Pallet<Runtime>;
		for (underlying, oi) in [(underlyings::BTC, 100_000), (underlyings::ETH, 2_000_000)] {
			let params = margin_params(oi, 10_000_000_000, 60_000_000_000);
			ok(Margin::set_underlying(root(), underlying, params));
		}
		let week = block.now() + 7 * 24 * 3_600_000;
		let strike = Fixed18(60_000 * E18 as i128);
		for kind in [
			InstrumentKind::Option { kind: OptionKind::Call, strike, expiry: week },
			InstrumentKind::Option { kind: OptionKind::Put, strike, expiry: week },
			InstrumentKind::Future { expiry: week },
		] {
			ok(Margin::list_instrument(root(), underlyings::BTC, kind));
		}
		let usdc = |n: u128| n * MILLION;
		for lp in [Eve, Ferdie] {
			ok(Collateral::vault_deposit(signed(lp), usdc(1_000_000) / 2));
		}
		ok(Collateral::fund_insurance(signed(Dave), usdc(500_000)));
		for trader in [Eve, Ferdie, AliceStash, BobStash] {
			ok(Collateral::open_subaccount(signed(trader), 1));
			ok(Collateral::deposit(signed(trader), 1, NativeOrWithId::WithId(USDC), usdc(250_000)));
			ok(Collateral::deposit(signed(trader), 1, NativeOrWithId::WithId(WETH), 10 * E18));
		}
	});
	chain
}

/// Runs `f` in a storage transaction that is rolled back.
pub fn dry_run<R>(f: impl FnOnce() -> R) -> R {
	let mut out = None;
	let _ = frame_support::storage::with_transaction(|| {
		out = Some(f());
		TransactionOutcome::Rollback(Ok::<(), sp_runtime::DispatchError>(()))
	});
	out.expect("ran")
}

/// The most messages one attestation may carry.
fn max_messages() -> usize {
	<<Runtime as pallet_restaking::Config>::MaxMessages as Get<u32>>::get() as usize
}
