//! Open interest on the whole runtime: an out-of-the-money call counts at the governed delta
//! floor, then at its delta once spot rallies toward the strike, re-measured by the block
//! hooks with no trade; the value the restaked security must cover follows; the vault's side
//! of the trades is the vault's own book, not an account's.

use ballast_integration_tests::chain::{Chain, E18};
use ballast_primitives::{black_scholes::OptionKind, fixed::Fixed18, margin::InstrumentKind};
use ballast_runtime::{
	genesis_config_presets::underlyings::BTC, PortfolioMargin, Runtime, RuntimeOrigin,
};
use frame_support::assert_ok;
use pallet_portfolio_margin::{OptionDeltas, UnderlyingOpenInterest, VaultPositions};
use sp_keyring::Sr25519Keyring::{Alice, Bob};

const DAY: u64 = 24 * 60 * 60 * 1000;

fn fx(n: i128) -> Fixed18 {
	Fixed18(n * E18 as i128)
}

#[test]
fn an_out_of_the_money_call_counts_at_the_floor_then_at_its_delta_as_spot_rallies() {
	let mut chain = Chain::development();
	// Bob buys ten 90,000 calls (30 days) from the vault at 60,000 spot, 60% volatility.
	let (id, _) = chain.setup(1_000_000, 100_000, |now| {
		let id = pallet_portfolio_margin::NextInstrumentId::<Runtime>::get();
		let expiry = now + 30 * DAY;
		let kind = InstrumentKind::Option { kind: OptionKind::Call, strike: fx(90_000), expiry };
		assert_ok!(PortfolioMargin::list_instrument(RuntimeOrigin::root(), BTC, kind));
		let bob = RuntimeOrigin::signed(Bob.to_account_id());
		assert_ok!(PortfolioMargin::trade_with_vault(bob, 1, id, fx(10), fx(10_000)));
		id
	});
	chain.execute(|| {
		// Delta N(d1), d1 = (ln(60/90) + 0.18 × 30/365) / (0.6 × √(30/365)) = −2.27: ≈ 0.0116,
		// under the development floor of 0.1, so each contract counts 0.1: 1 BTC in all.
		assert_eq!(OptionDeltas::<Runtime>::get(id), Some(Fixed18(E18 as i128 / 10)));
		assert_eq!(UnderlyingOpenInterest::<Runtime>::get(BTC), fx(1));
		// The value secured counts 1 BTC at 60,000 (not 10 contracts' 600,000).
		assert_eq!(PortfolioMargin::open_interest_value(), 60_000 * E18);
		// The vault's short is in its own book.
		let vault = VaultPositions::<Runtime>::get();
		assert_eq!((vault.len(), vault[0].instrument, vault[0].size), (1, id, fx(-10)));
	});
	// Spot rallies to 85,000 over three blocks; nobody trades the call.
	for spot in [70_000, 80_000, 85_000, 85_000, 85_000] {
		let feed = chain.oracle_feed(Alice, spot);
		chain.next_block(vec![feed]);
	}
	chain.execute(|| {
		// d1 = (ln(85/90) + 0.18 × T) / (0.6 × √T) ≈ −0.25 with T a little under 30 days:
		// delta ≈ 0.40, so ≈ 4.0 BTC; re-measured by the hooks, above the floor now.
		let counted = UnderlyingOpenInterest::<Runtime>::get(BTC);
		assert!(
			counted > Fixed18(39 * E18 as i128 / 10) && counted < Fixed18(41 * E18 as i128 / 10)
		);
		let delta = OptionDeltas::<Runtime>::get(id).unwrap();
		assert_eq!(counted, fx(10).checked_mul(delta).unwrap());
		assert_eq!(
			PortfolioMargin::open_interest_value(),
			counted.checked_mul(fx(85_000)).unwrap().0.unsigned_abs()
		);
		pallet_portfolio_margin::Pallet::<Runtime>::do_try_state().expect("margin invariants");
	});
}
