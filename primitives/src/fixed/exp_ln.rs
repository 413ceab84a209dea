//! `exp` and `ln` on [`Fx`].
//!
//! - [`Fx::exp`]: defined for every `x ≤ 25.3` (above, `e^x` leaves the range of `Fx` and the
//!   result is [`MathError::Overflow`]). Below −63·ln 2 the result is 0. Error:
//!   `|computed − e^x| ≤ 4·2⁻⁹⁰·max(1, e^x)` (a few ulp, relative above 1).
//! - [`Fx::ln`]: defined for `x > 0` ([`MathError::Domain`] otherwise). Error:
//!   `|computed − ln x| ≤ 4·2⁻⁹⁰`.
//!
//! Both reduce the argument by powers of two (`ln 2` carried to 2⁻¹²⁰), then by a table entry
//! (e^(j/64), or ln of the nearest of 64 points in [1, 2); see `tools/gen_tables.py`), and
//! evaluate a short series by Horner's rule with precomputed coefficients.

use super::{horner, tables, Fx, FxResult, MathError, FRAC_BITS};

/// ln 2 in units of 2⁻¹²⁰ (from mpmath at 60 digits).
const LN2_120: i128 = 921_350_637_599_661_305_226_344_307_672_478_455;
/// 1/ln 2 in units of 2⁻⁹⁰.
const INV_LN2: Fx = Fx(1_785_969_955_594_906_662_541_213_687);
/// `exp` overflows `Fx` above this (≈ 25.3).
const EXP_MAX: Fx = Fx(25 << FRAC_BITS | (1 << (FRAC_BITS - 2)));
/// `exp` is below half an ulp beneath this (≈ −63·ln 2).
const EXP_MIN: Fx = Fx(-(63 << FRAC_BITS));

/// Degree of the Taylor polynomial of `e^s`, |s| ≤ 1/128: (1/128)¹¹/11! < 2⁻¹⁰².
const EXP_DEGREE: usize = 10;
/// 1/n! in units of 2⁻⁹⁰, n = 0..=EXP_DEGREE.
const INV_FACT: [i128; EXP_DEGREE + 1] = inv_factorials();

const fn inv_factorials() -> [i128; EXP_DEGREE + 1] {
	let mut out = [0i128; EXP_DEGREE + 1];
	let mut fact: u128 = 1;
	let mut n = 0;
	while n <= EXP_DEGREE {
		if n > 0 {
			fact *= n as u128;
		}
		let one = 1u128 << FRAC_BITS;
		out[n] = ((one + fact / 2) / fact) as i128;
		n += 1;
	}
	out
}

/// Terms of atanh: z^(2n+1)/(2n+1) for |z| ≤ 1/256: 2·(1/256)¹³/13 < 2⁻¹⁰⁶.
const ATANH_TERMS: usize = 6;
/// 1/(2n+1) in units of 2⁻⁹⁰.
const INV_ODD: [i128; ATANH_TERMS] = inv_odds();

const fn inv_odds() -> [i128; ATANH_TERMS] {
	let mut out = [0i128; ATANH_TERMS];
	let mut n = 0;
	while n < ATANH_TERMS {
		let d = (2 * n + 1) as u128;
		let one = 1u128 << FRAC_BITS;
		out[n] = ((one + d / 2) / d) as i128;
		n += 1;
	}
	out
}

/// `k · ln 2` in units of 2⁻⁹⁰, rounded once.
#[inline]
fn k_ln2(k: i128) -> Fx {
	// |k| ≤ 200 keeps the product far inside i128.
	Fx(k * LN2_120).shr_round(30)
}

impl Fx {
	/// `e^self`.
	pub fn exp(self) -> FxResult {
		if self > EXP_MAX {
			return Err(MathError::Overflow);
		}
		if self < EXP_MIN {
			return Ok(Fx::ZERO);
		}
		// k = round(x / ln 2); r = x - k ln 2, |r| ≤ ln2/2 (+ 1 ulp).
		let k = self.mul(INV_LN2)?.round_to_int();
		let r = self.sub(k_ln2(k))?;
		// j = round(64 r) in [-23, 23]; s = r - j/64, |s| ≤ 1/128.
		let j = (r.0 + (1 << (FRAC_BITS - 7))) >> (FRAC_BITS - 6);
		let s = r.sub(Fx(j << (FRAC_BITS - 6)))?;
		// e^s = Σ s^n/n!.
		let p = horner(&INV_FACT, s)?.mul(Fx(tables::EXP[(j + 32) as usize]))?;
		if k >= 0 {
			// e^x ≤ e^25.3 < 2^37, so the shift cannot overflow after the range check.
			p.0.checked_shl(k as u32)
				.filter(|v| v >> (k as u32) == p.0)
				.map(Fx)
				.ok_or(MathError::Overflow)
		} else {
			Ok(p.shr_round((-k) as u32))
		}
	}

	/// The natural logarithm, for `self > 0`.
	pub fn ln(self) -> FxResult {
		if self.0 <= 0 {
			return Err(MathError::Domain);
		}
		if self == Fx::ONE {
			return Ok(Fx::ZERO);
		}
		// self = y * 2^k with y in [1, 2).
		let a = self.0 as u128;
		let top = 127 - a.leading_zeros() as i128; // index of the highest set bit
		let k = top - FRAC_BITS as i128;
		let y = if k > 0 { Fx(self.0 >> k) } else { Fx(self.0 << (-k) as u32) };
		// Nearest table point c = 1 + (j + 1/2)/64; ln y = ln c + 2 atanh(z), z = (y-c)/(y+c),
		// |z| ≤ 1/256.
		let j = (y.0 - Fx::ONE.0) >> (FRAC_BITS - 6);
		let c = Fx(Fx::ONE.0 + ((2 * j + 1) << (FRAC_BITS - 7)));
		let z = y.sub(c)?.div(y.add(c)?)?;
		let s = horner(&INV_ODD, z.mul(z)?)?;
		let ln_y = s.mul(z)?.mul_int(2)?.add(Fx(tables::LN[j as usize]))?;
		ln_y.add(k_ln2(k))
	}

	/// The nearest integer (ties away from zero).
	pub fn round_to_int(self) -> i128 {
		let a = self.0.unsigned_abs();
		// |result| ≤ 2^38: no overflow either way.
		let q = ((a >> FRAC_BITS) + ((a >> (FRAC_BITS - 1)) & 1)) as i128;
		if self.0 < 0 {
			-q
		} else {
			q
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn ulps(a: Fx, b: Fx) -> i128 {
		(a.0 - b.0).abs()
	}

	#[test]
	fn exp_and_ln_agree_on_known_values() {
		assert_eq!(Fx::ZERO.exp(), Ok(Fx::ONE));
		assert_eq!(Fx::ONE.ln(), Ok(Fx::ZERO));
		// ln 2 from the 2^-120 constant.
		assert!(ulps(Fx::TWO.ln().unwrap(), k_ln2(1)) <= 1);
		// e^(ln 2) = 2.
		assert!(ulps(k_ln2(1).exp().unwrap(), Fx::TWO) <= 2);
		// ln(e^5) = 5.
		let five = Fx::from_int(5);
		assert!(ulps(five.exp().unwrap().ln().unwrap(), five) <= 4);
		// Table edges: ln(2 - 1 ulp) and ln(1 + 1 ulp).
		assert!(ulps(Fx(Fx::TWO.0 - 1).ln().unwrap(), k_ln2(1)) <= 2);
		// ln(1 + ε) = ε = 1 ulp, within the documented 4 ulp.
		let v = Fx(Fx::ONE.0 + 1).ln().unwrap().0;
		assert!((v - 1).abs() <= 4, "{v}");
	}

	#[test]
	fn exp_range_is_typed() {
		assert_eq!(Fx::from_int(26).exp(), Err(MathError::Overflow));
		assert_eq!(Fx::from_int(-70).exp(), Ok(Fx::ZERO));
		assert!(Fx::from_int(25).exp().is_ok());
		assert_eq!(Fx::ZERO.ln(), Err(MathError::Domain));
		assert_eq!(Fx::from_int(-3).ln(), Err(MathError::Domain));
		// Extremes of the domain of ln.
		assert!(Fx(1).ln().is_ok());
		assert!(Fx(i128::MAX).ln().is_ok());
		assert_eq!(Fx(i128::MIN).round_to_int(), -(1i128 << 37));
		assert_eq!(Fx::from_int(-3).shr_round(1).round_to_int(), -2); // -1.5 -> -2
		assert_eq!(Fx::from_int(3).shr_round(1).round_to_int(), 2); // 1.5 -> 2
	}
}
