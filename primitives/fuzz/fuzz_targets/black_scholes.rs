//! Any inputs at all: pricing returns a result or a typed error, never panics (overflow checks
//! are on), and the price-only path agrees with the full one.
#![no_main]

use ballast_primitives::{
	black_scholes::{price, price_and_greeks, OptionInputs, OptionKind},
	fixed::Fixed18,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (bool, i128, i128, i128, i128, i128)| {
	let (call, spot, strike, time, vol, rate) = data;
	let o = OptionInputs {
		kind: if call { OptionKind::Call } else { OptionKind::Put },
		spot: Fixed18(spot),
		strike: Fixed18(strike),
		time: Fixed18(time),
		vol: Fixed18(vol),
		rate: Fixed18(rate),
	};
	let full = price_and_greeks(&o);
	let alone = price(&o);
	if let Ok(g) = full {
		assert_eq!(alone, Ok(g.price));
	}
});
