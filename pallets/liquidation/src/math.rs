//! The pure arithmetic of liquidation: health, how much of a portfolio to sell, the auction's
//! price curve and the auto-deleveraging rank. No storage; values are 18-decimal fixed point.

use ballast_primitives::{
	fixed::{Fixed18, MathError, Rounding},
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

/// `x × share` for sizes, its magnitude rounded as asked and never beyond `x` (a share is at
/// most 1).
pub fn portion(x: i128, share: Fixed18, rounding: Rounding) -> Result<i128, MathError> {
	let p = Fixed18(x).mul_rounding(share.min(Fixed18::ONE), rounding)?.0;
	Ok(if x < 0 { p.max(x) } else { p.min(x) })
}

/// `profit × part / whole` rounded down, in one division: the profit on `part` of a position
/// of `whole` contracts. Zero for no profit; `None` when `whole` is zero or `part` exceeds it.
pub fn profit_share(profit: i128, part: i128, whole: i128) -> Option<u128> {
	let (part, whole) = (part.unsigned_abs(), whole.unsigned_abs());
	if whole == 0 || part > whole {
		return None;
	}
	if profit <= 0 {
		return Some(0);
	}
	ballast_primitives::fixed::wide::mul_div_directed(profit as u128, part, whole, false)
}

/// The price at which a bankrupt closes `size` contracts of its leg (long: sells, short: buys
/// back) so that the counterparty gives up at most `take` against closing at `mark`: the mark
/// moved by `take / |size|` rounded down (never more than `take` is taken), never below zero
/// (a mark below zero is not moved). Returns
/// the price and what the counterparty gives up at it (rounded down, at most `take`).
pub fn bankruptcy_price(mark: i128, size: i128, take: u128) -> Result<(i128, u128), MathError> {
	let contracts = Fixed18(size.checked_abs().ok_or(MathError::Overflow)?);
	let take = Fixed18(i128::try_from(take).map_err(|_| MathError::Overflow)?);
	let shift = take.div_rounding(contracts, Rounding::Down)?.0;
	let price = if size > 0 {
		mark.checked_add(shift).ok_or(MathError::Overflow)?
	} else if mark <= 0 {
		mark
	} else {
		mark.checked_sub(shift).ok_or(MathError::Overflow)?.max(0)
	};
	let moved = price
		.checked_sub(mark)
		.ok_or(MathError::Overflow)?
		.checked_abs()
		.ok_or(MathError::Overflow)?;
	let paid = Fixed18(moved).mul_rounding(contracts, Rounding::Down)?.0;
	Ok((price, paid as u128))
}

/// The position in `theirs` on `leg`'s instrument and on the other side, if any.
pub fn opposite<'a>(leg: &Exposure, theirs: &'a [Exposure]) -> Option<&'a Exposure> {
	theirs
		.iter()
		.find(|e| e.instrument == leg.instrument && e.size != 0 && (e.size > 0) != (leg.size > 0))
}

/// The loss a book's Greeks in one underlying take from a price shock and a volatility shock:
/// |Δ|·S·p + ½·|Γ|·(S·p)² + |ν|·v, where S is spot, p the price shock (a fraction of spot) and
/// v the volatility shock.
pub fn shocked_risk(
	delta: i128,
	gamma: i128,
	vega: i128,
	spot: i128,
	price_shock: Fixed18,
	vol_shock: Fixed18,
) -> Result<i128, MathError> {
	let abs = |x: i128| x.checked_abs().ok_or(MathError::Overflow).map(Fixed18);
	let moved = Fixed18(spot).checked_mul(price_shock)?;
	let first = abs(delta)?.checked_mul(abs(moved.0)?)?;
	let second = abs(gamma)?
		.checked_mul(moved.checked_mul(moved)?)?
		.checked_div(Fixed18::from_int(2))?;
	let third = abs(vega)?.checked_mul(vol_shock)?;
	Ok(first.checked_add(second)?.checked_add(third)?.0)
}

/// The share of a book's risk in `underlying` that its own legs leave unhedged: the shocked
/// risk of its net Greeks over the sum of each leg's, in [0, 1]. A naked position scores 1, a
/// delta-neutral book near 0; zero without risk there.
pub fn unhedged_share(
	book: &[Exposure],
	underlying: ballast_primitives::UnderlyingId,
	price_shock: Fixed18,
	vol_shock: Fixed18,
) -> Result<Fixed18, MathError> {
	let (mut delta, mut gamma, mut vega, mut gross) = (0i128, 0i128, 0i128, 0i128);
	let mut spot = 0i128;
	for e in book.iter().filter(|e| e.underlying == underlying) {
		let add = |a: i128, b: i128| a.checked_add(b).ok_or(MathError::Overflow);
		delta = add(delta, e.delta)?;
		gamma = add(gamma, e.gamma)?;
		vega = add(vega, e.vega)?;
		spot = e.spot;
		gross =
			add(gross, shocked_risk(e.delta, e.gamma, e.vega, e.spot, price_shock, vol_shock)?)?;
	}
	if gross <= 0 {
		return Ok(Fixed18::ZERO);
	}
	let net = shocked_risk(delta, gamma, vega, spot, price_shock, vol_shock)?;
	Ok(Fixed18(net).checked_div(Fixed18(gross))?.min(Fixed18::ONE))
}

/// A counterparty's auto-deleveraging rank, highest deleveraged first: its profit on the legs
/// opposite the bankrupt as a fraction of their value at mark, × its leverage (gross notional
/// over equity), × the share of its risk it leaves unhedged (so hedged books go last). `None`
/// when it is not in profit on those legs or its equity is not positive (it is liquidated,
/// not deleveraged).
pub fn adl_rank(
	profit: i128,
	value: i128,
	notional: i128,
	equity: i128,
	unhedged: Fixed18,
) -> Option<Fixed18> {
	if profit <= 0 || value <= 0 || equity <= 0 || notional < 0 {
		return None;
	}
	let margin = Fixed18(profit).checked_div(Fixed18(value)).ok()?;
	let leverage = Fixed18(notional).checked_div(Fixed18(equity)).ok()?;
	margin.checked_mul(leverage).ok()?.checked_mul(unhedged).ok()
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
	fn a_portion_of_a_size_rounds_as_asked_and_never_exceeds_it() {
		// A third of 1e-18 contracts × 10: 3.33…e-18 → 3 down, 4 up, for either side.
		let third = Fixed18(333_333_333_333_333_333);
		assert_eq!(portion(10, third, Rounding::Down), Ok(3));
		assert_eq!(portion(10, third, Rounding::Up), Ok(4));
		assert_eq!(portion(-10, third, Rounding::Up), Ok(-4));
		// A share too small to move a unit moves nothing down, one unit up.
		assert_eq!(portion(fx("2").0, Fixed18(1), Rounding::Down), Ok(2));
		assert_eq!(portion(1, Fixed18(1), Rounding::Down), Ok(0));
		assert_eq!(portion(1, Fixed18(1), Rounding::Up), Ok(1));
		// A share above 1 is read as 1.
		assert_eq!(portion(-7, fx("2"), Rounding::Up), Ok(-7));
	}

	#[test]
	fn the_profit_share_is_one_floor_division() {
		// 1,000 of profit on 3 contracts, 1 of them closed: 333.333333333333333333 (down).
		assert_eq!(
			profit_share(fx("1000").0, fx("1").0, fx("3").0),
			Some(333_333_333_333_333_333_333)
		);
		// Signs of the sizes do not matter; a loss shares nothing; more than the whole is
		// not a share.
		assert_eq!(profit_share(fx("10").0, fx("-1").0, fx("-2").0), Some(fx("5").0 as u128));
		assert_eq!(profit_share(fx("-10").0, 1, 2), Some(0));
		assert_eq!(profit_share(1, 3, 2), None);
		assert_eq!(profit_share(1, 0, 0), None);
		assert_eq!(profit_share(i128::MAX, i128::MIN + 1, i128::MIN), Some(i128::MAX as u128 - 1));
	}

	#[test]
	fn the_bankruptcy_price_moves_the_mark_by_what_is_taken_in_the_bankrupts_favour() {
		// A long of 3 closed with 1,000 taken: sold at mark + 333.333333333333333333, the
		// counterparty gives up 999.999999999999999999 (never more than the 1,000).
		let (price, paid) =
			bankruptcy_price(fx("60000").0, fx("3").0, fx("1000").0 as u128).unwrap();
		assert_eq!(price, fx("60333.333333333333333333").0);
		assert_eq!(paid, fx("999.999999999999999999").0 as u128);
		// A short is bought back below mark.
		let (price, paid) =
			bankruptcy_price(fx("60000").0, fx("-2").0, fx("1000").0 as u128).unwrap();
		assert_eq!((price, paid), (fx("59500").0, fx("1000").0 as u128));
		// Never below zero: an option worth 10 bought back with 1,000 to take gives up 10.
		let (price, paid) = bankruptcy_price(fx("10").0, fx("-1").0, fx("1000").0 as u128).unwrap();
		assert_eq!((price, paid), (0, fx("10").0 as u128));
		// A short on a mark at or below zero is not moved: nothing is given up.
		assert_eq!(bankruptcy_price(-5, fx("-1").0, fx("1").0 as u128), Ok((-5, 0)));
		// Less than a unit of price per contract moves nothing: nothing is given up.
		assert_eq!(bankruptcy_price(fx("1").0, fx("1000").0, 1), Ok((fx("1").0, 0)));
		// Extremes are errors.
		assert_eq!(bankruptcy_price(i128::MAX, 1, u128::MAX), Err(MathError::Overflow));
		assert_eq!(bankruptcy_price(1, i128::MIN, 1), Err(MathError::Overflow));
		assert_eq!(bankruptcy_price(1, 0, 1), Err(MathError::DivisionByZero));
	}

	fn exposure(delta: &str, gamma: &str, vega: &str) -> Exposure {
		Exposure {
			underlying: 1,
			spot: fx("60000").0,
			delta: fx(delta).0,
			gamma: fx(gamma).0,
			vega: fx(vega).0,
			..Default::default()
		}
	}

	#[test]
	fn the_shocked_risk_adds_delta_gamma_and_vega_losses() {
		// 18% of 60,000 = 10,800: |−1| × 10,800 + ½ × 0.0001 × 10,800² + 2,000 × 0.1
		// = 10,800 + 5,832 + 200.
		let r = shocked_risk(
			fx("-1").0,
			fx("0.0001").0,
			fx("-2000").0,
			fx("60000").0,
			fx("0.18"),
			fx("0.1"),
		);
		assert_eq!(r, Ok(fx("16832").0));
		assert_eq!(
			shocked_risk(i128::MIN, 0, 0, 1, fx("0.18"), fx("0.1")),
			Err(MathError::Overflow)
		);
	}

	#[test]
	fn a_naked_book_is_fully_unhedged_and_a_delta_neutral_one_is_not() {
		let (p, v) = (fx("0.18"), fx("0.1"));
		let naked = [exposure("-1", "0", "0")];
		assert_eq!(unhedged_share(&naked, 1, p, v), Ok(Fixed18::ONE));
		// Short 1 perpetual against two long 0.5-delta calls (no gamma, no vega here): net
		// delta 0, so nothing is left unhedged.
		let hedged = [exposure("-1", "0", "0"), exposure("1", "0", "0")];
		assert_eq!(unhedged_share(&hedged, 1, p, v), Ok(Fixed18::ZERO));
		// The calls' gamma stays: ½ × 0.0002 × 10,800² = 11,664 net, against 10,800 + 10,800
		// + 11,664 gross: 11,664 / 33,264 = 0.350649350649350649.
		let gamma = [exposure("-1", "0", "0"), exposure("1", "0.0002", "0")];
		assert_eq!(unhedged_share(&gamma, 1, p, v), Ok(fx("0.350649350649350649")));
		// Another underlying's legs do not count; none at all: zero.
		assert_eq!(unhedged_share(&naked, 2, p, v), Ok(Fixed18::ZERO));
	}

	#[test]
	fn the_rank_is_profit_times_leverage_times_what_is_unhedged() {
		// 1,000 profit on legs worth 59,000 at mark = 1.6949…%, × leverage 59,000 / 5,900 = 10.
		assert_eq!(
			adl_rank(fx("1000").0, fx("59000").0, fx("59000").0, fx("5900").0, Fixed18::ONE),
			Some(fx("0.169491525423728810"))
		);
		// Half hedged: half the rank.
		assert_eq!(
			adl_rank(fx("1000").0, fx("59000").0, fx("59000").0, fx("5900").0, fx("0.5")),
			Some(fx("0.084745762711864405"))
		);
		// Not in profit, or no equity: not deleveraged.
		assert_eq!(adl_rank(0, 1, 1, 1, Fixed18::ONE), None);
		assert_eq!(adl_rank(fx("1").0, fx("1").0, fx("1").0, 0, Fixed18::ONE), None);
		assert_eq!(adl_rank(fx("1").0, fx("1").0, fx("1").0, i128::MIN, Fixed18::ONE), None);
	}
}
