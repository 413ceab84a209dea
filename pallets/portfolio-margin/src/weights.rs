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
		Weight::from_parts(2_882_027_000, 0)
			.saturating_add(Weight::from_parts(0, 327876))
			.saturating_add(ParityDbWeight::get().reads(382))
			.saturating_add(ParityDbWeight::get().writes(254))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(58_717_000, 0)
			.saturating_add(Weight::from_parts(0, 3907))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(296_801_463, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(137_772_258, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(32))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(764_275_762, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(195_803_541, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(41))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(12))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn margin_check(p: u32) -> Weight {
		Weight::from_parts(479_210_347, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(135_530_612, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(33))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn sample_settlement(k: u32) -> Weight {
		Weight::from_parts(31_951_698, 0)
			.saturating_add(Weight::from_parts(0, 6014))
			.saturating_add(Weight::from_parts(47_566_171, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(8))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 2524).saturating_mul(k.into()))
	}
	fn settle_expired(n: u32) -> Weight {
		Weight::from_parts(91_424_875, 0)
			.saturating_add(Weight::from_parts(0, 3640))
			.saturating_add(Weight::from_parts(73_691_061, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(6))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn refresh_deltas(k: u32) -> Weight {
		Weight::from_parts(31_984_966, 0)
			.saturating_add(Weight::from_parts(0, 3493))
			.saturating_add(Weight::from_parts(43_394_681, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((8_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 5024).saturating_mul(k.into()))
	}
	fn match_orders(p: u32) -> Weight {
		Weight::from_parts(1_265_156_275, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(190_334_561, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(50))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(19))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(13_831_000, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn prune_orders(n: u32) -> Weight {
		Weight::from_parts(15_738_807, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(Weight::from_parts(5_374_469, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(n.into()))
	}
}
