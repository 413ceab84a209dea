//! Placeholder until `ballast-node benchmark pallet --pallet pallet_risk_timelock` writes this file.

use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weights for `pallet_risk_timelock`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_risk_timelock::WeightInfo for WeightInfo<T> {
	fn schedule() -> Weight {
		<() as pallet_risk_timelock::WeightInfo>::schedule()
	}
	fn cancel() -> Weight {
		<() as pallet_risk_timelock::WeightInfo>::cancel()
	}
	fn enact() -> Weight {
		<() as pallet_risk_timelock::WeightInfo>::enact()
	}
	fn set_delay() -> Weight {
		<() as pallet_risk_timelock::WeightInfo>::set_delay()
	}
}
