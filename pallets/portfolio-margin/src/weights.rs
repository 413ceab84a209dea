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
		Weight::from_parts(883_338_000, 0)
			.saturating_add(Weight::from_parts(0, 327876))
			.saturating_add(ParityDbWeight::get().reads(129))
			.saturating_add(ParityDbWeight::get().writes(127))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(61_907_000, 0)
			.saturating_add(Weight::from_parts(0, 3907))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(218_759_785, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(141_032_517, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(59_693_807, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(186_592_040, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(39))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(12))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn margin_check(p: u32) -> Weight {
		Weight::from_parts(901_852_581, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(148_230_368, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(31))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn sample_settlement(k: u32) -> Weight {
		Weight::from_parts(82_448_000, 0)
			.saturating_add(Weight::from_parts(0, 3907))
			.saturating_add(Weight::from_parts(55_242_115, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 2524).saturating_mul(k.into()))
	}
	fn settle_expired(n: u32) -> Weight {
		Weight::from_parts(409_119_239, 0)
			.saturating_add(Weight::from_parts(0, 3640))
			.saturating_add(Weight::from_parts(79_119_239, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(6))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn refresh_deltas(k: u32) -> Weight {
		Weight::from_parts(48_178_006, 0)
			.saturating_add(Weight::from_parts(0, 6014))
			.saturating_add(Weight::from_parts(37_530_130, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(2))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 3512).saturating_mul(k.into()))
	}
	fn match_orders(p: u32) -> Weight {
		Weight::from_parts(1_982_264_211, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(159_455_282, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(48))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(19))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(14_170_000, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn prune_orders(n: u32) -> Weight {
		Weight::from_parts(16_746_629, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(Weight::from_parts(5_739_732, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(n.into()))
	}
}
