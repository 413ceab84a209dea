//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_liquidation`
//! measured (`runtime/src/weights/pallet_liquidation.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 3 --repeat 2`, `p` up to 120 option positions, `c` up to 8 counterparties).

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
	/// One step of auto-deleveraging from the queue: ranking `c` counterparties holding the
	/// opposite of 8 legs each, then closing the legs against them.
	fn deleverage_step(c: u32) -> Weight;
	/// Authorizing a keeper's liquidation of a subaccount with `p` positions.
	fn authorize_keeper(p: u32) -> Weight;
	/// One queued item in `on_initialize` (the costliest: the vault taking `p` positions).
	fn process_item(p: u32) -> Weight;
	/// `collect_debt`: selling every collateral asset of a subaccount (at most `MaxAssets`).
	fn collect_debt() -> Weight;
}

impl WeightInfo for () {
	fn set_params() -> Weight {
		Weight::from_parts(14_980_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(30_099_000, 0)
			.saturating_add(Weight::from_parts(0, 3525))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(197_875_333, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(Weight::from_parts(128_393_820, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(24))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(11))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(182_084_515, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(443_102_693, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(24))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(11))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn deleverage_step(c: u32) -> Weight {
		Weight::from_parts(300_000_000, 0)
			.saturating_add(Weight::from_parts(0, 20000))
			.saturating_add(Weight::from_parts(4_000_000_000, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().reads((40_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(20))
			.saturating_add(ParityDbWeight::get().writes((24_u64).saturating_mul(c.into())))
			.saturating_add(Weight::from_parts(0, 30000).saturating_mul(c.into()))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(164_841_833, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(Weight::from_parts(129_281_504, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(16))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(270_462_448, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(462_386_382, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(25))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(16))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn collect_debt() -> Weight {
		Weight::from_parts(250_000_000, 0)
			.saturating_add(Weight::from_parts(0, 12000))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().writes(14))
	}
}
