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
	/// One step of deleveraging what the vault's caps keep it from taking: ranking `c`
	/// counterparties as above, then closing the legs at mark, each close checked against the
	/// counterparty's margin.
	fn deleverage_excess_step(c: u32) -> Weight;
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
		Weight::from_parts(12_778_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(25_148_000, 0)
			.saturating_add(Weight::from_parts(0, 3525))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(208_085_012, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(144_434_624, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(36))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(913_879_840, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(820_107_505, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(47))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(19))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn deleverage_step(c: u32) -> Weight {
		Weight::from_parts(5_854_745_953, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(1_115_600_621, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(81))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(48))
			.saturating_add(Weight::from_parts(0, 20312).saturating_mul(c.into()))
	}
	fn deleverage_excess_step(c: u32) -> Weight {
		Weight::from_parts(5_854_745_953, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(1_115_600_621, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(81))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(48))
			.saturating_add(Weight::from_parts(0, 20312).saturating_mul(c.into()))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(408_763_000, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(143_984_846, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(34))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn keeper_scan(n: u32) -> Weight {
		Weight::from_parts(1_050_090_565, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(109_765_022, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(28))
			.saturating_add(ParityDbWeight::get().reads((7_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(1_336_106_599, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(394_517_468, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(46))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(14))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn collect_debt() -> Weight {
		Weight::from_parts(643_254_000, 0)
			.saturating_add(Weight::from_parts(0, 21486))
			.saturating_add(ParityDbWeight::get().reads(49))
			.saturating_add(ParityDbWeight::get().writes(17))
	}
}
