//! # Risk timelock
//!
//! The risk council decides; the chain waits; then the decision takes effect. A council motion
//! (at least two thirds, in Ballast's runtime) calls [`Pallet::schedule`] with the risk-parameter
//! call it wants made. The call is handed to the scheduler to run [`Delay`] blocks later as
//! [`Pallet::enact`], which dispatches it with [`Origin::Timelocked`] — an origin that only this
//! pallet's scheduled tasks carry. The runtime's risk origin is root or
//! [`EnsureTimelocked`], so no council vote reaches a risk parameter without the delay, and
//! anyone watching the chain sees every change ([`Event::Scheduled`], with the call's hash and
//! the block it takes effect) for the whole delay before it lands. Until then a council
//! majority (or root) can [`Pallet::cancel`] it.
//!
//! The delay is itself governed: [`Pallet::set_delay`] needs the admin origin (root or the
//! timelock), within `[MinDelay, MaxDelay]`; a change of the delay therefore waits the old one.
//!
//! Bounded: at most `MaxPending` changes wait at once; a call heavier than `MaxCallWeight` is
//! refused when scheduled rather than left to stall in the scheduler's agenda.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use alloc::boxed::Box;
	use codec::Encode;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			schedule::{v3::Named as ScheduleNamed, DispatchTime, Priority},
			EnsureOrigin, OriginTrait, QueryPreimage, StorePreimage,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Dispatchable, Hash, Saturating};

	/// The identifier of a scheduled change.
	pub type ChangeId = u32;

	/// The runtime's call type.
	pub type CallOf<T> = <T as Config>::RuntimeCall;

	/// The origin a scheduled change runs with.
	pub type PalletsOriginOf<T> =
		<<T as frame_system::Config>::RuntimeOrigin as OriginTrait>::PalletsOrigin;

	/// A change waiting for its delay.
	#[derive(
		Clone,
		Copy,
		Debug,
		PartialEq,
		Eq,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
	)]
	pub struct PendingChange<Hash, BlockNumber> {
		/// The hash of the SCALE-encoded call.
		pub call_hash: Hash,
		/// The block it was scheduled in.
		pub scheduled_at: BlockNumber,
		/// The block it takes effect in.
		pub enact_at: BlockNumber,
		/// The hash of the preimage holding the scheduled call, when too large to be inline.
		pub preimage: Option<Hash>,
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The runtime's origin, which must be able to hold [`Origin`].
		type RuntimeOrigin: From<Origin>
			+ IsType<<Self as frame_system::Config>::RuntimeOrigin>
			+ Into<Result<Origin, <Self as Config>::RuntimeOrigin>>;
		/// The runtime's call type.
		type RuntimeCall: Parameter
			+ Dispatchable<
				RuntimeOrigin = <Self as frame_system::Config>::RuntimeOrigin,
				PostInfo = PostDispatchInfo,
			> + GetDispatchInfo
			+ From<Call<Self>>;
		/// The scheduler that runs changes once their delay has passed.
		type Scheduler: ScheduleNamed<
			BlockNumberFor<Self>,
			CallOf<Self>,
			PalletsOriginOf<Self>,
			Hasher = Self::Hashing,
		>;
		/// Where calls too large to keep inline are stored until they run.
		type Preimages: StorePreimage<H = Self::Hashing>;
		/// Who may schedule a change (a qualified majority of the risk council).
		type ProposeOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;
		/// Who may cancel a change before it takes effect.
		type CancelOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;
		/// Who may change the delay (root or the timelock itself).
		type AdminOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;
		/// The shortest delay governance may set.
		#[pallet::constant]
		type MinDelay: Get<BlockNumberFor<Self>>;
		/// The longest delay governance may set.
		#[pallet::constant]
		type MaxDelay: Get<BlockNumberFor<Self>>;
		/// The delay until genesis or governance sets one.
		#[pallet::constant]
		type DefaultDelay: Get<BlockNumberFor<Self>>;
		/// The most changes that may wait at once.
		#[pallet::constant]
		type MaxPending: Get<u32>;
		/// The heaviest call that may be scheduled.
		#[pallet::constant]
		type MaxCallWeight: Get<Weight>;
		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The origin a change dispatches with once its delay has passed.
	#[pallet::origin]
	#[derive(
		Clone,
		Copy,
		Debug,
		PartialEq,
		Eq,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
	)]
	pub enum Origin {
		/// A risk-council decision whose delay has passed.
		Timelocked,
	}

	#[pallet::type_value]
	pub fn DefaultDelayValue<T: Config>() -> BlockNumberFor<T> {
		T::DefaultDelay::get()
	}

	/// Blocks between scheduling a change and its effect.
	#[pallet::storage]
	pub type Delay<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultDelayValue<T>>;

	/// The identifier the next change gets.
	#[pallet::storage]
	pub type NextChangeId<T: Config> = StorageValue<_, ChangeId, ValueQuery>;

	/// Changes waiting for their delay.
	#[pallet::storage]
	pub type Pending<T: Config> = CountedStorageMap<
		_,
		Twox64Concat,
		ChangeId,
		PendingChange<T::Hash, BlockNumberFor<T>>,
		OptionQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The delay in blocks; `None` keeps `DefaultDelay`.
		pub delay: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(delay) = self.delay {
				assert!(
					delay >= T::MinDelay::get() && delay <= T::MaxDelay::get(),
					"risk timelock: genesis delay outside [MinDelay, MaxDelay]"
				);
				Delay::<T>::put(delay);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A change was scheduled and takes effect at `enact_at` unless cancelled.
		Scheduled { id: ChangeId, call_hash: T::Hash, enact_at: BlockNumberFor<T> },
		/// A change was cancelled before taking effect.
		Cancelled { id: ChangeId },
		/// A change took effect; `result` is its call's outcome.
		Enacted { id: ChangeId, result: DispatchResult },
		/// The delay changed.
		DelaySet { delay: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// `MaxPending` changes are already waiting.
		TooManyPending,
		/// No change with this identifier is waiting.
		UnknownChange,
		/// The call is heavier than `MaxCallWeight`.
		CallTooHeavy,
		/// The delay is outside `[MinDelay, MaxDelay]`.
		DelayOutOfBounds,
		/// The call is too large to store.
		CallTooLarge,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Schedules `call` to be dispatched with [`Origin::Timelocked`] after [`Delay`] blocks.
		///
		/// Origin: `ProposeOrigin`. Errors: `CallTooHeavy`, `TooManyPending`, `CallTooLarge`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::schedule())]
		pub fn schedule(origin: OriginFor<T>, call: Box<CallOf<T>>) -> DispatchResult {
			T::ProposeOrigin::ensure_origin(origin)?;
			ensure!(
				call.get_dispatch_info().call_weight.all_lte(T::MaxCallWeight::get()),
				Error::<T>::CallTooHeavy
			);
			ensure!(Pending::<T>::count() < T::MaxPending::get(), Error::<T>::TooManyPending);
			let id = NextChangeId::<T>::get();
			let call_hash = T::Hashing::hash_of(&call);
			let now = frame_system::Pallet::<T>::block_number();
			let enact_at = now.saturating_add(Delay::<T>::get());
			let enact: CallOf<T> = Call::<T>::enact { id, call }.into();
			let bounded = T::Preimages::bound(enact).map_err(|_| Error::<T>::CallTooLarge)?;
			let origin: <T as Config>::RuntimeOrigin = Origin::Timelocked.into();
			let origin: <T as frame_system::Config>::RuntimeOrigin = origin.into();
			T::Scheduler::schedule_named(
				task_name(id),
				DispatchTime::At(enact_at),
				None,
				ENACT_PRIORITY,
				origin.caller().clone(),
				bounded.clone(),
			)?;
			// The scheduler holds its own request for a stored call; give up ours so the
			// preimage is cleared once the change runs (or, in `cancel`, is cancelled).
			T::Preimages::drop(&bounded);
			let preimage = bounded.lookup_hash();
			Pending::<T>::insert(
				id,
				PendingChange { call_hash, scheduled_at: now, enact_at, preimage },
			);
			NextChangeId::<T>::put(id.wrapping_add(1));
			Self::deposit_event(Event::Scheduled { id, call_hash, enact_at });
			Ok(())
		}

		/// Cancels a change that has not taken effect yet.
		///
		/// Origin: `CancelOrigin`. Errors: `UnknownChange`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, id: ChangeId) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			let change = Pending::<T>::get(id).ok_or(Error::<T>::UnknownChange)?;
			T::Scheduler::cancel_named(task_name(id))?;
			// Cancelling through the trait leaves the scheduler's request for a stored call.
			if let Some(hash) = change.preimage {
				T::Preimages::unrequest(&hash);
			}
			Pending::<T>::remove(id);
			Self::deposit_event(Event::Cancelled { id });
			Ok(())
		}

		/// Dispatches a change whose delay has passed; the scheduler calls it.
		///
		/// Origin: [`Origin::Timelocked`]. Errors: `UnknownChange`. The change's own failure
		/// does not fail this call: it is reported in [`Event::Enacted`].
		#[pallet::call_index(2)]
		#[pallet::weight({
			let inner = call.get_dispatch_info();
			(T::WeightInfo::enact().saturating_add(inner.call_weight), inner.class)
		})]
		pub fn enact(
			origin: OriginFor<T>,
			id: ChangeId,
			call: Box<CallOf<T>>,
		) -> DispatchResultWithPostInfo {
			let origin: Result<Origin, _> = <T as Config>::RuntimeOrigin::from(origin).into();
			ensure!(matches!(origin, Ok(Origin::Timelocked)), DispatchError::BadOrigin);
			Pending::<T>::take(id).ok_or(Error::<T>::UnknownChange)?;
			let origin: <T as Config>::RuntimeOrigin = Origin::Timelocked.into();
			let outcome = call.dispatch(origin.into());
			let inner = match outcome {
				Ok(post) => post.actual_weight,
				Err(e) => e.post_info.actual_weight,
			};
			let result = outcome.map(|_| ()).map_err(|e| e.error);
			Self::deposit_event(Event::Enacted { id, result });
			Ok(inner.map(|w| T::WeightInfo::enact().saturating_add(w)).into())
		}

		/// Sets the delay for changes scheduled from now on.
		///
		/// Origin: `AdminOrigin`. Errors: `DelayOutOfBounds`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_delay())]
		pub fn set_delay(origin: OriginFor<T>, delay: BlockNumberFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				delay >= T::MinDelay::get() && delay <= T::MaxDelay::get(),
				Error::<T>::DelayOutOfBounds
			);
			Delay::<T>::put(delay);
			Self::deposit_event(Event::DelaySet { delay });
			Ok(())
		}
	}

	/// Changes run before ordinary scheduled tasks of the same block.
	pub const ENACT_PRIORITY: Priority = 63;

	/// The scheduler's name for change `id`.
	pub fn task_name(id: ChangeId) -> [u8; 32] {
		(b"ballast/timelock", id).using_encoded(sp_io::hashing::blake2_256)
	}

	impl<T: Config> Pallet<T> {
		/// Checks that the pending changes are consistent with the scheduler and the delay.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let next = NextChangeId::<T>::get();
			let mut n = 0u32;
			for (id, change) in Pending::<T>::iter() {
				n += 1;
				ensure!(id < next, "a pending change has an identifier not yet issued");
				ensure!(
					change.enact_at >= change.scheduled_at,
					"a change takes effect before it was made"
				);
				ensure!(
					T::Scheduler::next_dispatch_time(task_name(id)).is_ok(),
					"a pending change is not in the scheduler"
				);
				if let Some(hash) = change.preimage {
					ensure!(
						T::Preimages::is_requested(&hash),
						"a pending change's call is not kept as a preimage"
					);
				}
			}
			ensure!(n == Pending::<T>::count(), "the pending counter is off");
			ensure!(n <= T::MaxPending::get(), "more pending changes than MaxPending");
			let d = Delay::<T>::get();
			ensure!(d >= T::MinDelay::get() && d <= T::MaxDelay::get(), "delay outside its bounds");
			Ok(())
		}
	}
}

/// Succeeds only for [`Origin::Timelocked`]: a change whose delay has passed.
pub struct EnsureTimelocked;
impl<O> frame_support::traits::EnsureOrigin<O> for EnsureTimelocked
where
	O: frame_support::traits::OriginTrait + From<Origin>,
	for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
{
	type Success = ();
	fn try_origin(o: O) -> Result<(), O> {
		let timelocked = matches!(o.caller().try_into(), Ok(Origin::Timelocked));
		if timelocked {
			Ok(())
		} else {
			Err(o)
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(Origin::Timelocked))
	}
}
