//! Benchmarks of the calls, in the runtime's own scheduler and preimage pallets.

use super::*;
use alloc::{boxed::Box, vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, IsType};

/// The runtime's origin.
type SystemOrigin<T> = <T as frame_system::Config>::RuntimeOrigin;

fn remark<T: Config>() -> Box<CallOf<T>>
where
	CallOf<T>: From<frame_system::Call<T>>,
{
	// A call larger than the scheduler keeps inline: the costlier, preimage-backed path.
	Box::new(frame_system::Call::<T>::remark { remark: vec![1u8; 256] }.into())
}

fn fill<T: Config>()
where
	CallOf<T>: From<frame_system::Call<T>>,
{
	let origin = T::ProposeOrigin::try_successful_origin().expect("the propose origin");
	for _ in 1..T::MaxPending::get() {
		Pallet::<T>::schedule(origin.clone(), remark::<T>()).expect("room for the change");
	}
}

#[benchmarks(where CallOf<T>: From<frame_system::Call<T>>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn schedule() -> Result<(), BenchmarkError> {
		fill::<T>();
		let origin =
			T::ProposeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let id = NextChangeId::<T>::get();
		#[extrinsic_call]
		_(origin as SystemOrigin<T>, remark::<T>());
		assert!(Pending::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		fill::<T>();
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let id = NextChangeId::<T>::get().saturating_sub(1);
		#[extrinsic_call]
		_(origin as SystemOrigin<T>, id);
		assert!(!Pending::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn enact() -> Result<(), BenchmarkError> {
		fill::<T>();
		let id = NextChangeId::<T>::get().saturating_sub(1);
		let origin: <T as Config>::RuntimeOrigin = Origin::Timelocked.into();
		let call = Box::new(frame_system::Call::<T>::remark { remark: vec![] }.into());
		#[extrinsic_call]
		_(origin.into_ref().clone(), id, call);
		assert!(!Pending::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_delay() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let delay = T::MaxDelay::get();
		#[extrinsic_call]
		_(origin as SystemOrigin<T>, delay);
		assert_eq!(Delay::<T>::get(), delay);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(5), crate::mock::Test);
}
