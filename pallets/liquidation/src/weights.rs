//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_liquidation`
//! measured (`runtime/src/weights/pallet_liquidation.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 10 --repeat 10`, `p` up to 120 option positions, `c` up to 16 counterparties of 8
//! legs each).

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
		Weight::from_parts(14_887_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(34_132_000, 0)
			.saturating_add(Weight::from_parts(0, 3525))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(334_411_278, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(185_495_224, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(36))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(9_487_288_259, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(620_136_051, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(44))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(15))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn deleverage_step(c: u32) -> Weight {
		Weight::from_parts(3_854_280_244, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(1_752_120_478, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(69))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(29))
			.saturating_add(Weight::from_parts(0, 20304).saturating_mul(c.into()))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(255_165_690, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(202_611_450, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(34))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(903_750_000, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(557_929_246, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(43))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(12))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn collect_debt() -> Weight {
		Weight::from_parts(724_562_000, 0)
			.saturating_add(Weight::from_parts(0, 21486))
			.saturating_add(ParityDbWeight::get().reads(42))
			.saturating_add(ParityDbWeight::get().writes(11))
	}
	fn keeper_scan(n: u32) -> Weight {
		Weight::from_parts(457_776_000, 0).saturating_mul(n.into())
	}
}
