//! The position book as other pallets see it ([`PositionBook`]): the liquidation pallet values
//! a subaccount's positions and moves them to bidders, the vault or deleveraged counterparties;
//! and the circuit-breaker check on trades that open positions.

use crate::{margin::scaled, pallet::*, types::*};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	traits::{
		CircuitBreaker, CollateralLedger, Exposure, Holder, PositionBook, SecurityBudget,
		SubaccountId,
	},
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// The checks every trade of a trader (against the vault or peer to peer) passes before it
	/// moves anything: a subaccount the ledger keeps; a non-zero `size` of at most the
	/// underlying's `max_size`; a position after it of at most `max_size` unless the trade
	/// reduces it (a lowered `max_size` never traps a position); and while the underlying's
	/// circuit breaker is tripped (`MarketHalted`), the security budget caps open interest
	/// (`SecurityCapReached`), only trades that reduce the position; and no trade that does
	/// not reduce it may take the underlying's open interest past `oi_upper`
	/// (`OpenInterestCapReached`).
	pub(crate) fn ensure_may_trade(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		instrument: &Instrument,
		params: &UnderlyingParams,
		size: Fixed18,
	) -> DispatchResult {
		ensure!(T::Ledger::accepts_subaccount(sub), Error::<T>::InvalidSubaccount);
		ensure!(!size.is_zero(), Error::<T>::ZeroSize);
		ensure!(size.checked_abs().is_ok_and(|s| s <= params.max_size), Error::<T>::SizeTooLarge);
		let held = Positions::<T>::get(who, sub)
			.iter()
			.find(|p| p.instrument == id)
			.map_or(Fixed18::ZERO, |p| p.size);
		let after = held.checked_add(size)?;
		let reduces = !held.is_zero()
			&& (after.is_zero() || after.is_positive() == held.is_positive())
			&& after.0.unsigned_abs() < held.0.unsigned_abs();
		ensure!(
			reduces || after.0.unsigned_abs() <= params.max_size.0.unsigned_abs(),
			Error::<T>::PositionTooLarge
		);
		if reduces {
			return Ok(());
		}
		ensure!(!T::CircuitBreaker::halted(instrument.underlying), Error::<T>::MarketHalted);
		ensure!(T::SecurityBudget::open_interest_allowed(), Error::<T>::SecurityCapReached);
		Self::ensure_open_interest_room(id, instrument, params, size)
	}
}

impl<T: Config> PositionBook<T::AccountId> for Pallet<T> {
	type Error = DispatchError;

	fn exposures(holder: &Holder<T::AccountId>) -> Option<Vec<Exposure>> {
		let positions = Self::holder_positions(holder);
		let valued = Self::valued(&positions, false).ok()?;
		valued
			.iter()
			.zip(positions.iter())
			.map(|(v, p)| {
				let greeks = scaled::<T>(v.size, &v.risk.mark).ok()?;
				let pnl =
					greeks.price.checked_sub(v.cost).ok()?.checked_sub(v.funding_owed).ok()?;
				Some(Exposure {
					instrument: p.instrument,
					underlying: v.underlying,
					size: p.size.0,
					mark: v.risk.mark.price.0,
					spot: v.spot.0,
					pnl: pnl.0,
					delta: greeks.delta.0,
					gamma: greeks.gamma.0,
					vega: greeks.vega.0,
				})
			})
			.collect()
	}

	fn transfer(
		from: &Holder<T::AccountId>,
		to: &Holder<T::AccountId>,
		instrument: u32,
		size: i128,
		price: i128,
	) -> DispatchResult {
		ensure!(size != 0, Error::<T>::ZeroSize);
		// Between two different holders, never out of the vault (it is the backstop that
		// takes positions, not a book liquidation sells).
		ensure!(from != to && *from != Holder::Vault, Error::<T>::InvalidTransfer);
		if let Holder::Account(_, sub) = to {
			ensure!(T::Ledger::accepts_subaccount(*sub), Error::<T>::InvalidSubaccount);
		}
		ensure!(price >= 0 && Fixed18(price) <= MAX_PRICE, Error::<T>::InvalidPrice);
		let held_by = |holder: &Holder<T::AccountId>| {
			Self::holder_positions(holder)
				.iter()
				.find(|p| p.instrument == instrument)
				.map_or(0, |p| p.size.0)
		};
		let held = held_by(from);
		// Only what `from` holds, on its side.
		ensure!(
			held != 0 && (held > 0) == (size > 0) && size.unsigned_abs() <= held.unsigned_abs(),
			Error::<T>::NoPosition
		);
		// The recipient's position stays within MAX_SIZE: every product of a size and a price
		// fits. The vault's is not checked: it is the buyer of last resort (its caps,
		// `vault_room`, bound what it takes over otherwise).
		if *to != Holder::Vault {
			let received = held_by(to).checked_add(size).ok_or(Error::<T>::PositionTooLarge)?;
			ensure!(
				received.unsigned_abs() <= MAX_SIZE.0.unsigned_abs(),
				Error::<T>::PositionTooLarge
			);
		}
		let listed = Instruments::<T>::get(instrument).ok_or(Error::<T>::UnknownInstrument)?;
		let funding = match listed.kind {
			ballast_primitives::margin::InstrumentKind::Perpetual => {
				let (_, spot) = Self::risk(instrument, &listed, true)?;
				Self::accrue_funding(instrument, &listed, spot)?.index
			},
			_ => Fixed18::ZERO,
		};
		// The recipient first: were `from` the only long, its fill alone would take the open
		// interest to zero for a moment and drop the option's counted delta with it.
		Self::fill(to, instrument, Fixed18(size), Fixed18(price), funding)?;
		Self::fill(from, instrument, Fixed18(size).checked_neg()?, Fixed18(price), funding)?;
		Self::remeasure_delta(instrument, &listed, None)?;
		Self::deposit_event(Event::PositionTransferred {
			from: from.clone(),
			to: to.clone(),
			instrument,
			size: Fixed18(size),
			price: Fixed18(price),
		});
		Ok(())
	}

	fn vault_room(legs: &[Exposure]) -> Option<Fixed18> {
		let mut underlyings: Vec<_> = legs.iter().map(|e| e.underlying).collect();
		underlyings.sort_unstable();
		underlyings.dedup();
		// Each vault position's underlying, read once.
		let vault: Vec<(ballast_primitives::UnderlyingId, Position)> = VaultPositions::<T>::get()
			.into_iter()
			.filter_map(|p| Instruments::<T>::get(p.instrument).map(|i| (i.underlying, p)))
			.collect();
		let mut greeks = Vec::with_capacity(underlyings.len() * 2);
		for u in underlyings {
			let params = Underlyings::<T>::get(u)?;
			// Only the vault's positions on `u` are valued: a stale feed elsewhere never
			// holds this up.
			let on_u: Vec<Position> =
				vault.iter().filter(|(of, _)| *of == u).map(|(_, p)| *p).collect();
			let held = Self::underlying_greeks(&on_u, u).ok()?;
			let (delta, vega) = legs
				.iter()
				.filter(|e| e.underlying == u)
				.try_fold((0i128, 0i128), |(d, v), e| {
					Some((d.checked_add(e.delta)?, v.checked_add(e.vega)?))
				})?;
			greeks.push((held.delta, Fixed18(delta), params.vault_delta_cap));
			greeks.push((held.vega, Fixed18(vega), params.vault_vega_cap));
		}
		ballast_primitives::margin::vault::room_all(greeks).ok()
	}

	fn holds(holder: &Holder<T::AccountId>, instrument: u32, long: bool) -> bool {
		Holders::<T>::contains_key((instrument, long), holder)
	}

	fn positions_of(holder: &Holder<T::AccountId>) -> u32 {
		match holder {
			Holder::Account(who, sub) => Positions::<T>::decode_len(who, sub),
			Holder::Vault => VaultPositions::<T>::decode_len(),
		}
		.unwrap_or(0) as u32
	}

	fn holders_of(
		instrument: u32,
		long: bool,
		after: Option<Vec<u8>>,
		limit: u32,
	) -> (Vec<Holder<T::AccountId>>, Option<Vec<u8>>) {
		let side = (instrument, long);
		let iter = match after {
			Some(raw) => Holders::<T>::iter_key_prefix_from(side, raw),
			None => Holders::<T>::iter_key_prefix(side),
		};
		let keys: Vec<_> = iter.take(limit as usize).collect();
		let next = (keys.len() == limit as usize)
			.then(|| keys.last().map(|h| Holders::<T>::hashed_key_for(side, h)))
			.flatten();
		(keys, next)
	}

	fn holders(
		after: Option<Vec<u8>>,
		limit: u32,
	) -> (Vec<(T::AccountId, SubaccountId)>, Option<Vec<u8>>) {
		let iter = match after {
			Some(raw) => Positions::<T>::iter_keys_from(raw),
			None => Positions::<T>::iter_keys(),
		};
		let keys: Vec<_> = iter.take(limit as usize).collect();
		let next = (keys.len() == limit as usize)
			.then(|| keys.last().map(|(who, sub)| Positions::<T>::hashed_key_for(who, sub)))
			.flatten();
		(keys, next)
	}
}
