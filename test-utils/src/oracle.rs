//! A settable oracle: values published at the test clock's time, republished each block (as
//! the validators' feeders would) unless frozen, when they go stale.

use crate::{clock::now, fx};
use ballast_primitives::{fixed::Fixed18, traits::PriceFeed, FeedKey, FeedKind, Moment};
use core::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
	static PRICES: RefCell<BTreeMap<FeedKey, (u128, Moment)>> = RefCell::new(BTreeMap::new());
	static FROZEN: RefCell<bool> = const { RefCell::new(false) };
}

/// The test oracle as the pallets read it.
pub struct TestPriceFeed;
impl PriceFeed for TestPriceFeed {
	fn latest(feed: FeedKey) -> Option<(u128, Moment)> {
		PRICES.with(|p| p.borrow().get(&feed).copied())
	}
	fn now() -> Moment {
		now()
	}
}

/// Publishes one feed's value now.
pub fn publish_feed(feed: FeedKey, value: u128) {
	let at = now();
	PRICES.with(|p| p.borrow_mut().insert(feed, (value, at)));
}

/// Publishes spot and implied volatility of `underlying` now.
pub fn publish(underlying: u32, spot: Fixed18, vol: Fixed18) {
	publish_feed(FeedKey { underlying, kind: FeedKind::Spot }, spot.0 as u128);
	publish_feed(FeedKey { underlying, kind: FeedKind::ImpliedVol }, vol.0 as u128);
}

/// Publishes BTC spot and volatility now (decimal strings).
pub fn set_market(spot: &str, vol: &str) {
	publish(crate::BTC, fx(spot), fx(vol));
}

/// Stops (`true`) or resumes the republishing of each block: stopped, prices go stale once
/// older than the pallets' maximum age. Resuming republishes at once.
pub fn freeze_oracle(frozen: bool) {
	FROZEN.with(|f| *f.borrow_mut() = frozen);
	if !frozen {
		republish();
	}
}

/// What the feeders do each block: every last value again at the current time (nothing while
/// frozen).
pub fn republish() {
	if FROZEN.with(|f| *f.borrow()) {
		return;
	}
	let at = now();
	PRICES.with(|p| p.borrow_mut().values_mut().for_each(|v| v.1 = at));
}

/// No prices, not frozen.
pub(crate) fn reset() {
	PRICES.with(|p| p.borrow_mut().clear());
	FROZEN.with(|f| *f.borrow_mut() = false);
}
