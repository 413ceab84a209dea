//! Listing, trading against the LP vault, and the fill every position change goes through.

use crate::{pallet::*, types::*};
use ballast_primitives::{
	fixed::Fixed18,
	margin::InstrumentKind,
	traits::{CollateralLedger, Holder, Party, PriceFeed, SubaccountId},
	UnderlyingId,
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// The holder's positions.
	pub fn holder_positions(
		holder: &Holder<T::AccountId>,
	) -> BoundedVec<Position, T::MaxPositions> {
		match holder {
			Holder::Account(who, sub) => Positions::<T>::get(who, sub),
			Holder::Vault => VaultPositions::<T>::get(),
		}
	}

	/// Stores the holder's positions (none: the entry is removed).
	fn put_positions(
		holder: &Holder<T::AccountId>,
		positions: BoundedVec<Position, T::MaxPositions>,
	) {
		match (holder, positions.is_empty()) {
			(Holder::Account(who, sub), true) => Positions::<T>::remove(who, sub),
			(Holder::Account(who, sub), false) => Positions::<T>::insert(who, sub, positions),
			(Holder::Vault, true) => VaultPositions::<T>::kill(),
			(Holder::Vault, false) => VaultPositions::<T>::put(positions),
		}
	}

	pub(crate) fn do_set_underlying(
		underlying: UnderlyingId,
		params: UnderlyingParams,
	) -> DispatchResult {
		params.grid.validate().map_err(Error::<T>::from)?;
		params.standard.validate().map_err(Error::<T>::from)?;
		let fraction = |x: Fixed18| x.0 >= 0 && x <= Fixed18::ONE;
		ensure!(
			params.initial_factor >= Fixed18::ONE && params.oi_max_factor >= params.initial_factor,
			Error::<T>::InitialBelowMaintenance
		);
		ensure!(
			params.oi_lower.0 >= 0
				&& params.oi_upper > params.oi_lower
				&& fraction(params.oi_delta_floor)
				&& fraction(params.taker_fee)
				&& fraction(params.vault_spread)
				&& fraction(params.funding_skew)
				&& fraction(params.max_funding_rate)
				&& params.vault_delta_cap.0 > 0
				&& params.vault_vega_cap.0 > 0
				&& params.rate.0.unsigned_abs() <= Fixed18::ONE.0.unsigned_abs()
				&& params.max_size.is_positive()
				&& params.max_size <= MAX_SIZE
				&& params.price_band.is_positive()
				&& params.price_band <= Fixed18::ONE
				&& params.settlement_window > 0
				&& params.settlement_window <= crate::settlement::MAX_SETTLEMENT_WINDOW,
			Error::<T>::InvalidParams
		);
		Underlyings::<T>::insert(underlying, params);
		// Cached risk was computed under the old grid, rates and shocks: none of it survives.
		// Options count at least the new delta floor from now on.
		for (id, instrument) in Instruments::<T>::iter() {
			if instrument.underlying == underlying {
				RiskCache::<T>::remove(id);
				Self::remeasure_delta(id, &instrument, OptionDeltas::<T>::get(id))?;
			}
		}
		Self::deposit_event(Event::UnderlyingSet { underlying, params });
		Ok(())
	}

	pub(crate) fn do_list_instrument(
		underlying: UnderlyingId,
		kind: InstrumentKind,
	) -> Result<InstrumentId, DispatchError> {
		ensure!(Underlyings::<T>::contains_key(underlying), Error::<T>::UnknownUnderlying);
		if let InstrumentKind::Option { strike, .. } = kind {
			ensure!(strike.is_positive() && strike <= MAX_PRICE, Error::<T>::InvalidStrike);
		}
		if let Some(expiry) = kind.expiry() {
			// Tradable for a while before its settlement window opens.
			let window = Underlyings::<T>::get(underlying)
				.ok_or(Error::<T>::UnknownUnderlying)?
				.settlement_window;
			let opens = T::PriceFeed::now().saturating_add(window);
			ensure!(expiry > opens, Error::<T>::InvalidExpiry);
		}
		ensure!(
			Instruments::<T>::count() < T::MaxInstruments::get(),
			Error::<T>::TooManyInstruments
		);
		let id = NextInstrumentId::<T>::get();
		let instrument = Instrument { underlying, kind, settlement_price: None };
		if let Some(expiry) = kind.expiry() {
			Self::index_expiry(id, expiry)?;
		}
		Instruments::<T>::insert(id, instrument);
		NextInstrumentId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::deposit_event(Event::InstrumentListed { id, instrument });
		Ok(id)
	}

	pub(crate) fn do_set_margin_method(
		who: &T::AccountId,
		sub: SubaccountId,
		method: MarginMethod,
	) -> DispatchResult {
		ensure!(T::Ledger::accepts_subaccount(sub), Error::<T>::InvalidSubaccount);
		Methods::<T>::insert(who, sub, method);
		if !Positions::<T>::get(who, sub).is_empty() {
			Self::ensure_initial_margin(who, sub)?;
		}
		Self::deposit_event(Event::MarginMethodSet { who: who.clone(), sub, method });
		Ok(())
	}

	/// The instrument and its underlying's parameters if it may be traded now: listed, and
	/// (dated) before its settlement window. Inside the window part of the settlement price is
	/// already known while mark still follows spot, so a trade there would be a free option:
	/// trading stops.
	pub(crate) fn live(id: InstrumentId) -> Result<(Instrument, UnderlyingParams), DispatchError> {
		let instrument = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?;
		let params =
			Underlyings::<T>::get(instrument.underlying).ok_or(Error::<T>::UnknownUnderlying)?;
		if let Some(expiry) = instrument.kind.expiry() {
			let now = T::PriceFeed::now();
			ensure!(now < expiry, Error::<T>::InstrumentExpired);
			let opens = expiry.saturating_sub(params.settlement_window);
			ensure!(now < opens, Error::<T>::SettlementWindowOpen);
		}
		Ok((instrument, params))
	}

	pub(crate) fn do_trade_with_vault(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		size: Fixed18,
		limit_price: Fixed18,
	) -> DispatchResult {
		let (before, vault_before) = (Self::risk_before(who, sub)?, Self::vault_before()?);
		let (price, fee) = Self::execute_vault_trade(who, sub, id, size, limit_price)?;
		Self::ensure_trade_margin(who, sub, before)?;
		Self::ensure_vault_margin(vault_before)?;
		Self::deposit_event(Event::Traded {
			who: who.clone(),
			sub,
			instrument: id,
			size,
			price,
			fee,
		});
		Ok(())
	}

	/// The subaccount's margin as it would be after buying (`size > 0`) or selling `size`
	/// contracts of `instrument` from the vault now, without trading: the trade runs in a
	/// storage transaction that is rolled back.
	pub fn simulate_trade(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		size: Fixed18,
	) -> Result<MarginSummary, DispatchError> {
		frame_support::storage::with_transaction(|| {
			let result = Self::execute_vault_trade(who, sub, id, size, market_limit(size))
				.and_then(|_| Self::margin_summary(who, sub, false).map_err(Into::into));
			sp_runtime::TransactionOutcome::Rollback(Ok::<_, DispatchError>(result))
		})?
	}

	/// A trade with the vault without the trader's margin check: returns the price and fee.
	fn execute_vault_trade(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		size: Fixed18,
		limit_price: Fixed18,
	) -> Result<(Fixed18, Fixed18), DispatchError> {
		ensure!(!size.is_zero(), Error::<T>::ZeroSize);
		ensure!(limit_price.is_positive() && limit_price <= MAX_PRICE, Error::<T>::InvalidPrice);
		let (instrument, params) = Self::live(id)?;
		ensure!(params.trading_enabled, Error::<T>::TradingDisabled);
		Self::ensure_may_trade(who, sub, id, &instrument, &params, size)?;
		let (risk, spot) = Self::risk(id, &instrument, true)?;

		// The vault's exposure in this underlying after taking the other side.
		let exposure = Self::underlying_greeks(&VaultPositions::<T>::get(), instrument.underlying)?;
		let taken = size.checked_neg()?;
		let delta = exposure.delta.checked_add(taken.checked_mul(risk.mark.delta)?)?;
		let vega = exposure.vega.checked_add(taken.checked_mul(risk.mark.vega)?)?;
		let (delta_abs, vega_abs) = (delta.checked_abs()?, vega.checked_abs()?);
		ensure!(
			delta_abs <= params.vault_delta_cap && vega_abs <= params.vault_vega_cap,
			Error::<T>::VaultExposureCap
		);
		// Half-spread = base × spot × (1 + |Δ|/Δcap + |vega|/vega cap).
		let widen = Fixed18::ONE
			.checked_add(delta_abs.checked_div(params.vault_delta_cap)?)?
			.checked_add(vega_abs.checked_div(params.vault_vega_cap)?)?;
		let spread = params.vault_spread.checked_mul(spot)?.checked_mul(widen)?;
		let price = if size.is_positive() {
			let ask = risk.mark.price.checked_add(spread)?;
			ensure!(ask <= limit_price, Error::<T>::PriceBeyondLimit);
			ask
		} else {
			let bid = Fixed18(risk.mark.price.0.saturating_sub(spread.0).max(0));
			ensure!(bid >= limit_price, Error::<T>::PriceBeyondLimit);
			bid
		};

		let funding = Self::accrue_funding(id, &instrument, spot)?.index;
		Self::fill(&Holder::Account(who.clone(), sub), id, size, price, funding)?;
		Self::fill(&Holder::Vault, id, taken, price, funding)?;
		Self::remeasure_delta(id, &instrument, Some(risk.mark.delta))?;
		Self::update_funding_rate(id, &instrument, &params)?;
		let fee = params.taker_fee.checked_mul(spot)?.checked_mul(size.checked_abs()?)?;
		if fee.is_positive() {
			T::Ledger::charge_fee(who, sub, fee.0.unsigned_abs())?;
		}
		Ok((price, fee))
	}

	/// Adds `size` contracts at `price` to a holder's position: funding owed since the
	/// position's snapshot (perpetuals, at funding index `funding`) and PnL on the part that
	/// reduces it are realized through the clearing account; open interest follows. Every
	/// path that moves a position comes here; no arithmetic in it wraps.
	pub(crate) fn fill(
		holder: &Holder<T::AccountId>,
		id: InstrumentId,
		size: Fixed18,
		price: Fixed18,
		funding: Fixed18,
	) -> DispatchResult {
		if let Holder::Account(_, sub) = holder {
			ensure!(T::Ledger::accepts_subaccount(*sub), Error::<T>::InvalidSubaccount);
		}
		let mut positions = Self::holder_positions(holder);
		let index = positions.iter().position(|p| p.instrument == id);
		let old = index.and_then(|i| positions.get(i).copied()).unwrap_or(Position {
			instrument: id,
			size: Fixed18::ZERO,
			cost: Fixed18::ZERO,
			funding,
		});
		let owed = Self::funding_owed(&old, funding)?;
		if !owed.is_zero() {
			Self::realize(holder, id, owed.checked_neg()?)?;
			Self::deposit_event(Event::FundingSettled {
				holder: holder.clone(),
				instrument: id,
				amount: owed,
			});
		}
		let new_size = old.size.checked_add(size)?;
		let (old_abs, size_abs) = (old.size.checked_abs()?, size.checked_abs()?);
		// Contracts closed: the part of `size` against the existing position.
		let closing = if !old.size.is_zero() && old.size.is_positive() != size.is_positive() {
			size_abs.min(old_abs)
		} else {
			Fixed18::ZERO
		};
		let mut cost = old.cost;
		if closing.is_positive() {
			// Cost of the closed contracts at the average entry, then PnL against `price`.
			let closed_cost = old.cost.checked_mul(closing)?.checked_div(old_abs)?;
			let closed = if old.size.is_positive() { closing } else { closing.checked_neg()? };
			let pnl = closed.checked_mul(price)?.checked_sub(closed_cost)?;
			cost = cost.checked_sub(closed_cost)?;
			Self::realize(holder, id, pnl)?;
		}
		let opening = size_abs.checked_sub(closing)?;
		if opening.is_positive() {
			let signed = if size.is_positive() { opening } else { opening.checked_neg()? };
			cost = cost.checked_add(signed.checked_mul(price)?)?;
		}
		let position = Position { instrument: id, size: new_size, cost, funding };
		match (index, new_size.is_zero()) {
			(Some(i), true) => {
				positions.remove(i);
			},
			(Some(i), false) => {
				if let Some(slot) = positions.get_mut(i) {
					*slot = position;
				}
			},
			(None, _) => positions.try_push(position).map_err(|_| Error::<T>::TooManyPositions)?,
		}
		Self::count_open_interest(id, old.size, new_size)?;
		// The holders' index follows the side of the position.
		let side = |x: Fixed18| (!x.is_zero()).then_some(x.is_positive());
		if side(old.size) != side(new_size) {
			if let Some(long) = side(old.size) {
				Holders::<T>::remove((id, long), holder);
			}
			if let Some(long) = side(new_size) {
				Holders::<T>::insert((id, long), holder, ());
			}
		}
		Self::put_positions(holder, positions);
		Ok(())
	}

	/// Pays realized PnL between the holder and clearing.
	fn realize(holder: &Holder<T::AccountId>, id: InstrumentId, pnl: Fixed18) -> DispatchResult {
		if pnl.0 == 0 {
			return Ok(());
		}
		let party: Party<T::AccountId> = holder.clone().into();
		let clearing = Party::Clearing;
		let amount = pnl.0.unsigned_abs();
		if pnl.is_positive() {
			T::Ledger::pay(&clearing, &party, amount)?;
		} else {
			let paid = T::Ledger::pay(&party, &clearing, amount)?;
			if paid < amount {
				// Only the vault pays less than asked: the rest is bad debt of the clearing
				// account, for the loss waterfall.
				let short = i128::try_from(amount.saturating_sub(paid)).unwrap_or(i128::MAX);
				Self::deposit_event(Event::VaultShortfall { amount: Fixed18(short) });
			}
		}
		Self::deposit_event(Event::Realized { holder: holder.clone(), instrument: id, pnl });
		Ok(())
	}

	/// Open interest long = short = the positions' sizes each side, for every instrument.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut sums: BTreeMap<InstrumentId, (i128, i128)> = BTreeMap::new();
		let mut held = 0u32;
		let accounts = Positions::<T>::iter().map(|(who, sub, p)| (Holder::Account(who, sub), p));
		let vault =
			VaultPositions::<T>::exists().then(|| (Holder::Vault, VaultPositions::<T>::get()));
		for (holder, positions) in accounts.chain(vault) {
			ensure!(!positions.is_empty(), "an empty position list is stored");
			for p in positions {
				ensure!(p.size.0 != 0, "a zero position is stored");
				ensure!(
					Holders::<T>::contains_key((p.instrument, p.size.0 > 0), &holder),
					"a position missing from the holders' index"
				);
				held += 1;
				let e = sums.entry(p.instrument).or_default();
				if p.size.0 > 0 {
					e.0 += p.size.0;
				} else {
					e.1 -= p.size.0;
				}
			}
		}
		for (id, (long, short)) in OpenInterest::<T>::iter() {
			let (l, s) = sums.remove(&id).unwrap_or_default();
			ensure!(long.0 == l && short.0 == s, "open interest differs from the positions");
			ensure!(long == short, "open interest long differs from short");
		}
		ensure!(sums.values().all(|(l, s)| *l == 0 && *s == 0), "positions without open interest");
		ensure!(Holders::<T>::iter_keys().count() as u32 == held, "holders without a position");
		// Delta-equivalent open interest: Σ contracts long × the delta each is counted at.
		let mut per_underlying: BTreeMap<UnderlyingId, i128> = BTreeMap::new();
		for (id, (long, _)) in OpenInterest::<T>::iter() {
			let instrument = Instruments::<T>::get(id).ok_or("open interest of no instrument")?;
			let is_option = matches!(instrument.kind, InstrumentKind::Option { .. });
			let stored = OptionDeltas::<T>::get(id);
			ensure!(
				stored.is_some() == (is_option && long.is_positive()),
				"an option's counted delta is missing, or kept without open interest"
			);
			let delta = stored.unwrap_or(Fixed18::ONE);
			ensure!(delta.0 >= 0 && delta <= Fixed18::ONE, "a counted delta outside [0, 1]");
			let counted = long.checked_mul(delta).map_err(|_| "open interest overflows")?;
			*per_underlying.entry(instrument.underlying).or_default() += counted.0;
		}
		ensure!(
			OptionDeltas::<T>::iter_keys().all(|id| OpenInterest::<T>::contains_key(id)),
			"a counted delta of an instrument without open interest"
		);
		for (underlying, oi) in UnderlyingOpenInterest::<T>::iter() {
			let summed = per_underlying.remove(&underlying).unwrap_or(0);
			ensure!(oi.0 == summed, "an underlying's open interest differs from its instruments'");
		}
		ensure!(per_underlying.values().all(|v| *v == 0), "open interest of an unknown underlying");
		ensure!(
			Instruments::<T>::count() <= T::MaxInstruments::get(),
			"more instruments than MaxInstruments"
		);
		// Settlement: every dated instrument is either waiting for its price (in expiry order)
		// or recorded; recorded ones with positions are being settled.
		let expiries = Expiries::<T>::get();
		ensure!(expiries.windows(2).all(|w| w[0] < w[1]), "the expiry index is out of order");
		for (id, instrument) in Instruments::<T>::iter() {
			let indexed = instrument.kind.expiry().map(|e| expiries.contains(&(e, id)));
			match (instrument.settlement_price, indexed) {
				(None, Some(waiting)) => {
					ensure!(waiting, "a dated instrument missing from Expiries")
				},
				(Some(_), Some(waiting)) => ensure!(!waiting, "a recorded instrument in Expiries"),
				(Some(_), None) => return Err("a perpetual with a settlement price".into()),
				(None, None) => {},
			}
			if instrument.settlement_price.is_some() {
				ensure!(Settling::<T>::get().contains(&id), "a recorded instrument not settling");
			}
		}
		ensure!(expiries.len() as u32 <= Instruments::<T>::count(), "Expiries of no instrument");
		let settling = Settling::<T>::get();
		for id in &settling {
			let recorded = Instruments::<T>::get(id).and_then(|i| i.settlement_price).is_some();
			ensure!(recorded, "a settling instrument without a recorded price");
		}
		for id in Twaps::<T>::iter_keys() {
			ensure!(expiries.iter().any(|(_, i)| *i == id), "an average of no waiting instrument");
		}
		for id in SettleCursors::<T>::iter_keys() {
			ensure!(settling.contains(&id), "a cursor of no settling instrument");
		}
		Ok(())
	}
}
