//! The interfaces between Ballast's pallets. No pallet depends on another pallet's crate: each
//! names what it needs here, and the runtime wires the implementations. Every trait has an
//! `impl for ()` that behaves as "nothing there", for pallets tested alone.

use crate::{Balance, FeedKey, Moment, OracleValue};

/// A subaccount of an account (0 is the default one).
pub type SubaccountId = u16;

/// Prices from the oracle.
pub trait PriceFeed {
	/// The latest published value of `feed` (18 decimals) and when it was published (ms since
	/// the Unix epoch), if any.
	fn latest(feed: FeedKey) -> Option<(OracleValue, Moment)>;
	/// The chain's current time (ms since the Unix epoch), to judge staleness.
	fn now() -> Moment;
}

impl PriceFeed for () {
	fn latest(_: FeedKey) -> Option<(OracleValue, Moment)> {
		None
	}
	fn now() -> Moment {
		0
	}
}

/// What the collateral pallet asks of the margin engine about one subaccount. Amounts are in
/// quote value with 18 decimals (`1e18` = 1.0 of the quote asset).
pub trait MarginEngine<AccountId> {
	/// The initial-margin requirement of the subaccount's open positions.
	fn initial_margin(who: &AccountId, sub: SubaccountId) -> Balance;
	/// The unrealized profit (positive) or loss (negative) of the subaccount's positions at
	/// mark prices.
	fn unrealized_pnl(who: &AccountId, sub: SubaccountId) -> i128;
}

impl<AccountId> MarginEngine<AccountId> for () {
	fn initial_margin(_: &AccountId, _: SubaccountId) -> Balance {
		0
	}
	fn unrealized_pnl(_: &AccountId, _: SubaccountId) -> i128 {
		0
	}
}
