//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_restaking`
//! measured (`runtime/src/weights/pallet_restaking.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 5 --repeat 3`; `s` signatures up to 16, `m` messages up to 32 or 256 outbound).

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
}

impl WeightInfo for () {
	fn submit_attestation(s: u32, m: u32) -> Weight {
		Weight::from_parts(89_828_391, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(Weight::from_parts(41_586_422, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(8_572_986, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(24))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(m.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2564).saturating_mul(m.into()))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(23_069_000, 0)
			.saturating_add(Weight::from_parts(0, 4001))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_params() -> Weight {
		Weight::from_parts(75_607_000, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(ParityDbWeight::get().reads(17))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn cancel_slash() -> Weight {
		Weight::from_parts(22_056_000, 0)
			.saturating_add(Weight::from_parts(0, 3538))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn report() -> Weight {
		Weight::from_parts(30_670_000, 0)
			.saturating_add(Weight::from_parts(0, 3554))
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn seal_outbound(m: u32) -> Weight {
		Weight::from_parts(41_054_287, 0)
			.saturating_add(Weight::from_parts(0, 15055))
			.saturating_add(Weight::from_parts(731_885, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn refresh_security() -> Weight {
		Weight::from_parts(496_392_000, 0)
			.saturating_add(Weight::from_parts(0, 257390))
			.saturating_add(ParityDbWeight::get().reads(117))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn report_block_equivocation() -> Weight {
		Weight::from_parts(208_684_000, 0)
			.saturating_add(Weight::from_parts(0, 4206))
			.saturating_add(ParityDbWeight::get().reads(12))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn feed_values(n: u32, m: u32) -> Weight {
		Weight::from_parts(60_000_000, 0)
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul((n * m).into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((m as u64 + 3).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(3))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
}
