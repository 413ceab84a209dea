//! Portfolio margin by scenario grid (SPAN / Deribit portfolio margin style).
//!
//! Each scenario moves spot by a shock and volatility up, not at all, or down; every
//! instrument is fully revalued with Black–Scholes in each. An instrument's vector of scenario
//! P&L per contract long is computed once per oracle update ([`scenario_pnl`]), so an
//! account's margin is only Σ size × vector ([`portfolio_maintenance`]): its maintenance is the
//! worst loss over the scenarios plus contingencies for short options and linear positions.
//!
//! Volatility shocks are scaled by `(vol_scale_days / days to expiry)^vol_scale_power`
//! (capped at `vol_scale_cap`): short-dated volatility moves more than long-dated. Two extreme
//! moves (± `extreme_move`, volatility flat) count at `extreme_weight` of their loss.

use super::{instrument::*, MarginError};
use crate::{
	black_scholes::Greeks,
	fixed::{Fixed18, Fx},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The most spot steps each side of zero.
pub const MAX_SPOT_STEPS: u8 = 8;
/// The most scenarios a grid can have: (2 · 8 + 1) spot points × 3 volatility moves + 2
/// extreme moves.
pub const MAX_SCENARIOS: u32 = (2 * MAX_SPOT_STEPS as u32 + 1) * 3 + 2;
/// A volatility shocked down keeps at least this share of itself.
const MIN_VOL_SHARE: Fixed18 = Fixed18(100_000_000_000_000_000);

/// The scenario grid of one underlying: a risk parameter set by governance.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct GridParams {
	/// Spot shock between neighbouring points (0.045 = 4.5%).
	pub spot_step: Fixed18,
	/// Points each side of zero (4 with 4.5% steps reaches ±18%); at most [`MAX_SPOT_STEPS`].
	pub spot_steps: u8,
	/// Relative volatility shock up (0.3 = volatility × 1.3), before scaling.
	pub vol_up: Fixed18,
	/// Relative volatility shock down, before scaling.
	pub vol_down: Fixed18,
	/// The expiry (days) at which volatility shocks are unscaled.
	pub vol_scale_days: u32,
	/// The power `p` of the scaling `(vol_scale_days / days)^p`, in [0, 1].
	pub vol_scale_power: Fixed18,
	/// The largest scaling, reached near expiry.
	pub vol_scale_cap: Fixed18,
	/// Extreme spot move each way, beyond the grid (0.36 = ±36%).
	pub extreme_move: Fixed18,
	/// Share of an extreme move's loss that counts, in [0, 1].
	pub extreme_weight: Fixed18,
	/// Added per short option contract, × spot.
	pub short_option_contingency: Fixed18,
	/// Added per future or perpetual contract (long or short), × spot.
	pub linear_contingency: Fixed18,
}

impl GridParams {
	/// A grid like Deribit's for BTC: ±18% in 4.5% steps, volatility ±30%/−20% at 30 days
	/// scaled with power 0.5 (at most 3×), ±36% extremes at a third, 1% short option and 0.5%
	/// linear contingencies.
	pub const fn example() -> GridParams {
		GridParams {
			spot_step: Fixed18(45_000_000_000_000_000),
			spot_steps: 4,
			vol_up: percent(30),
			vol_down: percent(20),
			vol_scale_days: 30,
			vol_scale_power: percent(50),
			vol_scale_cap: Fixed18(3 * Fixed18::ONE.0),
			extreme_move: percent(36),
			extreme_weight: Fixed18(330_000_000_000_000_000),
			short_option_contingency: percent(1),
			linear_contingency: Fixed18(5_000_000_000_000_000),
		}
	}

	/// Checks the bounds: steps in 1..=8, shocks in [0, 1) (spot's reach below 100%),
	/// fractions in [0, 1], cap ≥ 1, days > 0.
	pub fn validate(&self) -> Result<(), MarginError> {
		let one = Fixed18::ONE;
		let fraction = |x: Fixed18| x.0 >= 0 && x <= one;
		let reach = self.spot_step.0.checked_mul(self.spot_steps as i128);
		let ok = (1..=MAX_SPOT_STEPS).contains(&self.spot_steps)
			&& self.spot_step.0 > 0
			&& reach.is_some_and(|r| r < one.0)
			&& self.extreme_move.0 > 0
			&& self.extreme_move < one
			&& self.vol_up.0 >= 0
			&& fraction(self.vol_down)
			&& self.vol_scale_days > 0
			&& fraction(self.vol_scale_power)
			&& self.vol_scale_cap >= one
			&& fraction(self.extreme_weight)
			&& fraction(self.short_option_contingency)
			&& fraction(self.linear_contingency);
		ok.then_some(()).ok_or(MarginError::InvalidParams)
	}

	/// The number of scenarios.
	pub fn scenario_count(&self) -> usize {
		(2 * self.spot_steps as usize + 1) * 3 + 2
	}

	/// The scenarios, in the order of every vector: volatility down, flat, up, each from the
	/// largest fall to the largest rise; then the extreme fall and rise.
	pub fn scenarios(&self) -> impl Iterator<Item = Scenario> + '_ {
		let n = self.spot_steps as i128;
		let regular =
			[VolMove::Down, VolMove::Flat, VolMove::Up].into_iter().flat_map(move |vol| {
				(-n..=n).map(move |k| Scenario {
					spot_shock: Fixed18(self.spot_step.0 * k),
					vol,
					weight: Fixed18::ONE,
				})
			});
		let extreme = [-1i128, 1].into_iter().map(|sign| Scenario {
			spot_shock: Fixed18(self.extreme_move.0 * sign),
			vol: VolMove::Flat,
			weight: self.extreme_weight,
		});
		regular.chain(extreme)
	}

	/// The volatility-shock scaling for `years` to expiry.
	pub fn vol_scale(&self, years: Fixed18) -> Result<Fixed18, MarginError> {
		if years.0 <= 0 {
			return Ok(self.vol_scale_cap);
		}
		// ratio = (days / 365) / years
		let ratio = Fx::from_int(self.vol_scale_days as i64)
			.div(Fx::from_int(365))?
			.div_fixed18(years)?;
		let scaled = Fx::from_fixed18(self.vol_scale_power)?.mul(ratio.ln()?)?.exp();
		// A scaling too large for `exp` is beyond any cap.
		let scale = match scaled {
			Ok(s) => s.to_fixed18()?,
			Err(_) => return Ok(self.vol_scale_cap),
		};
		Ok(scale.min(self.vol_scale_cap))
	}
}

/// How a scenario moves volatility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolMove {
	/// Down by `vol_down × scale`.
	Down,
	/// Unchanged.
	Flat,
	/// Up by `vol_up × scale`.
	Up,
}

/// One point of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
	/// Relative spot move (−0.18 = spot × 0.82).
	pub spot_shock: Fixed18,
	/// The volatility move.
	pub vol: VolMove,
	/// Share of the P&L that counts.
	pub weight: Fixed18,
}

/// What the margin of one instrument needs, computed once per oracle update.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct InstrumentRisk {
	/// Mark price and Greeks of one contract long.
	pub mark: Greeks,
	/// Weighted P&L of one contract long in each scenario of the grid, in grid order.
	pub pnl: Vec<Fixed18>,
	/// Contingency per contract held long.
	pub long_contingency: Fixed18,
	/// Contingency per contract held short.
	pub short_contingency: Fixed18,
}

/// The risk of one contract long of `kind` in market `m` under grid `p`.
pub fn scenario_pnl(
	kind: &InstrumentKind,
	m: &Market,
	p: &GridParams,
) -> Result<InstrumentRisk, MarginError> {
	let mark = mark(kind, m)?;
	let scale = match kind {
		InstrumentKind::Option { expiry, .. } => p.vol_scale(years_between(m.now, *expiry))?,
		_ => Fixed18::ONE,
	};
	let up = Fixed18::ONE.checked_add(p.vol_up.checked_mul(scale)?)?;
	let down = Fixed18::ONE.checked_sub(p.vol_down.checked_mul(scale)?)?.max(MIN_VOL_SHARE);
	let mut pnl = Vec::with_capacity(p.scenario_count());
	for s in p.scenarios() {
		let vol = match s.vol {
			VolMove::Down => m.vol.checked_mul(down)?,
			VolMove::Flat => m.vol,
			VolMove::Up => m.vol.checked_mul(up)?,
		};
		let spot = m.spot.checked_mul(Fixed18::ONE.checked_add(s.spot_shock)?)?;
		let shocked = Market { spot, vol, ..*m };
		let change = mark_price(kind, &shocked)?.checked_sub(mark.price)?;
		pnl.push(change.checked_mul(s.weight)?);
	}
	let linear = p.linear_contingency.checked_mul(m.spot)?;
	let (long_contingency, short_contingency) = match kind {
		InstrumentKind::Option { .. } => {
			(Fixed18::ZERO, p.short_option_contingency.checked_mul(m.spot)?)
		},
		_ => (linear, linear),
	};
	Ok(InstrumentRisk { mark, pnl, long_contingency, short_contingency })
}

/// An account's portfolio margin.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PortfolioMargin {
	/// The worst loss over the grid (zero if every scenario gains).
	pub worst_loss: Fixed18,
	/// Which scenario (index in grid order) it is.
	pub worst_scenario: u32,
	/// Σ contingencies.
	pub contingencies: Fixed18,
	/// `worst_loss + contingencies`.
	pub maintenance: Fixed18,
}

/// The maintenance margin of positions `(size, risk)`: the worst loss of Σ size × P&L over
/// the scenarios, plus contingencies. Every `risk` must come from the same grid.
pub fn portfolio_maintenance<'a>(
	positions: impl IntoIterator<Item = (Fixed18, &'a InstrumentRisk)>,
	scenario_count: usize,
) -> Result<PortfolioMargin, MarginError> {
	let mut totals: Vec<Fixed18> = alloc::vec![Fixed18::ZERO; scenario_count];
	let mut contingencies = Fixed18::ZERO;
	for (size, risk) in positions {
		if risk.pnl.len() != scenario_count {
			return Err(MarginError::GridMismatch);
		}
		for (total, pnl) in totals.iter_mut().zip(&risk.pnl) {
			*total = total.checked_add(size.checked_mul(*pnl)?)?;
		}
		let per = if size.0 < 0 { risk.short_contingency } else { risk.long_contingency };
		contingencies = contingencies.checked_add(Fixed18(size.0.abs()).checked_mul(per)?)?;
	}
	let (worst_scenario, worst) = totals
		.iter()
		.enumerate()
		.min_by_key(|(i, v)| (v.0, *i))
		.map(|(i, v)| (i as u32, *v))
		.unwrap_or((0, Fixed18::ZERO));
	let worst_loss = Fixed18(worst.0.min(0).checked_neg().ok_or(MarginError::Overflow)?);
	Ok(PortfolioMargin {
		worst_loss,
		worst_scenario,
		contingencies,
		maintenance: worst_loss.checked_add(contingencies)?,
	})
}

/// `n`% as a `Fixed18`.
pub const fn percent(n: i128) -> Fixed18 {
	Fixed18(n * 10_000_000_000_000_000)
}
