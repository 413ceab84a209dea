//! A crash replayed on the whole runtime, block by block, as a node would build the blocks:
//! 1,000 accounts with mixed portfolios (perpetuals, naked and covered options, spreads,
//! straddles, hedges, at different leverage), BTC falls 40% over four blocks while implied
//! volatility rises, and only the chain's own machinery acts: the validator's keeper offchain
//! worker (run after every block, its transactions included in the next one), the auctions,
//! the vault at the floor, the waterfall and auto-deleveraging. A market maker bids on some
//! lots. Afterwards every account is healthy or closed, the pool holds what it held, the
//! waterfall's books balance, bad debt is accounted and no block exceeded its weight limit.
//!
//! Four validators feed the oracle each block, one of them printing 70% of the true price; the
//! oracle's median ignores it. Around every step liquidation takes, the equity of every account
//! in an auction is read before and after: no sale takes a solvent account below zero and the
//! insurance fund pays for no account that was solvent.
//!
//! Two capitalizations: a deep LP vault and insurance fund that absorb every loss, and thin
//! ones (traders trading perpetuals with each other, a small vault and fund) where the loss
//! runs down to auto-deleveraging of the profitable side.
//!
//! Run with `cargo test --release -p ballast-integration-tests --test crash_replay -- --nocapture`
//! to see the figures.

use ballast_integration_tests::chain::{Chain, PoolBooks, Report, E18};
use ballast_primitives::{black_scholes::OptionKind, fixed::Fixed18, margin::InstrumentKind};
use ballast_runtime::{
	genesis_config_presets::underlyings::BTC, PortfolioMargin, Runtime, RuntimeOrigin,
	SharedCollateral,
};
use frame_support::assert_ok;
use pallet_portfolio_margin::MarginMethod;
use sp_core::{sr25519, Pair};
use sp_runtime::AccountId32;

const TRADERS: u32 = 1_000;
const USDC: u32 = 1;
const DAY: u64 = 24 * 60 * 60 * 1000;

fn fx(n: i128) -> Fixed18 {
	Fixed18(n * E18 as i128)
}

fn trader_pair(i: u32) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//trader/{i}"), None).unwrap()
}

fn trader(i: u32) -> AccountId32 {
	trader_pair(i).public().into()
}

/// The options listed for the replay: 30-day calls and puts at 50,000 … 70,000.
struct Book {
	perp: u32,
	call: [u32; 5],
	put: [u32; 5],
}

fn list_options(now: u64) -> Book {
	let list = |kind, strike: i128| {
		let id = pallet_portfolio_margin::NextInstrumentId::<Runtime>::get();
		let kind = InstrumentKind::Option { kind, strike: fx(strike), expiry: now + 30 * DAY };
		assert_ok!(PortfolioMargin::list_instrument(RuntimeOrigin::root(), BTC, kind));
		id
	};
	let strikes = [50_000, 55_000, 60_000, 65_000, 70_000];
	let call = strikes.map(|k| list(OptionKind::Call, k));
	let put = strikes.map(|k| list(OptionKind::Put, k));
	Book { perp: 0, call, put }
}

/// Mints and deposits 200,000 USDC for trader `i`.
fn fund(i: u32) {
	let who = trader(i);
	let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(USDC);
	assert_ok!(ballast_runtime::Assets::mint(
		RuntimeOrigin::signed(ballast_integration_tests::chain::alice()),
		USDC.into(),
		who.clone().into(),
		// One USDC more than deposited: the account lives on USDC alone.
		200_001_000_000
	));
	assert_ok!(SharedCollateral::deposit(RuntimeOrigin::signed(who), 0, usdc, 200_000_000_000));
}

/// Trader `i`'s size: 0.2 … 1.0 BTC.
fn size(i: u32) -> Fixed18 {
	Fixed18(E18 as i128 * (1 + (i as i128 % 5)) / 5)
}

/// Keeps collateral worth 1.05 … 2.85 × initial margin and takes the rest out.
fn lever(i: u32) {
	let who = trader(i);
	let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(USDC);
	let summary = PortfolioMargin::margin_summary(&who, 0, false).expect("fresh prices");
	let leverage = Fixed18(E18 as i128 * (105 + 20 * (i as i128 % 10)) / 100);
	let keep = summary.initial.checked_mul(leverage).unwrap();
	let spare = summary.equity.0 - keep.0;
	if spare > 0 {
		// 1% of headroom: withdrawals count unrealized profit only after its haircut.
		let units = (spare / 100 * 99 / 1_000_000_000_000) as u128;
		assert_ok!(SharedCollateral::withdraw(RuntimeOrigin::signed(who), 0, usdc, units));
	}
}

/// Trader `i`'s portfolio against the LP vault: eight kinds (long or short perpetual, naked
/// short put, perpetual hedged by a put, covered call, put spread, short straddle, long call).
fn open_with_vault(i: u32, book: &Book) {
	fund(i);
	let who = trader(i);
	let origin = || RuntimeOrigin::signed(who.clone());
	let (size, neg) = (size(i), Fixed18(-size(i).0));
	let trade = |id: u32, size: Fixed18| {
		let limit = pallet_portfolio_margin::market_limit(size);
		assert_ok!(PortfolioMargin::trade_with_vault(origin(), 0, id, size, limit));
	};
	let kind = i % 8;
	if (3..=6).contains(&kind) {
		assert_ok!(PortfolioMargin::set_margin_method(origin(), 0, MarginMethod::Portfolio));
	}
	match kind {
		0 => trade(book.perp, size),
		1 => trade(book.perp, neg),
		2 => trade(book.put[1], neg),
		3 => {
			trade(book.perp, size);
			trade(book.put[1], size);
		},
		4 => {
			trade(book.perp, size);
			trade(book.call[3], neg);
		},
		5 => {
			trade(book.put[2], size);
			trade(book.put[0], neg);
		},
		6 => {
			trade(book.call[2], neg);
			trade(book.put[2], neg);
		},
		_ => trade(book.call[2], size),
	}
	lever(i);
}

/// Traders `i` (long) and `i + 1` (short) trade `size(i)` BTC perpetuals with each other at
/// 60,000 through signed orders that a relayer matches.
fn open_with_each_other(i: u32, now: u64) {
	fund(i);
	fund(i + 1);
	// The short's order was placed first: it is the maker.
	let order = |who: u32, size: Fixed18, placed_at: u64| {
		let order = pallet_portfolio_margin::Order {
			owner: trader(who),
			sub: 0,
			instrument: 0,
			size,
			price: fx(60_000),
			placed_at,
			expiry: placed_at + DAY,
			nonce: 1,
		};
		let payload = PortfolioMargin::order_payload(&order);
		let signature = sp_runtime::MultiSignature::Sr25519(trader_pair(who).sign(&payload));
		pallet_portfolio_margin::SignedOrder { order, signature }
	};
	let relayer = RuntimeOrigin::signed(ballast_integration_tests::chain::alice());
	let (maker, taker) = (order(i + 1, Fixed18(-size(i).0), now - 1), order(i, size(i), now));
	assert_ok!(PortfolioMargin::match_orders(relayer, maker, taker, size(i)));
	lever(i);
	lever(i + 1);
}

/// Every account is healthy or closed, bad debt is on the ledger account by account, and
/// every pallet's invariants hold.
fn check_outcome(chain: &mut Chain) {
	chain.execute(|| {
		for i in 0..TRADERS {
			let who = trader(i);
			let positions = pallet_portfolio_margin::Positions::<Runtime>::get(&who, 0);
			if positions.is_empty() {
				continue;
			}
			let health = pallet_liquidation::Pallet::<Runtime>::health(who.clone(), 0);
			assert!(
				health.as_ref().is_ok_and(|h| *h >= Fixed18::ONE),
				"trader {i}: health {health:?}"
			);
		}
		let mut bad = 0u128;
		for ((who, sub), debt) in pallet_liquidation::BadDebt::<Runtime>::iter() {
			let owed = <SharedCollateral as ballast_primitives::traits::CollateralLedger<_>>::debt(
				&who, sub,
			);
			assert_eq!(owed, debt, "the ledger owes what liquidation wrote off");
			bad += debt;
		}
		assert_eq!(pallet_liquidation::Accounting::<Runtime>::get().bad_debt, bad);
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("collateral");
		pallet_portfolio_margin::Pallet::<Runtime>::do_try_state().expect("margin");
		pallet_liquidation::Pallet::<Runtime>::do_try_state().expect("liquidation");
	});
}

/// Nothing left the pool: its USDC is what it was, and its books (deposits + vault + insurance
/// + lease + clearing − debts) moved only by rounding dust in the pool's favour.
fn check_conservation(before: PoolBooks, after: PoolBooks, report: &Report) {
	println!("pool before {before:?}\npool after  {after:?}");
	assert_eq!(after.holdings, before.holdings, "the pool's USDC did not move");
	assert!(
		after.books <= before.books && before.books - after.books <= report.payments,
		"{before:?} → {after:?}"
	);
	assert!(report.max_block_share <= 1.0, "a block exceeded its weight limit: {report}");
}

const CRASH: [i128; 4] = [54_000, 48_000, 42_000, 36_000];

/// A development chain whose four validators feed the oracle every block; Dave prints 70% of
/// the true price throughout (the median of four ignores one liar).
fn four_operators() -> Chain {
	use sp_keyring::Sr25519Keyring::*;
	let mut chain = Chain::development();
	chain.with_oracle_operators(&[Alice, Bob, Charlie, Dave], Some(70));
	chain
}

/// No sale took a solvent account below zero, and nobody covered or wrote off debt of an
/// account that was solvent.
fn check_solvency(report: &Report) {
	let s = report.solvency;
	assert_eq!(s.left_insolvent, 0, "a sale took a solvent account below zero: {report}");
	assert_eq!(s.covered_for_solvent, 0, "debt of a solvent account was covered: {report}");
}

#[test]
fn a_forty_percent_crash_with_deep_backstops_leaves_every_account_healthy_or_closed() {
	let mut chain = four_operators();
	let (_, before) = chain.setup(20_000_000, 500_000, |now| {
		let book = list_options(now);
		for i in 0..TRADERS {
			open_with_vault(i, &book);
		}
	});
	let report = chain.crash(&CRASH, 1_000);
	println!("{report}");
	check_outcome(&mut chain);
	check_conservation(before, chain.pool_books(), &report);
	check_solvency(&report);
	assert!(report.solvency.solvent_sales > 0, "solvent accounts were sold in parts: {report}");
	assert!(report.liquidations > 100, "the crash liquidated accounts: {report}");
	assert!(report.insolvent > 0 && report.bids > 0 && report.taken_by_vault > 0, "{report}");
}

#[test]
fn with_thin_backstops_the_loss_runs_down_to_deleveraging_the_profitable_side() {
	let mut chain = four_operators();
	let (_, before) = chain.setup(300_000, 10_000, |now| {
		for i in (0..TRADERS).step_by(2) {
			open_with_each_other(i, now);
		}
	});
	let report = chain.crash(&CRASH, 1_000);
	println!("{report}");
	check_outcome(&mut chain);
	check_conservation(before, chain.pool_books(), &report);
	check_solvency(&report);
	assert!(report.deleveraged > 0, "shorts were deleveraged: {report}");
	assert!(report.totals.socialized > 0, "{report}");
}
