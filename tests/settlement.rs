//! Settlement on the whole runtime, block by block: a BTC call expires; the chain averages the
//! oracle's spot over the window ending at expiry, records it and settles every position in
//! its own block hooks. Nobody calls; a wick printed just before expiry weighs one interval;
//! the pool's books still balance.

use ballast_integration_tests::chain::{Chain, E18};
use ballast_primitives::{black_scholes::OptionKind, fixed::Fixed18, margin::InstrumentKind};
use ballast_runtime::{
	genesis_config_presets::{margin_params, underlyings::BTC},
	PortfolioMargin, Runtime, RuntimeEvent, RuntimeOrigin,
};
use frame_support::assert_ok;
use sp_keyring::Sr25519Keyring::{Alice, Bob};

const BLOCK_MS: u64 = 6_000;

fn fx(n: i128) -> Fixed18 {
	Fixed18(n * E18 as i128)
}

#[test]
fn an_expired_call_settles_at_the_average_spot_of_its_window_with_no_call() {
	let mut chain = Chain::development();
	// Block 2: a 60,000 call expiring 20 blocks later, with a one-minute settlement window
	// (ten blocks); Bob buys one from the vault.
	let ((id, expiry), _) = chain.setup(1_000_000, 100_000, |now| {
		let mut params = margin_params(100_000, 10_000_000_000, 60_000_000_000);
		params.settlement_window = 10 * BLOCK_MS;
		assert_ok!(PortfolioMargin::set_underlying(RuntimeOrigin::root(), BTC, params));
		let expiry = now + 20 * BLOCK_MS;
		let id = pallet_portfolio_margin::NextInstrumentId::<Runtime>::get();
		let kind = InstrumentKind::Option { kind: OptionKind::Call, strike: fx(60_000), expiry };
		assert_ok!(PortfolioMargin::list_instrument(RuntimeOrigin::root(), BTC, kind));
		let bob = RuntimeOrigin::signed(Bob.to_account_id());
		assert_ok!(PortfolioMargin::trade_with_vault(bob, 1, id, fx(1), fx(10_000)));
		(id, expiry)
	});
	let long = || pallet_portfolio_margin::Positions::<Runtime>::get(Bob.to_account_id(), 1);
	let cost = chain.execute(|| long()[0].cost);
	// Blocks 3 … 22: the oracle prints 61,000, and 80,000 in the block six seconds before
	// expiry. The hooks run on the parent block's clock and price, so each block's print is in
	// force for the six seconds after it; the window's ten intervals hold nine prints of 61,000
	// and the wick.
	let mut recorded = None;
	for block in 3..=24u32 {
		let time = expiry + u64::from(block) * BLOCK_MS - 22 * BLOCK_MS;
		let spot = if time == expiry - BLOCK_MS { 80_000 } else { 61_000 };
		let feed = chain.oracle_feed(Alice, spot);
		let (_, events) = chain.next_block(vec![feed]);
		for e in events {
			if let RuntimeEvent::PortfolioMargin(
				pallet_portfolio_margin::Event::SettlementRecorded { id: i, price, window_ms },
			) = e
			{
				assert_eq!(i, id);
				recorded = Some((block, price, window_ms));
			}
		}
	}
	// (9 × 61,000 + 80,000) / 10, over the whole minute, recorded in the block after the one
	// stamped at expiry (whose hooks see its timestamp).
	assert_eq!(recorded, Some((23, fx(62_900), 10 * BLOCK_MS)));
	chain.execute(|| {
		assert!(long().is_empty(), "Bob's call was settled");
		assert!(pallet_portfolio_margin::Instruments::<Runtime>::get(id).is_none());
		assert_eq!(pallet_shared_collateral::Clearing::<Runtime>::get(), 0);
		pallet_portfolio_margin::Pallet::<Runtime>::do_try_state().expect("margin invariants");
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("ledger invariants");
	});
	// Bob was paid 2,900 of intrinsic value for a call that cost `cost`.
	assert!(cost < fx(2_900), "the call cost {cost}, less than it paid");
	let books = chain.pool_books();
	assert!(books.holdings >= books.books, "the pool holds what its books say");
}
