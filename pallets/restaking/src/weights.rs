//! Weights of the pallet's calls.
//!
//! Estimates until `ballast-node benchmark pallet --pallet pallet_restaking` measures them:
//! an sr25519 verification is ~50 µs in wasm; each message reads and writes an operator.

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
}

impl WeightInfo for () {
	fn submit_attestation(s: u32, m: u32) -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(60_000_000, 0).saturating_mul(s as u64))
			.saturating_add(Weight::from_parts(20_000_000, 3_000).saturating_mul(m as u64))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(3))
			.saturating_add(ParityDbWeight::get().reads_writes(2, 2).saturating_mul(m as u64))
	}
	fn opt_in() -> Weight {
		Weight::from_parts(20_000_000, 3_000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 1))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn cancel_slash() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(ParityDbWeight::get().reads_writes(2, 2))
	}
	fn report() -> Weight {
		Weight::from_parts(25_000_000, 3_000)
			.saturating_add(ParityDbWeight::get().reads_writes(5, 3))
	}
	fn seal_outbound(m: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(Weight::from_parts(8_000_000, 200).saturating_mul(m as u64))
			.saturating_add(ParityDbWeight::get().reads_writes(3, 5))
	}
}
