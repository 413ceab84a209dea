//! Weights measured with `ballast-node benchmark pallet` on this project's machine.

pub mod pallet_liquidation;
pub mod pallet_oracle;
pub mod pallet_portfolio_margin;
pub mod pallet_restaking;
pub mod pallet_risk_timelock;
pub mod pallet_shared_collateral;

use ::pallet_portfolio_margin::WeightInfo as _;
use frame_support::{traits::Get, weights::Weight};

type Collateral = pallet_shared_collateral::WeightInfo<crate::Runtime>;
type Margin = pallet_portfolio_margin::WeightInfo<crate::Runtime>;

/// The collateral pallet's measured weights plus what its calls ask of the margin engine: the
/// collateral benchmarks cannot open positions (the pallets do not know each other), so the
/// margin engine's own measurement of a margin check on a full portfolio is added where the
/// call asks `MarginEngine::margin` (once per call).
pub struct CollateralWithMargin;

fn margin_check() -> Weight {
	Margin::margin_check(<crate::Runtime as ::pallet_portfolio_margin::Config>::MaxPositions::get())
}

impl ::pallet_shared_collateral::WeightInfo for CollateralWithMargin {
	fn register_asset() -> Weight {
		Collateral::register_asset()
	}
	fn update_asset() -> Weight {
		Collateral::update_asset()
	}
	fn set_unrealized_profit_haircut() -> Weight {
		Collateral::set_unrealized_profit_haircut()
	}
	fn open_subaccount() -> Weight {
		Collateral::open_subaccount()
	}
	fn deposit() -> Weight {
		Collateral::deposit()
	}
	fn withdraw() -> Weight {
		Collateral::withdraw().saturating_add(margin_check())
	}
	fn transfer() -> Weight {
		Collateral::transfer().saturating_add(margin_check())
	}
	fn vault_deposit() -> Weight {
		Collateral::vault_deposit().saturating_add(margin_check())
	}
	fn vault_request_withdrawal() -> Weight {
		Collateral::vault_request_withdrawal()
	}
	fn vault_cancel_withdrawal() -> Weight {
		Collateral::vault_cancel_withdrawal()
	}
	fn vault_withdraw() -> Weight {
		Collateral::vault_withdraw().saturating_add(margin_check())
	}
	fn set_insurance_fee_share() -> Weight {
		Collateral::set_insurance_fee_share()
	}
	fn fund_insurance() -> Weight {
		Collateral::fund_insurance()
	}
	fn set_lease_fee_share() -> Weight {
		Collateral::set_lease_fee_share()
	}
}
