//! Auto-deleveraging, the last step of the waterfall, chosen by the protocol. When a bankrupt
//! account's shortfall at mark exceeds what the insurance fund and the vault hold, what they
//! cannot pay is taken from the profitable side: its auction ranks every holder of the
//! opposite side of each of its legs — the position book's holders index, [`ADL_POSITIONS`]
//! positions valued per step — by profit × leverage × the share of their risk they leave
//! unhedged ([`math::adl_rank`]), the owner's own other subaccounts first, keeping the best
//! `MaxCandidates`. Its legs are then closed against them, best first, at the bankruptcy
//! price: each close moves the counterparty's profit on the closed part into the price, up to
//! what is still owed and never beyond the counterparty's own equity (nobody is made insolvent
//! by deleveraging); [`ADL_CLOSES`] closes per step. A pass that leaves a shortfall ranks
//! again; legs nobody holds the other side of in profit go to the vault at mark.
//!
//! The same ranking closes, at mark, what the vault's risk caps keep it from taking over at
//! the floor ([`Goal::Excess`]): a position too large for the vault goes back to the side that
//! profits from it rather than onto the liquidity providers (Hyperliquid's JELLY, March 2025).

use crate::{math, pallet::*, types::AdlScan};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::{Fixed18, Rounding},
	traits::{CollateralLedger, Exposure, Holder, MarginEngine, PositionBook},
	Balance,
};
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::TransactionOutcome;

/// Positions valued per step, by the ranking and the closing together: holders are valued
/// whole while their positions fit (a holder with more is valued alone in a step).
pub const ADL_POSITIONS: u32 = 256;
/// Index reads per step of the ranking: a holder met on the bankrupt's k-th leg costs 1 + k
/// (whether it was ranked on an earlier leg).
pub const ADL_VISITS: u32 = 1_024;
/// Legs closed against counterparties per step.
pub const ADL_CLOSES: u32 = 8;

/// What a deleveraging pass closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Goal {
	/// Close toward this shortfall the backstops cannot pay, at the bankruptcy price.
	Deficit(Balance),
	/// Close this share of every leg at mark: what the vault's caps leave at the floor.
	Excess(Fixed18),
}

/// Where a deleveraging step left the auction.
pub(crate) enum Deleveraging {
	/// The ranking goes on in a later block.
	Ranking,
	/// Legs were closed; more ranked counterparties are left for a later block.
	Closing,
	/// The ranked counterparties are used up (`any`: whether anything was closed).
	Closed {
		/// Whether any contract was closed against a counterparty.
		any: bool,
	},
}

impl<T: Config> Pallet<T> {
	/// One step, bounded: rank the next holders; once every leg's holders are ranked, close
	/// up to [`ADL_CLOSES`] legs against the best of them, toward the `goal` (from the
	/// snapshot the caller just took).
	pub(crate) fn deleverage_step(who: &Sub<T>, goal: Goal) -> Result<Deleveraging, DispatchError> {
		let bankrupt = T::Book::exposures(&Self::holder(who)).ok_or(Error::<T>::StalePrice)?;
		let mut scan = AdlScans::<T>::get(who).unwrap_or_default();
		// Positions valued in this step, by the ranking and the closing together.
		let mut budget = ADL_POSITIONS;
		if (scan.leg as usize) < bankrupt.len() {
			Self::rank_page(who, &bankrupt, &mut scan, &mut budget)?;
			if (scan.leg as usize) < bankrupt.len() {
				AdlScans::<T>::insert(who, scan);
				return Ok(Deleveraging::Ranking);
			}
		}
		let ranked = !scan.best.is_empty();
		let (any, reached) = Self::close_against(who, bankrupt, &mut scan, goal, budget)?;
		scan.progressed |= any;
		if reached {
			AdlScans::<T>::remove(who);
			return Ok(Deleveraging::Closed { any });
		}
		if !scan.best.is_empty() {
			AdlScans::<T>::insert(who, scan);
			return Ok(Deleveraging::Closing);
		}
		// The pass's counterparties are used up. If it closed anything, the next step ranks
		// afresh. If it closed nothing because other bankrupt accounts closed against its
		// counterparties first, it ranks afresh too (their closes are progress, so this ends).
		// A pass that closes nothing otherwise is retried once; then, or when nobody ranked at
		// all, the vault takes the rest.
		if scan.progressed {
			AdlScans::<T>::remove(who);
			return Ok(Deleveraging::Closed { any: true });
		}
		if ranked && (scan.contested || !scan.retried) {
			AdlScans::<T>::insert(who, AdlScan { retried: true, ..Default::default() });
			return Ok(Deleveraging::Ranking);
		}
		AdlScans::<T>::remove(who);
		Ok(Deleveraging::Closed { any: false })
	}

	/// Ranks the next holders of the other side of the bankrupt's legs while their positions
	/// fit in `budget` (what is left of it goes to the closing), keeping the best
	/// `MaxCandidates`.
	fn rank_page(
		who: &Sub<T>,
		bankrupt: &[Exposure],
		scan: &mut AdlScan<T::AccountId, T::MaxCandidates>,
		budget: &mut u32,
	) -> DispatchResult {
		let p = Params::<T>::get();
		let mut visits = ADL_VISITS;
		loop {
			let k = scan.leg as usize;
			let Some(leg) = bankrupt.get(k) else { break };
			// The index read and one `holds` read per earlier leg; at least one visit a step.
			let cost = 1u32.saturating_add(k as u32);
			if cost > visits && visits < ADL_VISITS {
				break;
			}
			visits = visits.saturating_sub(cost);
			let after = scan.cursor.clone().map(|c| c.into_inner());
			// The next holder of the other side of the bankrupt's leg.
			let (holders, next) = T::Book::holders_of(leg.instrument, leg.size < 0, after, 1);
			// The vault is never deleveraged: it is the backstop before deleveraging.
			if let Some(Holder::Account(owner, sub)) = holders.into_iter().next() {
				let h = (owner, sub);
				let holder = Self::holder(&h);
				// Ranked already: against every leg when it was met on an earlier one.
				let met =
					bankrupt[..k].iter().any(|l| T::Book::holds(&holder, l.instrument, l.size < 0));
				if h != *who && !met {
					let held = T::Book::positions_of(&holder);
					// A holder that does not fit waits for the next step, unless it is alone.
					if held > *budget && *budget < ADL_POSITIONS {
						break;
					}
					*budget = budget.saturating_sub(held.max(1));
					let rank = Self::rank_of(&h, bankrupt, p.adl_price_shock, p.adl_vol_shock);
					// The owner's own other subaccounts give up their profit first.
					let rank = if h.0 == who.0 { rank.map(|_| Fixed18(i128::MAX)) } else { rank };
					if let Some(rank) = rank {
						Self::keep_best(&mut scan.best, rank, h);
					}
				}
			}
			match next {
				Some(key) => {
					scan.cursor = Some(BoundedVec::try_from(key).map_err(|_| Error::<T>::Overflow)?)
				},
				None => {
					scan.cursor = None;
					scan.leg = scan.leg.saturating_add(1);
				},
			}
		}
		Ok(())
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

	/// A holder's rank against the bankrupt's legs: the best over the legs it holds the other
	/// side of in profit. `None` if it cannot be valued now, holds no such leg in profit, or
	/// has no equity.
	fn rank_of(
		h: &Sub<T>,
		bankrupt: &[Exposure],
		price_shock: Fixed18,
		vol_shock: Fixed18,
	) -> Option<Fixed18> {
		let theirs = T::Book::exposures(&Self::holder(h))?;
		let collateral = T::Ledger::net_collateral(&h.0, h.1).ok()?;
		Self::rank_book(&theirs, collateral, bankrupt, price_shock, vol_shock)
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
			notional = notional
				.checked_add(Fixed18(e.size).checked_mul(Fixed18(e.mark)).ok()?.0.checked_abs()?)?;
		}
		// Two units of equity are kept for the fill's rounding: with no more it gives nothing.
		if equity <= 2 {
			return None;
		}
		let mut rank: Option<Fixed18> = None;
		for leg in bankrupt {
			let Some(e) = math::opposite(leg, theirs) else { continue };
			let value = Fixed18(e.size).checked_mul(Fixed18(e.mark)).ok()?.0.checked_abs()?;
			let unhedged =
				math::unhedged_share(theirs, e.underlying, price_shock, vol_shock).ok()?;
			if let Some(r) = math::adl_rank(e.pnl, value, notional, equity, unhedged) {
				rank = Some(rank.map_or(r, |best| best.max(r)));
			}
		}
		rank
	}

	/// Closes up to [`ADL_CLOSES`] of the bankrupt's legs against the ranked counterparties,
	/// best first. Toward a [`Goal::Deficit`], at the bankruptcy price
	/// ([`math::bankruptcy_price`]): each close moves the counterparty's profit on the closed
	/// part into the price, up to what is still owed and never beyond its equity. Toward a
	/// [`Goal::Excess`], that share of each leg (rounded up, so every leg moves) at mark. Legs
	/// it holds at a loss are not closed. A counterparty leaves the list once nothing of it is
	/// left to close against; one whose positions do not fit in what is left of this step's
	/// `budget` waits for the next. Returns whether anything was closed, and whether the goal
	/// was reached.
	fn close_against(
		who: &Sub<T>,
		mut legs: Vec<Exposure>,
		scan: &mut AdlScan<T::AccountId, T::MaxCandidates>,
		goal: Goal,
		mut budget: u32,
	) -> Result<(bool, bool), DispatchError> {
		let mut owed = match goal {
			Goal::Deficit(owed) => owed,
			Goal::Excess(share) => {
				for leg in legs.iter_mut() {
					leg.size = math::portion(leg.size, share, Rounding::Up)?;
				}
				0
			},
		};
		let excess = matches!(goal, Goal::Excess(_));
		let wanted = |owed: Balance, legs: &[Exposure]| {
			if excess {
				legs.iter().any(|l| l.size != 0)
			} else {
				owed > 0
			}
		};
		let (mut any, mut closes) = (false, 0u32);
		while closes < ADL_CLOSES && wanted(owed, &legs) {
			let Some((_, c)) = scan.best.first().cloned() else { break };
			let held = T::Book::positions_of(&Self::holder(&c));
			if held > budget && budget < ADL_POSITIONS {
				break;
			}
			budget = budget.saturating_sub(held.max(1));
			// Not valued now (a stale price): not deleveraged in this pass.
			let valued = T::Book::exposures(&Self::holder(&c))
				.zip(T::Ledger::net_collateral(&c.0, c.1).ok());
			let Some((theirs, collateral)) = valued else {
				scan.best.remove(0);
				continue;
			};
			// What it can give up without going below zero equity (less two units: the fill
			// rounds the realized amount to nearest).
			let equity = theirs.iter().try_fold(collateral, |acc, e| acc.checked_add(e.pnl));
			let mut room = equity.map_or(0, |e| e.max(0).unsigned_abs().saturating_sub(2));
			let (mut used_up, mut offers) = (true, false);
			for leg in legs.iter_mut() {
				// At mark, a close costs the counterparty nothing of its equity.
				if leg.size == 0 || (!excess && (owed == 0 || room == 0)) {
					continue;
				}
				let Some(e) = math::opposite(leg, &theirs) else { continue };
				if e.pnl <= 0 {
					continue;
				}
				offers = true;
				if closes == ADL_CLOSES {
					used_up = false;
					break;
				}
				let size = if leg.size > 0 { leg.size.min(-e.size) } else { leg.size.max(-e.size) };
				let profit = math::profit_share(e.pnl, size, e.size).ok_or(Error::<T>::Overflow)?;
				let take = profit.min(owed).min(room);
				let (price, paid) = math::bankruptcy_price(leg.mark, size, take)?;
				if paid == 0 && !excess {
					continue;
				}
				if !Self::close_leg(who, &c, leg.instrument, size, price, excess)? {
					continue;
				}
				owed = owed.saturating_sub(paid);
				room = room.saturating_sub(paid);
				leg.size -= size;
				closes += 1;
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
			// Ranked in profit against a leg, it offers none now: others closed against it
			// (or the market moved) since the ranking.
			scan.contested |= !offers;
			if used_up {
				scan.best.remove(0);
			}
		}
		Ok((any, !wanted(owed, &legs)))
	}

	/// Closes `size` of the bankrupt's `instrument` against counterparty `c` at `price`.
	/// Toward an excess (`at_mark`) the close takes nothing of `c`'s equity, and must not
	/// leave it liquidatable either (a hedge closed, its other leg left naked, can raise its
	/// margin): such a close, or one that leaves `c` unvalued, is undone and `false`
	/// returned. (Toward a deficit the close is the last resort before bad debt: it is kept.)
	fn close_leg(
		who: &Sub<T>,
		c: &Sub<T>,
		instrument: u32,
		size: i128,
		price: i128,
		at_mark: bool,
	) -> Result<bool, DispatchError> {
		let transfer =
			|| T::Book::transfer(&Self::holder(who), &Self::holder(c), instrument, size, price);
		if !at_mark {
			transfer()?;
			return Ok(true);
		}
		frame_support::storage::with_transaction(|| {
			if let Err(e) = transfer() {
				return TransactionOutcome::Rollback(Err(e));
			}
			let safe = T::MarginEngine::risk(&c.0, c.1).is_ok_and(|r| !r.is_liquidatable());
			if safe {
				TransactionOutcome::Commit(Ok(true))
			} else {
				TransactionOutcome::Rollback(Ok(false))
			}
		})
	}

	/// What the insurance fund and the vault hold to absorb losses, less the debt they are
	/// covering in parts already: deleveraging takes only the shortfall beyond it. (The fund
	/// pays over blocks, within its per-block budget.) The vault counts its balance less its
	/// positions' unrealized loss (a profit not yet realized pays nobody's debt); while they
	/// cannot be valued, `StalePrice`.
	pub(crate) fn backstops() -> Result<Balance, DispatchError> {
		let vault = T::MarginEngine::vault_risk().map_err(|_| Error::<T>::StalePrice)?;
		let vault = vault.collateral.min(vault.equity()).max(0).unsigned_abs();
		Ok(T::Ledger::insurance_balance()
			.saturating_add(vault)
			.saturating_sub(CoverPending::<T>::get()))
	}
}

impl<AccountId, S: Get<u32>> Default for AdlScan<AccountId, S> {
	fn default() -> Self {
		AdlScan {
			leg: 0,
			cursor: None,
			best: BoundedVec::new(),
			progressed: false,
			contested: false,
			retried: false,
		}
	}
}
