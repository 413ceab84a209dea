//! Market data, the per-instrument risk cache, and a subaccount's margin.

use crate::{pallet::*, types::*};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use ballast_primitives::{
	black_scholes::Greeks,
	fixed::Fixed18,
	margin::{
		initial_factor, portfolio_maintenance, scenario_pnl, settlement_value,
		standard_maintenance, InstrumentKind, InstrumentRisk, Market,
	},
	risk::{AccountRisk, Unvalued},
	traits::{CollateralLedger, MarginEngine, PriceFeed, SecurityBudget, SubaccountId},
	Balance, FeedKey, FeedKind, Moment, UnderlyingId,
};
use frame_support::{pallet_prelude::*, BoundedVec};

/// What margin needs to know of one position.
pub(crate) struct Valued {
	pub(crate) underlying: UnderlyingId,
	pub(crate) size: Fixed18,
	pub(crate) cost: Fixed18,
	/// Funding owed since the position's snapshot (perpetuals).
	pub(crate) funding_owed: Fixed18,
	pub(crate) risk: InstrumentRisk,
	pub(crate) instrument: Instrument,
	pub(crate) spot: Fixed18,
}

impl<T: Config> Pallet<T> {
	/// A fresh oracle value and its timestamp.
	fn fresh(feed: FeedKey) -> Option<(Fixed18, Moment)> {
		let (value, at) = T::PriceFeed::fresh(feed, T::MaxPriceAge::get())?;
		Some((Fixed18(i128::try_from(value).ok()?), at))
	}

	/// The underlying's market from fresh oracle spot and volatility, with their timestamps.
	pub(crate) fn market(
		underlying: UnderlyingId,
		params: &UnderlyingParams,
	) -> Result<(Market, MarketKey), Error<T>> {
		let spot = Self::fresh(FeedKey { underlying, kind: FeedKind::Spot });
		let vol = Self::fresh(FeedKey { underlying, kind: FeedKind::ImpliedVol });
		let ((spot, spot_at), (vol, vol_at)) = spot.zip(vol).ok_or(Error::<T>::StalePrice)?;
		let market = Market { spot, vol, rate: params.rate, now: T::PriceFeed::now() };
		Ok((market, (spot, vol, spot_at, vol_at)))
	}

	/// The instrument's risk at the current oracle values: from the cache if it was computed
	/// from them, otherwise computed (and cached when `store`).
	pub(crate) fn risk(
		id: InstrumentId,
		instrument: &Instrument,
		store: bool,
	) -> Result<(InstrumentRisk, Fixed18), Error<T>> {
		let params =
			Underlyings::<T>::get(instrument.underlying).ok_or(Error::<T>::UnknownUnderlying)?;
		let (market, key) = Self::market(instrument.underlying, &params)?;
		if let Some(price) = instrument.settlement_price {
			// Settled: worth its payout, no further risk.
			let value = settlement_value(&instrument.kind, price);
			let zero = alloc::vec![Fixed18::ZERO; params.grid.scenario_count()];
			let mark = Greeks { price: value, ..Default::default() };
			let risk = InstrumentRisk {
				mark,
				pnl: zero,
				long_contingency: Fixed18::ZERO,
				short_contingency: Fixed18::ZERO,
			};
			return Ok((risk, market.spot));
		}
		// The cache holds one grid's vector: a grid change recomputes it too.
		if let Some(cached) = RiskCache::<T>::get(id) {
			if cached.key == key && cached.pnl.len() == params.grid.scenario_count() {
				return Ok((cached.risk(), market.spot));
			}
		}
		let risk =
			scenario_pnl(&instrument.kind, &market, &params.grid).map_err(Error::<T>::from)?;
		if store {
			let pnl = BoundedVec::try_from(risk.pnl.clone()).map_err(|_| Error::<T>::Overflow)?;
			RiskCache::<T>::insert(
				id,
				CachedRisk {
					key,
					mark: risk.mark,
					pnl,
					long_contingency: risk.long_contingency,
					short_contingency: risk.short_contingency,
				},
			);
		}
		Ok((risk, market.spot))
	}

	pub(crate) fn valued(positions: &[Position], store: bool) -> Result<Vec<Valued>, Error<T>> {
		positions
			.iter()
			.map(|p| {
				let instrument =
					Instruments::<T>::get(p.instrument).ok_or(Error::<T>::UnknownInstrument)?;
				let (risk, spot) = Self::risk(p.instrument, &instrument, store)?;
				let funding_owed = match instrument.kind {
					InstrumentKind::Perpetual => {
						Self::funding_owed(p, Self::funding_now(p.instrument, spot)?.index)?
					},
					_ => Fixed18::ZERO,
				};
				Ok(Valued {
					underlying: instrument.underlying,
					size: p.size,
					cost: p.cost,
					funding_owed,
					risk,
					instrument,
					spot,
				})
			})
			.collect()
	}

	/// The margin of `positions` held under `method`, and their unrealized PnL and Greeks.
	pub(crate) fn margin_of(
		positions: &[Position],
		method: MarginMethod,
		store: bool,
	) -> Result<MarginSummary, Error<T>> {
		let valued = Self::valued(positions, store)?;
		let mut summary = MarginSummary { method, ..Default::default() };
		let mut by_underlying: BTreeMap<UnderlyingId, Vec<&Valued>> = BTreeMap::new();
		for v in &valued {
			let value = v.size.checked_mul(v.risk.mark.price)?;
			let pnl = value.checked_sub(v.cost).and_then(|p| p.checked_sub(v.funding_owed))?;
			summary.unrealized_pnl = summary.unrealized_pnl.checked_add(pnl)?;
			accumulate(&mut summary.greeks, &scaled(v.size, &v.risk.mark)?)?;
			by_underlying.entry(v.underlying).or_default().push(v);
		}
		let security = T::SecurityBudget::margin_factor().max(Fixed18::ONE);
		for (underlying, legs) in by_underlying {
			let params = Underlyings::<T>::get(underlying).ok_or(Error::<T>::UnknownUnderlying)?;
			let maintenance = match method {
				MarginMethod::Standard => legs.iter().try_fold(Fixed18::ZERO, |acc, v| {
					if v.instrument.settlement_price.is_some() {
						return Ok(acc);
					}
					let m = standard_maintenance(
						&v.instrument.kind,
						v.size,
						v.risk.mark.price,
						v.spot,
						&params.standard,
					)
					.map_err(Error::<T>::from)?;
					Ok::<_, Error<T>>(acc.checked_add(m)?)
				})?,
				MarginMethod::Portfolio => {
					let pm = portfolio_maintenance(
						legs.iter().map(|v| (v.size, &v.risk)),
						params.grid.scenario_count(),
					)
					.map_err(Error::<T>::from)?;
					summary.worst_loss = summary.worst_loss.checked_add(pm.worst_loss)?;
					summary.worst_scenarios.push((underlying, pm.worst_scenario, pm.worst_loss));
					pm.maintenance
				},
			};
			summary.maintenance = summary.maintenance.checked_add(maintenance)?;
			let spot = legs.first().map_or(Fixed18::ZERO, |v| v.spot);
			let factor = Self::initial_factor(underlying, &params, spot)?;
			let initial = maintenance.checked_mul(factor)?.checked_mul(security)?;
			summary.initial = summary.initial.checked_add(initial)?;
		}
		Ok(summary)
	}

	/// The underlying's initial factor at its open interest's notional (delta-equivalent
	/// contracts × `spot`): `initial_factor` up to `oi_lower`, rising linearly to
	/// `oi_max_factor` at `oi_upper`.
	pub fn initial_factor(
		underlying: UnderlyingId,
		params: &UnderlyingParams,
		spot: Fixed18,
	) -> Result<Fixed18, Error<T>> {
		// Beyond i128 the factor is at its maximum anyway: saturate rather than fail margin.
		let notional = UnderlyingOpenInterest::<T>::get(underlying)
			.checked_mul(spot)
			.unwrap_or(Fixed18(i128::MAX));
		Ok(initial_factor(
			notional,
			params.oi_lower,
			params.oi_upper,
			params.initial_factor,
			params.oi_max_factor,
		)?)
	}

	/// A subaccount's risk snapshot and full margin picture, from one valuation of its
	/// positions and its collateral: the one place equity is assembled.
	pub fn account_risk(
		who: &T::AccountId,
		sub: SubaccountId,
		store: bool,
	) -> Result<(AccountRisk, MarginSummary), Error<T>> {
		let positions = Positions::<T>::get(who, sub);
		let collateral = T::Ledger::net_collateral(who, sub).map_err(Error::<T>::from)?;
		let debt = T::Ledger::debt(who, sub);
		let method = Methods::<T>::get(who, sub);
		Self::snapshot(&positions, method, collateral, debt, T::Ledger::profit_haircut(), store)
	}

	/// The risk snapshot of `positions` held under `method` against `collateral`: the one
	/// place an [`AccountRisk`] is assembled, for subaccounts and the vault alike.
	fn snapshot(
		positions: &[Position],
		method: MarginMethod,
		collateral: i128,
		debt: Balance,
		profit_haircut: Fixed18,
		store: bool,
	) -> Result<(AccountRisk, MarginSummary), Error<T>> {
		let mut summary = Self::margin_of(positions, method, store)?;
		let as_balance = |v: Fixed18| u128::try_from(v.0).map_err(|_| Error::<T>::Overflow);
		let risk = AccountRisk {
			collateral,
			debt,
			unrealized_pnl: summary.unrealized_pnl.0,
			initial: as_balance(summary.initial)?,
			maintenance: as_balance(summary.maintenance)?,
			profit_haircut,
			positions: positions.len() as u32,
		};
		summary.equity = Fixed18(risk.equity());
		Ok((risk, summary))
	}

	/// A subaccount's full margin picture.
	pub fn margin_summary(
		who: &T::AccountId,
		sub: SubaccountId,
		store: bool,
	) -> Result<MarginSummary, Error<T>> {
		Self::account_risk(who, sub, store).map(|(_, summary)| summary)
	}

	/// Each position with its Greeks scaled by its size (price = size × mark).
	pub fn position_greeks(
		who: &T::AccountId,
		sub: SubaccountId,
	) -> Result<Vec<(Position, Greeks)>, Error<T>> {
		let positions = Positions::<T>::get(who, sub);
		let valued = Self::valued(&positions, false)?;
		positions
			.iter()
			.zip(valued)
			.map(|(p, v)| Ok((*p, scaled(p.size, &v.risk.mark)?)))
			.collect()
	}

	/// Σ size × per-contract Greeks of the `positions` on `underlying` (caching their risk).
	pub(crate) fn underlying_greeks(
		positions: &[Position],
		underlying: UnderlyingId,
	) -> Result<PortfolioGreeks, Error<T>> {
		let mut total = PortfolioGreeks::default();
		for v in Self::valued(positions, true)?.iter().filter(|v| v.underlying == underlying) {
			accumulate(&mut total, &scaled(v.size, &v.risk.mark)?)?;
		}
		Ok(total)
	}

	/// The LP vault's risk snapshot: its ledger balance as collateral and its positions under
	/// the standard rules. The vault's unrealized profit counts in full (no haircut): it is
	/// the other side of the traders' positions, marked at the same price.
	pub fn vault_risk(store: bool) -> Result<AccountRisk, Error<T>> {
		let balance = i128::try_from(T::Ledger::vault_balance()).unwrap_or(i128::MAX);
		let positions = VaultPositions::<T>::get();
		Self::snapshot(&positions, MarginMethod::Standard, balance, 0, Fixed18::ZERO, store)
			.map(|(risk, _)| risk)
	}

	/// The LP vault's risk before a trade, when it holds positions (`None` when it holds none:
	/// then the trade must leave it within initial margin).
	pub(crate) fn vault_before() -> Result<Option<AccountRisk>, Error<T>> {
		if !VaultPositions::<T>::exists() {
			return Ok(None);
		}
		Self::vault_risk(true).map(Some)
	}

	/// Fails unless the trade leaves the LP vault within the initial margin of its positions
	/// (its balance plus their unrealized PnL), or took risk off it (`AccountRisk::trade_stands`
	/// against `before`): the vault takes no trade it cannot margin, and never refuses one that
	/// makes it safer.
	pub(crate) fn ensure_vault_margin(before: Option<AccountRisk>) -> DispatchResult {
		let after = Self::vault_risk(true)?;
		ensure!(after.trade_stands(before.as_ref()), Error::<T>::VaultMarginBreached);
		Ok(())
	}

	/// A subaccount's risk before a trade, when it holds positions (`None` otherwise).
	pub(crate) fn risk_before(
		who: &T::AccountId,
		sub: SubaccountId,
	) -> Result<Option<AccountRisk>, Error<T>> {
		if Positions::<T>::decode_len(who, sub).unwrap_or(0) == 0 {
			return Ok(None);
		}
		Self::account_risk(who, sub, true).map(|(risk, _)| Some(risk))
	}

	/// Fails unless the subaccount's equity (unrealized profit after the haircut) covers its
	/// initial margin after a trade, or the trade took risk off it (`trade_stands` against
	/// `before`, its risk before the trade): an account below initial margin may always
	/// reduce, never add.
	pub(crate) fn ensure_trade_margin(
		who: &T::AccountId,
		sub: SubaccountId,
		before: Option<AccountRisk>,
	) -> DispatchResult {
		let (after, _) = Self::account_risk(who, sub, true)?;
		ensure!(after.trade_stands(before.as_ref()), Error::<T>::InitialMarginBreached);
		Ok(())
	}

	/// Fails unless the subaccount's equity (unrealized profit after the haircut) covers its
	/// initial margin.
	pub(crate) fn ensure_initial_margin(who: &T::AccountId, sub: SubaccountId) -> DispatchResult {
		Self::ensure_trade_margin(who, sub, None)
	}
}

/// Why a snapshot could not be had, as the other pallets see it.
fn unvalued<T>(e: Error<T>) -> Unvalued {
	match e {
		Error::<T>::StalePrice => Unvalued::StalePrice,
		Error::<T>::StaleCollateral => Unvalued::StaleCollateral,
		_ => Unvalued::Uncomputable,
	}
}

/// The Greeks of `size` contracts from one contract's.
pub(crate) fn scaled<T>(size: Fixed18, g: &Greeks) -> Result<Greeks, Error<T>> {
	Ok(Greeks {
		price: size.checked_mul(g.price)?,
		delta: size.checked_mul(g.delta)?,
		gamma: size.checked_mul(g.gamma)?,
		vega: size.checked_mul(g.vega)?,
		theta: size.checked_mul(g.theta)?,
		rho: size.checked_mul(g.rho)?,
	})
}

/// Adds a position's Greeks to a portfolio's.
fn accumulate<T>(total: &mut PortfolioGreeks, g: &Greeks) -> Result<(), Error<T>> {
	total.delta = total.delta.checked_add(g.delta)?;
	total.gamma = total.gamma.checked_add(g.gamma)?;
	total.vega = total.vega.checked_add(g.vega)?;
	total.theta = total.theta.checked_add(g.theta)?;
	Ok(())
}

/// The other pallets' view: the snapshot, or why it cannot be had now.
impl<T: Config> MarginEngine<T::AccountId> for Pallet<T> {
	fn risk(who: &T::AccountId, sub: SubaccountId) -> Result<AccountRisk, Unvalued> {
		Self::account_risk(who, sub, false).map(|(risk, _)| risk).map_err(unvalued)
	}

	fn vault_risk() -> Result<AccountRisk, Unvalued> {
		Self::vault_risk(false).map_err(unvalued)
	}

	fn has_positions(who: &T::AccountId, sub: SubaccountId) -> bool {
		Positions::<T>::decode_len(who, sub).unwrap_or(0) > 0
	}

	fn underlyings(who: &T::AccountId, sub: SubaccountId) -> Vec<UnderlyingId> {
		let mut out: Vec<UnderlyingId> = Positions::<T>::get(who, sub)
			.iter()
			.filter_map(|p| Instruments::<T>::get(p.instrument).map(|i| i.underlying))
			.collect();
		out.sort_unstable();
		out.dedup();
		out
	}
}

impl<T> From<Unvalued> for Error<T> {
	fn from(e: Unvalued) -> Self {
		match e {
			Unvalued::StalePrice => Error::<T>::StalePrice,
			Unvalued::StaleCollateral => Error::<T>::StaleCollateral,
			Unvalued::Uncomputable => Error::<T>::MarginUncomputable,
		}
	}
}
