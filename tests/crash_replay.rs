//! A crash replayed on the whole runtime, block by block, as a node would build the blocks:
//! 1,000 accounts with mixed portfolios (perpetuals, naked and covered options, spreads,
//! straddles, hedges, at different leverage), BTC falls 40% over four blocks while implied
//! volatility rises, and only the chain's own machinery acts: the validator's keeper offchain
//! worker (run after every block, its transactions included in the next one), the auctions,
//! the vault at the floor, the waterfall and auto-deleveraging. A market maker bids on some
//! lots. Afterwards every account is healthy or closed, the pool holds what it held, the
//! waterfall's books balance, bad debt is accounted and no block exceeded its weight limit.
//!
//! Run with `cargo test --release -p ballast-integration-tests --test crash_replay -- --nocapture`
//! to see the figures.

use ballast_integration_tests::chain::{Chain, E18};
use ballast_primitives::{black_scholes::OptionKind, fixed::Fixed18, margin::InstrumentKind};
use ballast_runtime::{
	genesis_config_presets::underlyings::BTC, PortfolioMargin, Runtime, RuntimeCall, RuntimeOrigin,
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

fn trader(i: u32) -> AccountId32 {
	sr25519::Pair::from_string(&format!("//trader/{i}"), None)
		.unwrap()
		.public()
		.into()
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

/// Trader `i`'s portfolio: eight kinds, sizes 0.2 … 1.0 BTC, and leverage from 1.05 to 2.85 ×
/// initial margin.
fn open_portfolio(i: u32, book: &Book) {
	let who = trader(i);
	let origin = || RuntimeOrigin::signed(who.clone());
	let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(USDC);
	let size = fx(1).checked_mul(Fixed18(E18 as i128 * (1 + (i as i128 % 5)) / 5)).unwrap();
	let neg = Fixed18(-size.0);
	assert_ok!(ballast_runtime::Assets::mint(
		RuntimeOrigin::signed(ballast_integration_tests::chain::alice()),
		USDC.into(),
		who.clone().into(),
		// One USDC more than deposited: the account lives on USDC alone.
		200_001_000_000
	));
	assert_ok!(SharedCollateral::deposit(origin(), 0, usdc.clone(), 200_000_000_000));
	let trade = |id: u32, size: Fixed18| {
		let limit = if size.0 > 0 { Fixed18(i128::MAX) } else { Fixed18::ZERO };
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
	// Keep collateral worth `leverage` × initial margin and take the rest out.
	let summary = PortfolioMargin::margin_summary(&who, 0, false).expect("fresh prices");
	let leverage = Fixed18(E18 as i128 * (105 + 20 * (i as i128 % 10)) / 100);
	let keep = summary.initial.checked_mul(leverage).unwrap();
	let spare = summary.equity.0 - keep.0;
	if spare > 0 {
		// 1% of headroom: withdrawals count unrealized profit only after its haircut.
		let units = (spare / 100 * 99 / 1_000_000_000_000) as u128;
		assert_ok!(SharedCollateral::withdraw(origin(), 0, usdc, units));
	}
}

#[test]
fn a_forty_percent_crash_leaves_every_account_healthy_or_closed_and_the_pool_whole() {
	let mut chain = Chain::development();
	let (book, before) = chain.setup(|now| {
		let book = list_options(now);
		for i in 0..TRADERS {
			open_portfolio(i, &book);
		}
		book
	});
	let _ = book;
	let report = chain.crash(&[54_000, 48_000, 42_000, 36_000], 400);
	let after = chain.pool_books();
	println!("{report}");
	println!("pool before {before:?}\npool after  {after:?}");

	chain.execute(|| {
		// Every account is healthy or closed.
		for i in 0..TRADERS {
			let who = trader(i);
			let positions = pallet_portfolio_margin::Positions::<Runtime>::get(&who, 0);
			if positions.is_empty() {
				continue;
			}
			let health = pallet_liquidation::Pallet::<Runtime>::health(who.clone(), 0);
			assert!(health.is_some_and(|h| h >= Fixed18::ONE), "trader {i}: health {health:?}");
		}
		// Bad debt is on the books, account by account.
		let mut bad = 0u128;
		for ((who, sub), debt) in pallet_liquidation::BadDebt::<Runtime>::iter() {
			let owed = <SharedCollateral as ballast_primitives::traits::CollateralLedger<_>>::debt(
				&who, sub,
			);
			assert_eq!(owed, debt, "the ledger owes what liquidation wrote off");
			bad += debt;
		}
		assert_eq!(pallet_liquidation::Accounting::<Runtime>::get().bad_debt, bad);
		// Every pallet's invariants (the pool's books within its holdings, open interest,
		// the waterfall's accounting).
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("collateral");
		pallet_portfolio_margin::Pallet::<Runtime>::do_try_state().expect("margin");
		pallet_liquidation::Pallet::<Runtime>::do_try_state().expect("liquidation");
	});
	// Nothing left the pool: its USDC is what it was; the books (deposits + vault + insurance
	// − debts) moved only by rounding dust, always in the pool's favour.
	assert_eq!(after.holdings, before.holdings, "the pool's USDC did not move");
	assert!(
		after.books <= before.books && before.books - after.books <= report.payments,
		"{before:?} → {after:?}"
	);
	assert!(report.liquidations > 100, "the crash liquidated accounts: {report}");
	assert!(report.max_block_share <= 1.0, "a block exceeded its weight limit: {report}");
	let _ = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
}
