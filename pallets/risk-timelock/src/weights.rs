//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_risk_timelock`
//! measured (`runtime/src/weights/pallet_risk_timelock.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs
//! (`--steps 10 --repeat 5`).

use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of the calls.
pub trait WeightInfo {
	/// `schedule`.
	fn schedule() -> Weight;
	/// `cancel`.
	fn cancel() -> Weight;
	/// `enact`, without the change's own call.
	fn enact() -> Weight;
	/// `set_delay`.
	fn set_delay() -> Weight;
}

impl WeightInfo for () {
	fn schedule() -> Weight {
		Weight::from_parts(95_546_000, 0)
			.saturating_add(Weight::from_parts(0, 13928))
			.saturating_add(ParityDbWeight::get().reads(8))
			.saturating_add(ParityDbWeight::get().writes(7))
	}
	fn cancel() -> Weight {
		Weight::from_parts(113_402_000, 0)
			.saturating_add(Weight::from_parts(0, 13928))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn enact() -> Weight {
		Weight::from_parts(38_280_000, 0)
			.saturating_add(Weight::from_parts(0, 3550))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn set_delay() -> Weight {
		Weight::from_parts(11_870_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
}
