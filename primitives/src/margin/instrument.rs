//! Instruments and their mark (value of one contract long) from oracle spot and volatility.

use super::MarginError;
use crate::{
	black_scholes::{self, Greeks, OptionInputs, OptionKind},
	fixed::Fixed18,
	Moment,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Milliseconds in the 365-day year the model's times are measured in.
pub const MS_PER_YEAR: u64 = 365 * 24 * 60 * 60 * 1000;

/// What a contract pays; every instrument is cash-settled in the quote asset.
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
pub enum InstrumentKind {
	/// A European call or put on one unit of the underlying.
	Option {
		/// Call or put.
		kind: OptionKind,
		/// Strike (quote per unit).
		strike: Fixed18,
		/// Expiry (ms since the Unix epoch).
		expiry: Moment,
	},
	/// A linear dated future on one unit of the underlying.
	Future {
		/// Expiry (ms since the Unix epoch).
		expiry: Moment,
	},
	/// A linear perpetual future on one unit of the underlying; pays funding instead of
	/// expiring.
	Perpetual,
}

impl InstrumentKind {
	/// When the instrument expires, if it does.
	pub fn expiry(&self) -> Option<Moment> {
		match self {
			InstrumentKind::Option { expiry, .. } | InstrumentKind::Future { expiry } => {
				Some(*expiry)
			},
			InstrumentKind::Perpetual => None,
		}
	}

	/// Whether it is an option.
	pub fn is_option(&self) -> bool {
		matches!(self, InstrumentKind::Option { .. })
	}
}

/// The market an instrument is valued in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
	/// Oracle spot of the underlying.
	pub spot: Fixed18,
	/// Oracle implied volatility (0.6 = 60%).
	pub vol: Fixed18,
	/// Risk-free rate of the quote asset.
	pub rate: Fixed18,
	/// Now (ms since the Unix epoch).
	pub now: Moment,
}

/// Years from `now` to `expiry` (zero once expired), rounded down to 10⁻¹⁸.
pub fn years_between(now: Moment, expiry: Moment) -> Fixed18 {
	let ms = expiry.saturating_sub(now) as i128;
	// ms · 10¹⁸ / MS_PER_YEAR fits an i128 for any u64 span.
	Fixed18(ms * Fixed18::ONE.0 / MS_PER_YEAR as i128)
}

/// Price and Greeks of one contract long. Linear instruments are marked at spot (delta 1, no
/// other Greeks): their PnL is the change in spot.
pub fn mark(kind: &InstrumentKind, m: &Market) -> Result<Greeks, MarginError> {
	Ok(match kind {
		InstrumentKind::Option { kind, strike, expiry } => {
			black_scholes::price_and_greeks(&OptionInputs {
				kind: *kind,
				spot: m.spot,
				strike: *strike,
				time: years_between(m.now, *expiry),
				vol: m.vol,
				rate: m.rate,
			})?
		},
		InstrumentKind::Future { .. } | InstrumentKind::Perpetual => {
			if m.spot.0 <= 0 {
				return Err(black_scholes::PricingError::NonPositiveSpot.into());
			}
			Greeks { price: m.spot, delta: Fixed18::ONE, ..Default::default() }
		},
	})
}

/// The price alone of one contract long.
pub fn mark_price(kind: &InstrumentKind, m: &Market) -> Result<Fixed18, MarginError> {
	Ok(match kind {
		InstrumentKind::Option { kind, strike, expiry } => black_scholes::price(&OptionInputs {
			kind: *kind,
			spot: m.spot,
			strike: *strike,
			time: years_between(m.now, *expiry),
			vol: m.vol,
			rate: m.rate,
		})?,
		_ => mark(kind, m)?.price,
	})
}

/// What one contract long pays at settlement with the underlying at `price`.
pub fn settlement_value(kind: &InstrumentKind, price: Fixed18) -> Fixed18 {
	match kind {
		InstrumentKind::Option { kind: OptionKind::Call, strike, .. } => {
			Fixed18(price.0.saturating_sub(strike.0).max(0))
		},
		InstrumentKind::Option { kind: OptionKind::Put, strike, .. } => {
			Fixed18(strike.0.saturating_sub(price.0).max(0))
		},
		InstrumentKind::Future { .. } | InstrumentKind::Perpetual => price,
	}
}
