//! `ballast-node price`: Black–Scholes prices and Greeks for quants, computed by the runtime's
//! own fixed-point code (`ballast_primitives::black_scholes`).
//!
//! ```text
//! $ printf 'kind,S,K,T,sigma,r\ncall,100,100,1,0.2,0.05\n' | ballast-node price
//! kind,S,K,T,sigma,r,price,delta,gamma,vega,theta,rho
//! call,100.000000000000000000,...,10.450583572185565...
//! ```

use ballast_primitives::pricing_csv;

/// Reads CSV (`kind,S,K,T,sigma,r`) on stdin and writes prices and Greeks as CSV on stdout.
/// Bad lines are reported on stderr by line number and skipped; the exit status is then 1.
#[derive(Debug, Clone, clap::Parser)]
pub struct PriceCmd {}

impl PriceCmd {
	/// Runs the command.
	pub fn run(&self) -> Result<(), String> {
		let stdin = std::io::stdin();
		let stdout = std::io::stdout();
		let summary = pricing_csv::run(stdin.lock(), stdout.lock(), std::io::stderr())?;
		if summary.rejected > 0 {
			return Err(format!(
				"{} of {} lines rejected (see the messages above); the others were priced",
				summary.rejected,
				summary.priced + summary.rejected
			));
		}
		Ok(())
	}
}
