//! The LP vault's risk caps: how much of a liquidated portfolio it may take over. A vault that
//! inherits whatever a liquidation leaves (Hyperliquid's JELLY, March 2025) holds a squeezed
//! position of any size; Ballast's vault takes only what keeps its delta and vega within the
//! caps the risk council sets per underlying.

use crate::fixed::{Fixed18, MathError, Rounding};

/// The largest share `s` in [0, 1] of `adding` (a greek of the positions offered, summed over
/// one underlying) the vault can take while its exposure `held + s × adding` stays within
/// `cap` in absolute value; when `held` is already beyond `cap` (the cap was lowered), within
/// `|held|`: a take never leaves the vault with a larger exposure than it had, though it may
/// cross to the other side (from +|held| toward −|held|). Rounded down. (The caller rounds each
/// leg's size down too: with legs of opposite signs on one underlying that can pass the cap by
/// a few 10⁻¹⁸.) A negative cap is [`MathError::Domain`]; `i128::MIN` arguments are overflow
/// errors.
pub fn room(held: Fixed18, adding: Fixed18, cap: Fixed18) -> Result<Fixed18, MathError> {
	if cap.is_negative() {
		return Err(MathError::Domain);
	}
	let limit = cap.max(held.checked_abs()?);
	let adding_abs = adding.checked_abs()?;
	// What is left toward the side `adding` moves the exposure to (never negative:
	// |held| ≤ limit); more than any share needs if it overflows.
	let left = if adding.is_positive() {
		limit.0.checked_sub(held.0)
	} else {
		limit.0.checked_add(held.0)
	};
	match left {
		Some(left) if left < adding_abs.0 => Fixed18(left).div_rounding(adding_abs, Rounding::Down),
		_ => Ok(Fixed18::ONE),
	}
}

/// The share of a portfolio the vault can take: the smallest [`room`] over its greeks
/// (`(held, adding, cap)` each), 1 for none.
pub fn room_all(
	greeks: impl IntoIterator<Item = (Fixed18, Fixed18, Fixed18)>,
) -> Result<Fixed18, MathError> {
	greeks
		.into_iter()
		.try_fold(Fixed18::ONE, |s, (held, adding, cap)| Ok(s.min(room(held, adding, cap)?)))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(s: &str) -> Fixed18 {
		Fixed18::parse(s).unwrap()
	}

	#[test]
	fn the_vault_takes_what_fits_its_cap() {
		// Short 2 BTC of delta, cap 10: of a short of 20 it takes 8 / 20 = 0.4.
		assert_eq!(room(fx("-2"), fx("-20"), fx("10")), Ok(fx("0.4")));
		// A long of 20 first brings it back through zero: (10 + (−2)) … to +10 is 12 / 20.
		assert_eq!(room(fx("-2"), fx("20"), fx("10")), Ok(fx("0.6")));
		// What fits is taken whole.
		assert_eq!(room(fx("-2"), fx("12"), fx("10")), Ok(Fixed18::ONE));
		assert_eq!(room(fx("5"), Fixed18::ZERO, fx("10")), Ok(Fixed18::ONE));
		// At the cap, nothing more on that side; all of what reduces it.
		assert_eq!(room(fx("10"), fx("1"), fx("10")), Ok(Fixed18::ZERO));
		assert_eq!(room(fx("10"), fx("-20"), fx("10")), Ok(Fixed18::ONE));
		// A third, rounded down: the cap is never passed by rounding.
		assert_eq!(room(Fixed18::ZERO, fx("3"), fx("1")), Ok(Fixed18(333_333_333_333_333_333)));
	}

	#[test]
	fn a_lowered_cap_never_traps_nor_grows_the_excess() {
		// Held 30 against a cap of 10: it may move within ±30, never further out.
		assert_eq!(room(fx("30"), fx("5"), fx("10")), Ok(Fixed18::ZERO));
		assert_eq!(room(fx("30"), fx("-30"), fx("10")), Ok(Fixed18::ONE));
		// Through zero to −30 at most: 60 of 120.
		assert_eq!(room(fx("30"), fx("-120"), fx("10")), Ok(fx("0.5")));
		// A zero cap: only what reduces.
		assert_eq!(room(Fixed18::ZERO, fx("1"), Fixed18::ZERO), Ok(Fixed18::ZERO));
	}

	#[test]
	fn the_tightest_greek_decides_and_extremes_are_errors() {
		// Delta allows 0.4, vega 0.25: a quarter.
		let greeks = [(fx("-2"), fx("-20"), fx("10")), (fx("100"), fx("400"), fx("200"))];
		assert_eq!(room_all(greeks), Ok(fx("0.25")));
		assert_eq!(room_all([]), Ok(Fixed18::ONE));
		assert_eq!(room(fx("1"), fx("1"), fx("-1")), Err(MathError::Domain));
		assert!(room(Fixed18(i128::MIN), fx("1"), fx("1")).is_err());
		assert!(room(fx("1"), Fixed18(i128::MIN), fx("1")).is_err());
		// The widest exposures still give a share in [0, 1], not an overflow.
		assert_eq!(room(Fixed18(i128::MAX), Fixed18(1), Fixed18(i128::MAX)), Ok(Fixed18::ZERO));
		assert_eq!(room(Fixed18(-i128::MAX), Fixed18(1), Fixed18(i128::MAX)), Ok(Fixed18::ONE));
		assert_eq!(room(Fixed18::ZERO, Fixed18(i128::MAX), Fixed18(1)), Ok(Fixed18::ZERO));
	}
}
