//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_liquidation`
//! measured (`runtime/src/weights/pallet_liquidation.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs.

use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of the calls.
pub trait WeightInfo {
	/// `set_params`.
	fn set_params() -> Weight;
	/// `set_breaker`.
	fn set_breaker() -> Weight;
	/// `liquidate` of a subaccount with `p` positions (starting its auction).
	fn liquidate(p: u32) -> Weight;
	/// `bid` for part of a portfolio of `p` positions.
	fn bid(p: u32) -> Weight;
	/// `deleverage` of `p` positions against `c` counterparties.
	fn deleverage(c: u32, p: u32) -> Weight;
	/// Authorizing a keeper's liquidation of a subaccount with `p` positions.
	fn authorize_keeper(p: u32) -> Weight;
	/// One queued item in `on_initialize` (the costliest: the vault taking `p` positions).
	fn process_item(p: u32) -> Weight;
}

impl WeightInfo for () {
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(15_000_000, 0)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(300_000_000, 10_000)
			.saturating_add(Weight::from_parts(140_000_000, 4_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(20))
			.saturating_add(ParityDbWeight::get().writes(10))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(500_000_000, 20_000)
			.saturating_add(Weight::from_parts(600_000_000, 8_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().writes(20))
	}
	fn deleverage(c: u32, p: u32) -> Weight {
		Weight::from_parts(500_000_000, 20_000)
			.saturating_add(Weight::from_parts(600_000_000, 8_000).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(300_000_000, 8_000).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().writes(20))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(200_000_000, 10_000)
			.saturating_add(Weight::from_parts(140_000_000, 4_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(10))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(500_000_000, 20_000)
			.saturating_add(Weight::from_parts(600_000_000, 8_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().writes(20))
	}
}
