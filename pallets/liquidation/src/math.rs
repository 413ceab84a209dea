//! The pure arithmetic of liquidation: health, how much of a portfolio to sell, the auction's
//! price curve and the auto-deleveraging score. No storage; values are 18-decimal fixed point.

use ballast_primitives::{
	fixed::{Fixed18, MathError},
	traits::Exposure,
};

/// Health = equity / maintenance margin; `None` without a requirement (no positions).
pub fn health(equity: i128, maintenance: u128) -> Option<Fixed18> {
	if maintenance == 0 {
		return None;
	}
	let m = i128::try_from(maintenance).ok()?;
	Some(Fixed18(equity).checked_div(Fixed18(m)).unwrap_or(if equity < 0 {
		Fixed18(i128::MIN)
	} else {
		Fixed18(i128::MAX)
	}))
}

/// The share of a portfolio to sell so that, sold at a discount of `discount` × maintenance
/// and charged a penalty of `penalty` × maintenance on the part sold, the rest is at health
/// `1 + buffer`. Selling a share f leaves equity E − f(δ + π)M against maintenance (1 − f)M
/// (margin is homogeneous in the sizes), so f = ((1 + b)M − E) / ((1 + b − δ − π)M), in
/// (0, 1]; 1 when the account is insolvent.
pub fn fraction_to_sell(
	equity: i128,
	maintenance: u128,
	buffer: Fixed18,
	discount: Fixed18,
	penalty: Fixed18,
) -> Result<Fixed18, MathError> {
	let m = Fixed18(i128::try_from(maintenance).map_err(|_| MathError::Overflow)?);
	if equity < 0 || m.0 == 0 {
		return Ok(Fixed18::ONE);
	}
	let target = Fixed18::ONE.checked_add(buffer)?;
	let shortfall = target.checked_mul(m)?.checked_sub(Fixed18(equity))?;
	if shortfall.0 <= 0 {
		return Ok(Fixed18::ZERO);
	}
	let net = target.checked_sub(discount)?.checked_sub(penalty)?;
	if net.0 <= 0 {
		return Ok(Fixed18::ONE);
	}
	let f = shortfall.checked_div(net.checked_mul(m)?)?;
	Ok(if f > Fixed18::ONE { Fixed18::ONE } else { f })
}

/// The auction's discount (a fraction of the lot's maintenance margin) `elapsed` blocks after
/// it started: from `start` linearly to `floor` over `decay` blocks, then `floor`.
pub fn discount(start: Fixed18, floor: Fixed18, elapsed: u32, decay: u32) -> Fixed18 {
	if elapsed >= decay || decay == 0 {
		return floor;
	}
	let span = floor.0.saturating_sub(start.0);
	// span × elapsed / decay without overflow: span ≤ 1e18, elapsed < decay ≤ u32::MAX.
	Fixed18(
		start
			.0
			.saturating_add(span.saturating_mul(i128::from(elapsed)) / i128::from(decay)),
	)
}

/// The largest move of `spot` from any earlier spot in `window`, as a fraction of that spot:
/// max over samples s of |spot − s| / s. Only the lowest and highest samples matter. Zero
/// without samples; saturates for a sample of zero or less.
pub fn window_move(window: &[Fixed18], spot: Fixed18) -> Fixed18 {
	let (Some(lo), Some(hi)) = (window.iter().min(), window.iter().max()) else {
		return Fixed18::ZERO;
	};
	let moved = |from: Fixed18| {
		if from.0 <= 0 {
			return Fixed18(i128::MAX);
		}
		let diff = spot.0.checked_sub(from.0).map_or(i128::MAX, i128::saturating_abs);
		Fixed18(diff).checked_div(from).unwrap_or(Fixed18(i128::MAX))
	};
	moved(*lo).max(moved(*hi))
}

/// `x × share` rounded toward zero, for sizes.
pub fn portion(x: i128, share: Fixed18) -> Result<i128, MathError> {
	Ok(Fixed18(x).checked_mul(share)?.0)
}

/// An account's risk in one underlying as auto-deleveraging ranks it: the loss its delta takes
/// from a price shock plus what its vega takes from a volatility shock,
/// |Δ × spot| × price shock + |vega| × vol shock.
pub fn risk(
	delta: i128,
	vega: i128,
	spot: i128,
	price_shock: Fixed18,
	vol_shock: Fixed18,
) -> Result<i128, MathError> {
	let delta_value = Fixed18(delta).checked_mul(Fixed18(spot))?;
	let a = Fixed18(delta_value.0.checked_abs().ok_or(MathError::Overflow)?)
		.checked_mul(price_shock)?;
	let b = Fixed18(vega.checked_abs().ok_or(MathError::Overflow)?).checked_mul(vol_shock)?;
	Ok(a.checked_add(b)?.0)
}

/// How much closing (`delta_closed`, `vega_closed`) of an account's (`delta`, `vega`) lowers
/// its risk: positive for an unhedged account, negative for one whose closed leg hedged the
/// rest. Auto-deleveraging closes the highest scores first.
pub fn deleverage_score(
	delta: i128,
	vega: i128,
	delta_closed: i128,
	vega_closed: i128,
	spot: i128,
	price_shock: Fixed18,
	vol_shock: Fixed18,
) -> Result<i128, MathError> {
	let before = risk(delta, vega, spot, price_shock, vol_shock)?;
	let after = risk(
		delta.checked_sub(delta_closed).ok_or(MathError::Overflow)?,
		vega.checked_sub(vega_closed).ok_or(MathError::Overflow)?,
		spot,
		price_shock,
		vol_shock,
	)?;
	before.checked_sub(after).ok_or(MathError::Overflow)
}

/// The position in `theirs` on `leg`'s instrument and on the other side, if any.
pub fn opposite<'a>(leg: &Exposure, theirs: &'a [Exposure]) -> Option<&'a Exposure> {
	theirs
		.iter()
		.find(|e| e.instrument == leg.instrument && e.size != 0 && (e.size > 0) != (leg.size > 0))
}

/// A counterparty's deleveraging score against a bankrupt portfolio: the sum over the
/// bankrupt's legs it holds the other side of, in profit, of [`deleverage_score`] for closing
/// the matched part. `None` if it holds no such leg.
pub fn counterparty_score(
	bankrupt: &[Exposure],
	theirs: &[Exposure],
	price_shock: Fixed18,
	vol_shock: Fixed18,
) -> Option<i128> {
	let mut score: Option<i128> = None;
	for leg in bankrupt {
		let Some(e) = opposite(leg, theirs) else { continue };
		if e.pnl <= 0 {
			continue;
		}
		let (delta, vega) = theirs
			.iter()
			.filter(|x| x.underlying == e.underlying)
			.fold((0i128, 0i128), |(d, v), x| {
				(d.saturating_add(x.delta), v.saturating_add(x.vega))
			});
		let closed = Fixed18(leg.size.abs().min(e.size.abs()))
			.checked_div(Fixed18(e.size.abs()))
			.ok()?;
		let s = deleverage_score(
			delta,
			vega,
			Fixed18(e.delta).checked_mul(closed).ok()?.0,
			Fixed18(e.vega).checked_mul(closed).ok()?.0,
			e.spot,
			price_shock,
			vol_shock,
		)
		.ok()?;
		score = Some(score.unwrap_or(0).saturating_add(s));
	}
	score
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(s: &str) -> Fixed18 {
		Fixed18::parse(s).unwrap()
	}

	#[test]
	fn health_is_equity_over_maintenance() {
		assert_eq!(health(fx("900").0, fx("1000").0 as u128), Some(fx("0.9")));
		assert_eq!(health(fx("-100").0, fx("1000").0 as u128), Some(fx("-0.1")));
		assert_eq!(health(5, 0), None);
	}

	#[test]
	fn the_fraction_sold_restores_health_plus_the_buffer_even_at_the_floor() {
		// E = 900, M = 1000, target 1.2, floor discount 0.5, penalty 0.1:
		// f = (1200 − 900) / ((1.2 − 0.6) × 1000) = 0.5.
		let f =
			fraction_to_sell(fx("900").0, fx("1000").0 as u128, fx("0.2"), fx("0.5"), fx("0.1"))
				.unwrap();
		assert_eq!(f, fx("0.5"));
		// Check: equity 900 − 0.5 × 0.6 × 1000 = 600 against maintenance 500: health 1.2.
		let equity = fx("900").0 - fx("300").0;
		assert_eq!(health(equity, fx("500").0 as u128), Some(fx("1.2")));
		// Deeper under water: everything; insolvent: everything.
		assert_eq!(
			fraction_to_sell(fx("100").0, fx("1000").0 as u128, fx("0.2"), fx("0.5"), fx("0.1")),
			Ok(Fixed18::ONE)
		);
		assert_eq!(
			fraction_to_sell(-1, fx("1000").0 as u128, fx("0.2"), fx("0.5"), fx("0.1")),
			Ok(Fixed18::ONE)
		);
		// Already above the target: nothing.
		assert_eq!(
			fraction_to_sell(fx("1300").0, fx("1000").0 as u128, fx("0.2"), fx("0.5"), fx("0.1")),
			Ok(Fixed18::ZERO)
		);
	}

	#[test]
	fn the_window_move_is_measured_from_the_farthest_sample() {
		let w = [fx("60000"), fx("54600"), fx("57000")];
		// From the high: (60,000 − 49,700) / 60,000 = 17.1666…%.
		assert_eq!(window_move(&w, fx("49700")), fx("0.171666666666666667"));
		// A rise is measured from the low: (60,060 − 54,600) / 54,600 = 10%.
		assert_eq!(window_move(&w, fx("60060")), fx("0.1"));
		assert_eq!(window_move(&[], fx("1")), Fixed18::ZERO);
		// A sample of zero, or an extreme spot, saturates instead of wrapping.
		assert_eq!(window_move(&[Fixed18::ZERO], fx("1")), Fixed18(i128::MAX));
		assert!(window_move(&[fx("1")], Fixed18(i128::MIN)) > fx("1000"));
	}

	#[test]
	fn the_discount_decays_linearly_to_the_floor_and_stays_there() {
		let (start, floor) = (fx("0.05"), fx("0.55"));
		assert_eq!(discount(start, floor, 0, 10), start);
		assert_eq!(discount(start, floor, 5, 10), fx("0.3"));
		assert_eq!(discount(start, floor, 10, 10), floor);
		assert_eq!(discount(start, floor, 1_000, 10), floor);
	}

	#[test]
	fn closing_an_unhedged_position_scores_above_closing_a_hedge() {
		let (shock, vol) = (fx("0.18"), fx("0.1"));
		let spot = fx("60000").0;
		// Short 1 BTC perpetual, nothing else: closing it removes all its risk.
		let naked = deleverage_score(fx("-1").0, 0, fx("-1").0, 0, spot, shock, vol).unwrap();
		assert_eq!(naked, fx("10800").0);
		// Short 1 perpetual hedging two long 0.5-delta calls: closing the perpetual leaves the
		// calls naked, so the account's risk rises.
		let hedged = deleverage_score(0, fx("50000").0, fx("-1").0, 0, spot, shock, vol).unwrap();
		assert_eq!(hedged, -fx("10800").0);
		assert!(naked > hedged);
	}
}
