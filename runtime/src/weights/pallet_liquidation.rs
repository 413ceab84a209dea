//! Placeholder until `benchmark pallet --pallet pallet_liquidation` writes this file.

use core::marker::PhantomData;
use frame_support::weights::Weight;

pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> ::pallet_liquidation::WeightInfo for WeightInfo<T> {
	fn set_params() -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::set_params()
	}
	fn set_breaker() -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::set_breaker()
	}
	fn liquidate(p: u32) -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::liquidate(p)
	}
	fn bid(p: u32) -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::bid(p)
	}
	fn deleverage(c: u32, p: u32) -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::deleverage(c, p)
	}
	fn authorize_keeper(p: u32) -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::authorize_keeper(p)
	}
	fn process_item(p: u32) -> Weight {
		<() as ::pallet_liquidation::WeightInfo>::process_item(p)
	}
}
