//! Every fixed-point operation on any operands: a value or a typed error, never a panic.
#![no_main]

use ballast_primitives::fixed::{normal, Fixed18, Fx};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (i128, i128)| {
	let (a, b) = (Fx(data.0), Fx(data.1));
	let _ = a.add(b);
	let _ = a.sub(b);
	let _ = a.mul(b);
	let _ = a.div(b);
	let _ = a.exp();
	let _ = a.ln();
	let _ = a.sqrt();
	let _ = normal::at(a);
	let _ = a.to_fixed18();
	let _ = a.div_fixed18(Fixed18(data.1));
	let _ = a.scale_fixed18(Fixed18(data.1));
	let _ = Fx::from_fixed18(Fixed18(data.0));
	if let (Ok(p), true) = (a.mul(b), b.0 != 0) {
		// Multiplying then dividing comes back near `a` when nothing overflowed.
		let _ = p.div(b);
	}
});
