//! Shared pieces of Ballast's non-FRAME benchmarks (run with `cargo bench -p ballast-benchmarks`;
//! results in `benchmarks/RESULTS.md`).
//!
//! [`f64_black_scholes`] is the floating-point baseline that the fixed-point engine is compared
//! with. It is for benchmarks and cross-checks only: the runtime never uses floating point.
#![allow(clippy::float_arithmetic)]

use ballast_primitives::{
	black_scholes::{OptionInputs, OptionKind},
	fixed::{Fixed18, DECIMAL_ONE},
};

/// Price and Greeks in `f64`: `[price, delta, gamma, vega, theta, rho]`.
pub fn f64_black_scholes(call: bool, s: f64, k: f64, t: f64, v: f64, r: f64) -> [f64; 6] {
	let n = |x: f64| 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2);
	let sq = t.sqrt();
	let sst = v * sq;
	let d1 = ((s / k).ln() + (r + 0.5 * v * v) * t) / sst;
	let d2 = d1 - sst;
	let disc = (-r * t).exp();
	let pdf = (-0.5 * d1 * d1).exp() / (2.0 * core::f64::consts::PI).sqrt();
	let gamma = pdf / (s * sst);
	let vega = s * pdf * sq;
	let decay = -s * pdf * v / (2.0 * sq);
	if call {
		let (n1, n2) = (n(d1), n(d2));
		[s * n1 - k * disc * n2, n1, gamma, vega, decay - r * k * disc * n2, k * t * disc * n2]
	} else {
		let (n1, n2) = (n(-d1), n(-d2));
		[k * disc * n2 - s * n1, -n1, gamma, vega, decay + r * k * disc * n2, -k * t * disc * n2]
	}
}

/// A decimal as `f64`.
pub fn to_f64(x: Fixed18) -> f64 {
	x.0 as f64 / DECIMAL_ONE as f64
}

/// A spread of realistic options: calls and puts on a 65,000 spot, strikes from 50% to 200%,
/// expiries from one day to two years, volatilities from 20% to 150%, rate 5%.
pub fn sample_options() -> Vec<OptionInputs> {
	let d = |s: &str| Fixed18::parse(s).expect("sample inputs are valid decimals");
	let mut out = Vec::new();
	for kind in [OptionKind::Call, OptionKind::Put] {
		for k in ["32500", "58500", "65000", "71500", "130000"] {
			for t in ["0.0027", "0.0833", "0.5", "2"] {
				for v in ["0.2", "0.6", "1.5"] {
					out.push(OptionInputs {
						kind,
						spot: d("65000"),
						strike: d(k),
						time: d(t),
						vol: d(v),
						rate: d("0.05"),
					});
				}
			}
		}
	}
	out
}
