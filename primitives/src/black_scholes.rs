//! European options under Black–Scholes: price and Greeks in deterministic fixed point.
//!
//! Inputs and outputs are [`Fixed18`]. Internally everything is computed per unit of spot (the
//! model is homogeneous in spot and strike) in [`Fx`] with ~27 significant decimals, and each
//! output is rounded once, to nearest, when it is scaled back to money.
//!
//! Conventions: time `T` in years, volatility `σ` and rate `r` annualised and continuously
//! compounded (0.05 is 5%). `vega` is per 1.00 of volatility, `rho` per 1.00 of rate, and
//! `theta` per year, `−∂V/∂T` (so a long option's theta is usually negative).
//!
//! Edges:
//! - `T = 0` is expiry: the price is the intrinsic value, call delta is 1 if `S > K` and 0
//!   otherwise, put delta −1 if `S < K` and 0 otherwise, and the other Greeks are 0.
//! - `S ≤ 0`, `K ≤ 0`, `σ ≤ 0` and `T < 0` are typed errors ([`PricingError`]); so is a result
//!   outside the range of the types ([`PricingError::Overflow`]). Nothing panics.
//! - When `σ√T` is so small against `|ln(S/K)|` that `|d1| > 40`, `d1` is held at ±40: N(d) is
//!   then exactly 0 or 1 in fixed point and the limits are exact.
//!
//! Accuracy (checked against a 50-digit mpmath reference in `tests/reference.rs`): for
//! `0.01 ≤ σ ≤ 5`, `10⁻⁶ ≤ T ≤ 5`, `0.01 ≤ K/S ≤ 100`, `|r| ≤ 0.2` and `S ≤ 10⁹`, every output
//! is within `10⁻¹²·|exact| + 10⁻¹⁸` of the exact value; the error is dominated by the final
//! rounding to 18 decimals (≤ 0.5·10⁻¹⁸).

use crate::fixed::{normal, Fixed18, Fx, MathError};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Call or put.
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
pub enum OptionKind {
	/// The right to buy at the strike.
	Call,
	/// The right to sell at the strike.
	Put,
}

/// The inputs of the model.
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
pub struct OptionInputs {
	/// Call or put.
	pub kind: OptionKind,
	/// Spot price of the underlying, `S > 0`.
	pub spot: Fixed18,
	/// Strike, `K > 0`.
	pub strike: Fixed18,
	/// Time to expiry in years, `T ≥ 0`.
	pub time: Fixed18,
	/// Annualised volatility, `σ > 0` (0.8 is 80%).
	pub vol: Fixed18,
	/// Continuously compounded annual rate (0.05 is 5%); may be negative.
	pub rate: Fixed18,
}

/// Price and Greeks of one option.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Greeks {
	/// Price, in the currency of spot and strike.
	pub price: Fixed18,
	/// ∂V/∂S.
	pub delta: Fixed18,
	/// ∂²V/∂S².
	pub gamma: Fixed18,
	/// ∂V/∂σ, per 1.00 of volatility.
	pub vega: Fixed18,
	/// −∂V/∂T, per year.
	pub theta: Fixed18,
	/// ∂V/∂r, per 1.00 of rate.
	pub rho: Fixed18,
}

/// Why an option has no price.
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
pub enum PricingError {
	/// Spot is zero or negative.
	NonPositiveSpot,
	/// Strike is zero or negative.
	NonPositiveStrike,
	/// Volatility is zero or negative.
	NonPositiveVolatility,
	/// Time to expiry is negative.
	NegativeTime,
	/// A result or intermediate is outside the range of the fixed-point types: K/S outside
	/// [10⁻²⁶, 1.3·10¹¹], `|r·T| > 25`, or an output beyond ±1.7·10²⁰.
	Overflow,
}

impl From<MathError> for PricingError {
	fn from(_: MathError) -> Self {
		PricingError::Overflow
	}
}

impl core::fmt::Display for PricingError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			PricingError::NonPositiveSpot => "spot must be greater than 0",
			PricingError::NonPositiveStrike => "strike must be greater than 0",
			PricingError::NonPositiveVolatility => "volatility must be greater than 0",
			PricingError::NegativeTime => "time to expiry must not be negative",
			PricingError::Overflow => {
				"out of range: K/S must be within [1e-26, 1.3e11], |r*T| at most 25"
			},
		})
	}
}

/// |d1| is held at this bound, where N(d1) is exactly 0 or 1 in fixed point.
const D_LIMIT: Fx = Fx(40 << crate::fixed::FRAC_BITS);

/// The shared, dimensionless part of a valuation.
struct Core {
	/// K/S.
	m: Fx,
	/// √T.
	sqrt_t: Fx,
	/// σ√T.
	sst: Fx,
	/// e^(−rT).
	disc: Fx,
	/// φ, N and N(−·) at d1.
	n1: normal::NormalAt,
	/// φ, N and N(−·) at d2.
	n2: normal::NormalAt,
	/// σ.
	vol: Fx,
	/// T.
	time: Fx,
	/// r.
	rate: Fx,
}

fn validate(o: &OptionInputs) -> Result<(), PricingError> {
	if o.spot.0 <= 0 {
		return Err(PricingError::NonPositiveSpot);
	}
	if o.strike.0 <= 0 {
		return Err(PricingError::NonPositiveStrike);
	}
	if o.vol.0 <= 0 {
		return Err(PricingError::NonPositiveVolatility);
	}
	if o.time.0 < 0 {
		return Err(PricingError::NegativeTime);
	}
	Ok(())
}

fn core(o: &OptionInputs) -> Result<Core, PricingError> {
	// K/S is the ratio of the raw decimals: one `Fx` division, one rounding.
	let m = Fx(o.strike.0).div(Fx(o.spot.0))?;
	let time = Fx::from_fixed18(o.time)?;
	let vol = Fx::from_fixed18(o.vol)?;
	let rate = Fx::from_fixed18(o.rate)?;
	let sqrt_t = time.sqrt()?;
	let sst = vol.mul(sqrt_t)?;
	let disc = rate.mul(time)?.neg()?.exp()?;
	// d1 = (ln(S/K) + (r + σ²/2)T) / (σ√T)
	let num = m.ln()?.neg()?.add(rate.add(vol.mul(vol)?.shr_round(1))?.mul(time)?)?;
	let clamp = |num: Fx| if num.is_negative() { D_LIMIT.neg() } else { Ok(D_LIMIT) };
	let (d1, clamped) =
		if num.abs()? >= D_LIMIT.mul(sst)? { (clamp(num)?, true) } else { (num.div(sst)?, false) };
	let d2 = d1.sub(sst)?;
	let n1 = normal::at(d1)?;
	// S φ(d1) = K e^(−rT) φ(d2): one `exp` fewer when d1 is exact.
	let n2 = if clamped || n1.pdf == Fx::ZERO {
		normal::at(d2)?
	} else {
		normal::at_with_pdf(d2, n1.pdf.div(m.mul(disc)?)?)?
	};
	Ok(Core { m, sqrt_t, sst, disc, n1, n2, vol, time, rate })
}

/// Price per unit of spot.
fn unit_price(kind: OptionKind, c: &Core) -> Result<Fx, PricingError> {
	let md = c.m.mul(c.disc)?;
	Ok(match kind {
		OptionKind::Call => c.n1.cdf.sub(md.mul(c.n2.cdf)?)?,
		OptionKind::Put => md.mul(c.n2.cdf_neg)?.sub(c.n1.cdf_neg)?,
	})
}

fn intrinsic(o: &OptionInputs) -> Greeks {
	let (price, delta) = match o.kind {
		OptionKind::Call if o.spot > o.strike => (Fixed18(o.spot.0 - o.strike.0), Fixed18::ONE),
		OptionKind::Put if o.spot < o.strike => {
			(Fixed18(o.strike.0 - o.spot.0), Fixed18(-Fixed18::ONE.0))
		},
		_ => (Fixed18::ZERO, Fixed18::ZERO),
	};
	Greeks { price, delta, ..Default::default() }
}

/// The price of a European option.
pub fn price(o: &OptionInputs) -> Result<Fixed18, PricingError> {
	validate(o)?;
	if o.time.0 == 0 {
		return Ok(intrinsic(o).price);
	}
	let c = core(o)?;
	Ok(unit_price(o.kind, &c)?.scale_fixed18(o.spot)?)
}

/// Price and all Greeks of a European option.
pub fn price_and_greeks(o: &OptionInputs) -> Result<Greeks, PricingError> {
	validate(o)?;
	if o.time.0 == 0 {
		return Ok(intrinsic(o));
	}
	let c = core(o)?;
	let spot = o.spot;
	let price = unit_price(o.kind, &c)?.scale_fixed18(spot)?;
	let delta = match o.kind {
		OptionKind::Call => c.n1.cdf,
		OptionKind::Put => c.n1.cdf_neg.neg()?,
	}
	.to_fixed18()?;
	// γ = φ(d1) / (S σ√T)
	let pdf_per_sst = c.n1.pdf.div(c.sst)?;
	let gamma = pdf_per_sst.div_fixed18(spot)?.to_fixed18()?;
	// vega = S φ(d1) √T
	let vega = c.n1.pdf.mul(c.sqrt_t)?.scale_fixed18(spot)?;
	// θ = −S φ(d1) σ / (2√T) ∓ r K e^(−rT) N(±d2)
	// φ(d1) σ / (2√T) = φ(d1)/(σ√T) · σ²/2
	let decay = pdf_per_sst.mul(c.vol.mul(c.vol)?.shr_round(1))?;
	let carry = c.rate.mul(c.m)?.mul(c.disc)?;
	let theta = match o.kind {
		OptionKind::Call => decay.neg()?.sub(carry.mul(c.n2.cdf)?)?,
		OptionKind::Put => decay.neg()?.add(carry.mul(c.n2.cdf_neg)?)?,
	}
	.scale_fixed18(spot)?;
	// ρ = ± K T e^(−rT) N(±d2)
	let td = c.time.mul(c.disc)?;
	let rho = match o.kind {
		OptionKind::Call => td.mul(c.n2.cdf)?,
		OptionKind::Put => td.mul(c.n2.cdf_neg)?.neg()?,
	}
	.scale_fixed18(o.strike)?;
	Ok(Greeks { price, delta, gamma, vega, theta, rho })
}
