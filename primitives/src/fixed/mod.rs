//! Deterministic fixed-point arithmetic.
//!
//! Two types:
//!
//! - [`Fixed18`]: a signed decimal with 18 places (`i128` in units of 10⁻¹⁸), the type of every
//!   input and output that crosses a pallet, an RPC or a CSV file.
//! - [`Fx`]: a signed binary fixed-point number with [`FRAC_BITS`] = 90 fractional bits (`i128`
//!   in units of 2⁻⁹⁰ ≈ 8.1·10⁻²⁸, range ±1.37·10¹¹), for intermediates. Multiplying and dividing
//!   go through 256-bit integers ([`wide`]); products need only a shift, no decimal division.
//!   Intermediates therefore carry ~27 significant decimals, and only the final outputs are
//!   rounded to 18 places.
//!
//! Every operation rounds to nearest (ties away from zero for the sign-magnitude operations) and
//! reports overflow as [`MathError::Overflow`], never by panicking or wrapping. Everything is
//! integer arithmetic, so native code and wasm give the same bits.
//!
//! The transcendental functions ([`Fx::exp`], [`Fx::ln`], [`Fx::sqrt`], [`normal`]) document their
//! domains and error bounds beside them.

pub mod exp_ln;
pub mod normal;
mod tables;
pub mod wide;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;

/// Fractional bits of [`Fx`].
pub const FRAC_BITS: u32 = 90;
/// 10¹⁸, the scale of [`Fixed18`].
pub const DECIMAL_ONE: i128 = 1_000_000_000_000_000_000;

/// Why a fixed-point computation has no result.
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
pub enum MathError {
	/// The result (or an intermediate) is outside the range of the type.
	Overflow,
	/// Division by zero.
	DivisionByZero,
	/// The argument is outside the function's domain (e.g. `ln` of a number ≤ 0).
	Domain,
}

impl fmt::Display for MathError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			MathError::Overflow => "overflow",
			MathError::DivisionByZero => "division by zero",
			MathError::Domain => "argument outside the domain",
		})
	}
}

/// FRAME's typed arithmetic errors, so that a pallet's `?` on a math result fails the call with
/// `Arithmetic(Overflow)` or `Arithmetic(DivisionByZero)`.
#[cfg(feature = "dispatch")]
impl From<MathError> for sp_runtime::DispatchError {
	fn from(e: MathError) -> Self {
		use sp_runtime::ArithmeticError;
		match e {
			MathError::Overflow => ArithmeticError::Overflow.into(),
			MathError::DivisionByZero => ArithmeticError::DivisionByZero.into(),
			MathError::Domain => sp_runtime::DispatchError::Other("argument outside the domain"),
		}
	}
}

/// A signed binary fixed-point number: `i128` in units of 2⁻⁹⁰.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fx(pub i128);

/// Result of a fixed-point computation.
pub type FxResult = Result<Fx, MathError>;

/// Applies `sign` to a magnitude, or reports overflow when it does not fit in an `i128`.
#[inline]
const fn signed(neg: bool, mag: u128) -> Result<i128, MathError> {
	if neg {
		if mag <= i128::MAX as u128 + 1 {
			Ok((mag as i128).wrapping_neg())
		} else {
			Err(MathError::Overflow)
		}
	} else if mag <= i128::MAX as u128 {
		Ok(mag as i128)
	} else {
		Err(MathError::Overflow)
	}
}

/// The signed [`Fx`] of a magnitude that may not exist (overflow in a wide operation).
#[inline]
const fn fx(neg: bool, mag: Option<u128>) -> FxResult {
	match mag {
		Some(m) => match signed(neg, m) {
			Ok(v) => Ok(Fx(v)),
			Err(e) => Err(e),
		},
		None => Err(MathError::Overflow),
	}
}

/// The signed [`Fixed18`] of a magnitude that may not exist.
#[inline]
const fn fixed18(neg: bool, mag: Option<u128>) -> Result<Fixed18, MathError> {
	match fx(neg, mag) {
		Ok(Fx(v)) => Ok(Fixed18(v)),
		Err(e) => Err(e),
	}
}

/// Evaluates the polynomial `Σ coeffs[i]·xⁱ` (coefficients in units of 2⁻⁹⁰, lowest power
/// first) by Horner's rule, rounding at each step.
#[inline]
pub(crate) fn horner(coeffs: &[i128], x: Fx) -> FxResult {
	let Some((&last, rest)) = coeffs.split_last() else { return Ok(Fx::ZERO) };
	let mut p = Fx(last);
	for &c in rest.iter().rev() {
		p = p.mul(x)?.add(Fx(c))?;
	}
	Ok(p)
}

impl Fx {
	/// 0.
	pub const ZERO: Fx = Fx(0);
	/// 1.
	pub const ONE: Fx = Fx(1 << FRAC_BITS);
	/// 1/2.
	pub const HALF: Fx = Fx(1 << (FRAC_BITS - 1));
	/// 2.
	pub const TWO: Fx = Fx(2 << FRAC_BITS);

	/// The integer `n`.
	pub const fn from_int(n: i64) -> Fx {
		Fx((n as i128) << FRAC_BITS)
	}

	/// The raw value in units of 2⁻⁹⁰.
	pub const fn raw(self) -> i128 {
		self.0
	}

	/// `self + rhs`.
	#[inline]
	pub const fn add(self, rhs: Fx) -> FxResult {
		match self.0.checked_add(rhs.0) {
			Some(v) => Ok(Fx(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `self - rhs`.
	#[inline]
	pub const fn sub(self, rhs: Fx) -> FxResult {
		match self.0.checked_sub(rhs.0) {
			Some(v) => Ok(Fx(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `-self`.
	#[inline]
	pub const fn neg(self) -> FxResult {
		match self.0.checked_neg() {
			Some(v) => Ok(Fx(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `|self|`.
	#[inline]
	pub const fn abs(self) -> FxResult {
		match self.0.checked_abs() {
			Some(v) => Ok(Fx(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// Whether `self < 0`.
	pub const fn is_negative(self) -> bool {
		self.0 < 0
	}

	/// `self * rhs`, rounded to nearest.
	#[inline]
	pub const fn mul(self, rhs: Fx) -> FxResult {
		let neg = (self.0 < 0) != (rhs.0 < 0);
		let (hi, lo) = wide::mul_u128(self.0.unsigned_abs(), rhs.0.unsigned_abs());
		fx(neg, wide::shr_round(hi, lo, FRAC_BITS))
	}

	/// `self / rhs`, rounded to nearest.
	#[inline]
	pub const fn div(self, rhs: Fx) -> FxResult {
		if rhs.0 == 0 {
			return Err(MathError::DivisionByZero);
		}
		let neg = (self.0 < 0) != (rhs.0 < 0);
		let a = self.0.unsigned_abs();
		// (a << FRAC_BITS) as a 256-bit number.
		let hi = a >> (128 - FRAC_BITS);
		let lo = a << FRAC_BITS;
		let d = rhs.0.unsigned_abs();
		match wide::div_256_by_128(hi, lo, d) {
			Some((q, r)) => fx(neg, if r >= d - r { q.checked_add(1) } else { Some(q) }),
			None => Err(MathError::Overflow),
		}
	}

	/// `self * n` for an integer `n`.
	#[inline]
	pub const fn mul_int(self, n: i128) -> FxResult {
		match self.0.checked_mul(n) {
			Some(v) => Ok(Fx(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `self * 2^-k` rounded to nearest, for `k < 128`.
	#[inline]
	pub const fn shr_round(self, k: u32) -> Fx {
		if k == 0 {
			return self;
		}
		if k >= 127 {
			return Fx::ZERO;
		}
		let neg = self.0 < 0;
		let a = self.0.unsigned_abs();
		let q = (a >> k) + ((a >> (k - 1)) & 1);
		// q <= a, so it fits.
		if neg {
			Fx((q as i128).wrapping_neg())
		} else {
			Fx(q as i128)
		}
	}

	/// The square root, for `self ≥ 0`, rounded down (error < 1 ulp = 2⁻⁹⁰).
	pub fn sqrt(self) -> FxResult {
		if self.0 < 0 {
			return Err(MathError::Domain);
		}
		let a = self.0 as u128;
		// sqrt(a * 2^-90) * 2^90 = sqrt(a * 2^90).
		Ok(Fx(wide::isqrt_256(a >> (128 - FRAC_BITS), a << FRAC_BITS) as i128))
	}

	/// Converts from 18 decimals, to within 1 ulp (2⁻⁹⁰) of the exact value.
	pub const fn from_fixed18(x: Fixed18) -> FxResult {
		// x * 2^90 / 10^18 = x * R >> 97 with R = round(2^187 / 10^18); R's relative error is
		// below 3·10⁻³⁹, so the product is off by less than half an ulp before rounding.
		const R: u128 = 196_159_429_230_833_773_869_868_419_475_239_575_503;
		let neg = x.0 < 0;
		let (hi, lo) = wide::mul_u128(x.0.unsigned_abs(), R);
		fx(neg, wide::shr_round(hi, lo, 97))
	}

	/// Converts to 18 decimals, rounded to nearest (ties away from zero).
	pub const fn to_fixed18(self) -> Result<Fixed18, MathError> {
		// x * 10^18 / 2^90.
		let neg = self.0 < 0;
		let (hi, lo) = wide::mul_u128(self.0.unsigned_abs(), DECIMAL_ONE as u128);
		fixed18(neg, wide::shr_round(hi, lo, FRAC_BITS))
	}

	/// `self / divisor` where `divisor > 0` has 18 decimals, as an [`Fx`].
	pub const fn div_fixed18(self, divisor: Fixed18) -> FxResult {
		if divisor.0 <= 0 {
			return Err(MathError::DivisionByZero);
		}
		// (x / 2^90) / (d / 10^18) = (x * 10^18 / d) / 2^90.
		fx(
			self.0 < 0,
			wide::mul_div_round(self.0.unsigned_abs(), DECIMAL_ONE as u128, divisor.0 as u128),
		)
	}

	/// `scale * self` where `scale` has 18 decimals; the result has 18 decimals and is rounded
	/// once, to nearest. This is how dimensionless results become money amounts.
	pub const fn scale_fixed18(self, scale: Fixed18) -> Result<Fixed18, MathError> {
		let neg = (self.0 < 0) != (scale.0 < 0);
		let (hi, lo) = wide::mul_u128(self.0.unsigned_abs(), scale.0.unsigned_abs());
		fixed18(neg, wide::shr_round(hi, lo, FRAC_BITS))
	}
}

/// A signed decimal fixed-point number with 18 places: `i128` in units of 10⁻¹⁸.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Fixed18(pub i128);

impl Fixed18 {
	/// 0.
	pub const ZERO: Fixed18 = Fixed18(0);
	/// 1.
	pub const ONE: Fixed18 = Fixed18(DECIMAL_ONE);

	/// The integer `n`, if it fits.
	pub const fn from_int(n: i64) -> Fixed18 {
		Fixed18(n as i128 * DECIMAL_ONE)
	}

	/// `n / 10^decimals`, for `decimals ≤ 18`.
	pub const fn from_parts(n: i128, decimals: u32) -> Option<Fixed18> {
		if decimals > 18 {
			return None;
		}
		match n.checked_mul(10i128.pow(18 - decimals)) {
			Some(v) => Some(Fixed18(v)),
			None => None,
		}
	}

	/// `self × 10^18`, the raw integer.
	pub const fn raw(self) -> i128 {
		self.0
	}

	/// `self + rhs`, or `Overflow`.
	pub const fn checked_add(self, rhs: Fixed18) -> Result<Fixed18, MathError> {
		match self.0.checked_add(rhs.0) {
			Some(v) => Ok(Fixed18(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `self − rhs`, or `Overflow`.
	pub const fn checked_sub(self, rhs: Fixed18) -> Result<Fixed18, MathError> {
		match self.0.checked_sub(rhs.0) {
			Some(v) => Ok(Fixed18(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `−self`, or `Overflow` for the one value without a negation (`i128::MIN`).
	pub const fn checked_neg(self) -> Result<Fixed18, MathError> {
		match self.0.checked_neg() {
			Some(v) => Ok(Fixed18(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// `|self|`, or `Overflow` for `i128::MIN`.
	pub const fn checked_abs(self) -> Result<Fixed18, MathError> {
		match self.0.checked_abs() {
			Some(v) => Ok(Fixed18(v)),
			None => Err(MathError::Overflow),
		}
	}

	/// Whether `self > 0`.
	pub const fn is_positive(self) -> bool {
		self.0 > 0
	}

	/// Whether `self < 0`.
	pub const fn is_negative(self) -> bool {
		self.0 < 0
	}

	/// Whether `self = 0`.
	pub const fn is_zero(self) -> bool {
		self.0 == 0
	}

	/// `max(self, 0)`: the long side of a signed size.
	pub const fn positive_part(self) -> Fixed18 {
		if self.0 > 0 {
			self
		} else {
			Fixed18::ZERO
		}
	}

	/// `max(−self, 0)`: the short side of a signed size (`i128::MAX` for `i128::MIN`).
	pub const fn negative_part(self) -> Fixed18 {
		if self.0 < 0 {
			Fixed18(self.0.saturating_neg())
		} else {
			Fixed18::ZERO
		}
	}

	/// `self × rhs`, rounded to nearest (ties away from zero), or `Overflow`.
	pub const fn checked_mul(self, rhs: Fixed18) -> Result<Fixed18, MathError> {
		let neg = (self.0 < 0) != (rhs.0 < 0);
		fixed18(
			neg,
			wide::mul_div_round(self.0.unsigned_abs(), rhs.0.unsigned_abs(), DECIMAL_ONE as u128),
		)
	}

	/// `self / rhs`, rounded to nearest, or `DivisionByZero` / `Overflow`.
	pub const fn checked_div(self, rhs: Fixed18) -> Result<Fixed18, MathError> {
		if rhs.0 == 0 {
			return Err(MathError::DivisionByZero);
		}
		let neg = (self.0 < 0) != (rhs.0 < 0);
		fixed18(
			neg,
			wide::mul_div_round(self.0.unsigned_abs(), DECIMAL_ONE as u128, rhs.0.unsigned_abs()),
		)
	}

	/// `self × rhs` rounded toward zero (`Rounding::Down`) or away from zero (`Rounding::Up`),
	/// or `Overflow`: for amounts where the direction decides who gets the last unit.
	pub const fn mul_rounding(
		self,
		rhs: Fixed18,
		rounding: Rounding,
	) -> Result<Fixed18, MathError> {
		let neg = (self.0 < 0) != (rhs.0 < 0);
		let up = matches!(rounding, Rounding::Up);
		fixed18(
			neg,
			wide::mul_div_directed(
				self.0.unsigned_abs(),
				rhs.0.unsigned_abs(),
				DECIMAL_ONE as u128,
				up,
			),
		)
	}

	/// `self / rhs` rounded toward zero (`Rounding::Down`) or away from zero (`Rounding::Up`),
	/// or `DivisionByZero` / `Overflow`.
	pub const fn div_rounding(
		self,
		rhs: Fixed18,
		rounding: Rounding,
	) -> Result<Fixed18, MathError> {
		if rhs.0 == 0 {
			return Err(MathError::DivisionByZero);
		}
		let neg = (self.0 < 0) != (rhs.0 < 0);
		let up = matches!(rounding, Rounding::Up);
		fixed18(
			neg,
			wide::mul_div_directed(
				self.0.unsigned_abs(),
				DECIMAL_ONE as u128,
				rhs.0.unsigned_abs(),
				up,
			),
		)
	}

	/// Parses a plain decimal such as `-12.5`, `0.000001` or `100` (at most 18 places; no
	/// exponent, no separators).
	pub fn parse(s: &str) -> Result<Fixed18, ParseError> {
		let s = s.trim();
		let (neg, body) = match s.as_bytes().first() {
			Some(b'-') => (true, &s[1..]),
			Some(b'+') => (false, &s[1..]),
			_ => (false, s),
		};
		let (int_part, frac_part) = match body.split_once('.') {
			Some((i, f)) => (i, f),
			None => (body, ""),
		};
		if int_part.is_empty() && frac_part.is_empty() {
			return Err(ParseError::Empty);
		}
		if frac_part.len() > 18 {
			return Err(ParseError::TooManyDecimals);
		}
		let mut v: i128 = 0;
		for c in int_part.bytes().chain(frac_part.bytes()) {
			if !c.is_ascii_digit() {
				return Err(ParseError::NotADigit);
			}
			v = v
				.checked_mul(10)
				.and_then(|v| v.checked_add((c - b'0') as i128))
				.ok_or(ParseError::OutOfRange)?;
		}
		let v = v
			.checked_mul(10i128.pow(18 - frac_part.len() as u32))
			.ok_or(ParseError::OutOfRange)?;
		Ok(Fixed18(if neg { -v } else { v }))
	}
}

impl fmt::Display for Fixed18 {
	/// A plain decimal with exactly 18 places, e.g. `-0.250000000000000000`.
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let neg = self.0 < 0;
		let a = self.0.unsigned_abs();
		let one = DECIMAL_ONE as u128;
		write!(f, "{}{}.{:018}", if neg { "-" } else { "" }, a / one, a % one)
	}
}

/// In chain specs and JSON a `Fixed18` is its decimal string (`"0.045"`): JSON numbers cannot
/// carry 128-bit integers.
impl serde::Serialize for Fixed18 {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

impl<'de> serde::Deserialize<'de> for Fixed18 {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct Decimal;
		impl serde::de::Visitor<'_> for Decimal {
			type Value = Fixed18;
			fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
				f.write_str("a decimal string with at most 18 places, e.g. \"0.045\"")
			}
			fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Fixed18, E> {
				Fixed18::parse(v).map_err(|e| E::custom(alloc::format!("{v:?}: {e}")))
			}
		}
		deserializer.deserialize_str(Decimal)
	}
}

/// Which way a directed operation rounds the magnitude of its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
	/// Toward zero.
	Down,
	/// Away from zero.
	Up,
}

/// Why a decimal string is not a [`Fixed18`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
	/// No digits.
	Empty,
	/// A character that is not a digit, or a second sign or point.
	NotADigit,
	/// More than 18 decimal places.
	TooManyDecimals,
	/// Outside ±1.7·10²⁰.
	OutOfRange,
}

impl fmt::Display for ParseError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			ParseError::Empty => "empty number",
			ParseError::NotADigit => {
				"not a plain decimal number (digits, one optional sign and point)"
			},
			ParseError::TooManyDecimals => "more than 18 decimal places",
			ParseError::OutOfRange => "out of range (magnitude must be below 1.7e20)",
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn negation_and_sides_have_no_wrapping_value() {
		let size = Fixed18(-2_500_000_000_000_000_000);
		assert_eq!(size.checked_neg(), Ok(Fixed18(2_500_000_000_000_000_000)));
		assert_eq!(size.checked_abs(), Ok(Fixed18(2_500_000_000_000_000_000)));
		assert_eq!(
			(size.positive_part(), size.negative_part()),
			(Fixed18::ZERO, Fixed18(2_500_000_000_000_000_000))
		);
		// The one value a wrapping `abs` or `−` would turn into itself.
		assert_eq!(Fixed18(i128::MIN).checked_neg(), Err(MathError::Overflow));
		assert_eq!(Fixed18(i128::MIN).checked_abs(), Err(MathError::Overflow));
		assert_eq!(Fixed18(i128::MIN).negative_part(), Fixed18(i128::MAX));
		assert_eq!(Fixed18(i128::MAX).checked_neg(), Ok(Fixed18(-i128::MAX)));
		assert!(Fixed18::ONE.is_positive() && size.is_negative() && Fixed18::ZERO.is_zero());
	}

	#[test]
	fn parse_and_display_round_trip() {
		for (s, raw) in [
			("1", DECIMAL_ONE),
			("-12.5", -12_500_000_000_000_000_000),
			("0.000000000000000001", 1),
			(".5", DECIMAL_ONE / 2),
			("100.", 100 * DECIMAL_ONE),
		] {
			assert_eq!(Fixed18::parse(s), Ok(Fixed18(raw)), "{s}");
		}
		assert_eq!(Fixed18(-1).to_string(), "-0.000000000000000001");
		assert_eq!(Fixed18(12_345 * DECIMAL_ONE / 10).to_string(), "1234.500000000000000000");
		assert_eq!(Fixed18::parse("1e5"), Err(ParseError::NotADigit));
		assert_eq!(Fixed18::parse("0.0000000000000000001"), Err(ParseError::TooManyDecimals));
		assert_eq!(Fixed18::parse(""), Err(ParseError::Empty));
		assert_eq!(Fixed18::parse("-"), Err(ParseError::Empty));
		assert_eq!(Fixed18::parse("1.2.3"), Err(ParseError::NotADigit));
		assert_eq!(Fixed18::parse("999999999999999999999"), Err(ParseError::OutOfRange));
	}

	#[test]
	fn arithmetic_basics() {
		let three = Fx::from_int(3);
		let two = Fx::TWO;
		assert_eq!(three.mul(two), Ok(Fx::from_int(6)));
		assert_eq!(three.div(two), Ok(Fx::from_int(3).shr_round(1)));
		assert_eq!(Fx::ONE.div(Fx::ZERO), Err(MathError::DivisionByZero));
		assert_eq!(Fx(i128::MAX).mul(two), Err(MathError::Overflow));
		assert_eq!(Fx::from_int(-6).div(three), Ok(Fx::from_int(-2)));
		assert_eq!(Fx::from_int(16).sqrt(), Ok(Fx::from_int(4)));
		assert_eq!(Fx::from_int(-1).sqrt(), Err(MathError::Domain));
	}

	#[test]
	fn directed_rounding_gives_the_last_unit_to_the_side_asked_for() {
		let (d, u) = (Rounding::Down, Rounding::Up);
		// 1 / 3 = 0.333…: down keeps …333, up gives …334, nearest …333.
		let third = Fixed18::ONE.div_rounding(Fixed18::from_int(3), d).unwrap();
		assert_eq!(third, Fixed18(333_333_333_333_333_333));
		assert_eq!(Fixed18::ONE.div_rounding(Fixed18::from_int(3), u), Ok(Fixed18(third.0 + 1)));
		// 2 / 3 = 0.666…: nearest rounds up, down does not.
		assert_eq!(
			Fixed18::from_int(2).div_rounding(Fixed18::from_int(3), d),
			Ok(Fixed18(666_666_666_666_666_666))
		);
		assert_eq!(
			Fixed18::from_int(2).checked_div(Fixed18::from_int(3)),
			Ok(Fixed18(666_666_666_666_666_667))
		);
		// The magnitude is rounded, so a negative result rounds toward and away from zero.
		let x = Fixed18(-7);
		assert_eq!(x.mul_rounding(Fixed18::parse("0.5").unwrap(), d), Ok(Fixed18(-3)));
		assert_eq!(x.mul_rounding(Fixed18::parse("0.5").unwrap(), u), Ok(Fixed18(-4)));
		// Exact results are not moved.
		assert_eq!(
			Fixed18::from_int(6).mul_rounding(Fixed18::parse("0.5").unwrap(), u),
			Ok(Fixed18::from_int(3))
		);
		// Extremes are errors, never wrapped.
		assert_eq!(Fixed18(i128::MIN).mul_rounding(Fixed18::ONE, d), Ok(Fixed18(i128::MIN)));
		assert_eq!(
			Fixed18(i128::MIN).mul_rounding(Fixed18::from_int(-1), d),
			Err(MathError::Overflow)
		);
		assert_eq!(
			Fixed18(i128::MAX).mul_rounding(Fixed18::from_int(2), u),
			Err(MathError::Overflow)
		);
		assert_eq!(Fixed18::ONE.div_rounding(Fixed18::ZERO, d), Err(MathError::DivisionByZero));
	}

	proptest! {
		#[test]
		fn fixed18_round_trips_through_fx(raw in -(10i128.pow(29))..10i128.pow(29)) {
			let x = Fixed18(raw);
			let fx = Fx::from_fixed18(x).unwrap();
			prop_assert_eq!(fx.to_fixed18().unwrap(), x);
		}

		#[test]
		fn division_inverts_multiplication(a in -(1i128 << 110)..(1i128 << 110), b in (1i128 << 80)..(1i128 << 100)) {
			let p = Fx(a).mul(Fx(b)).unwrap();
			let back = p.div(Fx(b)).unwrap();
			// One rounding in each direction: within 2 ulp scaled by 1/b ≤ 2^10.
			prop_assert!((back.0 - a).abs() <= 2 + (1i128 << 10));
		}
	}
}
