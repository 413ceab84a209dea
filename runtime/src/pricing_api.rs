//! `OptionPricingApi`: Black–Scholes price and Greeks computed by the runtime (in wasm, by the
//! same code as natively), for wallets, keepers and quants to call with `state_call`.

use alloc::vec::Vec;
use ballast_primitives::black_scholes::{Greeks, OptionInputs, PricingError};

/// The most options one `price_batch` call values; the rest of a longer batch is ignored.
pub const MAX_PRICING_BATCH: u32 = 4096;

sp_api::decl_runtime_apis! {
	/// European option pricing with the runtime's fixed-point Black–Scholes.
	pub trait OptionPricingApi {
		/// Price and Greeks of one option.
		fn price(inputs: OptionInputs) -> Result<Greeks, PricingError>;
		/// Price and Greeks of up to [`MAX_PRICING_BATCH`] options, in order.
		fn price_batch(inputs: Vec<OptionInputs>) -> Vec<Result<Greeks, PricingError>>;
	}
}

/// Values a batch, at most [`MAX_PRICING_BATCH`] options.
pub fn price_batch(inputs: Vec<OptionInputs>) -> Vec<Result<Greeks, PricingError>> {
	inputs
		.iter()
		.take(MAX_PRICING_BATCH as usize)
		.map(ballast_primitives::black_scholes::price_and_greeks)
		.collect()
}
