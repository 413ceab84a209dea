//! Liquidation on the real margin engine over a test ledger.

use crate::{mock::*, pallet::*, types::*, Error};
use ballast_primitives::{fixed::Fixed18, traits::Party};
use frame_support::{assert_noop, assert_ok};
use pallet_portfolio_margin::Positions;
use sp_runtime::DispatchError;

mod auctions;
mod breakers;
mod debt;
mod deleveraging;
mod keeper;
mod vault_caps;

/// The BTC perpetual listed by the mock.
pub const PERP: u32 = 0;

/// `who` buys (or with a negative `size` sells) BTC perpetuals from the vault at spot (no fee
/// or spread in the mock).
pub fn buy(who: AccountId, size: &str) {
	let limit = pallet_portfolio_margin::market_limit(fx(size));
	assert_ok!(Margin::trade_with_vault(RuntimeOrigin::signed(who), 0, PERP, fx(size), limit));
}

/// `who`'s health now, or why it is not known.
pub fn health(who: AccountId) -> Result<Fixed18, DispatchError> {
	Liquidation::health(who, 0).map_err(Into::into)
}

pub fn size_of(who: AccountId) -> Fixed18 {
	Positions::<Test>::get(who, 0).first().map_or(Fixed18::ZERO, |p| p.size)
}

/// The size of the LP vault's first position.
pub fn vault_size() -> Fixed18 {
	pallet_portfolio_margin::VaultPositions::<Test>::get()
		.first()
		.map_or(Fixed18::ZERO, |p| p.size)
}

pub fn params() -> LiquidationParams {
	Params::<Test>::get()
}

/// `a` and `b` agree to 10⁻¹² (rounding of 18-decimal products).
#[track_caller]
pub fn assert_close(a: i128, b: i128) {
	assert!((a - b).abs() < 1_000_000, "{a} is not {b}");
}
