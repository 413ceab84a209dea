//! What must hold after every block and around every call, whatever the input did. Each
//! check returns what broke, with the numbers; the fuzz target panics with it.

use crate::fuzz::world::{dry_run, ACCOUNTS, FEEDS};
use ballast_primitives::{
	risk::AccountRisk,
	traits::{CollateralLedger, MarginEngine, PriceFeed},
	FeedKey,
};
use ballast_runtime::{
	configs::{
		collateral::{MaxPriceAge, OraclePriceFeed},
		RuntimeBlockWeights,
	},
	PortfolioMargin, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, SharedCollateral,
};
use sp_runtime::{AccountId32, Perbill};
use std::{
	collections::{BTreeMap, BTreeSet},
	fmt,
};

/// How many blocks with fresh prices an auction may run beyond its decay before it must have
/// ended, and a queued start may wait before its auction starts.
const PROGRESS_SLACK: u32 = 64;

use crate::solvency::{Sub, QUOTE_UNIT};

/// The invariants' memory between blocks, and what they saw.
#[derive(Default)]
pub struct Checks {
	/// A [`crate::fuzz::input::Step::EndSession`] asked for the session to end next block.
	pub end_session: bool,
	/// PnL realizations so far (each rounds by less than a quote unit, in the pool's favour).
	realizations: i128,
	/// What the vault could not pay clearing (18 decimals).
	shortfall: i128,
	/// Blocks with fresh prices each auction (`true`) and queued start (`false`) has lasted.
	waiting: BTreeMap<(Sub, bool), u32>,
	/// What was checked.
	pub stats: Stats,
}

/// What the checks saw over a run.
#[derive(Clone, Debug, Default)]
pub struct Stats {
	/// Blocks built.
	pub blocks: u32,
	/// Calls dispatched (oracle feeds, calls, orders, attestations).
	pub calls: u32,
	/// Calls left out of a full block.
	pub left_out: u32,
	/// Of those, the ones that succeeded.
	pub calls_ok: u32,
	/// Keeper transactions included.
	pub keeper_txs: u32,
	/// Blocks whose zero-sum check ran (all positions valued).
	pub zero_sum_checked: u32,
	/// Unhealthy subaccounts found liquidatable.
	pub liquidatable: u32,
	/// Auctions started.
	pub auctions: u32,
	/// Vault deposits and withdrawals checked for fairness to the other providers.
	pub lp_checked: u32,
	/// Session changes.
	pub sessions: u32,
}

impl fmt::Display for Stats {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		write!(
			f,
			"{} blocks, {} calls ({} succeeded, {} left out of full blocks), {} keeper transactions, {} auctions, {} \
			 sessions; zero-sum checked in {} blocks, {} unhealthy subaccounts shown \
			 liquidatable, {} vault calls checked fair",
			self.blocks,
			self.calls,
			self.calls_ok,
			self.left_out,
			self.keeper_txs,
			self.auctions,
			self.sessions,
			self.zero_sum_checked,
			self.liquidatable,
			self.lp_checked
		)
	}
}

macro_rules! ensure {
	($cond:expr, $($fmt:tt)+) => {
		if !$cond {
			return Err(format!($($fmt)+));
		}
	};
}

impl Checks {
	/// After `on_initialize` (and a session change): a newly chosen active set holds only
	/// opted-in operators with at least the minimum stake.
	pub fn after_initialize(&mut self) -> Result<(), String> {
		let chosen = events().iter().any(|e| {
			matches!(e, RuntimeEvent::Restaking(pallet_restaking::Event::ActiveSetChosen { .. }))
		});
		if !chosen {
			return Ok(());
		}
		self.stats.sessions += 1;
		let min = pallet_restaking::Params::<Runtime>::get().map_or(0, |p| p.min_stake);
		for who in pallet_restaking::ActiveSet::<Runtime>::get() {
			let o = pallet_restaking::Operators::<Runtime>::get(&who)
				.ok_or_else(|| format!("active validator {who} is no operator"))?;
			ensure!(o.opted_in, "active validator {who} has not opted in");
			ensure!(o.stake >= min, "active validator {who} has {} staked, below {min}", o.stake);
		}
		Ok(())
	}

	/// The block's weight, before `on_finalize`, is within its limit (a session change is
	/// declared a full block by pallet-session and is left out of the sum).
	pub fn block_weight(&mut self, session_changed: bool) -> Result<(), String> {
		let limits = RuntimeBlockWeights::get();
		let mut total = frame_system::BlockWeight::<Runtime>::get().total();
		if session_changed {
			total = total.saturating_sub(limits.max_block);
		}
		ensure!(
			total.all_lte(limits.max_block),
			"block weighs {total:?}, over {:?}",
			limits.max_block
		);
		Ok(())
	}

	/// A vault deposit or withdrawal did not lower what any other provider's shares redeem.
	pub fn lp_fair(
		&mut self,
		before: &BTreeMap<AccountId32, u128>,
		after: &BTreeMap<AccountId32, u128>,
	) -> Result<(), String> {
		self.stats.lp_checked += 1;
		for (who, was) in before {
			if let Some(now) = after.get(who) {
				ensure!(now >= was, "a vault call lowered {who}'s shares from {was} to {now}");
			}
		}
		Ok(())
	}

	/// Everything that must hold between blocks.
	pub fn after_block(&mut self) -> Result<(), String> {
		self.stats.blocks += 1;
		self.read_events();
		try_states()?;
		// One valuation of every subaccount with positions, for the checks that need it.
		let risks: Vec<(Sub, Option<AccountRisk>)> =
			pallet_portfolio_margin::Positions::<Runtime>::iter_keys().map(valued).collect();
		self.zero_sum(&risks)?;
		positions_held_where_accepted(&risks)?;
		self.liquidatable(&risks)?;
		// Debtors without positions: a debt nothing backs must be coverable.
		let holders: BTreeSet<&Sub> = risks.iter().map(|(who, _)| who).collect();
		let debtors: Vec<(Sub, Option<AccountRisk>)> =
			pallet_shared_collateral::Debts::<Runtime>::iter_keys()
				.filter(|who| !holders.contains(who))
				.map(valued)
				.collect();
		self.liquidatable(&debtors)?;
		self.progress()?;
		slashes_bounded()
	}

	fn read_events(&mut self) {
		use pallet_liquidation::Event as L;
		use pallet_portfolio_margin::Event as M;
		for e in events() {
			match e {
				RuntimeEvent::PortfolioMargin(M::Realized { .. }) => self.realizations += 1,
				RuntimeEvent::PortfolioMargin(M::VaultShortfall { amount }) => {
					self.shortfall = self.shortfall.saturating_add(amount.0)
				},
				RuntimeEvent::Liquidation(L::AuctionStarted { .. }) => self.stats.auctions += 1,
				_ => {},
			}
		}
	}

	/// Trading is zero-sum: clearing holds what closing every position at mark would pay out
	/// (Σ unrealized PnL with accrued funding, the vault's included), plus what the vault
	/// could not pay it, to within a quote unit per realization (the ledger moves whole
	/// units: an account's loss rounds up into clearing, and so does what clearing pays out)
	/// and two wei per position. Checked when every position can be valued.
	fn zero_sum(&mut self, risks: &[(Sub, Option<AccountRisk>)]) -> Result<(), String> {
		let mut unrealized: i128 = 0;
		let mut positions: i128 = 0;
		for (_, risk) in risks {
			let Some(risk) = risk else { return Ok(()) };
			unrealized = unrealized.saturating_add(risk.unrealized_pnl);
			positions += i128::from(risk.positions);
		}
		if pallet_portfolio_margin::VaultPositions::<Runtime>::exists() {
			let Some(vault) = SharedCollateral::vault_status().unrealized_pnl else {
				return Ok(());
			};
			unrealized = unrealized.saturating_add(vault);
			positions += pallet_portfolio_margin::VaultPositions::<Runtime>::get().len() as i128;
		}
		self.stats.zero_sum_checked += 1;
		let clearing =
			pallet_shared_collateral::Clearing::<Runtime>::get().saturating_mul(QUOTE_UNIT);
		let gap = clearing.saturating_add(self.shortfall).saturating_sub(unrealized);
		let rounding = self.realizations.saturating_mul(QUOTE_UNIT);
		ensure!(
			gap.abs() <= rounding + 2 * positions,
			"trading is not zero-sum: clearing {clearing} + vault shortfall {} − Σ unrealized \
			 {unrealized} = {gap}, beyond ±{} ({} realizations, {positions} positions)",
			self.shortfall,
			rounding + 2 * positions,
			self.realizations
		);
		Ok(())
	}

	/// Every unhealthy subaccount with positions, and every one without whose debt nothing
	/// backs (valued at fresh prices), is in an auction or queued for one, or a liquidation of
	/// it now would start or queue one (or its debt is already recorded as bad debt).
	fn liquidatable(&mut self, risks: &[(Sub, Option<AccountRisk>)]) -> Result<(), String> {
		let keeper = crate::fuzz::world::id(7).clone();
		for ((who, sub), risk) in risks {
			let key = (who.clone(), *sub);
			if pallet_liquidation::Auctions::<Runtime>::contains_key(&key)
				|| pallet_liquidation::Flagged::<Runtime>::contains_key(&key)
			{
				continue;
			}
			let Some(risk) = risk else { continue };
			// Without positions: a debt nothing backs (one partly backed is sold first).
			let due = if risk.positions == 0 {
				risk.debt_status() == ballast_primitives::risk::DebtStatus::Unbacked
			} else {
				risk.is_liquidatable()
			};
			if !due {
				continue;
			}
			let liquidator =
				if *who == keeper { crate::fuzz::world::id(6).clone() } else { keeper.clone() };
			let result = dry_run(|| {
				pallet_liquidation::Pallet::<Runtime>::liquidate(
					RuntimeOrigin::signed(liquidator),
					who.clone(),
					*sub,
				)
			});
			match result {
				Ok(()) => self.stats.liquidatable += 1,
				Err(e) if e == pallet_liquidation::Error::<Runtime>::QueueFull.into() => {},
				// Its debt is already on the books as bad debt.
				Err(e)
					if risk.positions == 0
						&& e == pallet_liquidation::Error::<Runtime>::NothingToCover.into() => {},
				Err(e) => {
					return Err(format!(
						"{who}/{sub} is unhealthy (equity {}, maintenance {}) but cannot be \
						 liquidated: {e:?}",
						risk.equity(),
						risk.maintenance
					))
				},
			}
		}
		Ok(())
	}

	/// Nothing waits forever: with fresh prices, an auction ends within its decay plus
	/// [`PROGRESS_SLACK`] blocks and a queued start begins within [`PROGRESS_SLACK`].
	fn progress(&mut self) -> Result<(), String> {
		let fresh = prices_fresh();
		let decay = pallet_liquidation::Params::<Runtime>::get().decay_blocks;
		let mut waiting = BTreeMap::new();
		let running = pallet_liquidation::Auctions::<Runtime>::iter_keys().map(|k| (k, true));
		let queued = pallet_liquidation::Flagged::<Runtime>::iter_keys().map(|k| (k, false));
		for key in running.chain(queued) {
			let age = self.waiting.get(&key).copied().unwrap_or(0) + u32::from(fresh);
			let bound = PROGRESS_SLACK + if key.1 { decay } else { 0 };
			ensure!(
				age <= bound,
				"{}/{} has waited {age} blocks with fresh prices {}, beyond {bound}",
				key.0 .0,
				key.0 .1,
				if key.1 { "in its auction" } else { "for its auction to start" }
			);
			waiting.insert(key, age);
		}
		self.waiting = waiting;
		Ok(())
	}
}

/// Every pallet's `try_state`: the pool holds what its books owe, open interest balances,
/// the liquidation queue and the restaking ledger add up, the timelock matches its
/// scheduler.
fn try_states() -> Result<(), String> {
	let all = [
		("shared-collateral", pallet_shared_collateral::Pallet::<Runtime>::do_try_state()),
		("portfolio-margin", pallet_portfolio_margin::Pallet::<Runtime>::do_try_state()),
		("liquidation", pallet_liquidation::Pallet::<Runtime>::do_try_state()),
		("restaking", pallet_restaking::Pallet::<Runtime>::do_try_state()),
		("risk-timelock", pallet_risk_timelock::Pallet::<Runtime>::do_try_state()),
	];
	for (pallet, result) in all {
		result.map_err(|e| format!("{pallet} try_state: {e:?}"))?;
	}
	Ok(())
}

/// A subaccount and its risk snapshot now, if it can be valued.
fn valued(who: Sub) -> (Sub, Option<AccountRisk>) {
	let risk = <PortfolioMargin as MarginEngine<AccountId32>>::risk(&who.0, who.1).ok();
	(who, risk)
}

/// Every position sits in a subaccount the ledger accepts (`risks`: every holder).
fn positions_held_where_accepted(risks: &[(Sub, Option<AccountRisk>)]) -> Result<(), String> {
	for ((who, sub), _) in risks {
		let sub = *sub;
		ensure!(
			<SharedCollateral as CollateralLedger<AccountId32>>::accepts_subaccount(sub),
			"{who} holds positions in subaccount {sub}, which the ledger does not accept"
		);
	}
	Ok(())
}

/// No span of an operator has paid or owes more than all of its stake.
fn slashes_bounded() -> Result<(), String> {
	for (who, spans) in pallet_restaking::SlashSpans::<Runtime>::iter() {
		for span in spans {
			let pending = span.pending.map_or(Perbill::zero(), |(_, f)| f);
			ensure!(
				span.applied <= Perbill::one() && pending <= Perbill::one(),
				"{who}'s span from session {} slashed {:?} with {:?} pending",
				span.start,
				span.applied,
				pending
			);
		}
	}
	Ok(())
}

/// What each vault provider other than `caller` would redeem its shares for now, for those
/// the vault can value.
pub fn lp_values(caller: &AccountId32) -> BTreeMap<AccountId32, u128> {
	(0..ACCOUNTS.len())
		.map(|i| crate::fuzz::world::id(i).clone())
		.filter(|who| who != caller)
		.filter_map(|who| {
			let value = SharedCollateral::provider_position(&who).value?;
			Some((who, value))
		})
		.collect()
}

/// Whether every feed is fresh enough to value positions.
fn prices_fresh() -> bool {
	FEEDS.iter().all(|(underlying, kind, _)| {
		OraclePriceFeed::fresh(FeedKey { underlying: *underlying, kind: *kind }, MaxPriceAge::get())
			.is_some()
	})
}

/// The events of the block so far.
fn events() -> Vec<RuntimeEvent> {
	crate::chain::block_events()
}

/// `pallet.call` of a call, for messages.
pub fn name(call: &RuntimeCall) -> String {
	use frame_support::traits::GetCallMetadata;
	let m = call.get_call_metadata();
	format!("{}.{}", m.pallet_name, m.function_name)
}

/// Runs view function `function` (modulo those of Ballast's pallets) on `input`: it answers
/// or refuses the input, never panics.
pub fn view(function: u8, input: &[u8]) {
	use frame_support::view_functions::{DispatchViewFunction, ViewFunctionId};
	// The view functions' ids, read from the pallets' metadata once per process.
	static IDS: std::sync::OnceLock<Vec<[u8; 32]>> = std::sync::OnceLock::new();
	let ids = IDS.get_or_init(|| {
		[
			pallet_shared_collateral::Pallet::<Runtime>::pallet_view_functions_metadata(),
			pallet_portfolio_margin::Pallet::<Runtime>::pallet_view_functions_metadata(),
			pallet_liquidation::Pallet::<Runtime>::pallet_view_functions_metadata(),
			pallet_restaking::Pallet::<Runtime>::pallet_view_functions_metadata(),
			pallet_risk_timelock::Pallet::<Runtime>::pallet_view_functions_metadata(),
		]
		.into_iter()
		.flatten()
		.map(|m| m.id)
		.collect()
	});
	let Some(id) = ids.get(usize::from(function) % ids.len().max(1)) else { return };
	let mut prefix = [0u8; 16];
	let mut suffix = [0u8; 16];
	prefix.copy_from_slice(&id[..16]);
	suffix.copy_from_slice(&id[16..]);
	let id = ViewFunctionId { prefix, suffix };
	let mut out = Vec::new();
	let _ = <ballast_runtime::RuntimeViewFunction as DispatchViewFunction>::dispatch_view_function(
		&id,
		&mut &input[..],
		&mut out,
	);
}
