//! Weights of the pallet's calls.
//!
//! The runtime uses the weights `ballast-node benchmark pallet --pallet pallet_risk_timelock`
//! measured (`runtime/src/weights/pallet_risk_timelock.rs`); the `()` implementation, for tests
//! and other runtimes, uses the same measurements with ParityDB's storage costs.

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
		Weight::from_parts(40_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn cancel() -> Weight {
		Weight::from_parts(30_000_000, 10_000)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn enact() -> Weight {
		Weight::from_parts(15_000_000, 3_500)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn set_delay() -> Weight {
		Weight::from_parts(8_000_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
}
