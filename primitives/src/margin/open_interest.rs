//! Open-interest-scaled initial margin (dYdX's "open interest margin fraction"): the larger an
//! underlying's open interest, the more initial margin every new position on it needs, so one
//! market cannot grow past what its liquidity and the pool can absorb.

use crate::fixed::{Fixed18, MathError};

/// The initial factor (initial margin = maintenance × factor) at an underlying's open-interest
/// `notional` (delta-equivalent contracts × spot, quote): `base` up to `lower`, rising linearly
/// to `max` at `upper`, and `max` above it. Requires `lower < upper` and `base ≤ max`
/// ([`MathError::Domain`] otherwise); a negative notional counts as none.
pub fn initial_factor(
	notional: Fixed18,
	lower: Fixed18,
	upper: Fixed18,
	base: Fixed18,
	max: Fixed18,
) -> Result<Fixed18, MathError> {
	if lower >= upper || base > max {
		return Err(MathError::Domain);
	}
	if notional <= lower {
		return Ok(base);
	}
	let over = notional.min(upper).checked_sub(lower)?;
	let share = over.checked_div(upper.checked_sub(lower)?)?;
	base.checked_add(max.checked_sub(base)?.checked_mul(share)?)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(s: &str) -> Fixed18 {
		Fixed18::parse(s).unwrap()
	}

	#[test]
	fn the_factor_rises_linearly_between_the_bounds() {
		// Lower 60M, upper 120M of notional; factor 1.25 rising to 2.
		let f =
			|n: &str| initial_factor(fx(n), fx("60000000"), fx("120000000"), fx("1.25"), fx("2"));
		assert_eq!(f("0"), Ok(fx("1.25")));
		assert_eq!(f("60000000"), Ok(fx("1.25")));
		// A third of the way: 1.25 + 0.75 / 3 = 1.5.
		assert_eq!(f("80000000"), Ok(fx("1.5")));
		assert_eq!(f("90000000"), Ok(fx("1.625")));
		assert_eq!(f("120000000"), Ok(fx("2")));
		assert_eq!(f("999000000000"), Ok(fx("2")));
	}

	#[test]
	fn extremes_are_bounded_or_typed_errors() {
		let (lower, upper) = (fx("1"), fx("2"));
		// Negative and extreme notionals stay within [base, max].
		assert_eq!(initial_factor(Fixed18(i128::MIN), lower, upper, fx("1"), fx("3")), Ok(fx("1")));
		assert_eq!(initial_factor(Fixed18(i128::MAX), lower, upper, fx("1"), fx("3")), Ok(fx("3")));
		// Bounds out of order are refused, not divided by zero.
		assert_eq!(initial_factor(fx("5"), upper, upper, fx("1"), fx("3")), Err(MathError::Domain));
		assert_eq!(initial_factor(fx("5"), lower, upper, fx("3"), fx("1")), Err(MathError::Domain));
	}
}
