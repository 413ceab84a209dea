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
		Weight::from_parts(9_511_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_breaker() -> Weight {
		Weight::from_parts(22_644_000, 0)
			.saturating_add(Weight::from_parts(0, 3525))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn liquidate(p: u32) -> Weight {
		Weight::from_parts(237_088_100, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(137_478_070, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(38))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn bid(p: u32) -> Weight {
		Weight::from_parts(283_440_252, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(671_107_224, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(49))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(19))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn deleverage_step(c: u32) -> Weight {
		Weight::from_parts(5_286_778_291, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(1_157_734_542, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(84))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(48))
			.saturating_add(Weight::from_parts(0, 20312).saturating_mul(c.into()))
	}
	fn deleverage_excess_step(c: u32) -> Weight {
		Weight::from_parts(10_030_808_722, 0)
			.saturating_add(Weight::from_parts(0, 29086))
			.saturating_add(Weight::from_parts(95_685_517, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(88))
			.saturating_add(ParityDbWeight::get().reads((12_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(42))
			.saturating_add(Weight::from_parts(0, 20312).saturating_mul(c.into()))
	}
	fn authorize_keeper(p: u32) -> Weight {
		Weight::from_parts(194_347_399, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(139_527_886, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(36))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn keeper_scan(n: u32) -> Weight {
		Weight::from_parts(196_390_000, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(109_892_610, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().reads((7_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn process_item(p: u32) -> Weight {
		Weight::from_parts(547_686_371, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(511_839_955, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(48))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(14))
			.saturating_add(ParityDbWeight::get().writes((5_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(p.into()))
	}
	fn collect_debt() -> Weight {
		Weight::from_parts(610_200_000, 0)
			.saturating_add(Weight::from_parts(0, 21486))
			.saturating_add(ParityDbWeight::get().reads(51))
			.saturating_add(ParityDbWeight::get().writes(17))
	}
}
