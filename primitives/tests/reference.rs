//! Accuracy of the fixed-point Black–Scholes against a 50-digit mpmath reference
//! (`tests/data/black_scholes_reference.csv`, made by `tools/gen_reference.py`).
//!
//! For every row — calls and puts, K/S from 0.01 to 100, T from 10⁻⁶ to 5 years, σ from 0.01 to
//! 5, r of 0 and 5%, spot 1, 100 and 65,000 — each of price, delta, gamma, vega, theta and rho
//! must be within `10⁻¹²·|exact| + 10⁻¹⁸` of the exact value, and put–call parity must hold to
//! `10⁻¹⁵·S`.

use ballast_primitives::{
	black_scholes::{price_and_greeks, Greeks, OptionInputs, OptionKind},
	fixed::Fixed18,
};

const REFERENCE: &str = include_str!("data/black_scholes_reference.csv");
/// Reference values are in units of 10⁻²⁸; outputs in 10⁻¹⁸.
const TO_REF: i128 = 10_000_000_000;
const NAMES: [&str; 6] = ["price", "delta", "gamma", "vega", "theta", "rho"];

struct Row {
	line: usize,
	inputs: OptionInputs,
	exact: [i128; 6],
	forward: i128,
}

fn rows() -> Vec<Row> {
	let mut lines = REFERENCE.lines().enumerate();
	let (_, header) = lines.next().expect("reference has a header");
	assert_eq!(header, "kind,S,K,T,sigma,r,price,delta,gamma,vega,theta,rho,forward");
	lines
		.map(|(i, l)| {
			let f: Vec<&str> = l.split(',').collect();
			let num =
				|j: usize| Fixed18::parse(f[j]).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
			let int =
				|j: usize| f[j].parse::<i128>().unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
			Row {
				line: i + 1,
				inputs: OptionInputs {
					kind: if f[0] == "call" { OptionKind::Call } else { OptionKind::Put },
					spot: num(1),
					strike: num(2),
					time: num(3),
					vol: num(4),
					rate: num(5),
				},
				exact: [int(6), int(7), int(8), int(9), int(10), int(11)],
				forward: int(12),
			}
		})
		.collect()
}

fn outputs(g: &Greeks) -> [i128; 6] {
	[g.price.0, g.delta.0, g.gamma.0, g.vega.0, g.theta.0, g.rho.0]
}

#[test]
fn every_output_is_within_1e_12_relative_plus_1e_18_of_the_50_digit_reference() {
	let rows = rows();
	assert!(rows.len() > 2_800, "the whole grid is checked");
	let mut failures = Vec::new();
	// Worst error as a fraction of the allowed error, in parts per million.
	let mut worst_ppm = 0i128;
	let mut worst_at = String::new();
	for row in &rows {
		let got = price_and_greeks(&row.inputs)
			.unwrap_or_else(|e| panic!("line {}: {:?}: {e}", row.line, row.inputs));
		for (k, (&g, &exact)) in outputs(&got).iter().zip(row.exact.iter()).enumerate() {
			let err = (g * TO_REF - exact).abs();
			let allowed = exact.abs() / 1_000_000_000_000 + TO_REF;
			let ppm = err * 1_000_000 / allowed;
			if ppm > worst_ppm {
				worst_ppm = ppm;
				worst_at = format!("line {} {}", row.line, NAMES[k]);
			}
			if err > allowed {
				failures.push(format!(
					"line {} {}: got {} exact {}e-28 (error {}e-28, allowed {}e-28)",
					row.line,
					NAMES[k],
					Fixed18(g),
					exact,
					err,
					allowed
				));
			}
		}
	}
	println!("worst error: {worst_ppm} ppm of the allowed error, at {worst_at}");
	assert!(
		failures.is_empty(),
		"{} outputs out of tolerance:\n{}",
		failures.len(),
		failures.join("\n")
	);
}

#[test]
fn put_call_parity_holds_to_1e_15_of_spot() {
	let rows = rows();
	let mut checked = 0;
	for call in rows.iter().filter(|r| r.inputs.kind == OptionKind::Call) {
		let put_inputs = OptionInputs { kind: OptionKind::Put, ..call.inputs };
		let c = price_and_greeks(&call.inputs).unwrap().price.0;
		let p = price_and_greeks(&put_inputs).unwrap().price.0;
		let err = ((c - p) * TO_REF - call.forward).abs();
		let allowed = call.inputs.spot.0 * TO_REF / 1_000_000_000_000_000;
		assert!(
			err <= allowed,
			"line {}: C - P = {} but S - K e^-rT = {}e-28",
			call.line,
			Fixed18(c - p),
			call.forward
		);
		checked += 1;
	}
	assert!(checked > 1_400);
}
