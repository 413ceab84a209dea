//! The runtime's Black–Scholes gives the same bits in wasm (through the node's executor and the
//! `OptionPricingApi` runtime API) as natively, on the whole accuracy grid, plus edge cases and
//! error cases.

use ballast_integration_tests::call_wasm_runtime_api;
use ballast_primitives::{
	black_scholes::{price_and_greeks, Greeks, OptionInputs, OptionKind, PricingError},
	fixed::Fixed18,
};

const REFERENCE: &str = include_str!("../primitives/tests/data/black_scholes_reference.csv");

fn grid() -> Vec<OptionInputs> {
	let d = |s: &str| Fixed18::parse(s).expect("reference inputs are decimals");
	let mut v: Vec<OptionInputs> = REFERENCE
		.lines()
		.skip(1)
		.map(|l| {
			let f: Vec<&str> = l.split(',').collect();
			OptionInputs {
				kind: if f[0] == "call" { OptionKind::Call } else { OptionKind::Put },
				spot: d(f[1]),
				strike: d(f[2]),
				time: d(f[3]),
				vol: d(f[4]),
				rate: d(f[5]),
			}
		})
		.collect();
	// Edges and errors: expiry, zero and negative inputs, overflow.
	let base = v[0];
	v.push(OptionInputs { time: Fixed18::ZERO, ..base });
	v.push(OptionInputs { spot: Fixed18::ZERO, ..base });
	v.push(OptionInputs { vol: Fixed18(-1), ..base });
	v.push(OptionInputs { time: Fixed18(-1), ..base });
	v.push(OptionInputs { strike: Fixed18(i128::MAX), spot: Fixed18(1), ..base });
	v.push(OptionInputs {
		spot: Fixed18(i128::MAX),
		strike: Fixed18(i128::MAX),
		time: Fixed18(i128::MAX),
		..base
	});
	v
}

#[test]
fn wasm_and_native_agree_bit_for_bit_on_the_grid() {
	let inputs = grid();
	let native: Vec<Result<Greeks, PricingError>> = inputs.iter().map(price_and_greeks).collect();
	let mut wasm: Vec<Result<Greeks, PricingError>> = Vec::new();
	let limit = ballast_runtime::pricing_api::MAX_PRICING_BATCH as usize;
	for chunk in inputs.chunks(limit) {
		wasm.extend(call_wasm_runtime_api::<Vec<Result<Greeks, PricingError>>>(
			"OptionPricingApi_price_batch",
			chunk.to_vec(),
		));
	}
	assert_eq!(wasm.len(), native.len());
	let errors = native.iter().filter(|r| r.is_err()).count();
	assert!(errors >= 4, "the error cases are part of the comparison");
	for (i, (w, n)) in wasm.iter().zip(native.iter()).enumerate() {
		assert_eq!(w, n, "input {i}: {:?}", inputs[i]);
	}
}

#[test]
fn the_single_option_api_matches_too() {
	let o = grid()[123];
	let wasm: Result<Greeks, PricingError> = call_wasm_runtime_api("OptionPricingApi_price", o);
	assert_eq!(wasm, price_and_greeks(&o));
}

#[test]
fn batches_are_capped() {
	let o = grid()[0];
	let n = ballast_runtime::pricing_api::MAX_PRICING_BATCH as usize + 10;
	let wasm: Vec<Result<Greeks, PricingError>> =
		call_wasm_runtime_api("OptionPricingApi_price_batch", vec![o; n]);
	assert_eq!(wasm.len(), n - 10);
}
