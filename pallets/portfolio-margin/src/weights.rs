//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_portfolio_margin`
//! measured (`runtime/src/weights/pallet_portfolio_margin.rs`); the `()` implementation, for
//! tests and other runtimes, uses the same measurements with ParityDB's storage costs.

use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of the calls.
pub trait WeightInfo {
	/// `set_underlying`.
	fn set_underlying() -> Weight;
	/// `list_instrument`.
	fn list_instrument() -> Weight;
	/// `set_margin_method` on a subaccount with `p` positions.
	fn set_margin_method(p: u32) -> Weight;
	/// `trade_with_vault` by a subaccount with `p` positions, the vault holding `p` too.
	fn trade_with_vault(p: u32) -> Weight;
	/// `record_settlement`.
	fn record_settlement() -> Weight;
	/// `settle_position`.
	fn settle_position() -> Weight;
}

impl WeightInfo for () {
	fn set_underlying() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(20_000_000, 10_000)
			.saturating_add(Weight::from_parts(500_000_000, 3_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().reads((3 * p).into()))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(Weight::from_parts(1_000_000_000, 6_000).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(20))
			.saturating_add(ParityDbWeight::get().reads((6 * p).into()))
			.saturating_add(ParityDbWeight::get().writes(12))
			.saturating_add(ParityDbWeight::get().writes(p.into()))
	}
	fn record_settlement() -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn settle_position() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads(10))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
}
