//! Auto-deleveraging: the last step of the waterfall. A bankrupt lot that the insurance fund
//! and the LP vault cannot absorb is closed against counterparties holding the opposite side,
//! those whose risk falls most first (hedged accounts last), and their profit on the closed
//! part pays the deficit.

use crate::{math, pallet::*};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, Exposure, Party, PositionBook},
	Balance,
};
use codec::Encode;
use frame_support::{ensure, pallet_prelude::*};

/// A counterparty ranked for deleveraging.
struct Ranked<AccountId> {
	who: (AccountId, ballast_primitives::traits::SubaccountId),
	score: i128,
	exposures: Vec<Exposure>,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_deleverage(who: Sub<T>, candidates: Vec<Sub<T>>) -> DispatchResult {
		let auction = Auctions::<T>::get(&who).ok_or(Error::<T>::NoAuction)?;
		ensure!(Self::at_floor(&auction) && !auction.covering, Error::<T>::NotAtFloor);
		// Only a shortfall at mark that the insurance fund and the vault cannot absorb.
		let owed = Self::shortfall(&who)?;
		ensure!(owed > Self::backstops(), Error::<T>::Coverable);
		let bankrupt = T::Book::exposures(&who.0, who.1).ok_or(Error::<T>::StalePrice)?;
		let ranked = Self::rank(&who, &bankrupt, candidates)?;
		ensure!(!ranked.is_empty(), Error::<T>::NoCandidates);
		let mut owed = owed;
		let mut left: Vec<Exposure> = bankrupt;
		for c in ranked {
			for leg in left.iter_mut() {
				let Some(theirs) = math::opposite(leg, &c.exposures) else {
					continue;
				};
				if leg.size == 0 {
					continue;
				}
				// Close `size` of the bankrupt's leg against the counterparty at mark.
				let size = if leg.size > 0 {
					leg.size.min(-theirs.size)
				} else {
					leg.size.max(-theirs.size)
				};
				T::Book::transfer(
					(&who.0, who.1),
					(&c.who.0, c.who.1),
					leg.instrument,
					size,
					leg.mark,
				)?;
				// Their profit on the closed part pays the deficit.
				let closed = Fixed18(size.abs())
					.checked_div(Fixed18(theirs.size.abs()))
					.map_err(|_| Error::<T>::Overflow)?;
				let profit = Self::value_share(theirs.pnl.max(0) as Balance, closed)?;
				let take = profit.min(owed);
				let paid = if take > 0 {
					T::Ledger::pay(
						&Party::Account(c.who.0.clone(), c.who.1),
						&Party::Account(who.0.clone(), who.1),
						take,
					)?
				} else {
					0
				};
				owed = owed.saturating_sub(paid);
				leg.size -= size;
				Accounting::<T>::mutate(|a| a.socialized = a.socialized.saturating_add(paid));
				Self::deposit_event(Event::Deleveraged {
					who: who.0.clone(),
					sub: who.1,
					counterparty: c.who.clone(),
					instrument: leg.instrument,
					size,
					paid,
				});
			}
		}
		// What no counterparty took goes to the vault at mark; the debt left goes down the
		// waterfall (and what nobody pays is bad debt).
		let vault = T::Book::vault();
		for leg in left.iter().filter(|l| l.size != 0) {
			T::Book::transfer(
				(&who.0, who.1),
				(&vault.0, vault.1),
				leg.instrument,
				leg.size,
				leg.mark,
			)?;
		}
		Self::count_liquidation();
		let next = Self::after_sale(&who)?;
		Self::follow_up(&who, next)
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

	/// The valid candidates (holding the opposite side of one of the bankrupt's positions, in
	/// profit on it, not the bankrupt or the vault, each once), highest score first, ties by
	/// their SCALE encoding: the same candidates always give the same order.
	fn rank(
		who: &Sub<T>,
		bankrupt: &[Exposure],
		candidates: Vec<Sub<T>>,
	) -> Result<Vec<Ranked<T::AccountId>>, DispatchError> {
		let p = Params::<T>::get();
		let vault = T::Book::vault();
		let mut ranked: Vec<Ranked<T::AccountId>> = Vec::new();
		for c in candidates {
			if c == *who || c == vault || ranked.iter().any(|r| r.who == c) {
				continue;
			}
			let Some(exposures) = T::Book::exposures(&c.0, c.1) else { continue };
			let score =
				math::counterparty_score(bankrupt, &exposures, p.adl_price_shock, p.adl_vol_shock);
			if let Some(score) = score {
				ranked.push(Ranked { who: c, score, exposures });
			}
		}
		ranked.sort_by(|a, b| {
			b.score.cmp(&a.score).then_with(|| a.who.encode().cmp(&b.who.encode()))
		});
		Ok(ranked)
	}
}
