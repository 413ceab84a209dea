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
		Weight::from_parts(54_225_000, 0)
			.saturating_add(Weight::from_parts(0, 3675))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn update_asset() -> Weight {
		Weight::from_parts(33_760_000, 0)
			.saturating_add(Weight::from_parts(0, 3605))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_unrealized_profit_haircut() -> Weight {
		Weight::from_parts(8_553_000, 0)
			.saturating_add(Weight::from_parts(0, 0))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn open_subaccount() -> Weight {
		Weight::from_parts(16_782_000, 0)
			.saturating_add(Weight::from_parts(0, 3523))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn deposit() -> Weight {
		Weight::from_parts(383_990_000, 0)
			.saturating_add(Weight::from_parts(0, 43966))
			.saturating_add(ParityDbWeight::get().reads(57))
			.saturating_add(ParityDbWeight::get().writes(10))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(358_638_000, 0)
			.saturating_add(Weight::from_parts(0, 43966))
			.saturating_add(ParityDbWeight::get().reads(57))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn transfer() -> Weight {
		Weight::from_parts(100_460_000, 0)
			.saturating_add(Weight::from_parts(0, 10181))
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn vault_deposit() -> Weight {
		Weight::from_parts(193_592_000, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(ParityDbWeight::get().reads(29))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn vault_request_withdrawal() -> Weight {
		Weight::from_parts(29_713_000, 0)
			.saturating_add(Weight::from_parts(0, 3537))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn vault_cancel_withdrawal() -> Weight {
		Weight::from_parts(27_327_000, 0)
			.saturating_add(Weight::from_parts(0, 3537))
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn vault_withdraw() -> Weight {
		Weight::from_parts(196_141_000, 0)
			.saturating_add(Weight::from_parts(0, 13630))
			.saturating_add(ParityDbWeight::get().reads(31))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn set_insurance_fee_share() -> Weight {
		Weight::from_parts(14_309_000, 0)
			.saturating_add(Weight::from_parts(0, 1489))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn set_lease_fee_share() -> Weight {
		Weight::from_parts(15_078_000, 0)
			.saturating_add(Weight::from_parts(0, 1489))
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn fund_insurance() -> Weight {
		Weight::from_parts(87_469_000, 0)
			.saturating_add(Weight::from_parts(0, 6208))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
}
