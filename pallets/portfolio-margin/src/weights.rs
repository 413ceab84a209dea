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
	/// `record_settlement`.
	fn record_settlement() -> Weight;
	/// `settle_position`.
	fn settle_position() -> Weight;
}

impl WeightInfo for () {
	fn set_underlying() -> Weight {
		Weight::from_parts(11_794_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn list_instrument() -> Weight {
		Weight::from_parts(41_251_000, 0)
			.saturating_add(Weight::from_parts(0, 3851))
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn set_margin_method(p: u32) -> Weight {
		Weight::from_parts(160_726_563, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(Weight::from_parts(127_821_041, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(12))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(1))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3468).saturating_mul(p.into()))
	}
	fn trade_with_vault(p: u32) -> Weight {
		Weight::from_parts(312_745_036, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(156_065_255, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(19))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(9))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3468).saturating_mul(p.into()))
	}
	fn margin_check(p: u32) -> Weight {
		Weight::from_parts(152_373_954, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(Weight::from_parts(127_679_155, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(13))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3468).saturating_mul(p.into()))
	}
	fn record_settlement() -> Weight {
		Weight::from_parts(39_665_000, 0)
			.saturating_add(Weight::from_parts(0, 3524))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn settle_position() -> Weight {
		Weight::from_parts(113_454_000, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(ParityDbWeight::get().reads(11))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn match_orders(p: u32) -> Weight {
		Weight::from_parts(795_883_255, 0)
			.saturating_add(Weight::from_parts(0, 19372))
			.saturating_add(Weight::from_parts(146_973_116, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(28))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(14))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3468).saturating_mul(p.into()))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(14_967_000, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn prune_orders(n: u32) -> Weight {
		Weight::from_parts(17_266_166, 0)
			.saturating_add(Weight::from_parts(0, 1493))
			.saturating_add(Weight::from_parts(6_718_132, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2555).saturating_mul(n.into()))
	}
}
