//! The work queue and the per-block caps.
//!
//! The queue holds at most one `Continue` per running auction and, in the room left beside
//! those, `Start`s of accounts flagged while a cap was reached. Work that cannot finish now
//! goes back to its end; nothing is dropped, and each block works through at most what the
//! queue held when it began.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{ensure, pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	fn queue_len() -> u32 {
		let (head, tail) = QueueBounds::<T>::get();
		tail.wrapping_sub(head)
	}

	/// Queues a follow-up of a running auction. The queue keeps room for one per auction, so
	/// this fails only if that invariant is broken.
	pub(crate) fn enqueue(work: Work<T::AccountId>) -> DispatchResult {
		ensure!(Self::queue_len() < T::MaxQueue::get(), Error::<T>::QueueFull);
		let (head, tail) = QueueBounds::<T>::get();
		Queue::<T>::insert(tail, work);
		QueueBounds::<T>::put((head, tail.wrapping_add(1)));
		Ok(())
	}

	/// Queues the start of an auction, in the room the running auctions' follow-ups leave.
	pub(crate) fn enqueue_start(who: Sub<T>, liquidator: T::AccountId) -> DispatchResult {
		let room = T::MaxQueue::get().saturating_sub(T::MaxAuctions::get());
		let starts = Self::queue_len().saturating_sub(Self::queued_follow_ups());
		ensure!(starts < room, Error::<T>::QueueFull);
		Self::enqueue(Work::Start { who: who.clone(), liquidator })?;
		Flagged::<T>::insert(&who, ());
		Ok(())
	}

	/// Follow-ups in the queue: one per auction marked `queued`, and those of auctions that
	/// ended after theirs was queued (run as no-ops).
	fn queued_follow_ups() -> u32 {
		QueuedFollowUps::<T>::get()
	}

	fn dequeue() -> Option<Work<T::AccountId>> {
		let (head, tail) = QueueBounds::<T>::get();
		if head == tail {
			return None;
		}
		let work = Queue::<T>::take(head);
		QueueBounds::<T>::put((head.wrapping_add(1), tail));
		work
	}

	/// This block's usage (reset at a new block).
	pub(crate) fn usage() -> Usage<BlockNumberFor<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let u = BlockUsage::<T>::get();
		if u.block == now {
			u
		} else {
			Usage { block: now, ..Default::default() }
		}
	}

	pub(crate) fn count_liquidation() {
		let mut u = Self::usage();
		u.liquidations = u.liquidations.saturating_add(1);
		BlockUsage::<T>::put(u);
	}

	pub(crate) fn insurance_left() -> ballast_primitives::Balance {
		Params::<T>::get()
			.max_insurance_per_block
			.saturating_sub(Self::usage().insurance)
	}

	pub(crate) fn use_insurance(amount: ballast_primitives::Balance) {
		let mut u = Self::usage();
		u.insurance = u.insurance.saturating_add(amount);
		BlockUsage::<T>::put(u);
	}

	/// The most one queued item costs: the vault taking `MaxPositions` positions, or a
	/// deleveraging step (toward a deficit, or at mark toward the vault's excess). The step's benchmark ranks `c` counterparties holding the opposite
	/// of the bankrupt's 8 legs (8c positions valued, 36c index reads: 1 + k for a holder met
	/// on the k-th leg), then closes the 8 legs (`ADL_CLOSES`). A step values at most
	/// max(`ADL_POSITIONS`, `MaxPositions`) positions, ranking and closing together, and reads
	/// the index at most `ADL_VISITS` times: the benchmark's line at that many positions,
	/// counted as counterparties of 8, bounds it.
	pub fn item_weight() -> Weight {
		let p = T::MaxPositions::get();
		let ranked = crate::adl::ADL_POSITIONS.max(p).div_ceil(8);
		T::WeightInfo::process_item(p)
			.max(T::WeightInfo::deleverage_step(ranked))
			.max(T::WeightInfo::deleverage_excess_step(ranked))
	}

	/// The weight the queue may use per block: what Normal transactions leave of the block.
	pub fn queue_room() -> Weight {
		let limits = T::BlockWeights::get();
		let normal = limits
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_total
			.unwrap_or(limits.max_block);
		limits.max_block.saturating_sub(normal)
	}

	/// Queues the auctions reaching their floor now, then works through the queue up to the
	/// per-block cap. Returns the weight used.
	pub(crate) fn process_queue(n: BlockNumberFor<T>) -> Weight {
		let w = Self::item_weight();
		let mut weight = T::DbWeight::get().reads_writes(3, 2);
		for who in Deadlines::<T>::take(n) {
			if let Err(e) = Self::schedule(&who) {
				log::error!(target: "runtime::liquidation", "auction {who:?} not queued at its floor: {e:?}");
			}
			weight = weight.saturating_add(T::DbWeight::get().reads_writes(2, 3));
		}
		let cap = Params::<T>::get().max_liquidations_per_block;
		// Covering debt, ranking and waiting are not liquidations, but every item is charged as
		// the costliest: at most `cap` items per block, no more than the queue held, and no
		// more than fit in the part of the block that Normal transactions cannot take.
		let fit = Self::queue_room().ref_time() / w.ref_time().max(1);
		let budget = Self::queue_len().min(cap).min(u32::try_from(fit).unwrap_or(u32::MAX));
		let mut items = 0u32;
		while Self::usage().liquidations < cap && items < budget {
			let Some(work) = Self::dequeue() else { break };
			items += 1;
			weight = weight.saturating_add(w);
			match work {
				Work::Start { who, liquidator } => {
					Flagged::<T>::remove(&who);
					let result = frame_support::storage::with_storage_layer(|| {
						Self::run_start(&who, liquidator.clone())
					});
					if !matches!(result, Ok(Next::Done)) {
						Self::defer(&who, result.err());
						// Its room was just freed: this cannot fail while the queue's
						// invariants hold (checked by `try_state`).
						if let Err(e) = Self::enqueue_start(who.clone(), liquidator) {
							log::error!(target: "runtime::liquidation", "flagged {who:?} not re-queued: {e:?}");
						}
					}
				},
				Work::Continue { who } => {
					Self::unmark_queued(&who);
					let result =
						frame_support::storage::with_storage_layer(|| Self::continue_auction(&who));
					if !matches!(result, Ok(Next::Done)) {
						Self::defer(&who, result.err());
						if let Err(e) = Self::schedule(&who) {
							log::error!(target: "runtime::liquidation", "auction {who:?} not re-queued: {e:?}");
						}
					}
				},
			}
		}
		weight
	}

	/// Reports work that waits for a later block, and why (`None`: it waits its turn).
	fn defer(who: &Sub<T>, error: Option<DispatchError>) {
		if let Some(error) = error {
			log::debug!(target: "runtime::liquidation", "work for {who:?} waits: {error:?}");
			Self::deposit_event(Event::Deferred { who: who.0.clone(), sub: who.1, error });
		}
	}

	fn unmark_queued(who: &Sub<T>) {
		Auctions::<T>::mutate(who, |a| {
			if let Some(a) = a {
				a.queued = false;
			}
		});
		QueuedFollowUps::<T>::mutate(|n| *n = n.saturating_sub(1));
	}

	/// A flagged account's turn: start its auction if it is still liquidatable and there is
	/// room; `Again` while a cap is reached or its prices are stale.
	fn run_start(who: &Sub<T>, liquidator: T::AccountId) -> Result<Next, DispatchError> {
		match Self::ensure_liquidatable(who) {
			Ok(risk) => {
				if Auctions::<T>::count() >= T::MaxAuctions::get() {
					return Ok(Next::Again);
				}
				Self::start_auction(who, liquidator, &risk)?;
				Ok(Next::Done)
			},
			// Healthy again, or its positions are gone and `collect_debt` sells its collateral
			// (or nothing is left to cover).
			Err(e)
				if e == Error::<T>::Healthy.into()
					|| e == Error::<T>::NoPositions.into()
					|| e == Error::<T>::DebtCollectable.into()
					|| e == Error::<T>::NothingToCover.into() =>
			{
				Self::deposit_event(Event::Recovered { who: who.0.clone(), sub: who.1 });
				Ok(Next::Done)
			},
			Err(e) => Err(e),
		}
	}
}
