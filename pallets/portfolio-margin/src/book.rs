//! The position book as other pallets see it ([`PositionBook`]): the liquidation pallet values
//! a subaccount's positions and moves them to bidders, the vault or deleveraged counterparties;
//! and the circuit-breaker check on trades that open positions.

use crate::{margin::scaled, pallet::*, trading::VAULT_SUBACCOUNT, types::*};
use alloc::vec::Vec;
use ballast_primitives::{
	fixed::Fixed18,
	traits::{
		CircuitBreaker, CollateralLedger, Exposure, PositionBook, SecurityBudget, SubaccountId,
	},
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// The checks every trade of a trader (against the vault or peer to peer) passes before it
	/// moves anything: a subaccount the ledger keeps; a non-zero `size` of at most the
	/// underlying's `max_size`; a position after it of at most `max_size` unless the trade
	/// reduces it (a lowered `max_size` never traps a position); and while the underlying's
	/// circuit breaker is tripped (`MarketHalted`) or the security budget caps open interest
	/// (`SecurityCapReached`), only trades that reduce the position.
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
		let halted = T::CircuitBreaker::halted(instrument.underlying);
		let capped = !T::SecurityBudget::open_interest_allowed();
		ensure!(reduces || !halted, Error::<T>::MarketHalted);
		ensure!(reduces || !capped, Error::<T>::SecurityCapReached);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// Open interest valued at the latest spot: Σ over underlyings of contracts long × spot
	/// (quote, 18 decimals). Underlyings without a price count nothing.
	pub fn open_interest_value() -> ballast_primitives::Balance {
		use ballast_primitives::{traits::PriceFeed, FeedKey, FeedKind};
		UnderlyingOpenInterest::<T>::iter().fold(0u128, |acc, (underlying, oi)| {
			let spot = T::PriceFeed::latest(FeedKey { underlying, kind: FeedKind::Spot })
				.and_then(|(p, _)| i128::try_from(p).ok())
				.unwrap_or(0);
			let value = oi.checked_mul(Fixed18(spot)).map_or(0, |v| v.0.unsigned_abs());
			acc.saturating_add(value)
		})
	}
}

impl<T: Config> PositionBook<T::AccountId> for Pallet<T> {
	type Error = DispatchError;

	fn exposures(who: &T::AccountId, sub: SubaccountId) -> Option<Vec<Exposure>> {
		let positions = Positions::<T>::get(who, sub);
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
		from: (&T::AccountId, SubaccountId),
		to: (&T::AccountId, SubaccountId),
		instrument: u32,
		size: i128,
		price: i128,
	) -> DispatchResult {
		ensure!(size != 0, Error::<T>::ZeroSize);
		ensure!(T::Ledger::accepts_subaccount(to.1), Error::<T>::InvalidSubaccount);
		ensure!(price >= 0 && Fixed18(price) <= MAX_PRICE, Error::<T>::InvalidPrice);
		let held = Positions::<T>::get(from.0, from.1)
			.iter()
			.find(|p| p.instrument == instrument)
			.map_or(0, |p| p.size.0);
		// Only what `from` holds, on its side.
		ensure!(
			held != 0 && (held > 0) == (size > 0) && size.unsigned_abs() <= held.unsigned_abs(),
			Error::<T>::NoPosition
		);
		// The recipient's position stays within MAX_SIZE (the vault's is bounded by its caps):
		// every product of a size and a price fits.
		if (to.0, to.1) != (&T::VaultAccount::get(), VAULT_SUBACCOUNT) {
			let received = Positions::<T>::get(to.0, to.1)
				.iter()
				.find(|p| p.instrument == instrument)
				.map_or(0, |p| p.size.0)
				.checked_add(size)
				.ok_or(Error::<T>::PositionTooLarge)?;
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
		Self::fill(from.0, from.1, instrument, Fixed18(size).checked_neg()?, Fixed18(price), funding)?;
		Self::fill(to.0, to.1, instrument, Fixed18(size), Fixed18(price), funding)?;
		Self::deposit_event(Event::PositionTransferred {
			from: (from.0.clone(), from.1),
			to: (to.0.clone(), to.1),
			instrument,
			size: Fixed18(size),
			price: Fixed18(price),
		});
		Ok(())
	}

	fn vault() -> (T::AccountId, SubaccountId) {
		(T::VaultAccount::get(), VAULT_SUBACCOUNT)
	}

	fn holds(who: &T::AccountId, sub: SubaccountId, instrument: u32, long: bool) -> bool {
		Holders::<T>::contains_key((instrument, long), (who, sub))
	}

	fn positions_of(who: &T::AccountId, sub: SubaccountId) -> u32 {
		Positions::<T>::decode_len(who, sub).unwrap_or(0) as u32
	}

	fn holders_of(
		instrument: u32,
		long: bool,
		after: Option<Vec<u8>>,
		limit: u32,
	) -> (Vec<(T::AccountId, SubaccountId)>, Option<Vec<u8>>) {
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
