//! Weights of the pallet's calls.
//!
//! The runtime uses the weights that `ballast-node benchmark pallet --pallet
//! pallet_shared_collateral` measured (`runtime/src/weights/pallet_shared_collateral.rs`). The
//! `()` implementation here, for tests and other runtimes, uses the same measurements with
//! ParityDB's storage costs. `withdraw`, `transfer`, `vault_deposit` and `vault_withdraw` were
//! measured with the runtime's margin engine, which is `()` until pallet-portfolio-margin lands:
//! measure them again then.

use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of the calls.
pub trait WeightInfo {
	/// `register_asset`.
	fn register_asset() -> Weight;
	/// `update_asset`.
	fn update_asset() -> Weight;
	/// `set_unrealized_profit_haircut`.
	fn set_unrealized_profit_haircut() -> Weight;
	/// `open_subaccount`.
	fn open_subaccount() -> Weight;
	/// `deposit`.
	fn deposit() -> Weight;
	/// `withdraw`.
	fn withdraw() -> Weight;
	/// `transfer`.
	fn transfer() -> Weight;
	/// `vault_deposit`.
	fn vault_deposit() -> Weight;
	/// `vault_request_withdrawal`.
	fn vault_request_withdrawal() -> Weight;
	/// `vault_cancel_withdrawal`.
	fn vault_cancel_withdrawal() -> Weight;
	/// `vault_withdraw`.
	fn vault_withdraw() -> Weight;
	/// `set_insurance_fee_share`.
	fn set_insurance_fee_share() -> Weight;
	/// `fund_insurance`.
	fn fund_insurance() -> Weight;
	/// `set_lease_fee_share`.
	fn set_lease_fee_share() -> Weight;
}

/// The measured weights with ParityDB storage costs (`benchmark pallet --chain dev --steps 2
/// --repeat 20`; see `runtime/src/weights/pallet_shared_collateral.rs` for the measurement).
impl WeightInfo for () {
	fn register_asset() -> Weight {
		Weight::from_parts(36_934_000, 3675)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn update_asset() -> Weight {
		Weight::from_parts(23_153_000, 3518)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_unrealized_profit_haircut() -> Weight {
		Weight::from_parts(7_655_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn open_subaccount() -> Weight {
		Weight::from_parts(15_990_000, 3528)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn deposit() -> Weight {
		Weight::from_parts(353_304_000, 43966)
			.saturating_add(ParityDbWeight::get().reads(55))
			.saturating_add(ParityDbWeight::get().writes(9))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(117_673_000, 6208)
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn transfer() -> Weight {
		Weight::from_parts(66_135_000, 6114)
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn vault_deposit() -> Weight {
		Weight::from_parts(92_957_000, 6208)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn vault_request_withdrawal() -> Weight {
		Weight::from_parts(25_429_000, 3533)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn vault_cancel_withdrawal() -> Weight {
		Weight::from_parts(23_661_000, 3533)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn vault_withdraw() -> Weight {
		Weight::from_parts(93_447_000, 6208)
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn set_insurance_fee_share() -> Weight {
		Weight::from_parts(7_857_000, 0).saturating_add(ParityDbWeight::get().writes(1))
	}
	fn fund_insurance() -> Weight {
		Weight::from_parts(84_571_000, 6208)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn set_lease_fee_share() -> Weight {
		Weight::from_parts(9_000_000, 0)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
}
