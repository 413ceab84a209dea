//! Perpetual funding, paid each hour from the premium of the vault's quote over the oracle
//! index. The vault's mid for a perpetual is skewed by its inventory: when traders are net
//! long (the vault short), longs pay shorts `funding_skew × vault short / delta cap` of spot
//! per hour, capped at `max_funding_rate`.
//!
//! Funding is applied lazily but per whole hour: whenever a perpetual is traded or valued,
//! the hours elapsed since the last boundary are added to its index at the rate in force
//! (the rate changes only when the vault's position does, i.e. on a trade, which applies the
//! elapsed hours first). A position pays size × (index − its snapshot), settled through the
//! clearing account at each fill and counted in unrealized PnL meanwhile.

use crate::{pallet::*, types::*};
use ballast_primitives::{fixed::Fixed18, margin::InstrumentKind, traits::PriceFeed, Moment};

/// One hour in ms.
pub const HOUR: Moment = 60 * 60 * 1000;

impl<T: Config> Pallet<T> {
	/// The perpetual's funding state as of now at `spot` (without storing it).
	pub(crate) fn funding_now(id: InstrumentId, spot: Fixed18) -> Result<FundingState, Error<T>> {
		let now = T::PriceFeed::now();
		let mut state = match Funding::<T>::get(id) {
			Some(s) => s,
			None => return Ok(FundingState { updated_at: now, ..Default::default() }),
		};
		let hours = now.saturating_sub(state.updated_at) / HOUR;
		if hours > 0 {
			let per_hour = state.rate.checked_mul(spot)?;
			let elapsed =
				Fixed18::from_int(i64::try_from(hours).map_err(|_| Error::<T>::Overflow)?);
			state.index = state.index.checked_add(per_hour.checked_mul(elapsed)?)?;
			state.updated_at = state.updated_at.saturating_add(hours * HOUR);
		}
		Ok(state)
	}

	/// Applies elapsed hours to the perpetual's index and stores it.
	pub(crate) fn accrue_funding(
		id: InstrumentId,
		instrument: &Instrument,
		spot: Fixed18,
	) -> Result<FundingState, Error<T>> {
		if !matches!(instrument.kind, InstrumentKind::Perpetual) {
			return Ok(FundingState::default());
		}
		let state = Self::funding_now(id, spot)?;
		Funding::<T>::insert(id, state);
		Ok(state)
	}

	/// Sets the perpetual's rate from the vault's position in it (after a trade).
	pub(crate) fn update_funding_rate(
		id: InstrumentId,
		instrument: &Instrument,
		params: &UnderlyingParams,
	) -> Result<(), Error<T>> {
		if !matches!(instrument.kind, InstrumentKind::Perpetual) {
			return Ok(());
		}
		let vault_size = VaultPositions::<T>::get()
			.iter()
			.find(|p| p.instrument == id)
			.map(|p| p.size)
			.unwrap_or(Fixed18::ZERO);
		// The vault short (traders long) → positive rate: longs pay.
		let skew = vault_size.checked_neg()?.checked_div(params.vault_delta_cap)?;
		let raw = params.funding_skew.checked_mul(skew)?;
		let cap = params.max_funding_rate;
		let rate = Fixed18(raw.0.clamp(-cap.0, cap.0));
		Funding::<T>::mutate(id, |s| {
			let state = s.get_or_insert(FundingState {
				updated_at: T::PriceFeed::now(),
				..Default::default()
			});
			state.rate = rate;
		});
		Ok(())
	}

	/// Funding a position owes since its snapshot (> 0: it pays).
	pub(crate) fn funding_owed(position: &Position, index: Fixed18) -> Result<Fixed18, Error<T>> {
		Ok(position.size.checked_mul(index.checked_sub(position.funding)?)?)
	}
}
