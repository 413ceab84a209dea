//! The seed corpus: the whole-runtime scenarios of the integration tests, as fuzz inputs, so
//! that the fuzzer starts from states where positions, auctions, debts, vault withdrawals,
//! settlements and slashes already happen and mutates from there.

use crate::chain::E18;
use crate::fuzz::input::{OrderSpec, Step};
use ballast_primitives::{fixed::Fixed18, UnderlyingId};
use ballast_runtime::{genesis_config_presets::underlyings, RuntimeCall};
use frame_support::traits::fungible::NativeOrWithId;
use pallet_restaking::RelayMessage;
use sp_keyring::Sr25519Keyring;

/// Instruments of the set-up chain: the perpetuals listed at genesis, then what the set-up
/// lists (a week out, strike 60,000).
pub mod instruments {
	/// The BTC perpetual.
	pub const BTC_PERP: u32 = 0;
	/// The ETH perpetual.
	pub const ETH_PERP: u32 = 1;
	/// A BTC call.
	pub const BTC_CALL: u32 = 2;
	/// A BTC put.
	pub const BTC_PUT: u32 = 3;
	/// A BTC future.
	pub const BTC_FUTURE: u32 = 4;
}
use instruments::*;

/// Indices into [`crate::fuzz::world::ACCOUNTS`].
pub mod who {
	/// Alice: validator, sudo, issuer, keeper.
	pub const ALICE: u8 = 0;
	/// Bob: validator.
	pub const BOB: u8 = 1;
	/// Eve: trader and vault provider.
	pub const EVE: u8 = 4;
	/// Ferdie: trader and vault provider.
	pub const FERDIE: u8 = 5;
	/// Alice's stash: trader.
	pub const ONE: u8 = 6;
	/// Bob's stash: trader.
	pub const TWO: u8 = 7;
}
use who::*;

/// The BTC spot feed, by its place in `world::FEEDS`.
pub const BTC_SPOT: u8 = 0;
/// The ETH spot feed (also WETH's price), by its place in `world::FEEDS`.
pub const ETH_SPOT: u8 = 2;
const ALL: u8 = u8::MAX;

/// `n` whole contracts.
pub fn contracts(n: i128) -> Fixed18 {
	Fixed18(n * E18 as i128)
}

/// The next block, every validator feeding.
pub fn next() -> Step {
	Step::NextBlock { slots: 1, feeders: ALL }
}

/// `who` trades `size` contracts of `instrument` with the vault from subaccount 1, paying at
/// most `limit`.
pub fn trade(who: u8, instrument: u32, size: i128, limit: i128) -> Step {
	Step::Call {
		who,
		call: RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::trade_with_vault {
			sub: 1,
			instrument,
			size: contracts(size),
			limit_price: Fixed18(limit * E18 as i128),
		}),
	}
}

/// A collateral pallet `call` signed by `who`.
pub fn collateral(who: u8, call: pallet_shared_collateral::Call<ballast_runtime::Runtime>) -> Step {
	Step::Call { who, call: RuntimeCall::SharedCollateral(call) }
}

/// USDC, as the collateral pallet names it.
pub fn usdc() -> NativeOrWithId<u32> {
	NativeOrWithId::WithId(1)
}

/// A crash: `feed` falls `permille` a block for `blocks` blocks, the keeper running in each and
/// Bob bidding for half of what is auctioned.
fn crash(feed: u8, permille: i16, blocks: usize) -> Vec<Step> {
	let mut steps = Vec::new();
	for _ in 0..blocks {
		steps.push(Step::Move { feed, permille });
		steps.push(Step::Keeper);
		steps.push(next());
	}
	steps
}

fn bob_bids(on: u8) -> Step {
	Step::Call {
		who: BOB,
		call: RuntimeCall::Liquidation(pallet_liquidation::Call::bid {
			who: crate::fuzz::world::id(crate::fuzz::world::account(on)).clone(),
			sub: 1,
			bidder_sub: 1,
			share: Fixed18(E18 as i128 / 2),
			min_discount: Fixed18::ZERO,
		}),
	}
}

/// Leveraged perpetuals through a crash: the crash replay's mechanics on a small book.
pub fn perpetual_crash() -> Vec<Step> {
	let mut steps = vec![
		collateral(BOB, pallet_shared_collateral::Call::open_subaccount { sub: 1 }),
		trade(EVE, BTC_PERP, 30, 70_000),
		trade(ONE, BTC_PERP, 25, 70_000),
		trade(TWO, ETH_PERP, -300, 2_000),
		next(),
	];
	steps.extend(crash(BTC_SPOT, -60, 6));
	steps.push(bob_bids(EVE));
	steps.push(bob_bids(ONE));
	steps.extend(crash(ETH_SPOT, 80, 4));
	steps.extend((0..12).flat_map(|_| [Step::Keeper, next()]));
	steps
}

/// Options and a future held to expiry and settled.
pub fn options_to_expiry() -> Vec<Step> {
	let mut steps = vec![
		trade(EVE, BTC_CALL, 10, 20_000),
		trade(FERDIE, BTC_PUT, -5, 1),
		trade(ONE, BTC_FUTURE, 3, 70_000),
		next(),
		Step::Move { feed: 1, permille: 400 },
		next(),
	];
	// A week: three long gaps of 56,000 slots (~3.9 days).
	for _ in 0..3 {
		steps.push(Step::NextBlock { slots: 56_000, feeders: ALL });
		steps.push(next());
	}
	steps.extend((0..6).map(|_| next()));
	steps
}

/// `owner`'s order from subaccount 1 for `size` BTC perpetuals at 60,000, placed a block ago
/// and good for an hour.
pub fn order(owner: u8, size: i128, nonce: u64) -> OrderSpec {
	OrderSpec {
		owner,
		sub: 1,
		instrument: BTC_PERP,
		size: contracts(size),
		price: Fixed18(60_000 * E18 as i128),
		placed_ago_ms: 6_000,
		lifetime_ms: 3_600_000,
		nonce,
	}
}

/// Two peer-to-peer orders matched, one replayed.
pub fn orders() -> Vec<Step> {
	let matched = Step::Match {
		relayer: TWO,
		first: order(EVE, 2, 1),
		second: order(FERDIE, -2, 1),
		fill: contracts(2),
	};
	vec![matched.clone(), next(), matched, Step::Move { feed: BTC_SPOT, permille: 30 }, next()]
}

/// A provider's withdrawal through its notice period while the vault trades.
pub fn vault_withdrawal() -> Vec<Step> {
	vec![
		collateral(
			EVE,
			pallet_shared_collateral::Call::vault_request_withdrawal {
				shares: 100_000 * 1_000_000,
			},
		),
		trade(ONE, BTC_PERP, 10, 70_000),
		next(),
		collateral(
			FERDIE,
			pallet_shared_collateral::Call::vault_deposit { amount: 50_000 * 1_000_000 },
		),
		Step::NextBlock { slots: 14_400, feeders: ALL },
		next(),
		collateral(EVE, pallet_shared_collateral::Call::vault_withdraw {}),
		next(),
	]
}

/// Quote borrowed against WETH, then ETH falls until the debt is collected.
pub fn debt_collection() -> Vec<Step> {
	let mut steps = vec![
		collateral(
			TWO,
			pallet_shared_collateral::Call::withdraw {
				sub: 1,
				asset: usdc(),
				amount: 270_000 * 1_000_000,
			},
		),
		next(),
	];
	steps.extend(crash(ETH_SPOT, -150, 4));
	steps.push(Step::Call {
		who: BOB,
		call: RuntimeCall::Liquidation(pallet_liquidation::Call::collect_debt {
			who: crate::fuzz::world::id(crate::fuzz::world::account(TWO)).clone(),
			sub: 1,
			buyer_sub: 1,
		}),
	});
	steps.push(next());
	steps
}

/// An oracle outage, then a lying validator, then a single feeder.
pub fn oracle_faults() -> Vec<Step> {
	let mut steps = vec![trade(EVE, BTC_PERP, 5, 70_000), next()];
	steps.extend((0..4).map(|_| Step::NextBlock { slots: 100, feeders: 0 }));
	steps.push(Step::Lie { operator: 3, permille: 500 });
	steps.extend((0..4).map(|_| next()));
	steps.extend((0..4).map(|_| Step::NextBlock { slots: 1, feeders: 0b0001 }));
	steps.push(Step::EndSession);
	steps.extend((0..3).map(|_| next()));
	steps
}

/// The relay: a new operator, a stake cut, an unbonding and a departure, across sessions.
pub fn relay_changes() -> Vec<Step> {
	let eve = Sr25519Keyring::Eve.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let dave = Sr25519Keyring::Dave.to_account_id();
	let stake = ballast_runtime::genesis_config_presets::GENESIS_STAKE;
	vec![
		Step::Attest {
			lag_ms: 6_000,
			messages: vec![
				RelayMessage::OperatorRegistered { operator: eve, stake },
				RelayMessage::StakeChanged { operator: bob.clone(), stake: stake / 10 },
			],
		},
		Step::EndSession,
		next(),
		next(),
		Step::Attest {
			lag_ms: 0,
			messages: vec![
				RelayMessage::Unbonding { operator: bob, amount: stake / 20, until: u64::MAX / 2 },
				RelayMessage::OperatorDeregistered { operator: dave },
			],
		},
		Step::EndSession,
		next(),
		next(),
	]
}

/// The risk origin retunes liquidation and the BTC market, then lists an ETH option.
pub fn governance() -> Vec<Step> {
	let root = crate::fuzz::world::ROOT;
	let mut params = pallet_liquidation::LiquidationParams::default();
	params.decay_blocks = 3;
	params.max_liquidations_per_block = 1;
	let eth: UnderlyingId = underlyings::ETH;
	vec![
		Step::Call {
			who: root,
			call: RuntimeCall::Liquidation(pallet_liquidation::Call::set_params { params }),
		},
		Step::Call {
			who: root,
			call: RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::list_instrument {
				underlying: eth,
				kind: ballast_primitives::margin::InstrumentKind::Option {
					kind: ballast_primitives::black_scholes::OptionKind::Call,
					strike: Fixed18(3_000 * E18 as i128),
					expiry: 1_800_000_000_000 + 30 * 24 * 3_600_000,
				},
			}),
		},
		next(),
		trade(EVE, 5, 20, 1_000),
		trade(ONE, BTC_PERP, 20, 70_000),
		trade(TWO, BTC_PERP, 20, 70_000),
		next(),
	]
	.into_iter()
	.chain(crash(BTC_SPOT, -80, 5))
	.collect()
}

/// Every seed, by name.
pub fn all() -> Vec<(&'static str, Vec<Step>)> {
	vec![
		("perpetual_crash", perpetual_crash()),
		("options_to_expiry", options_to_expiry()),
		("orders", orders()),
		("vault_withdrawal", vault_withdrawal()),
		("debt_collection", debt_collection()),
		("oracle_faults", oracle_faults()),
		("relay_changes", relay_changes()),
		("governance", governance()),
	]
}
