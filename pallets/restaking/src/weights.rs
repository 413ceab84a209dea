//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_restaking`
//! measured (`runtime/src/weights/pallet_restaking.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 10 --repeat 10`; `s` signatures up to 16, `m` messages up to 32, 256 outbound
//! messages, `n` feed values up to 16 and `m` session members up to 100).

use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of the calls.
pub trait WeightInfo {
	/// `submit_attestation` with `s` signatures and `m` messages.
	fn submit_attestation(s: u32, m: u32) -> Weight;
	/// `opt_in` / `opt_out`.
	fn opt_in() -> Weight;
	/// `set_params`.
	fn set_params() -> Weight;
	/// `cancel_slash`.
	fn cancel_slash() -> Weight;
	/// Reporting one offence (from pallet-offences or the oracle watch).
	fn report() -> Weight;
	/// Sealing a block's `m` outbound messages under their root.
	fn seal_outbound(m: u32) -> Weight;
	/// Taking the security budget's snapshot with a full active set.
	fn refresh_security() -> Weight;
	/// `report_block_equivocation`: two seals, a key-ownership proof, the offence reported.
	fn report_block_equivocation() -> Weight;
	/// `feed_values` with `n` values and `m` session members with fresh values.
	fn feed_values(n: u32, m: u32) -> Weight;
	/// `report_offence` (the risk council's report).
	fn report_offence() -> Weight;
}

impl WeightInfo for () {
	fn submit_attestation(s: u32, m: u32) -> Weight {
		Weight::from_parts(329_089_860, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(Weight::from_parts(47_400_024, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(46_994_260, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(29))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((7_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 3034).saturating_mul(m.into()))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(26_220_000, 0)
			.saturating_add(Weight::from_parts(0, 4050))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_params() -> Weight {
		Weight::from_parts(111_484_000, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(ParityDbWeight::get().reads(19))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn cancel_slash() -> Weight {
		Weight::from_parts(57_490_000, 0)
			.saturating_add(Weight::from_parts(0, 4024))
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn report() -> Weight {
		Weight::from_parts(79_280_000, 0)
			.saturating_add(Weight::from_parts(0, 4024))
			.saturating_add(ParityDbWeight::get().reads(10))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn report_offence() -> Weight {
		Weight::from_parts(68_712_000, 0)
			.saturating_add(Weight::from_parts(0, 4024))
			.saturating_add(ParityDbWeight::get().reads(10))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn seal_outbound(m: u32) -> Weight {
		Weight::from_parts(53_559_504, 0)
			.saturating_add(Weight::from_parts(0, 3887))
			.saturating_add(Weight::from_parts(6_266_284, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(m.into())))
			.saturating_add(ParityDbWeight::get().writes(6))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2544).saturating_mul(m.into()))
	}
	fn refresh_security() -> Weight {
		Weight::from_parts(2_328_778_000, 0)
			.saturating_add(Weight::from_parts(0, 304390))
			.saturating_add(ParityDbWeight::get().reads(220))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn report_block_equivocation() -> Weight {
		Weight::from_parts(431_014_000, 0)
			.saturating_add(Weight::from_parts(0, 4267))
			.saturating_add(ParityDbWeight::get().reads(14))
			.saturating_add(ParityDbWeight::get().writes(7))
	}
	fn feed_values(n: u32, m: u32) -> Weight {
		Weight::from_parts(832_980_000, 0)
			.saturating_add(Weight::from_parts(0, 123486))
			.saturating_add(Weight::from_parts(296_731_990, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(55_105_150, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(95))
			.saturating_add(ParityDbWeight::get().reads((35_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(m.into())))
			.saturating_add(ParityDbWeight::get().writes(2))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 14364).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(0, 86510).saturating_mul(n.into()))
	}
}
