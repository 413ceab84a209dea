//! The security budget: how much it would cost to corrupt the validators and the oracle,
//! against the value they secure, and what margin does about it. Pure functions.
//!
//! Corrupting Ballast takes either the oracle median or finality. Of `n` validators, the
//! median of their values moves wherever `⌈n/2⌉` of them say (with an even count the median is
//! the mean of the two middle values, so half of them move it); GRANDPA's safety breaks with
//! more than a third, `⌊n/3⌋ + 1`. An attacker buys the cheapest validators, so the cost of
//! corruption is the least of: the `⌈n/2⌉` smallest oracle-slash losses, and the `⌊n/3⌋ + 1`
//! smallest equivocation-slash losses. Each loss counts only what can still be slashed: the
//! stake pending slashes do not already claim, times the fraction its current slashing span
//! has not already paid.

use alloc::vec::Vec;
use ballast_primitives::{fixed::Fixed18, Balance, Moment};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// How many of `n` validators control the oracle median: `⌈n/2⌉`.
pub fn oracle_takeover(n: usize) -> usize {
	n.div_ceil(2)
}

/// How many of `n` validators break GRANDPA: more than a third, `⌊n/3⌋ + 1` (none of none).
pub fn finality_takeover(n: usize) -> usize {
	if n == 0 {
		0
	} else {
		n / 3 + 1
	}
}

/// The sum of the `k` smallest of `losses`.
fn cheapest(mut losses: Vec<Balance>, k: usize) -> Balance {
	losses.sort_unstable();
	losses.iter().take(k).fold(0u128, |acc, l| acc.saturating_add(*l))
}

/// Cost of corruption: per validator, what it would lose to an oracle-deviation slash and to an
/// equivocation slash; the cheaper of buying the oracle median or a third of GRANDPA.
pub fn cost_of_corruption(losses: impl Iterator<Item = (Balance, Balance)>) -> Balance {
	let (oracle, grandpa): (Vec<_>, Vec<_>) = losses.unzip();
	let n = oracle.len();
	cheapest(oracle, oracle_takeover(n)).min(cheapest(grandpa, finality_takeover(n)))
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
	fn cost_of_corruption_is_the_cheapest_takeover() {
		assert_eq!((oracle_takeover(4), finality_takeover(4)), (2, 2));
		assert_eq!((oracle_takeover(7), finality_takeover(7)), (4, 3));
		assert_eq!((oracle_takeover(1), finality_takeover(1)), (1, 1));
		assert_eq!((oracle_takeover(0), finality_takeover(0)), (0, 0));
		// Four validators with 1,000, 3,000, 6,000 and 10,000 at stake; oracle slash 10%,
		// equivocation 20%. The median: the two cheapest lose 100 + 300 = 400. A third of
		// GRANDPA: the two cheapest lose 200 + 600 = 800. The oracle is the cheaper: 400.
		let losses = [1_000u128, 3_000, 6_000, 10_000].map(|s| (s / 10, s / 5));
		assert_eq!(cost_of_corruption(losses.into_iter()), 400);
		// Seven: the oracle takes four (100 + 300 + 600 + 1,000 = 2,000), GRANDPA three
		// (200 + 600 + 1,200 = 2,000 with 20%; at 15% 150 + 450 + 900 = 1,500): the least.
		let seven = [1_000u128, 3_000, 6_000, 10_000, 20_000, 30_000, 40_000];
		let losses = seven.map(|s| (s / 10, s * 15 / 100));
		assert_eq!(cost_of_corruption(losses.into_iter()), 1_500);
		// A validator whose span already paid the oracle fraction costs nothing there.
		let losses = [(0u128, 200u128), (300, 600), (600, 1_200)];
		assert_eq!(cost_of_corruption(losses.into_iter()), 300);
		assert_eq!(cost_of_corruption(core::iter::empty()), 0);
		assert_eq!(security_ratio(1_000, 10_000), Some(Fixed18(ONE / 10)));
		assert_eq!(security_ratio(1_000, 0), None);
		// Large stakes and values do not overflow: 900,000 guarding 5,000,000 (18 decimals).
		let e18 = 10u128.pow(18);
		assert_eq!(security_ratio(900_000 * e18, 5_000_000 * e18), Some(Fixed18(18 * ONE / 100)));
	}
}
