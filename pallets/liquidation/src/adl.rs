//! Auto-deleveraging, the last step of the waterfall, chosen by the protocol. When a bankrupt
//! account's shortfall at mark exceeds what the insurance fund and the vault can absorb, its
//! auction ranks every holder of the opposite side of each of its legs — the position book's
//! holders index, holders valued until [`ADL_POSITIONS`] positions are per step — by profit × leverage × the share of their
//! risk they leave unhedged ([`math::adl_rank`]), keeping the best `MaxCandidates`. Its legs
//! are then closed against them, best first, at the bankruptcy price: each close moves the
//! counterparty's profit on the closed part, up to what is still owed, into the price, so the
//! bankrupt ends at zero equity. A pass that leaves a shortfall ranks again; legs nobody holds
//! the other side of go to the vault at mark.

use crate::{math, pallet::*, types::AdlScan};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, Exposure, PositionBook},
	Balance,
};
use frame_support::{pallet_prelude::*, traits::Get};

/// Positions valued per step of the scan: holders are ranked, each whole, until this many of
/// their positions have been valued (the last may take it up to `MaxPositions` beyond).
pub const ADL_POSITIONS: u32 = 128;

/// Where a deleveraging step left the auction.
pub(crate) enum Deleveraging {
	/// The ranking goes on in a later block.
	Ranking,
	/// Legs were closed against the ranked counterparties (possibly none were found).
	Closed {
		/// Whether any contract was closed against a counterparty.
		any: bool,
	},
}

impl<T: Config> Pallet<T> {
	/// One step: rank the next page of holders; once every leg's holders are ranked, close
	/// the legs against the best of them.
	pub(crate) fn deleverage_step(who: &Sub<T>) -> Result<Deleveraging, DispatchError> {
		let bankrupt = T::Book::exposures(&who.0, who.1).ok_or(Error::<T>::StalePrice)?;
		let Some(best) = Self::rank_page(who, &bankrupt)? else {
			return Ok(Deleveraging::Ranking);
		};
		let owed = Self::shortfall(who)?;
		let any = Self::close_against(who, bankrupt, best, owed)?;
		Ok(Deleveraging::Closed { any })
	}

	/// Ranks the next holders, until [`ADL_POSITIONS`] positions have been valued; the best
	/// counterparties once every leg's holders are ranked (the next scan starts afresh).
	fn rank_page(
		who: &Sub<T>,
		bankrupt: &[Exposure],
	) -> Result<Option<Vec<Sub<T>>>, DispatchError> {
		let p = Params::<T>::get();
		let vault = T::Book::vault();
		let mut scan = AdlScans::<T>::get(who).unwrap_or_default();
		let mut budget = ADL_POSITIONS;
		while budget > 0 {
			let Some(leg) = bankrupt.get(scan.leg as usize) else { break };
			let after = scan.cursor.take().map(|c| c.into_inner());
			// The next holder of the other side of the bankrupt's leg.
			let (holders, next) = T::Book::holders_of(leg.instrument, leg.size < 0, after, 1);
			for h in holders {
				if h == *who || h == vault || scan.best.iter().any(|(_, b)| *b == h) {
					budget = budget.saturating_sub(1);
					continue;
				}
				let (rank, valued) =
					Self::rank_of(&h, bankrupt, p.adl_price_shock, p.adl_vol_shock);
				budget = budget.saturating_sub(valued.max(1));
				if let Some(rank) = rank {
					Self::keep_best(&mut scan.best, rank, h);
				}
			}
			match next {
				Some(key) => {
					scan.cursor = Some(BoundedVec::try_from(key).map_err(|_| Error::<T>::Overflow)?)
				},
				None => scan.leg = scan.leg.saturating_add(1),
			}
		}
		if (scan.leg as usize) < bankrupt.len() {
			AdlScans::<T>::insert(who, scan);
			return Ok(None);
		}
		AdlScans::<T>::remove(who);
		Ok(Some(scan.best.into_iter().map(|(_, h)| h).collect()))
	}

	/// Keeps `h` among the best `MaxCandidates`, highest rank first; ties keep the earlier.
	fn keep_best(
		best: &mut BoundedVec<(Fixed18, Sub<T>), T::MaxCandidates>,
		rank: Fixed18,
		h: Sub<T>,
	) {
		let at = best.iter().position(|(r, _)| *r < rank).unwrap_or(best.len());
		if at >= T::MaxCandidates::get() as usize {
			return;
		}
		if best.is_full() {
			best.pop();
		}
		// Room was just made.
		let _ = best.try_insert(at, (rank, h));
	}

	/// A holder's rank against the bankrupt's legs — the best over the legs it holds the other
	/// side of in profit — and how many positions were valued. No rank if it cannot be valued
	/// now, holds no such leg in profit, or has no equity.
	fn rank_of(
		h: &Sub<T>,
		bankrupt: &[Exposure],
		price_shock: Fixed18,
		vol_shock: Fixed18,
	) -> (Option<Fixed18>, u32) {
		let Some(theirs) = T::Book::exposures(&h.0, h.1) else { return (None, 1) };
		let collateral = T::Ledger::net_collateral(&h.0, h.1).ok();
		let rank = collateral.and_then(|c| Self::rank_book(&theirs, c, bankrupt, price_shock, vol_shock));
		(rank, theirs.len() as u32)
	}

	fn rank_book(
		theirs: &[Exposure],
		collateral: i128,
		bankrupt: &[Exposure],
		price_shock: Fixed18,
		vol_shock: Fixed18,
	) -> Option<Fixed18> {
		let mut equity = collateral;
		let mut notional = 0i128;
		for e in theirs {
			equity = equity.checked_add(e.pnl)?;
			notional = notional.checked_add(Fixed18(e.size).checked_mul(Fixed18(e.mark)).ok()?.0.checked_abs()?)?;
		}
		let mut rank: Option<Fixed18> = None;
		for leg in bankrupt {
			let Some(e) = math::opposite(leg, theirs) else { continue };
			let value = Fixed18(e.size).checked_mul(Fixed18(e.mark)).ok()?.0.checked_abs()?;
			let unhedged = math::unhedged_share(theirs, e.underlying, price_shock, vol_shock).ok()?;
			if let Some(r) = math::adl_rank(e.pnl, value, notional, equity, unhedged) {
				rank = Some(rank.map_or(r, |best| best.max(r)));
			}
		}
		rank
	}

	/// Closes the bankrupt's legs against `ranked`, best first, at the bankruptcy price: each
	/// close shifts the counterparty's profit on the closed part (up to what is still `owed`)
	/// into the price. Returns whether anything was closed.
	fn close_against(
		who: &Sub<T>,
		mut legs: Vec<Exposure>,
		ranked: Vec<Sub<T>>,
		mut owed: Balance,
	) -> Result<bool, DispatchError> {
		let mut any = false;
		for c in ranked {
			let Some(theirs) = T::Book::exposures(&c.0, c.1) else { continue };
			for leg in legs.iter_mut() {
				if leg.size == 0 {
					continue;
				}
				let Some(e) = math::opposite(leg, &theirs) else { continue };
				let size = if leg.size > 0 { leg.size.min(-e.size) } else { leg.size.max(-e.size) };
				// Their profit on the part closed, of which the shortfall takes what it needs.
				let closed = Fixed18(size.abs())
					.checked_div(Fixed18(e.size.abs()))
					.map_err(|_| Error::<T>::Overflow)?;
				let profit = Self::value_share(e.pnl.max(0) as Balance, closed)?;
				let take = i128::try_from(profit.min(owed)).map_err(|_| Error::<T>::Overflow)?;
				// The bankrupt sells a long above mark, buys back a short below it.
				let shift = Fixed18(take).checked_div(Fixed18(size)).map_err(|_| Error::<T>::Overflow)?;
				let price = leg.mark.checked_add(shift.0).ok_or(Error::<T>::Overflow)?;
				T::Book::transfer((&who.0, who.1), (&c.0, c.1), leg.instrument, size, price)?;
				let paid = shift.checked_mul(Fixed18(size)).map_err(|_| Error::<T>::Overflow)?.0;
				let paid = paid.max(0) as Balance;
				owed = owed.saturating_sub(paid);
				leg.size -= size;
				any = true;
				Accounting::<T>::mutate(|a| a.socialized = a.socialized.saturating_add(paid));
				Self::deposit_event(Event::Deleveraged {
					who: who.0.clone(),
					sub: who.1,
					counterparty: c.clone(),
					instrument: leg.instrument,
					size,
					price,
					paid,
				});
			}
		}
		Ok(any)
	}

	/// What the subaccount would owe if its positions closed at mark now (zero if solvent).
	pub(crate) fn shortfall(who: &Sub<T>) -> Result<Balance, DispatchError> {
		let risk = Self::risk_of(who)?;
		Ok(if risk.is_insolvent() { risk.equity().unsigned_abs() } else { 0 })
	}

	/// What the insurance fund (within this block's budget) and the vault can absorb.
	pub(crate) fn backstops() -> Balance {
		Self::insurance_left()
			.min(T::Ledger::insurance_balance())
			.saturating_add(T::Ledger::vault_balance())
	}
}

impl<AccountId, S: Get<u32>> Default for AdlScan<AccountId, S> {
	fn default() -> Self {
		AdlScan { leg: 0, cursor: None, best: BoundedVec::new() }
	}
}
