//! Pure margin math: instruments and their marks, the portfolio scenario grid and the standard
//! per-position rules. No storage here; `pallet-portfolio-margin` keeps positions and calls
//! these functions.
//!
//! Every amount is an 18-decimal [`Fixed18`](crate::fixed::Fixed18) in the quote asset; a
//! position's size is a signed `Fixed18` number of contracts (one contract = one unit of the
//! underlying; long > 0).

pub mod grid;
pub mod instrument;
pub mod open_interest;
pub mod standard;
pub mod vault;

pub use grid::*;
pub use instrument::*;
pub use open_interest::initial_factor;
pub use standard::*;

use crate::{black_scholes::PricingError, fixed::MathError};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Why a margin figure could not be computed.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum MarginError {
	/// The option model refused its inputs (non-positive spot or volatility, ...).
	Pricing(PricingError),
	/// An intermediate left the range of the fixed-point types.
	Overflow,
	/// Risk parameters out of their bounds.
	InvalidParams,
	/// A scenario vector has the wrong length.
	GridMismatch,
}

impl From<MathError> for MarginError {
	fn from(_: MathError) -> Self {
		MarginError::Overflow
	}
}

impl From<PricingError> for MarginError {
	fn from(e: PricingError) -> Self {
		MarginError::Pricing(e)
	}
}
