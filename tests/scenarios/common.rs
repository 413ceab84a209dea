//! Steps and readings the scenarios share.

pub use ballast_integration_tests::{
	chain::E18,
	fuzz::{
		input::Step,
		seeds::{
			collateral, contracts, instruments::*, next, order, trade, usdc, who::*,
			BTC_SPOT as BTC, ETH_SPOT as ETH,
		},
		world::{id, World, ROOT},
	},
};
pub use ballast_primitives::{fixed::Fixed18, traits::MarginEngine};
pub use ballast_runtime::{PortfolioMargin, Runtime, RuntimeCall, RuntimeEvent};
pub use sp_runtime::AccountId32;

/// 10^15: thousandths of a quote unit or a contract, at 18 decimals.
pub const E15: u128 = 1_000_000_000_000_000;

/// The next block `slots` later, fed by `feeders`.
pub fn after(slots: u16, feeders: u8) -> Step {
	Step::NextBlock { slots, feeders }
}

/// `call` signed by `who`.
pub fn call(who: u8, call: RuntimeCall) -> Step {
	Step::Call { who, call }
}

/// `call` by the risk origin (Root).
pub fn root(call: RuntimeCall) -> Step {
	Step::Call { who: ROOT, call }
}

/// The relay attests, now, that account `who`'s restaked stake is `stake`.
pub fn relay_stake(who: usize, stake: u128) -> Step {
	Step::Attest {
		lag_ms: 0,
		messages: vec![pallet_restaking::RelayMessage::StakeChanged {
			operator: id(who).clone(),
			stake,
		}],
	}
}

/// The market moves `feed` by `permille`.
pub fn market(feed: u8, permille: i16) -> Step {
	Step::Move { feed, permille }
}

/// Runs `steps`; every invariant must hold after each block.
pub fn run(world: &mut World, steps: &[Step]) {
	world.run(steps).unwrap_or_else(|e| panic!("an invariant broke: {e}"));
}

/// The subaccount 1 of account `who`.
pub fn sub1(who: u8) -> (AccountId32, u16) {
	(id(usize::from(who)).clone(), 1)
}

/// Equity at mark of `who`'s subaccount 1 (quote, 18 decimals), if it can be valued.
pub fn equity(who: u8) -> Option<i128> {
	ballast_integration_tests::solvency::equity(&sub1(who))
}

/// The contracts of `instrument` in `who`'s subaccount 1.
pub fn position(who: u8, instrument: u32) -> i128 {
	let (a, s) = sub1(who);
	pallet_portfolio_margin::Positions::<Runtime>::get(&a, s)
		.iter()
		.find(|p| p.instrument == instrument)
		.map_or(0, |p| p.size.0)
}

/// The published value of `feed` (an index into `world::FEEDS`).
pub fn published(feed: u8) -> u128 {
	let (underlying, kind, _) = ballast_integration_tests::fuzz::world::FEEDS[usize::from(feed)];
	pallet_oracle::Pallet::<Runtime>::get(&ballast_primitives::FeedKey { underlying, kind })
		.map(|v| v.value)
		.expect("a published value")
}

/// The events of the last block.
pub fn events() -> Vec<RuntimeEvent> {
	ballast_integration_tests::chain::block_events()
}

/// How many auctions the last block started.
pub fn auctions_started() -> u32 {
	events()
		.iter()
		.filter(|e| {
			matches!(e, RuntimeEvent::Liquidation(pallet_liquidation::Event::AuctionStarted { .. }))
		})
		.count() as u32
}
