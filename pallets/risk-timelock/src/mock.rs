//! A test runtime: the real scheduler and preimage pallets, and a stand-in risk pallet whose
//! one parameter changes only through root or the timelock.

use crate as pallet_risk_timelock;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, EitherOfDiverse, EqualPrivilegeOnly},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Preimage: pallet_preimage,
		Scheduler: pallet_scheduler,
		Timelock: pallet_risk_timelock,
		Risk: risk_params,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

parameter_types! {
	pub MaxSchedulerWeight: Weight = Weight::from_parts(2_000_000_000_000, u64::MAX);
	pub MaxCallWeight: Weight = Weight::from_parts(1_000_000_000_000, u64::MAX);
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaxSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<10>;
	type WeightInfo = ();
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Stands in for the council: 1 may propose, 2 may cancel.
pub const COUNCIL: AccountId = 1;
pub const VETO: AccountId = 2;
pub const STRANGER: AccountId = 3;
ord_parameter_types! {
	pub const Council: AccountId = COUNCIL;
	pub const Veto: AccountId = VETO;
}

/// Root or a change whose delay has passed.
pub type RiskOrigin = EitherOfDiverse<EnsureRoot<AccountId>, crate::EnsureTimelocked>;

impl pallet_risk_timelock::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type ProposeOrigin = EnsureSignedBy<Council, AccountId>;
	type CancelOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureSignedBy<Veto, AccountId>>;
	type AdminOrigin = RiskOrigin;
	type MinDelay = ConstU64<2>;
	type MaxDelay = ConstU64<1_000>;
	type DefaultDelay = ConstU64<10>;
	type MaxPending = ConstU32<3>;
	type MaxCallWeight = MaxCallWeight;
	type WeightInfo = ();
}
use frame_support::traits::ConstU64;

impl risk_params::Config for Test {
	type RiskOrigin = RiskOrigin;
}

/// A risk parameter: a haircut in [0, 1) parts per million.
#[frame_support::pallet(dev_mode)]
pub mod risk_params {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		type RiskOrigin: EnsureOrigin<Self::RuntimeOrigin>;
	}

	#[pallet::storage]
	pub type Haircut<T> = StorageValue<_, u32, ValueQuery>;

	#[pallet::error]
	pub enum Error<T> {
		/// Not in [0, 1).
		InvalidHaircut,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		#[pallet::call_index(0)]
		#[pallet::weight(Weight::from_parts(1_000_000, 0))]
		pub fn set_haircut(origin: OriginFor<T>, ppm: u32) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			ensure!(ppm < 1_000_000, Error::<T>::InvalidHaircut);
			Haircut::<T>::put(ppm);
			Ok(())
		}

		#[pallet::call_index(1)]
		#[pallet::weight(Weight::from_parts(u64::MAX / 2, 0))]
		pub fn heavy(origin: OriginFor<T>) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Ok(())
		}
	}
}

/// A fresh chain at block 1 with the given delay.
pub fn new_test_ext(delay: u64) -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_risk_timelock::GenesisConfig::<Test> { delay: Some(delay) }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs the blocks up to `n`, the scheduler's agenda in each, and `try_state` after each.
pub fn run_to(n: u64) {
	use frame_support::traits::{OnFinalize, OnInitialize};
	while System::block_number() < n {
		let next = System::block_number() + 1;
		Scheduler::on_finalize(next - 1);
		System::set_block_number(next);
		Scheduler::on_initialize(next);
		Timelock::do_try_state().expect("try_state");
	}
}
