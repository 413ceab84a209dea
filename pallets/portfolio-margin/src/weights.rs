//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_portfolio_margin`
//! measured (`runtime/src/weights/pallet_portfolio_margin.rs`); the `()` implementation, for
//! tests and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 5 --repeat 5`, `p` up to 126: two perpetuals are listed at genesis).

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
	/// Computing the margin of a subaccount with `p` positions after an oracle update (no
	/// call of its own: what `MarginEngine` costs its callers).
	fn margin_check(p: u32) -> Weight;
	/// `match_orders` between subaccounts with up to `p` positions.
	fn match_orders(p: u32) -> Weight;
	/// `cancel_order`.
	fn cancel_order() -> Weight;
	/// `prune_orders` of `n` keys.
	fn prune_orders(n: u32) -> Weight;
	/// Settlement in `on_initialize`: `k` instruments' windows sampled, each recording its price.
	fn sample_settlement(k: u32) -> Weight;
	/// Settlement in `on_initialize`: `n` expired positions settled.
	fn settle_expired(n: u32) -> Weight;
	/// Open interest in `on_initialize`: `k` options' deltas re-measured.
	fn refresh_deltas(k: u32) -> Weight;
}

impl WeightInfo for () {
	fn set_underlying() -> Weight {
		Weight::from_parts(1_715_378_000, 0)
			.saturating_add(Weight::from_parts(0, 327876))
			.saturating_add(ParityDbWeight::get().reads(129))
			.saturating_add(ParityDbWeight::get().writes(127))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(123_652_000, 0)
			.saturating_add(Weight::from_parts(0, 3891))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(429_535_000, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(272_557_201, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(520_013_146, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(333_696_273, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(38))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(11))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn margin_check(p: u32) -> Weight {
		Weight::from_parts(562_786_000, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(283_881_531, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(31))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn sample_settlement(k: u32) -> Weight {
		Weight::from_parts(123_391_000, 0)
			.saturating_add(Weight::from_parts(0, 3891))
			.saturating_add(Weight::from_parts(62_965_906, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(3))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 2524).saturating_mul(k.into()))
	}
	fn settle_expired(n: u32) -> Weight {
		Weight::from_parts(98_364_931, 0)
			.saturating_add(Weight::from_parts(0, 3640))
			.saturating_add(Weight::from_parts(127_154_342, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(8))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(5))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn refresh_deltas(k: u32) -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().reads((7_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(2))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(k.into())))
	}
	fn match_orders(p: u32) -> Weight {
		Weight::from_parts(3_473_539_751, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(252_333_578, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(47))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(18))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(30_667_000, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn prune_orders(n: u32) -> Weight {
		Weight::from_parts(29_665_285, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(Weight::from_parts(9_843_493, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(n.into()))
	}
}
