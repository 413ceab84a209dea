//! Health, the queue, auctions, the vault's take-over at the floor and the waterfall.

use crate::{math, pallet::*, types::*, WeightInfo};
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, Exposure, MarginEngine, Party, PositionBook},
	Balance,
};
use frame_support::{ensure, pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto},
	DispatchError,
};

/// Equity, maintenance margin and health of a subaccount.
pub(crate) type Health = (Fixed18, i128, Balance);

impl<T: Config> Pallet<T> {
	pub(crate) fn validate_params(p: &LiquidationParams) -> DispatchResult {
		let unit = |x: Fixed18| x.0 >= 0 && x <= Fixed18::ONE;
		ensure!(
			unit(p.start_discount)
				&& p.floor_discount >= p.start_discount
				&& p.floor_discount < Fixed18::ONE
				// Selling at the floor with the penalty must still raise health.
				&& unit(p.penalty)
				&& p.floor_discount.0 + p.penalty.0 < Fixed18::ONE.0
				&& p.decay_blocks > 0,
			Error::<T>::InvalidAuctionCurve
		);
		ensure!(
			unit(p.liquidator_share)
				&& unit(p.buffer)
				&& p.max_liquidations_per_block > 0
				&& p.max_liquidations_per_block <= T::MaxPerBlock::get()
				&& p.keeper_calls_per_block > 0
				&& p.adl_price_shock.0 > 0
				&& p.adl_vol_shock.0 >= 0,
			Error::<T>::InvalidParams
		);
		Ok(())
	}

	/// `(health, equity, maintenance)`, `None` without positions; fails when the positions
	/// cannot be valued.
	pub(crate) fn health_of(who: &Sub<T>) -> Result<Option<Health>, DispatchError> {
		let margin = T::MarginEngine::margin(&who.0, who.1);
		ensure!(margin.maintenance != Balance::MAX, Error::<T>::StalePrice);
		let equity = T::Ledger::net_collateral(&who.0, who.1).saturating_add(margin.unrealized_pnl);
		Ok(math::health(equity, margin.maintenance).map(|h| (h, equity, margin.maintenance)))
	}

	/// Fails unless the subaccount is below its maintenance margin.
	pub(crate) fn ensure_liquidatable(who: &Sub<T>) -> Result<Health, DispatchError> {
		let (health, equity, maintenance) = Self::health_of(who)?.ok_or(Error::<T>::NoPositions)?;
		ensure!(health < Fixed18::ONE, Error::<T>::Healthy);
		Ok((health, equity, maintenance))
	}

	pub(crate) fn do_liquidate(who: Sub<T>, liquidator: T::AccountId) -> DispatchResult {
		// An account cannot earn the fee of liquidating itself.
		ensure!(liquidator != who.0, Error::<T>::SelfLiquidation);
		ensure!(
			!Auctions::<T>::contains_key(&who) && !Flagged::<T>::contains_key(&who),
			Error::<T>::AlreadyLiquidating
		);
		let health = Self::ensure_liquidatable(&who)?;
		if Self::usage().liquidations < Params::<T>::get().max_liquidations_per_block {
			Self::start_auction(&who, liquidator, health)
		} else {
			Self::enqueue(Work::Start { who: who.clone(), liquidator })?;
			Flagged::<T>::insert(&who, ());
			Self::deposit_event(Event::Queued { who: who.0, sub: who.1 });
			Ok(())
		}
	}

	/// Starts the auction of the share of the portfolio that restores health (all of it for
	/// small and insolvent accounts) and charges the penalty.
	pub(crate) fn start_auction(
		who: &Sub<T>,
		liquidator: T::AccountId,
		(health, equity, maintenance): Health,
	) -> DispatchResult {
		ensure!(Auctions::<T>::count() < T::MaxAuctions::get(), Error::<T>::TooManyAuctions);
		let p = Params::<T>::get();
		let insolvent = equity < 0;
		let share = if insolvent || maintenance < p.small_account {
			Fixed18::ONE
		} else {
			math::fraction_to_sell(equity, maintenance, p.buffer, p.floor_discount, p.penalty)
				.map_err(|_| Error::<T>::Overflow)?
		};
		ensure!(share.0 > 0, Error::<T>::Healthy);
		let account = Party::Account(who.0.clone(), who.1);
		let penalty = Self::value_share(maintenance, Self::mul(share, p.penalty)?)?;
		let fee_share = Self::value_share(penalty, p.liquidator_share)?;
		let liquidator_party = Party::Account(liquidator.clone(), 0);
		let (penalty_paid, fee) = if insolvent {
			// The insurance fund pays the keeper of an insolvent account.
			let fee = fee_share.min(Self::insurance_left());
			let paid = T::Ledger::pay(&Party::InsuranceFund, &liquidator_party, fee)?;
			Self::use_insurance(paid);
			(0, paid)
		} else {
			// A solvent account pays the penalty out of its equity.
			let penalty = penalty.min(equity.unsigned_abs());
			let fee = fee_share.min(penalty);
			T::Ledger::pay(&account, &liquidator_party, fee)?;
			T::Ledger::pay(&account, &Party::InsuranceFund, penalty - fee)?;
			(penalty - fee, fee)
		};
		Accounting::<T>::mutate(|a| {
			a.penalties = a.penalties.saturating_add(penalty_paid);
			a.liquidator_fees = a.liquidator_fees.saturating_add(fee);
		});
		let now = frame_system::Pallet::<T>::block_number();
		let floor_at = now.saturating_add(p.decay_blocks.into());
		Deadlines::<T>::try_mutate(floor_at, |d| d.try_push(who.clone()))
			.map_err(|_| Error::<T>::QueueFull)?;
		Auctions::<T>::insert(
			who,
			Auction { started: now, insolvent, remaining: share, liquidator },
		);
		Self::count_liquidation();
		Self::deposit_event(Event::AuctionStarted {
			who: who.0.clone(),
			sub: who.1,
			health,
			share,
			insolvent,
			penalty: penalty_paid,
			liquidator_fee: fee,
		});
		Ok(())
	}

	/// The auction's discount now.
	pub(crate) fn discount_now(a: &Auction<T::AccountId, BlockNumberFor<T>>) -> Fixed18 {
		let p = Params::<T>::get();
		let elapsed: u32 = frame_system::Pallet::<T>::block_number()
			.saturating_sub(a.started)
			.unique_saturated_into();
		math::discount(p.start_discount, p.floor_discount, elapsed, p.decay_blocks)
	}

	/// Whether the auction has reached its floor.
	pub(crate) fn at_floor(a: &Auction<T::AccountId, BlockNumberFor<T>>) -> bool {
		let elapsed: u32 = frame_system::Pallet::<T>::block_number()
			.saturating_sub(a.started)
			.unique_saturated_into();
		elapsed >= Params::<T>::get().decay_blocks
	}

	pub(crate) fn do_bid(
		who: Sub<T>,
		bidder: Sub<T>,
		share: Fixed18,
		min_discount: Fixed18,
	) -> DispatchResult {
		ensure!(share.0 > 0 && share <= Fixed18::ONE, Error::<T>::InvalidShare);
		ensure!(bidder != who && bidder != T::Book::vault(), Error::<T>::InvalidBidder);
		let mut auction = Auctions::<T>::get(&who).ok_or(Error::<T>::NoAuction)?;
		let discount = Self::discount_now(&auction);
		ensure!(discount >= min_discount, Error::<T>::DiscountBelowLimit);
		// `share` of what is left to sell, as a share of the current portfolio.
		let lot = Self::mul(auction.remaining, share)?;
		let paid = Self::sell(&who, &bidder, lot, discount)?;
		let margin = T::MarginEngine::margin(&bidder.0, bidder.1);
		let equity =
			T::Ledger::net_collateral(&bidder.0, bidder.1).saturating_add(margin.unrealized_pnl);
		ensure!(
			equity >= 0 && equity.unsigned_abs() >= margin.initial,
			Error::<T>::BidderMarginBreached
		);
		Self::deposit_event(Event::Bid {
			who: who.0.clone(),
			sub: who.1,
			bidder,
			share: lot,
			discount: paid,
		});
		if share == Fixed18::ONE {
			Self::end_auction(&who)
		} else {
			// What is left, as a share of the portfolio after the sale.
			auction.remaining = Fixed18(auction.remaining.0 - lot.0)
				.checked_div(Fixed18(Fixed18::ONE.0 - lot.0))
				.map_err(|_| Error::<T>::Overflow)?
				.min(Fixed18::ONE);
			Auctions::<T>::insert(&who, auction);
			Ok(())
		}
	}

	/// Moves `lot` of every position of `who` to `to` at mark and pays `to` the discount on
	/// the lot's maintenance margin. Returns the discount paid.
	pub(crate) fn sell(
		who: &Sub<T>,
		to: &Sub<T>,
		lot: Fixed18,
		discount: Fixed18,
	) -> Result<Balance, DispatchError> {
		let margin = T::MarginEngine::margin(&who.0, who.1);
		ensure!(margin.maintenance != Balance::MAX, Error::<T>::StalePrice);
		let exposures = T::Book::exposures(&who.0, who.1).ok_or(Error::<T>::StalePrice)?;
		ensure!(!exposures.is_empty(), Error::<T>::NoPositions);
		Self::move_share(who, to, &exposures, lot)?;
		let owed = Self::value_share(margin.maintenance, Self::mul(lot, discount)?)?;
		let paid = T::Ledger::pay(&Party::Account(who.0.clone(), who.1), &Self::party(to), owed)?;
		Ok(paid)
	}

	/// Moves `lot` of each position (whole positions when `lot` is 1) at mark.
	pub(crate) fn move_share(
		from: &Sub<T>,
		to: &Sub<T>,
		exposures: &[Exposure],
		lot: Fixed18,
	) -> DispatchResult {
		for e in exposures {
			let size = if lot == Fixed18::ONE {
				e.size
			} else {
				math::portion(e.size, lot).map_err(|_| Error::<T>::Overflow)?
			};
			if size != 0 {
				T::Book::transfer((&from.0, from.1), (&to.0, to.1), e.instrument, size, e.mark)?;
			}
		}
		Ok(())
	}

	/// The floor: the vault takes what is left when the insurance fund and the vault can
	/// absorb it; otherwise the auction waits for deleveraging.
	pub(crate) fn take_at_floor(who: &Sub<T>) -> DispatchResult {
		let auction = Auctions::<T>::get(who).ok_or(Error::<T>::NoAuction)?;
		ensure!(Self::at_floor(&auction), Error::<T>::NotAtFloor);
		let (deficit, _) = Self::floor_deficit(who, &auction)?;
		if deficit > Self::backstops() {
			Self::deposit_event(Event::AwaitingDeleverage {
				who: who.0.clone(),
				sub: who.1,
				deficit,
			});
			return Ok(());
		}
		let floor = Params::<T>::get().floor_discount;
		let paid = Self::sell(who, &T::Book::vault(), auction.remaining, floor)?;
		Self::deposit_event(Event::TakenByVault {
			who: who.0.clone(),
			sub: who.1,
			share: auction.remaining,
			discount: paid,
		});
		Self::count_liquidation();
		Self::end_auction(who)
	}

	/// What the account would owe after the vault took the lot at the floor, and its equity
	/// now (one valuation of the portfolio).
	pub(crate) fn floor_deficit(
		who: &Sub<T>,
		auction: &Auction<T::AccountId, BlockNumberFor<T>>,
	) -> Result<(Balance, i128), DispatchError> {
		let (_, equity, maintenance) = Self::health_of(who)?.ok_or(Error::<T>::NoPositions)?;
		let floor = Params::<T>::get().floor_discount;
		let discount = Self::value_share(maintenance, Self::mul(auction.remaining, floor)?)?;
		let after = equity.saturating_sub(i128::try_from(discount).unwrap_or(i128::MAX));
		Ok((if after < 0 { after.unsigned_abs() } else { 0 }, equity))
	}

	/// Ends the auction and covers what the account owes.
	pub(crate) fn end_auction(who: &Sub<T>) -> DispatchResult {
		Auctions::<T>::remove(who);
		Self::deposit_event(Event::AuctionEnded { who: who.0.clone(), sub: who.1 });
		Self::cover(who)
	}

	/// Covers the subaccount's debt through the waterfall within this block's insurance
	/// budget; if the budget cannot cover it and the fund could, it waits for the next block.
	pub(crate) fn cover(who: &Sub<T>) -> DispatchResult {
		// Only a bankrupt account: no positions left (their PnL could still repay the debt)
		// and collateral worth less than its debt.
		let net = T::Ledger::net_collateral(&who.0, who.1);
		if net >= 0
			|| T::Ledger::debt(&who.0, who.1) == 0
			|| T::MarginEngine::margin(&who.0, who.1) != Default::default()
		{
			return Ok(());
		}
		let owed = net.unsigned_abs();
		let budget = Self::insurance_left();
		if owed > budget && T::Ledger::insurance_balance() > budget {
			Self::enqueue(Work::Cover { who: who.clone() })?;
			return Ok(());
		}
		// Only what the account's other collateral does not back: no gift of that collateral.
		let w = T::Ledger::cover_debt(&who.0, who.1, owed, budget);
		Self::use_insurance(w.insurance);
		if w.uncovered > 0 {
			BadDebt::<T>::mutate(who, |d| *d = d.saturating_add(w.uncovered));
		}
		Accounting::<T>::mutate(|a| {
			a.insurance_paid = a.insurance_paid.saturating_add(w.insurance);
			a.vault_paid = a.vault_paid.saturating_add(w.vault);
			a.bad_debt = a.bad_debt.saturating_add(w.uncovered);
		});
		Self::deposit_event(Event::DebtCovered {
			who: who.0.clone(),
			sub: who.1,
			insurance: w.insurance,
			vault: w.vault,
			bad_debt: w.uncovered,
		});
		Ok(())
	}

	pub(crate) fn party(who: &Sub<T>) -> Party<T::AccountId> {
		if *who == T::Book::vault() {
			Party::Vault
		} else {
			Party::Account(who.0.clone(), who.1)
		}
	}

	/// `value × share`, rounded down.
	pub(crate) fn value_share(value: Balance, share: Fixed18) -> Result<Balance, DispatchError> {
		let v = i128::try_from(value).map_err(|_| Error::<T>::Overflow)?;
		let r = Fixed18(v).checked_mul(share).map_err(|_| Error::<T>::Overflow)?;
		Ok(r.0.max(0) as Balance)
	}

	pub(crate) fn mul(a: Fixed18, b: Fixed18) -> Result<Fixed18, DispatchError> {
		a.checked_mul(b).map_err(|_| Error::<T>::Overflow.into())
	}

	// ---- the queue and the per-block caps ----

	pub(crate) fn enqueue(work: Work<T::AccountId>) -> DispatchResult {
		let (head, tail) = QueueBounds::<T>::get();
		ensure!(tail.wrapping_sub(head) < T::MaxQueue::get(), Error::<T>::QueueFull);
		Queue::<T>::insert(tail, work);
		QueueBounds::<T>::put((head, tail.wrapping_add(1)));
		Ok(())
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

	pub(crate) fn insurance_left() -> Balance {
		Params::<T>::get()
			.max_insurance_per_block
			.saturating_sub(Self::usage().insurance)
	}

	pub(crate) fn use_insurance(amount: Balance) {
		let mut u = Self::usage();
		u.insurance = u.insurance.saturating_add(amount);
		BlockUsage::<T>::put(u);
	}

	/// Moves the auctions reaching their floor now into the queue, then works through the
	/// queue up to the per-block cap. Returns the weight used.
	pub(crate) fn process_queue(n: BlockNumberFor<T>) -> Weight {
		let w = T::WeightInfo::process_item(T::MaxPositions::get());
		let mut weight = T::DbWeight::get().reads_writes(3, 2);
		for who in Deadlines::<T>::take(n) {
			// A full queue leaves the auction at its floor for `take_at_floor` callers.
			let _ = Self::enqueue(Work::Floor { who });
			weight = weight.saturating_add(T::DbWeight::get().reads_writes(1, 2));
		}
		let cap = Params::<T>::get().max_liquidations_per_block;
		// Covering debt is not a liquidation, but is bounded by the same count.
		let mut items = 0u32;
		while Self::usage().liquidations < cap && items < cap.saturating_mul(2) {
			let Some(work) = Self::dequeue() else { break };
			items += 1;
			if let Work::Start { who, .. } = &work {
				Flagged::<T>::remove(who);
			}
			weight = weight.saturating_add(w);
			let result = frame_support::storage::with_storage_layer(|| Self::run(work));
			if let Err(e) = result {
				log::debug!(target: "runtime::liquidation", "queued work failed: {e:?}");
			}
		}
		weight
	}

	fn run(work: Work<T::AccountId>) -> DispatchResult {
		match work {
			Work::Start { who, liquidator } => match Self::health_of(&who)? {
				Some(h) if h.0 < Fixed18::ONE => Self::start_auction(&who, liquidator, h),
				_ => {
					Self::deposit_event(Event::Recovered { who: who.0, sub: who.1 });
					Ok(())
				},
			},
			Work::Floor { who } => Self::take_at_floor(&who),
			Work::Cover { who } => Self::cover(&who),
		}
	}
}
