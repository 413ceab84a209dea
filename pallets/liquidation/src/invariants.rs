//! `try_state`: the auctions, the queue and the waterfall's accounting are consistent.

use crate::pallet::*;
use crate::types::Work;
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Auctions::<T>::count() <= T::MaxAuctions::get(), "more auctions than MaxAuctions");
		let queued = Auctions::<T>::iter_values().filter(|a| a.queued).count() as u32;
		let (head, tail) = QueueBounds::<T>::get();
		let len = tail.wrapping_sub(head);
		ensure!(len <= T::MaxQueue::get(), "the queue is longer than MaxQueue");
		ensure!(Queue::<T>::iter_keys().count() as u32 == len, "queue entries outside its bounds");
		for i in 0..len {
			ensure!(Queue::<T>::contains_key(head.wrapping_add(i)), "a hole in the queue");
		}
		let (mut starts, mut follow_ups) = (0u32, 0u32);
		for work in Queue::<T>::iter_values() {
			match work {
				Work::Start { who, .. } => {
					starts += 1;
					ensure!(Flagged::<T>::contains_key(&who), "a queued start not flagged");
				},
				Work::Continue { .. } => follow_ups += 1,
			}
		}
		ensure!(follow_ups == QueuedFollowUps::<T>::get(), "queued follow-ups miscounted");
		ensure!(queued <= follow_ups, "an auction marked queued has no follow-up in the queue");
		ensure!(starts == Flagged::<T>::count(), "flagged subaccounts differ from queued starts");
		ensure!(
			starts <= T::MaxQueue::get().saturating_sub(T::MaxAuctions::get()),
			"queued starts took the room kept for follow-ups"
		);
		for (who, ()) in Flagged::<T>::iter() {
			ensure!(!Auctions::<T>::contains_key(&who), "a subaccount queued and in auction");
		}
		for who in AdlScans::<T>::iter_keys() {
			ensure!(
				Auctions::<T>::contains_key(&who),
				"a deleveraging ranking without its auction"
			);
		}
		let pending = Auctions::<T>::iter_values().fold(0u128, |a, x| a.saturating_add(x.pending));
		ensure!(pending == CoverPending::<T>::get(), "debt pending cover differs from its total");
		let totals = Accounting::<T>::get();
		let bad: u128 = BadDebt::<T>::iter_values().fold(0u128, |a, d| a.saturating_add(d));
		ensure!(bad == totals.bad_debt, "bad debt per subaccount differs from its total");
		let usage = Self::usage();
		ensure!(
			usage.insurance <= Params::<T>::get().max_insurance_per_block,
			"the insurance fund paid more than its per-block cap"
		);
		Self::validate_params(&Params::<T>::get()).map_err(|_| "invalid parameters stored")?;
		Ok(())
	}
}
