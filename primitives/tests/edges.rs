//! Defined behaviour at the edges of the domain: expiry, very short expiries, extreme
//! moneyness and volatility, and typed errors for bad inputs.

use ballast_primitives::{
	black_scholes::{price, price_and_greeks, Greeks, OptionInputs, OptionKind, PricingError},
	fixed::{Fixed18, DECIMAL_ONE},
};

const E18: i128 = DECIMAL_ONE;

fn d(s: &str) -> Fixed18 {
	Fixed18::parse(s).unwrap()
}

fn opt(kind: OptionKind, s: &str, k: &str, t: &str, v: &str, r: &str) -> OptionInputs {
	OptionInputs { kind, spot: d(s), strike: d(k), time: d(t), vol: d(v), rate: d(r) }
}

#[test]
fn at_expiry_the_price_is_intrinsic_and_delta_is_0_or_1() {
	use OptionKind::*;
	let itm_call = price_and_greeks(&opt(Call, "105", "100", "0", "0.5", "0.05")).unwrap();
	assert_eq!(itm_call, Greeks { price: d("5"), delta: Fixed18::ONE, ..Default::default() });
	let otm_call = price_and_greeks(&opt(Call, "95", "100", "0", "0.5", "0.05")).unwrap();
	assert_eq!(otm_call, Greeks::default());
	let itm_put = price_and_greeks(&opt(Put, "95", "100", "0", "0.5", "0")).unwrap();
	assert_eq!(itm_put, Greeks { price: d("5"), delta: Fixed18(-E18), ..Default::default() });
	let atm_put = price_and_greeks(&opt(Put, "100", "100", "0", "0.5", "0")).unwrap();
	assert_eq!(atm_put, Greeks::default());
}

#[test]
fn a_microsecond_year_before_expiry_is_continuous_with_expiry() {
	use OptionKind::*;
	// Deep in or out of the money at T = 1e-6 with low volatility: intrinsic, discounted.
	let itm = price_and_greeks(&opt(Call, "105", "100", "0.000001", "0.01", "0")).unwrap();
	assert_eq!(itm.price, d("5"));
	assert_eq!(itm.delta, Fixed18::ONE);
	let otm = price_and_greeks(&opt(Put, "105", "100", "0.000001", "0.01", "0")).unwrap();
	assert_eq!(otm.price, Fixed18::ZERO);
	// At the money the price is S·σ·√(T/2π) to first order: 100 · 0.5 · 0.001 / 2.5066 ≈ 0.01995.
	let atm = price(&opt(Call, "100", "100", "0.000001", "0.5", "0")).unwrap();
	assert!(atm > d("0.0199") && atm < d("0.0200"), "{atm}");
}

#[test]
fn extreme_moneyness_and_volatility_stay_finite_and_bounded() {
	use OptionKind::*;
	for (s, k) in [("100", "1"), ("100", "10000"), ("1", "100"), ("65000", "650")] {
		for v in ["0.01", "5"] {
			for t in ["0.000001", "5"] {
				for kind in [Call, Put] {
					let g = price_and_greeks(&opt(kind, s, k, t, v, "0.05")).unwrap();
					assert!(
						g.price.0 >= 0 && g.gamma.0 >= 0 && g.vega.0 >= 0,
						"{s} {k} {v} {t}: {g:?}"
					);
				}
			}
		}
	}
	// Volatility far above the documented range still prices (call → S as σ → ∞).
	let wild = price(&opt(Call, "100", "100", "5", "50", "0")).unwrap();
	assert!(wild > d("99.99") && wild <= d("100"), "{wild}");
}

#[test]
fn bad_inputs_are_typed_errors_never_panics() {
	use OptionKind::*;
	use PricingError::*;
	let cases = [
		(opt(Call, "0", "100", "1", "0.5", "0"), NonPositiveSpot),
		(opt(Call, "-1", "100", "1", "0.5", "0"), NonPositiveSpot),
		(opt(Put, "100", "0", "1", "0.5", "0"), NonPositiveStrike),
		(opt(Put, "100", "-5", "1", "0.5", "0"), NonPositiveStrike),
		(opt(Call, "100", "100", "1", "0", "0"), NonPositiveVolatility),
		(opt(Call, "100", "100", "1", "-0.2", "0"), NonPositiveVolatility),
		(opt(Call, "100", "100", "-0.000001", "0.5", "0"), NegativeTime),
		// K/S beyond the range of the intermediates.
		(opt(Call, "0.000000000000000001", "1000000000", "1", "0.5", "0"), Overflow),
		(opt(Put, "100000000000000000000", "0.000000000000000001", "1", "0.5", "0"), Overflow),
		// e^(-rT) beyond range.
		(opt(Call, "100", "100", "100", "0.5", "-1"), Overflow),
	];
	for (inputs, expected) in cases {
		assert_eq!(price_and_greeks(&inputs), Err(expected), "{inputs:?}");
		assert_eq!(price(&inputs), Err(expected), "{inputs:?}");
	}
	// Extreme raw values anywhere: an error or a result, never a panic.
	for raw in [i128::MIN, i128::MIN + 1, -1, 0, 1, i128::MAX] {
		let o = OptionInputs {
			kind: Call,
			spot: Fixed18(raw),
			strike: Fixed18(raw),
			time: Fixed18(raw),
			vol: Fixed18(raw),
			rate: Fixed18(raw),
		};
		let _ = price_and_greeks(&o);
	}
}

#[test]
fn spot_up_to_1e20_prices_with_greeks() {
	let g =
		price_and_greeks(&opt(OptionKind::Call, "100000000000000000000", "100", "1", "0.5", "0"))
			.unwrap();
	// Outside the documented S ≤ 1e9 the error is relative to S (~1e-27 · S), not absolute.
	let exact = d("99999999999999999900").0;
	assert!((g.price.0 - exact).abs() <= exact / 1_000_000_000_000, "{}", g.price);
	assert_eq!(g.delta, Fixed18::ONE);
	assert_eq!(g.gamma, Fixed18::ZERO);
}

#[test]
fn price_alone_equals_the_price_among_the_greeks() {
	let o = opt(OptionKind::Put, "2500", "2400", "0.25", "0.65", "0.04");
	assert_eq!(price(&o).unwrap(), price_and_greeks(&o).unwrap().price);
}
