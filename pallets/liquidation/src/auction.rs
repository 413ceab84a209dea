//! Health, auctions, the vault's take-over at the floor and covering debt.
//!
//! Every decision reads the margin engine's one risk snapshot ([`AccountRisk`]) of the moment:
//! a stale price is an error that makes the work wait, never a value of zero.

use crate::{
	adl::{Deleveraging, Goal},
	math,
	pallet::*,
	types::*,
};
use ballast_primitives::{
	fixed::{Fixed18, Rounding},
	risk::{AccountRisk, DebtStatus, Unvalued},
	traits::{CollateralLedger, Exposure, Holder, MarginEngine, Party, PositionBook},
	Balance,
};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto},
	DispatchError,
};

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
				&& p.adl_vol_shock.0 >= 0
				&& p.collateral_discount.0 >= 0
				&& p.collateral_discount < Fixed18::ONE
				&& unit(p.debt_penalty),
			Error::<T>::InvalidParams
		);
		Ok(())
	}

	/// The subaccount's risk snapshot, or why it cannot be had now.
	pub(crate) fn risk_of(who: &Sub<T>) -> Result<AccountRisk, Error<T>> {
		T::MarginEngine::risk(&who.0, who.1).map_err(|e| match e {
			Unvalued::StalePrice => Error::<T>::StalePrice,
			Unvalued::StaleCollateral => Error::<T>::StaleCollateral,
			Unvalued::Uncomputable => Error::<T>::Uncomputable,
		})
	}

	/// The snapshot of a subaccount that can be liquidated now: below maintenance margin, or
	/// without positions and owing debt nothing is left to repay, beyond what is already
	/// recorded as bad debt. Fails (`NoPositions`, `DebtCollectable`, `NothingToCover`,
	/// `Healthy`, `StalePrice`, `StaleCollateral`) otherwise.
	pub(crate) fn ensure_liquidatable(who: &Sub<T>) -> Result<AccountRisk, DispatchError> {
		let risk = Self::risk_of(who)?;
		if risk.positions == 0 {
			return match risk.debt_status() {
				DebtStatus::Unbacked if Self::to_cover(who, risk.collateral) == 0 => {
					Err(Error::<T>::NothingToCover.into())
				},
				DebtStatus::Unbacked => Ok(risk),
				// Its collateral is sold first (`collect_debt`): nothing is covered while the
				// owner keeps collateral the waterfall would be paying for.
				DebtStatus::Collectable => Err(Error::<T>::DebtCollectable.into()),
				DebtStatus::Nothing => Err(Error::<T>::NoPositions.into()),
			};
		}
		ensure!(risk.is_liquidatable(), Error::<T>::Healthy);
		Ok(risk)
	}

	pub(crate) fn do_liquidate(who: Sub<T>, liquidator: T::AccountId) -> DispatchResult {
		// No owner earns the fee of liquidating one of its own subaccounts.
		ensure!(liquidator != who.0, Error::<T>::SelfLiquidation);
		ensure!(
			!Auctions::<T>::contains_key(&who) && !Flagged::<T>::contains_key(&who),
			Error::<T>::AlreadyLiquidating
		);
		let risk = Self::ensure_liquidatable(&who)?;
		Self::start_or_queue(who, liquidator, &risk)
	}

	/// Starts the auction now, or queues it when this block's cap or `MaxAuctions` is reached.
	fn start_or_queue(who: Sub<T>, liquidator: T::AccountId, risk: &AccountRisk) -> DispatchResult {
		if Self::usage().liquidations < Params::<T>::get().max_liquidations_per_block
			&& Auctions::<T>::count() < T::MaxAuctions::get()
		{
			Self::start_auction(&who, liquidator, risk)
		} else {
			Self::enqueue_start(who.clone(), liquidator)?;
			Self::deposit_event(Event::Queued { who: who.0, sub: who.1 });
			Ok(())
		}
	}

	/// Sells the collateral of a subaccount without positions that owes quote, to `buyer` at
	/// the oracle price less `collateral_discount`: the debt plus `debt_penalty`, or all of
	/// it. The penalty comes only out of what the sale raised beyond the debt, so collecting
	/// never adds debt. Debt still owed once nothing is left goes to the waterfall.
	pub(crate) fn do_collect_debt(who: Sub<T>, buyer: Sub<T>) -> DispatchResult {
		// No owner buys its own collateral at a discount.
		ensure!(buyer.0 != who.0, Error::<T>::SelfLiquidation);
		ensure!(
			!Auctions::<T>::contains_key(&who) && !Flagged::<T>::contains_key(&who),
			Error::<T>::AlreadyLiquidating
		);
		let risk = Self::risk_of(&who)?;
		match risk.debt_status() {
			DebtStatus::Collectable => {},
			DebtStatus::Unbacked => return Err(Error::<T>::NoCollateral.into()),
			DebtStatus::Nothing if risk.positions > 0 => {
				return Err(Error::<T>::PositionsOpen.into())
			},
			DebtStatus::Nothing if risk.debt > 0 => return Err(Error::<T>::DebtBacked.into()),
			DebtStatus::Nothing => return Err(Error::<T>::NoDebt.into()),
		}
		let p = Params::<T>::get();
		let owed = risk.debt;
		let penalty = Self::value_share(owed, p.debt_penalty)?;
		let raised = T::Ledger::sell_collateral(
			(&who.0, who.1),
			(&buyer.0, buyer.1),
			owed.saturating_add(penalty),
			p.collateral_discount,
		)?;
		// The proceeds repaid the debt first; what is left pays the penalty.
		let penalty = penalty.min(raised.saturating_sub(owed));
		let account = Party::Account(who.0.clone(), who.1);
		let penalty = T::Ledger::pay(&account, &Party::InsuranceFund, penalty)?;
		Accounting::<T>::mutate(|a| a.penalties = a.penalties.saturating_add(penalty));
		Self::ensure_buyer_margin(&buyer)?;
		Self::deposit_event(Event::DebtCollected {
			who: who.0.clone(),
			sub: who.1,
			buyer: buyer.clone(),
			raised,
			penalty,
		});
		// Nothing left to sell, or only dust no sale raises a unit of quote for: the rest of
		// the debt is the waterfall's.
		let after = Self::risk_of(&who)?;
		if raised == 0 || after.debt_status() == DebtStatus::Unbacked {
			Self::start_or_queue(who, buyer.0, &after)?;
		}
		Ok(())
	}

	/// Starts the auction. Nothing is paid yet: each sale pays its own discount and penalty.
	pub(crate) fn start_auction(
		who: &Sub<T>,
		liquidator: T::AccountId,
		risk: &AccountRisk,
	) -> DispatchResult {
		ensure!(Auctions::<T>::count() < T::MaxAuctions::get(), Error::<T>::TooManyAuctions);
		let p = Params::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		// Without positions only debt is left to cover: no sale, no floor.
		let covering = risk.positions == 0;
		if !covering {
			let floor_at = now.saturating_add(p.decay_blocks.into());
			Deadlines::<T>::try_mutate(floor_at, |d| d.try_push(who.clone()))
				.map_err(|_| Error::<T>::QueueFull)?;
		}
		let insolvent = risk.is_insolvent();
		Auctions::<T>::insert(
			who,
			Auction { started: now, insolvent, liquidator, covering, queued: false, pending: 0 },
		);
		Self::count_liquidation();
		Self::deposit_event(Event::AuctionStarted {
			who: who.0.clone(),
			sub: who.1,
			health: risk.health_ratio().unwrap_or(Fixed18::ZERO),
			insolvent,
		});
		if covering {
			let next = Self::cover(who)?;
			Self::follow_up(who, next)?;
		}
		Ok(())
	}

	/// Blocks since the auction started.
	fn elapsed(a: &Auction<T::AccountId, BlockNumberFor<T>>) -> u32 {
		frame_system::Pallet::<T>::block_number()
			.saturating_sub(a.started)
			.unique_saturated_into()
	}

	/// The auction's discount now.
	pub(crate) fn discount_now(a: &Auction<T::AccountId, BlockNumberFor<T>>) -> Fixed18 {
		let p = Params::<T>::get();
		math::discount(p.start_discount, p.floor_discount, Self::elapsed(a), p.decay_blocks)
	}

	/// Whether the auction has reached its floor.
	pub(crate) fn at_floor(a: &Auction<T::AccountId, BlockNumberFor<T>>) -> bool {
		Self::elapsed(a) >= Params::<T>::get().decay_blocks
	}

	/// The share of the portfolio for sale now: what brings health back to `1 + buffer` when
	/// sold at `discount` with the penalty; all of it for small and insolvent accounts.
	pub(crate) fn for_sale(
		risk: &AccountRisk,
		discount: Fixed18,
	) -> Result<Fixed18, DispatchError> {
		let p = Params::<T>::get();
		if risk.is_insolvent() || risk.maintenance < p.small_account {
			return Ok(Fixed18::ONE);
		}
		math::fraction_to_sell(risk.equity(), risk.maintenance, p.buffer, discount, p.penalty)
			.map_err(|_| Error::<T>::Overflow.into())
	}

	pub(crate) fn do_bid(
		who: Sub<T>,
		bidder: Sub<T>,
		share: Fixed18,
		min_discount: Fixed18,
	) -> DispatchResult {
		ensure!(share.0 > 0 && share <= Fixed18::ONE, Error::<T>::InvalidShare);
		// No owner buys its own subaccount's positions (and so its discount).
		ensure!(bidder.0 != who.0, Error::<T>::SelfLiquidation);
		let auction = Auctions::<T>::get(&who).ok_or(Error::<T>::NoAuction)?;
		ensure!(!auction.covering, Error::<T>::NoPositions);
		let discount = Self::discount_now(&auction);
		ensure!(discount >= min_discount, Error::<T>::DiscountBelowLimit);
		let risk = Self::risk_of(&who)?;
		ensure!(risk.positions > 0, Error::<T>::NoPositions);
		ensure!(risk.is_liquidatable(), Error::<T>::Healthy);
		let lot = Self::for_sale(&risk, discount)?.checked_mul(share)?;
		// An insolvent account's discount is paid by the backstops: never more than they can
		// pay beyond its shortfall. A shortfall beyond them is deleveraged at the floor, not
		// sold: a sale would leave it as bad debt instead of with the profitable side.
		let cap = if risk.is_insolvent() {
			let shortfall = risk.equity().unsigned_abs();
			let backstops = Self::backstops()?;
			ensure!(shortfall <= backstops, Error::<T>::ShortfallBeyondBackstops);
			Some(backstops - shortfall)
		} else {
			None
		};
		let sale = Self::sell(
			&who,
			&Self::holder(&bidder),
			lot,
			discount,
			&risk,
			&auction.liquidator,
			cap,
			Rounding::Down,
		)?;
		let asked = Self::value_share(Self::value_share(risk.maintenance, lot)?, min_discount)?;
		ensure!(sale.discount >= asked, Error::<T>::DiscountBelowLimit);
		Self::ensure_buyer_margin(&bidder)?;
		Self::deposit_event(Event::Bid {
			who: who.0.clone(),
			sub: who.1,
			bidder,
			share: lot,
			discount: sale.discount,
			penalty: sale.penalty,
			liquidator_fee: sale.liquidator_fee,
		});
		let next = Self::after_sale(&who)?;
		Self::follow_up(&who, next)
	}

	/// Moves `lot` of every position of `who` to `to` at mark, and pays `to` the discount on
	/// the lot's maintenance margin (at most `cap`) and the penalty. A solvent account pays
	/// discount, penalty and the liquidator's share out of its equity and never more than it:
	/// the insurance fund pays nothing for it. An insolvent account pays no penalty; the
	/// discount adds to its debt, which the waterfall covers (it is closed at its bankruptcy
	/// value, zero). Sizes are rounded as `rounding` says; a lot that moves nothing is
	/// `LotTooSmall` (no discount is paid for nothing).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn sell(
		who: &Sub<T>,
		to: &Holder<T::AccountId>,
		lot: Fixed18,
		discount: Fixed18,
		risk: &AccountRisk,
		liquidator: &T::AccountId,
		cap: Option<Balance>,
		rounding: Rounding,
	) -> Result<Sale, DispatchError> {
		let exposures = T::Book::exposures(&Self::holder(who)).ok_or(Error::<T>::StalePrice)?;
		ensure!(!exposures.is_empty(), Error::<T>::NoPositions);
		ensure!(Self::move_share(who, to, &exposures, lot, rounding)?, Error::<T>::LotTooSmall);
		let p = Params::<T>::get();
		let lot_margin = Self::value_share(risk.maintenance, lot)?;
		let mut discount = Self::value_share(lot_margin, discount)?;
		if let Some(cap) = cap {
			discount = discount.min(cap);
		}
		let account = Party::Account(who.0.clone(), who.1);
		let buyer: Party<T::AccountId> = to.clone().into();
		let mut sale = Sale::default();
		if risk.is_insolvent() {
			sale.discount = T::Ledger::pay(&account, &buyer, discount)?;
		} else {
			// Each payment in what the ledger pays exactly, so its rounding never takes the
			// account below zero.
			let payable = T::Ledger::payable;
			let mut budget = payable(risk.equity().unsigned_abs());
			let paid = payable(discount.min(budget));
			sale.discount = T::Ledger::pay(&account, &buyer, paid)?;
			budget = budget.saturating_sub(sale.discount);
			let penalty = payable(Self::value_share(lot_margin, p.penalty)?.min(budget));
			let fee = payable(Self::value_share(penalty, p.liquidator_share)?);
			sale.liquidator_fee =
				T::Ledger::pay(&account, &Party::Account(liquidator.clone(), 0), fee)?;
			sale.penalty = T::Ledger::pay(&account, &Party::InsuranceFund, penalty - fee)?;
		}
		Accounting::<T>::mutate(|a| {
			a.penalties = a.penalties.saturating_add(sale.penalty);
			a.liquidator_fees = a.liquidator_fees.saturating_add(sale.liquidator_fee);
		});
		Ok(sale)
	}

	/// Moves `lot` of each position (whole positions when `lot` is 1) at mark, sizes rounded
	/// as `rounding` says. Returns whether any contract moved.
	pub(crate) fn move_share(
		from: &Sub<T>,
		to: &Holder<T::AccountId>,
		exposures: &[Exposure],
		lot: Fixed18,
		rounding: Rounding,
	) -> Result<bool, DispatchError> {
		let mut moved = false;
		let from = Self::holder(from);
		for e in exposures {
			let size = math::portion(e.size, lot, rounding)?;
			if size != 0 {
				T::Book::transfer(&from, to, e.instrument, size, e.mark)?;
				moved = true;
			}
		}
		Ok(moved)
	}

	/// After a sale: an account without positions goes on to have its debt covered; a healthy
	/// one's auction ends; otherwise the auction goes on.
	pub(crate) fn after_sale(who: &Sub<T>) -> Result<Next, DispatchError> {
		let risk = Self::risk_of(who)?;
		if risk.positions == 0 {
			Auctions::<T>::mutate(who, |a| {
				if let Some(a) = a {
					a.covering = true;
				}
			});
			return Self::cover(who);
		}
		if !risk.is_liquidatable() {
			Self::end_auction(who);
		}
		Ok(Next::Done)
	}

	/// Queues a `Continue` for the auction when a step must be taken again later (at most one
	/// per auction is queued; the queue keeps room for one per running auction).
	pub(crate) fn follow_up(who: &Sub<T>, next: Next) -> DispatchResult {
		if next == Next::Again {
			Self::schedule(who)?;
		}
		Ok(())
	}

	/// Queues a `Continue` for a running auction unless one is queued.
	pub(crate) fn schedule(who: &Sub<T>) -> DispatchResult {
		let Some(mut auction) = Auctions::<T>::get(who) else { return Ok(()) };
		if auction.queued {
			return Ok(());
		}
		Self::enqueue(Work::Continue { who: who.clone() })?;
		auction.queued = true;
		Auctions::<T>::insert(who, auction);
		QueuedFollowUps::<T>::mutate(|n| *n = n.saturating_add(1));
		Ok(())
	}

	/// One step of a running auction from the queue: cover its debt, or at its floor, let the
	/// vault take what must be sold.
	pub(crate) fn continue_auction(who: &Sub<T>) -> Result<Next, DispatchError> {
		// It ended (a bid, deleveraging) after this step was queued: nothing to do.
		let Some(auction) = Auctions::<T>::get(who) else { return Ok(Next::Done) };
		if auction.covering {
			return Self::cover(who);
		}
		if !Self::at_floor(&auction) {
			return Ok(Next::Done);
		}
		Self::take_at_floor(who, &auction)
	}

	/// At the floor the vault takes what must be sold: for a solvent account the share that
	/// restores health at the floor discount (paid from its equity); for an insolvent one
	/// everything, when the insurance fund and the vault can absorb its shortfall at mark, with
	/// a discount no larger than what they can still pay. The vault takes only what keeps its
	/// delta and vega within their caps ([`PositionBook::vault_room`]); the rest is closed at
	/// mark against the ranked holders of the other side ([`Goal::Excess`]). A shortfall
	/// beyond the backstops is deleveraged ([`Goal::Deficit`]): its counterparties are ranked a
	/// page per block, then closed against at the bankruptcy price. What nobody holds the other
	/// side of in profit goes to the vault, beyond its caps if need be (it is the buyer of last
	/// resort), and what nobody pays is bad debt.
	pub(crate) fn take_at_floor(
		who: &Sub<T>,
		auction: &Auction<T::AccountId, BlockNumberFor<T>>,
	) -> Result<Next, DispatchError> {
		let risk = Self::risk_of(who)?;
		if risk.positions == 0 || !risk.is_liquidatable() {
			return Self::after_sale(who);
		}
		let p = Params::<T>::get();
		let shortfall = if risk.is_insolvent() { risk.equity().unsigned_abs() } else { 0 };
		// Only an insolvent account needs the backstops (and the vault valued whole).
		let backstops = if risk.is_insolvent() { Self::backstops()? } else { 0 };
		// What must go, at what discount (at most `cap`), and what is deleveraged of it if the
		// vault cannot take it.
		let (lot, discount, cap, goal) = if shortfall > backstops {
			(Fixed18::ONE, Fixed18::ZERO, Some(0), Goal::Deficit(shortfall - backstops))
		} else if risk.is_insolvent() {
			(
				Fixed18::ONE,
				p.floor_discount,
				Some(backstops - shortfall),
				Goal::Excess(Fixed18::ONE),
			)
		} else {
			let lot = Self::for_sale(&risk, p.floor_discount)?;
			(lot, p.floor_discount, None, Goal::Excess(lot))
		};
		if let Goal::Excess(_) = goal {
			let exposures = T::Book::exposures(&Self::holder(who)).ok_or(Error::<T>::StalePrice)?;
			let room = T::Book::vault_room(&exposures).ok_or(Error::<T>::StalePrice)?;
			if room >= lot {
				// All of it fits: no deleveraging. Rounded up, so the vault's take always
				// moves at least one unit of every leg.
				AdlScans::<T>::remove(who);
				return Self::vault_takes(who, auction, &risk, (lot, discount, cap), Rounding::Up);
			}
			// Part of it fits and no deleveraging pass is under way: the vault takes that part
			// (rounded down, within its caps), once: the pass it opens deleverages the rest in
			// the next steps, however the vault's room moves meanwhile (dust traded back to it
			// each block never holds deleveraging off).
			if room.0 > 0 && !AdlScans::<T>::contains_key(who) {
				match Self::vault_takes(who, auction, &risk, (room, discount, cap), Rounding::Down)
				{
					Err(e) if e == Error::<T>::LotTooSmall.into() => {},
					Err(e) => return Err(e),
					Ok(next) => {
						if Auctions::<T>::get(who).is_some_and(|a| !a.covering) {
							AdlScans::<T>::insert(who, AdlScan::default());
						}
						return Ok(next);
					},
				}
			}
		}
		match Self::deleverage_step(who, goal)? {
			Deleveraging::Ranking => {
				let deficit = if let Goal::Deficit(owed) = goal { owed } else { 0 };
				Self::deposit_event(Event::AwaitingDeleverage {
					who: who.0.clone(),
					sub: who.1,
					deficit,
				});
				Ok(Next::Again)
			},
			// Ranked counterparties may be left to close against: the next step goes on if
			// the account still holds positions.
			Deleveraging::Closing | Deleveraging::Closed { any: true } => {
				Self::count_liquidation();
				Self::after_floor_step(who)
			},
			// Nobody holds the other side in profit: the vault takes it, at mark for a
			// shortfall beyond the backstops.
			Deleveraging::Closed { any: false } => {
				Self::vault_takes(who, auction, &risk, (lot, discount, cap), Rounding::Up)
			},
		}
	}

	/// The vault takes `lot` of the account's positions at `discount` (at most `cap`), sizes
	/// rounded as `rounding` says.
	fn vault_takes(
		who: &Sub<T>,
		auction: &Auction<T::AccountId, BlockNumberFor<T>>,
		risk: &AccountRisk,
		(lot, discount, cap): (Fixed18, Fixed18, Option<Balance>),
		rounding: Rounding,
	) -> Result<Next, DispatchError> {
		let sale = Self::sell(
			who,
			&Holder::Vault,
			lot,
			discount,
			risk,
			&auction.liquidator,
			cap,
			rounding,
		)?;
		Self::deposit_event(Event::TakenByVault {
			who: who.0.clone(),
			sub: who.1,
			share: lot,
			discount: sale.discount,
			penalty: sale.penalty,
			liquidator_fee: sale.liquidator_fee,
		});
		Self::count_liquidation();
		Self::after_floor_step(who)
	}

	/// After a step at the floor: an auction still selling (positions left after closing
	/// against counterparties, or still short of maintenance by rounding) goes on next block.
	fn after_floor_step(who: &Sub<T>) -> Result<Next, DispatchError> {
		match Self::after_sale(who)? {
			Next::Done if Auctions::<T>::get(who).is_some_and(|a| !a.covering) => Ok(Next::Again),
			next => Ok(next),
		}
	}

	/// A buyer (bidder or debt collector) must meet its initial margin after the purchase.
	fn ensure_buyer_margin(buyer: &Sub<T>) -> DispatchResult {
		ensure!(
			Self::risk_of(buyer)?.meets_initial(Fixed18::ONE),
			Error::<T>::BidderMarginBreached
		);
		Ok(())
	}

	/// Ends the auction.
	pub(crate) fn end_auction(who: &Sub<T>) {
		Self::set_pending(who, 0);
		Auctions::<T>::remove(who);
		AdlScans::<T>::remove(who);
		Self::deposit_event(Event::AuctionEnded { who: who.0.clone(), sub: who.1 });
	}

	/// What of a subaccount's debt neither its collateral backs (`net`: its collateral after
	/// haircuts less its debt) nor is already recorded as bad debt: what a covering auction
	/// pays (so covering it again changes nothing).
	pub(crate) fn to_cover(who: &Sub<T>, net: i128) -> Balance {
		net.min(0).unsigned_abs().saturating_sub(T::Ledger::uncovered(&who.0, who.1))
	}

	/// Covers the debt of an account whose positions are gone: the insurance fund within this
	/// block's budget, then (once the fund holds no more than the budget) the vault, then bad
	/// debt. A debt larger than the budget while the fund holds more is paid in parts, one per
	/// block. Debt the account's other collateral backs is not covered. Ends the auction when
	/// done.
	pub(crate) fn cover(who: &Sub<T>) -> Result<Next, DispatchError> {
		let net =
			T::Ledger::net_collateral(&who.0, who.1).map_err(|_| Error::<T>::StaleCollateral)?;
		let owed = Self::to_cover(who, net);
		if owed == 0 || T::Ledger::debt(&who.0, who.1) == 0 {
			Self::end_auction(who);
			return Ok(Next::Done);
		}
		let budget = Self::insurance_left();
		let (limit, done) = if owed > budget && T::Ledger::insurance_balance() > budget {
			(budget, false)
		} else {
			(owed, true)
		};
		if limit > 0 {
			let w = T::Ledger::cover_debt(&who.0, who.1, limit, budget);
			Self::use_insurance(w.insurance);
			let bad = if done { w.uncovered } else { 0 };
			if bad > 0 {
				BadDebt::<T>::mutate(who, |d| *d = d.saturating_add(bad));
			}
			Accounting::<T>::mutate(|a| {
				a.insurance_paid = a.insurance_paid.saturating_add(w.insurance);
				a.vault_paid = a.vault_paid.saturating_add(w.vault);
				a.bad_debt = a.bad_debt.saturating_add(bad);
			});
			Self::deposit_event(Event::DebtCovered {
				who: who.0.clone(),
				sub: who.1,
				insurance: w.insurance,
				vault: w.vault,
				bad_debt: bad,
			});
		}
		if done {
			Self::end_auction(who);
			Ok(Next::Done)
		} else {
			// What is still owed is held back from other shortfalls until it is paid.
			Self::set_pending(who, owed.saturating_sub(limit));
			Ok(Next::Again)
		}
	}

	/// Records what the auction's covering still owes, and keeps the total in step.
	fn set_pending(who: &Sub<T>, amount: Balance) {
		Auctions::<T>::mutate(who, |a| {
			if let Some(a) = a {
				CoverPending::<T>::mutate(|p| {
					*p = p.saturating_sub(a.pending).saturating_add(amount)
				});
				a.pending = amount;
			}
		});
	}

	/// A subaccount as the position book names it.
	pub(crate) fn holder(who: &Sub<T>) -> Holder<T::AccountId> {
		Holder::Account(who.0.clone(), who.1)
	}

	/// `value × share`, rounded down (zero for a negative share).
	pub(crate) fn value_share(value: Balance, share: Fixed18) -> Result<Balance, DispatchError> {
		let v = i128::try_from(value).map_err(|_| Error::<T>::Overflow)?;
		let r = Fixed18(v).mul_rounding(share, Rounding::Down)?;
		Ok(r.0.max(0) as Balance)
	}
}

/// The collateral ledger prices the vault's shares net of the debt being covered in parts.
impl<T: Config> ballast_primitives::traits::PendingCover for Pallet<T> {
	fn pending_cover() -> Balance {
		CoverPending::<T>::get()
	}
}
