//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_liquidation`
//! measured (`runtime/src/weights/pallet_liquidation.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 10 --repeat 10`, `p` up to 120 option positions, `c` up to 27 counterparties of 8
//! legs each, `n` up to 500 holders of one option each).

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
	/// The keeper's offchain scan of `n` holders (time a validator spends, not block weight).
	fn keeper_scan(n: u32) -> Weight;
}

impl WeightInfo for () {
	fn set_params() -> Weight {
		Weight::from_parts(23_645_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(49_021_000, 0)
			.saturating_add(Weight::from_parts(0, 3525))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(1_101_462_820, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(242_729_694, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(36))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(543_174_167, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(1_181_503_471, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(45))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(16))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn deleverage_step(c: u32) -> Weight {
		Weight::from_parts(9_312_970_968, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(2_187_844_457, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(73))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(40))
			.saturating_add(Weight::from_parts(0, 20304).saturating_mul(c.into()))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(42_397_601, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(285_906_640, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(34))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn keeper_scan(n: u32) -> Weight {
		Weight::from_parts(369_413_000, 0)
			.saturating_add(Weight::from_parts(0, 16196))
			.saturating_add(Weight::from_parts(227_496_066, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(29))
			.saturating_add(ParityDbWeight::get().reads((7_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9200).saturating_mul(n.into()))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(2_036_208_234, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(721_535_174, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(44))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(13))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn collect_debt() -> Weight {
		Weight::from_parts(1_102_638_000, 0)
			.saturating_add(Weight::from_parts(0, 21486))
			.saturating_add(ParityDbWeight::get().reads(42))
			.saturating_add(ParityDbWeight::get().writes(11))
	}
}
