//! CSV in, CSV out: the `ballast-node price` tool for quants (std only).
//!
//! Input: a header `kind,S,K,T,sigma,r`, then one option per line (`kind` is `call` or `put`,
//! numbers are plain decimals with at most 18 places). Output: the header
//! `kind,S,K,T,sigma,r,price,delta,gamma,vega,theta,rho`, then per input line its inputs (with
//! 18 places) and its outputs with 18 places, computed by [`crate::black_scholes`] — the code
//! the runtime runs. A bad line produces no output line and one message naming it; the other
//! lines are still priced. Blank lines are skipped.

use crate::{
	black_scholes::{price_and_greeks, OptionInputs, OptionKind},
	fixed::Fixed18,
};
use std::io::{BufRead, Write};

/// The input header.
pub const INPUT_HEADER: &str = "kind,S,K,T,sigma,r";
/// The output header.
pub const OUTPUT_HEADER: &str = "kind,S,K,T,sigma,r,price,delta,gamma,vega,theta,rho";

/// What a run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
	/// Lines priced.
	pub priced: usize,
	/// Lines rejected (each reported on `errors`).
	pub rejected: usize,
}

/// Parses one data line into inputs, or says what is wrong with it.
pub fn parse_line(line: &str) -> Result<OptionInputs, String> {
	let fields: Vec<&str> = line.split(',').map(str::trim).collect();
	if fields.len() != 6 {
		return Err(format!("expected 6 fields ({INPUT_HEADER}), found {}", fields.len()));
	}
	let kind = match fields[0].to_ascii_lowercase().as_str() {
		"call" => OptionKind::Call,
		"put" => OptionKind::Put,
		other => return Err(format!("kind must be `call` or `put`, not `{other}`")),
	};
	let num = |i: usize, name: &str| {
		Fixed18::parse(fields[i]).map_err(|e| format!("{name} `{}`: {e}", fields[i]))
	};
	Ok(OptionInputs {
		kind,
		spot: num(1, "S")?,
		strike: num(2, "K")?,
		time: num(3, "T")?,
		vol: num(4, "sigma")?,
		rate: num(5, "r")?,
	})
}

/// Prices every line of `input`, writing CSV to `output` and one message per bad line to
/// `errors`. Fails only on I/O errors or a missing/wrong header.
pub fn run(
	input: impl BufRead,
	mut output: impl Write,
	mut errors: impl Write,
) -> Result<Summary, String> {
	let mut lines = input.lines().enumerate();
	let header = match lines.next() {
		Some((_, l)) => l.map_err(|e| format!("reading line 1: {e}"))?,
		None => return Err(format!("empty input: expected the header `{INPUT_HEADER}`")),
	};
	let normalized: String = header.trim().trim_start_matches('\u{feff}').replace(' ', "");
	if normalized != INPUT_HEADER {
		return Err(format!(
			"line 1: expected the header `{INPUT_HEADER}`, found `{}`",
			header.trim()
		));
	}
	let io = |e: std::io::Error| format!("writing output: {e}");
	writeln!(output, "{OUTPUT_HEADER}").map_err(io)?;
	let mut summary = Summary::default();
	for (i, line) in lines {
		let n = i + 1;
		let line = line.map_err(|e| format!("reading line {n}: {e}"))?;
		if line.trim().is_empty() {
			continue;
		}
		let result = parse_line(&line)
			.and_then(|o| price_and_greeks(&o).map(|g| (o, g)).map_err(|e| e.to_string()));
		match result {
			Ok((o, g)) => {
				let kind = if o.kind == OptionKind::Call { "call" } else { "put" };
				writeln!(
					output,
					"{kind},{},{},{},{},{},{},{},{},{},{},{}",
					o.spot,
					o.strike,
					o.time,
					o.vol,
					o.rate,
					g.price,
					g.delta,
					g.gamma,
					g.vega,
					g.theta,
					g.rho
				)
				.map_err(io)?;
				summary.priced += 1;
			},
			Err(e) => {
				writeln!(errors, "line {n}: {e}").map_err(io)?;
				summary.rejected += 1;
			},
		}
	}
	Ok(summary)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn run_str(input: &str) -> (Result<Summary, String>, String, String) {
		let (mut out, mut err) = (Vec::new(), Vec::new());
		let r = run(input.as_bytes(), &mut out, &mut err);
		(r, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
	}

	#[test]
	fn prices_good_lines_and_names_bad_ones() {
		let (r, out, err) = run_str(
			"kind,S,K,T,sigma,r\ncall,100,100,1,0.2,0.05\n\nput,100,90,0.5,0.3,0\nswap,1,1,1,1,1\ncall,100,abc,1,0.2,0\nput,100,100,1,0,0\ncall,1,2\n",
		);
		assert_eq!(r, Ok(Summary { priced: 2, rejected: 4 }));
		let lines: Vec<&str> = out.lines().collect();
		assert_eq!(lines[0], OUTPUT_HEADER);
		// The textbook value: C(100, 100, 1y, 20%, 5%) = 10.4505835721856...
		assert!(lines[1].starts_with("call,100.000000000000000000,100.000000000000000000,1.000000000000000000,0.200000000000000000,0.050000000000000000,10.450583572185"), "{}", lines[1]);
		assert_eq!(lines[1].split(',').count(), 12);
		assert!(lines[2].starts_with("put,"));
		let errs: Vec<&str> = err.lines().collect();
		assert_eq!(errs.len(), 4);
		assert!(errs[0].starts_with("line 5: kind must be `call` or `put`"), "{}", errs[0]);
		assert!(errs[1].starts_with("line 6: K `abc`"), "{}", errs[1]);
		assert_eq!(errs[2], "line 7: volatility must be greater than 0");
		assert!(errs[3].starts_with("line 8: expected 6 fields"), "{}", errs[3]);
	}

	#[test]
	fn a_wrong_or_missing_header_is_an_error() {
		assert!(run_str("").0.unwrap_err().contains("expected the header"));
		assert!(run_str("S,K,T\n").0.unwrap_err().starts_with("line 1"));
		// Spaces after commas are accepted.
		assert_eq!(run_str("kind, S, K, T, sigma, r\n").0, Ok(Summary::default()));
	}
}
