//! What Ballast's pallet tests share, instead of a copy in each mock:
//!
//! - [`clock`]: the test clock, in ms.
//! - [`oracle`]: a settable [`PriceFeed`](ballast_primitives::traits::PriceFeed) that
//!   republishes its last values each block unless frozen.
//! - [`ledger`]: a [`CollateralLedger`](ballast_primitives::traits::CollateralLedger) whose
//!   quote balances live in storage (so storage transactions roll them back as they would the
//!   real ledger's), with debts, one non-quote collateral (WETH, 20% haircut), the insurance
//!   fund, the LP vault and clearing, and a count of what was funded so a test can check that
//!   no value was created or lost.
//!
//! State is per thread (each test runs in its own); [`reset`] starts it afresh.

pub mod clock;
pub mod ledger;
pub mod oracle;

use ballast_primitives::{fixed::Fixed18, traits::SubaccountId, Moment, UnderlyingId};

/// Accounts in the test runtimes.
pub type AccountId = u64;

/// The underlying the tests trade.
pub const BTC: UnderlyingId = 1;
/// A day in ms.
pub const DAY: Moment = 24 * 60 * 60 * 1000;
/// The test clock starts here (ms).
pub const START: Moment = 1_000 * DAY;
/// The ledger keeps subaccounts 0..16, as the runtime's does.
pub const SUBACCOUNTS: SubaccountId = 16;

/// `x` (a decimal string) as an 18-decimal value.
pub fn fx(x: &str) -> Fixed18 {
	Fixed18::parse(x).expect("a decimal")
}

/// Starts every shared test state afresh: the clock at [`START`], no prices, an empty ledger.
pub fn reset() {
	clock::set_now(START);
	oracle::reset();
	ledger::reset();
}
