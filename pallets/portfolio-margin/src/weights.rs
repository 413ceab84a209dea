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
		Weight::from_parts(4_048_012_000, 0)
			.saturating_add(Weight::from_parts(0, 327876))
			.saturating_add(ParityDbWeight::get().reads(382))
			.saturating_add(ParityDbWeight::get().writes(254))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(95_838_000, 0)
			.saturating_add(Weight::from_parts(0, 3907))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(702_787_616, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(202_912_521, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(30))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(1_123_113_220, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(259_520_653, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(39))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(12))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn margin_check(p: u32) -> Weight {
		Weight::from_parts(2_558_776_645, 0)
			.saturating_add(Weight::from_parts(0, 16062))
			.saturating_add(Weight::from_parts(139_779_588, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(31))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn sample_settlement(k: u32) -> Weight {
		Weight::from_parts(329_833_845, 0)
			.saturating_add(Weight::from_parts(0, 3907))
			.saturating_add(Weight::from_parts(42_853_743, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 2524).saturating_mul(k.into()))
	}
	fn settle_expired(n: u32) -> Weight {
		Weight::from_parts(16_086_993, 0)
			.saturating_add(Weight::from_parts(0, 3640))
			.saturating_add(Weight::from_parts(115_571_491, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(6))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 9191).saturating_mul(n.into()))
	}
	fn refresh_deltas(k: u32) -> Weight {
		Weight::from_parts(46_267_423, 0)
			.saturating_add(Weight::from_parts(0, 3493))
			.saturating_add(Weight::from_parts(64_449_572, 0).saturating_mul(k.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((8_u64).saturating_mul(k.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(k.into())))
			.saturating_add(Weight::from_parts(0, 5024).saturating_mul(k.into()))
	}
	fn match_orders(p: u32) -> Weight {
		Weight::from_parts(3_599_850_231, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(195_624_948, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(48))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(19))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3484).saturating_mul(p.into()))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(26_598_000, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn prune_orders(n: u32) -> Weight {
		Weight::from_parts(29_259_014, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(Weight::from_parts(8_043_119, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(n.into()))
	}
}
