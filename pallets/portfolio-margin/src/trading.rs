//! Listing, trading against the LP vault, positions and settlement.

use crate::{
	margin::{add, mul},
	pallet::*,
	types::*,
};
use ballast_primitives::{
	fixed::Fixed18,
	margin::{settlement_value, InstrumentKind},
	traits::{CollateralLedger, Party, PriceFeed, SubaccountId},
	FeedKey, FeedKind, UnderlyingId,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::AccountIdConversion;

/// The subaccount of `Config::VaultAccount` that holds the vault's positions.
pub const VAULT_SUBACCOUNT: SubaccountId = 0;

impl<T: Config> Pallet<T> {
	/// The account through which realized PnL is cleared between counterparties.
	pub fn clearing_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
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
				&& fraction(params.taker_fee)
				&& fraction(params.vault_spread)
				&& fraction(params.funding_skew)
				&& fraction(params.max_funding_rate)
				&& params.vault_delta_cap.0 > 0
				&& params.vault_vega_cap.0 > 0
				&& params.rate.0.abs() <= Fixed18::ONE.0,
			Error::<T>::InvalidParams
		);
		Underlyings::<T>::insert(underlying, params);
		Self::deposit_event(Event::UnderlyingSet { underlying, params });
		Ok(())
	}

	pub(crate) fn do_list_instrument(
		underlying: UnderlyingId,
		kind: InstrumentKind,
	) -> Result<InstrumentId, DispatchError> {
		ensure!(Underlyings::<T>::contains_key(underlying), Error::<T>::UnknownUnderlying);
		if let InstrumentKind::Option { strike, .. } = kind {
			ensure!(strike.0 > 0, Error::<T>::InvalidStrike);
		}
		if let Some(expiry) = kind.expiry() {
			ensure!(expiry > T::PriceFeed::now(), Error::<T>::InvalidExpiry);
		}
		ensure!(
			Instruments::<T>::count() < T::MaxInstruments::get(),
			Error::<T>::TooManyInstruments
		);
		let id = NextInstrumentId::<T>::get();
		let instrument = Instrument { underlying, kind, settlement_price: None };
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
		Methods::<T>::insert(who, sub, method);
		if !Positions::<T>::get(who, sub).is_empty() {
			Self::ensure_initial_margin(who, sub)?;
		}
		Self::deposit_event(Event::MarginMethodSet { who: who.clone(), sub, method });
		Ok(())
	}

	pub(crate) fn live(id: InstrumentId) -> Result<Instrument, DispatchError> {
		let instrument = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?;
		if let Some(expiry) = instrument.kind.expiry() {
			ensure!(T::PriceFeed::now() < expiry, Error::<T>::InstrumentExpired);
		}
		Ok(instrument)
	}

	pub(crate) fn do_trade_with_vault(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		size: Fixed18,
		limit_price: Fixed18,
	) -> DispatchResult {
		let (price, fee) = Self::execute_vault_trade(who, sub, id, size, limit_price)?;
		Self::ensure_initial_margin(who, sub)?;
		Self::ensure_vault_margin()?;
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
			let unlimited = if size.0 > 0 { Fixed18(i128::MAX) } else { Fixed18::ZERO };
			let result = Self::execute_vault_trade(who, sub, id, size, unlimited)
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
		ensure!(size.0 != 0, Error::<T>::ZeroSize);
		let vault = T::VaultAccount::get();
		ensure!(*who != vault, Error::<T>::VaultCannotTrade);
		let instrument = Self::live(id)?;
		let params =
			Underlyings::<T>::get(instrument.underlying).ok_or(Error::<T>::UnknownUnderlying)?;
		ensure!(params.trading_enabled, Error::<T>::TradingDisabled);
		Self::ensure_may_trade(who, sub, id, instrument.underlying, size)?;
		let (risk, spot) = Self::risk(id, &instrument, true)?;

		// The vault's exposure in this underlying after taking the other side.
		let exposure = Self::underlying_greeks(
			&Positions::<T>::get(&vault, VAULT_SUBACCOUNT),
			instrument.underlying,
		)?;
		let taken = Fixed18(-size.0);
		let delta = add::<T>(exposure.delta, mul::<T>(taken, risk.mark.delta)?)?;
		let vega = add::<T>(exposure.vega, mul::<T>(taken, risk.mark.vega)?)?;
		let (delta_abs, vega_abs) = (Fixed18(delta.0.abs()), Fixed18(vega.0.abs()));
		ensure!(
			delta_abs <= params.vault_delta_cap && vega_abs <= params.vault_vega_cap,
			Error::<T>::VaultExposureCap
		);
		// Half-spread = base × spot × (1 + |Δ|/Δcap + |vega|/vega cap).
		let widen = add::<T>(
			add::<T>(
				Fixed18::ONE,
				delta_abs.checked_div(params.vault_delta_cap).map_err(over::<T>)?,
			)?,
			vega_abs.checked_div(params.vault_vega_cap).map_err(over::<T>)?,
		)?;
		let spread = mul::<T>(mul::<T>(params.vault_spread, spot)?, widen)?;
		let price = if size.0 > 0 {
			let ask = add::<T>(risk.mark.price, spread)?;
			ensure!(ask <= limit_price, Error::<T>::PriceBeyondLimit);
			ask
		} else {
			let bid = Fixed18(risk.mark.price.0.saturating_sub(spread.0).max(0));
			ensure!(bid >= limit_price, Error::<T>::PriceBeyondLimit);
			bid
		};

		let funding = Self::accrue_funding(id, &instrument, spot)?.index;
		Self::fill(who, sub, id, size, price, funding)?;
		Self::fill(&vault, VAULT_SUBACCOUNT, id, taken, price, funding)?;
		Self::update_funding_rate(id, &instrument, &params)?;
		let fee = mul::<T>(mul::<T>(params.taker_fee, spot)?, Fixed18(size.0.abs()))?;
		if fee.0 > 0 {
			T::Ledger::charge_fee(who, sub, fee.0 as u128)?;
		}
		Ok((price, fee))
	}

	/// Adds `size` contracts at `price` to a subaccount's position: funding owed since the
	/// position's snapshot (perpetuals, at funding index `funding`) and PnL on the part that
	/// reduces it are realized through the clearing account; open interest follows.
	pub(crate) fn fill(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		size: Fixed18,
		price: Fixed18,
		funding: Fixed18,
	) -> DispatchResult {
		let mut positions = Positions::<T>::get(who, sub);
		let index = positions.iter().position(|p| p.instrument == id);
		let old = index.map(|i| positions[i]).unwrap_or(Position {
			instrument: id,
			size: Fixed18::ZERO,
			cost: Fixed18::ZERO,
			funding,
		});
		let owed = Self::funding_owed(&old, funding)?;
		if owed.0 != 0 {
			Self::realize(who, sub, id, Fixed18(-owed.0))?;
			Self::deposit_event(Event::FundingSettled {
				who: who.clone(),
				sub,
				instrument: id,
				amount: owed,
			});
		}
		let new_size = add::<T>(old.size, size)?;
		// Contracts closed: the part of `size` against the existing position.
		let closing = if old.size.0 != 0 && (old.size.0 > 0) != (size.0 > 0) {
			Fixed18(size.0.abs().min(old.size.0.abs()))
		} else {
			Fixed18::ZERO
		};
		let mut cost = old.cost;
		if closing.0 > 0 {
			// Cost of the closed contracts at the average entry, then PnL against `price`.
			let closed_cost = old
				.cost
				.checked_mul(closing)
				.and_then(|c| c.checked_div(Fixed18(old.size.0.abs())))
				.map_err(over::<T>)?;
			let sign = if old.size.0 > 0 { 1 } else { -1 };
			let proceeds = mul::<T>(Fixed18(closing.0 * sign), price)?;
			let pnl = proceeds.checked_sub(closed_cost).map_err(over::<T>)?;
			cost = cost.checked_sub(closed_cost).map_err(over::<T>)?;
			Self::realize(who, sub, id, pnl)?;
		}
		let opening = Fixed18(size.0.abs() - closing.0);
		if opening.0 > 0 {
			let signed = if size.0 > 0 { opening } else { Fixed18(-opening.0) };
			cost = add::<T>(cost, mul::<T>(signed, price)?)?;
		}
		match (index, new_size.0 == 0) {
			(Some(i), true) => {
				positions.remove(i);
			},
			(Some(i), false) => {
				positions[i] = Position { instrument: id, size: new_size, cost, funding }
			},
			(None, _) => positions
				.try_push(Position { instrument: id, size: new_size, cost, funding })
				.map_err(|_| Error::<T>::TooManyPositions)?,
		}
		let l = |s: Fixed18| Fixed18(s.0.max(0));
		let s = |x: Fixed18| Fixed18((-x.0).max(0));
		OpenInterest::<T>::try_mutate(id, |(long, short)| -> DispatchResult {
			*long = add::<T>(long.checked_sub(l(old.size)).map_err(over::<T>)?, l(new_size))?;
			*short = add::<T>(short.checked_sub(s(old.size)).map_err(over::<T>)?, s(new_size))?;
			Ok(())
		})?;
		let underlying = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?.underlying;
		UnderlyingOpenInterest::<T>::try_mutate(underlying, |oi| -> DispatchResult {
			*oi = add::<T>(oi.checked_sub(l(old.size)).map_err(over::<T>)?, l(new_size))?;
			Ok(())
		})?;
		// The holders' index follows the side of the position.
		let side = |x: Fixed18| (x.0 != 0).then_some(x.0 > 0);
		if side(old.size) != side(new_size) {
			if let Some(long) = side(old.size) {
				Holders::<T>::remove((id, long), (who, sub));
			}
			if let Some(long) = side(new_size) {
				Holders::<T>::insert((id, long), (who.clone(), sub), ());
			}
		}
		if positions.is_empty() {
			Positions::<T>::remove(who, sub);
		} else {
			Positions::<T>::insert(who, sub, positions);
		}
		Ok(())
	}

	/// Pays realized PnL between the subaccount (or the vault) and the clearing account.
	fn realize(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
		pnl: Fixed18,
	) -> DispatchResult {
		if pnl.0 == 0 {
			return Ok(());
		}
		let party = if *who == T::VaultAccount::get() && sub == VAULT_SUBACCOUNT {
			Party::Vault
		} else {
			Party::Account(who.clone(), sub)
		};
		let clearing = Party::Account(Self::clearing_account(), 0);
		let amount = pnl.0.unsigned_abs();
		if pnl.0 > 0 {
			T::Ledger::pay(&clearing, &party, amount)?;
		} else {
			let paid = T::Ledger::pay(&party, &clearing, amount)?;
			if paid < amount {
				// Only the vault pays less than asked: the rest is bad debt of the clearing
				// account, for the loss waterfall.
				Self::deposit_event(Event::VaultShortfall {
					amount: Fixed18((amount - paid) as i128),
				});
			}
		}
		Self::deposit_event(Event::Realized { who: who.clone(), sub, instrument: id, pnl });
		Ok(())
	}

	pub(crate) fn do_record_settlement(id: InstrumentId) -> DispatchResult {
		let mut instrument = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?;
		let expiry = instrument.kind.expiry().ok_or(Error::<T>::NotExpired)?;
		ensure!(T::PriceFeed::now() >= expiry, Error::<T>::NotExpired);
		ensure!(instrument.settlement_price.is_none(), Error::<T>::AlreadyRecorded);
		let feed = FeedKey { underlying: instrument.underlying, kind: FeedKind::Spot };
		let (value, at) =
			T::PriceFeed::fresh(feed, T::MaxPriceAge::get()).ok_or(Error::<T>::StalePrice)?;
		ensure!(at >= expiry, Error::<T>::StalePrice);
		let price = Fixed18(i128::try_from(value).map_err(|_| Error::<T>::Overflow)?);
		instrument.settlement_price = Some(price);
		Instruments::<T>::insert(id, instrument);
		RiskCache::<T>::remove(id);
		Self::deposit_event(Event::SettlementRecorded { id, price });
		Ok(())
	}

	pub(crate) fn do_settle_position(
		who: &T::AccountId,
		sub: SubaccountId,
		id: InstrumentId,
	) -> DispatchResult {
		let instrument = Instruments::<T>::get(id).ok_or(Error::<T>::UnknownInstrument)?;
		let price = instrument.settlement_price.ok_or(Error::<T>::NotRecorded)?;
		let position = Positions::<T>::get(who, sub)
			.into_iter()
			.find(|p| p.instrument == id)
			.ok_or(Error::<T>::NoPosition)?;
		let value = settlement_value(&instrument.kind, price);
		// Only dated instruments settle: no funding.
		Self::fill(who, sub, id, Fixed18(-position.size.0), value, position.funding)?;
		Self::deposit_event(Event::Settled {
			who: who.clone(),
			sub,
			instrument: id,
			size: position.size,
		});
		// The last position settled: the instrument's slot is free for a new listing.
		if OpenInterest::<T>::get(id) == (Fixed18::ZERO, Fixed18::ZERO) {
			Instruments::<T>::remove(id);
			OpenInterest::<T>::remove(id);
			RiskCache::<T>::remove(id);
			Self::deposit_event(Event::InstrumentDelisted { id });
		}
		Ok(())
	}

	/// Open interest long = short = the positions' sizes each side, for every instrument.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut sums: BTreeMap<InstrumentId, (i128, i128)> = BTreeMap::new();
		let mut held = 0u32;
		for (who, sub, positions) in Positions::<T>::iter() {
			ensure!(!positions.is_empty(), "an empty position list is stored");
			for p in positions {
				ensure!(p.size.0 != 0, "a zero position is stored");
				ensure!(
					Holders::<T>::contains_key((p.instrument, p.size.0 > 0), (&who, sub)),
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
		let mut per_underlying: BTreeMap<UnderlyingId, i128> = BTreeMap::new();
		for (id, (long, _)) in OpenInterest::<T>::iter() {
			let underlying = Instruments::<T>::get(id).ok_or("open interest of no instrument")?;
			*per_underlying.entry(underlying.underlying).or_default() += long.0;
		}
		for (underlying, oi) in UnderlyingOpenInterest::<T>::iter() {
			let summed = per_underlying.remove(&underlying).unwrap_or(0);
			ensure!(oi.0 == summed, "an underlying's open interest differs from its instruments'");
		}
		ensure!(per_underlying.values().all(|v| *v == 0), "open interest of an unknown underlying");
		ensure!(
			Instruments::<T>::count() <= T::MaxInstruments::get(),
			"more instruments than MaxInstruments"
		);
		Ok(())
	}
}

fn over<T: Config>(_: ballast_primitives::fixed::MathError) -> Error<T> {
	Error::<T>::Overflow
}
