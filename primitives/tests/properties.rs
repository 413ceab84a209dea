//! Properties that Black–Scholes must have, on random inputs across the documented domain:
//! monotone in spot, strike and volatility as theory says, call within [0, S] and put within
//! [0, K e^(−rT)] (+ rounding), call delta in [0, 1], put delta in [−1, 0], gamma ≥ 0, vega ≥ 0.
//!
//! Rounding: every output is rounded once to 10⁻¹⁸, so two valuations that are equal in exact
//! arithmetic may differ by one unit in the last place. Monotonicity is asserted up to
//! [`SLACK`] (2·10⁻¹⁸) and nothing more.

use ballast_primitives::{
	black_scholes::{price_and_greeks, OptionInputs, OptionKind},
	fixed::{Fixed18, DECIMAL_ONE},
};
use proptest::prelude::*;

/// Two units in the 18th place.
const SLACK: i128 = 2;

fn kind() -> impl Strategy<Value = OptionKind> {
	prop_oneof![Just(OptionKind::Call), Just(OptionKind::Put)]
}

/// A decimal in [lo, hi] given in units of 10⁻¹⁸.
fn dec(lo: i128, hi: i128) -> impl Strategy<Value = Fixed18> {
	(lo..=hi).prop_map(Fixed18)
}

const E18: i128 = DECIMAL_ONE;

prop_compose! {
	fn inputs()(
		kind in kind(),
		spot in dec(E18, 1_000_000 * E18),
		ratio_ppm in 10_000i128..=100_000_000,
		time in dec(E18 / 1_000_000, 5 * E18),
		vol in dec(E18 / 100, 5 * E18),
		rate in dec(-E18 / 10, E18 / 5),
	) -> OptionInputs {
		let strike = Fixed18(spot.0 / 1_000_000 * ratio_ppm);
		OptionInputs { kind, spot, strike, time, vol, rate }
	}
}

fn bump(x: Fixed18, ppm: i128) -> Fixed18 {
	Fixed18(x.0 + x.0 / 1_000_000 * ppm)
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn bounds_and_signs(o in inputs()) {
		let g = price_and_greeks(&o).unwrap();
		prop_assert!(g.price.0 >= 0, "price ≥ 0: {g:?}");
		match o.kind {
			OptionKind::Call => {
				prop_assert!(g.price <= o.spot, "call ≤ S");
				prop_assert!(g.delta.0 >= 0 && g.delta.0 <= E18, "call delta in [0, 1]");
			},
			OptionKind::Put => {
				prop_assert!(g.delta.0 <= 0 && g.delta.0 >= -E18, "put delta in [-1, 0]");
			},
		}
		prop_assert!(g.gamma.0 >= 0, "gamma ≥ 0");
		prop_assert!(g.vega.0 >= 0, "vega ≥ 0");
	}

	#[test]
	fn monotone_in_spot(o in inputs(), ppm in 1i128..200_000) {
		let up = OptionInputs { spot: bump(o.spot, ppm), ..o };
		let (p0, p1) = (price_and_greeks(&o).unwrap().price.0, price_and_greeks(&up).unwrap().price.0);
		match o.kind {
			OptionKind::Call => prop_assert!(p1 + SLACK >= p0, "call rises with spot: {p0} -> {p1}"),
			OptionKind::Put => prop_assert!(p1 <= p0 + SLACK, "put falls with spot: {p0} -> {p1}"),
		}
	}

	#[test]
	fn monotone_in_strike(o in inputs(), ppm in 1i128..200_000) {
		let up = OptionInputs { strike: bump(o.strike, ppm), ..o };
		let (p0, p1) = (price_and_greeks(&o).unwrap().price.0, price_and_greeks(&up).unwrap().price.0);
		match o.kind {
			OptionKind::Call => prop_assert!(p1 <= p0 + SLACK, "call falls with strike: {p0} -> {p1}"),
			OptionKind::Put => prop_assert!(p1 + SLACK >= p0, "put rises with strike: {p0} -> {p1}"),
		}
	}

	#[test]
	fn monotone_in_volatility(o in inputs(), ppm in 1i128..200_000) {
		let up = OptionInputs { vol: bump(o.vol, ppm), ..o };
		let (p0, p1) = (price_and_greeks(&o).unwrap().price.0, price_and_greeks(&up).unwrap().price.0);
		prop_assert!(p1 + SLACK >= p0, "price rises with volatility: {p0} -> {p1}");
	}
}
