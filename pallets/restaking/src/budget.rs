//! The security budget: how much it would cost to corrupt the validators and the oracle,
//! against the value they secure, and what margin does about it. Pure functions.

use ballast_primitives::{fixed::Fixed18, Balance, Moment};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// Cost of corruption: what the active set would lose to the oracle-deviation slash.
pub fn cost_of_corruption(slashable: impl Iterator<Item = Balance>, slash: Perbill) -> Balance {
	slashable.fold(0u128, |acc, s| acc.saturating_add(slash * s))
}

/// Cost of corruption per unit of value secured; `None` when nothing is secured.
pub fn security_ratio(cost: Balance, secured: Balance) -> Option<Fixed18> {
	if secured == 0 {
		return None;
	}
	Some(ratio_of(cost, secured))
}

/// What initial margin is multiplied by, and whether new open interest is allowed.
///
/// Ample security (ratio ≥ `min_ratio`, fresh attestations): 1.0, open interest allowed. Below
/// the ratio the factor rises in proportion, `min_ratio / ratio`, up to `max_factor`, and new
/// open interest is capped (refused). Attestations older than `max_age`: `max_factor`, capped.
pub fn margin_factor(
	ratio: Option<Fixed18>,
	min_ratio: Fixed18,
	max_factor: Fixed18,
	attestation_age: Moment,
	max_age: Moment,
) -> (Fixed18, bool) {
	if attestation_age > max_age {
		return (max_factor, false);
	}
	let Some(ratio) = ratio else { return (Fixed18::ONE, true) };
	if ratio >= min_ratio {
		return (Fixed18::ONE, true);
	}
	if ratio.0 <= 0 {
		return (max_factor, false);
	}
	let factor = ratio_of(min_ratio.0.unsigned_abs(), ratio.0.unsigned_abs());
	(factor.min(max_factor), false)
}

/// `a / b` as an 18-decimal fixed-point number, rounded down, saturating.
fn ratio_of(a: u128, b: u128) -> Fixed18 {
	let one = Fixed18::ONE.0 as u128;
	let q = multiply_by_rational_with_rounding(a, one, b, Rounding::Down).unwrap_or(u128::MAX);
	Fixed18(i128::try_from(q).unwrap_or(i128::MAX))
}

#[cfg(test)]
mod tests {
	use super::*;

	const ONE: i128 = Fixed18::ONE.0;

	#[test]
	fn factor_rises_in_proportion_below_the_ratio_and_is_capped() {
		let min = Fixed18(ONE / 10); // 0.10
		let max = Fixed18(3 * ONE);
		assert_eq!(margin_factor(Some(Fixed18(ONE / 5)), min, max, 0, 1), (Fixed18::ONE, true));
		assert_eq!(margin_factor(Some(min), min, max, 0, 1), (Fixed18::ONE, true));
		// Half the required ratio: initial margin doubles, new open interest is capped.
		assert_eq!(
			margin_factor(Some(Fixed18(ONE / 20)), min, max, 0, 1),
			(Fixed18(2 * ONE), false)
		);
		assert_eq!(margin_factor(Some(Fixed18(ONE / 1000)), min, max, 0, 1), (max, false));
		assert_eq!(margin_factor(Some(Fixed18::ZERO), min, max, 0, 1), (max, false));
		// Nothing secured: nothing to protect.
		assert_eq!(margin_factor(None, min, max, 0, 1), (Fixed18::ONE, true));
	}

	#[test]
	fn stale_attestations_raise_margin_to_the_cap() {
		let (min, max) = (Fixed18(ONE / 10), Fixed18(3 * ONE));
		assert_eq!(margin_factor(Some(Fixed18(ONE)), min, max, 61, 60), (max, false));
		assert_eq!(margin_factor(Some(Fixed18(ONE)), min, max, 60, 60), (Fixed18::ONE, true));
	}

	#[test]
	fn cost_of_corruption_is_the_slash_of_the_slashable_stake() {
		let stakes = [1_000u128, 3_000, 6_000].into_iter();
		assert_eq!(cost_of_corruption(stakes, Perbill::from_percent(10)), 1_000);
		assert_eq!(security_ratio(1_000, 10_000), Some(Fixed18(ONE / 10)));
		assert_eq!(security_ratio(1_000, 0), None);
		// Large stakes and values do not overflow: 900,000 guarding 5,000,000 (18 decimals).
		let e18 = 10u128.pow(18);
		assert_eq!(security_ratio(900_000 * e18, 5_000_000 * e18), Some(Fixed18(18 * ONE / 100)));
	}
}
