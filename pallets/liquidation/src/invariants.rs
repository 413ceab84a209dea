//! `try_state`: the auctions, the queue and the waterfall's accounting are consistent.

use crate::pallet::*;
use ballast_primitives::fixed::Fixed18;
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Auctions::<T>::count() <= T::MaxAuctions::get(), "more auctions than MaxAuctions");
		for (_, a) in Auctions::<T>::iter() {
			ensure!(
				a.remaining.0 > 0 && a.remaining <= Fixed18::ONE,
				"an auction's remaining share is outside (0, 1]"
			);
		}
		let (head, tail) = QueueBounds::<T>::get();
		let len = tail.wrapping_sub(head);
		ensure!(len <= T::MaxQueue::get(), "the queue is longer than MaxQueue");
		ensure!(Queue::<T>::iter_keys().count() as u32 == len, "queue entries outside its bounds");
		for i in 0..len {
			ensure!(Queue::<T>::contains_key(head.wrapping_add(i)), "a hole in the queue");
		}
		for (who, ()) in Flagged::<T>::iter() {
			ensure!(!Auctions::<T>::contains_key(&who), "a subaccount queued and in auction");
		}
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
