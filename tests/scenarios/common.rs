//! Steps and readings the scenarios share.

pub use ballast_integration_tests::{
	chain::E18,
	fuzz::{
		input::Step,
		seeds::{instruments::*, who::*},
		world::{id, World, ROOT},
	},
};
pub use ballast_primitives::{fixed::Fixed18, traits::MarginEngine};
pub use ballast_runtime::{PortfolioMargin, Runtime, RuntimeCall, RuntimeEvent};
pub use sp_runtime::AccountId32;

/// Feeds of the market, by their place in `world::FEEDS`.
pub const BTC: u8 = 0;

/// The next block, every validator feeding.
pub fn next() -> Step {
	Step::NextBlock { slots: 1, feeders: u8::MAX }
}

/// The next block `slots` later, fed by `feeders`.
pub fn after(slots: u16, feeders: u8) -> Step {
	Step::NextBlock { slots, feeders }
}

/// `who` trades `size` contracts of `instrument` with the vault, paying at most `limit`.
pub fn trade(who: u8, instrument: u32, size: i128, limit: i128) -> Step {
	call(
		who,
		RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::trade_with_vault {
			sub: 1,
			instrument,
			size: Fixed18(size * E18 as i128),
			limit_price: Fixed18(limit * E18 as i128),
		}),
	)
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
	let (a, s) = sub1(who);
	<PortfolioMargin as MarginEngine<AccountId32>>::risk(&a, s)
		.ok()
		.map(|r| r.equity())
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

/// Whether the last block started an auction of `who`'s subaccount 1.
pub fn auctions_started() -> u32 {
	events()
		.iter()
		.filter(|e| {
			matches!(e, RuntimeEvent::Liquidation(pallet_liquidation::Event::AuctionStarted { .. }))
		})
		.count() as u32
}
