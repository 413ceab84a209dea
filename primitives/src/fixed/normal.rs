//! The standard normal distribution: density φ and cumulative distribution N.
//!
//! `N` is computed from its tail, `N(−x) = φ(x)·M(x)` for `x ≥ 0`, where `M` is the Mills ratio,
//! tabulated as piecewise polynomials on `[0, 14)` (see `tools/gen_tables.py`; the coefficients
//! are within 0.6 ulp of `M`). The tail is therefore accurate *relative to its own size* down to
//! the resolution of [`Fx`], and `N(x) = 1 − N(−x)` has no cancellation. For `x ≥ 14`,
//! `N(−x) < 10⁻⁴⁴` is 0 in [`Fx`].
//!
//! Errors (ulp = 2⁻⁹⁰ ≈ 8·10⁻²⁸): `|φ(x) − exact| ≤ 4 ulp`, `|N(x) − exact| ≤ 8 ulp`, for every
//! `x` whose square fits in [`Fx`]; larger `|x|` give φ = 0 and N = 0 or 1 exactly.

use super::{horner, tables, Fx, FxResult, FRAC_BITS};

/// 1/√(2π) in units of 2⁻⁹⁰ (from mpmath at 60 digits).
const INV_SQRT_2PI: Fx = Fx(493_866_622_272_748_762_634_695_621);
/// Beyond this |x|, φ(x) < 2⁻⁹⁰ and N(x) is 0 or 1 in [`Fx`].
const CUTOFF: Fx = Fx(tables::MILLS_X_MAX << FRAC_BITS);

/// Values of the normal distribution at one point `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormalAt {
	/// φ(x), the density.
	pub pdf: Fx,
	/// N(x).
	pub cdf: Fx,
	/// N(−x) = 1 − N(x), computed without cancellation.
	pub cdf_neg: Fx,
}

/// φ(x) = e^(−x²/2)/√(2π).
pub fn pdf(x: Fx) -> FxResult {
	let ax = x.abs()?;
	if ax >= CUTOFF {
		return Ok(Fx::ZERO);
	}
	INV_SQRT_2PI.mul(ax.mul(ax)?.shr_round(1).neg()?.exp()?)
}

/// The Mills ratio M(x) = N(−x)/φ(x), for 0 ≤ x < 14.
fn mills_ratio(x: Fx) -> FxResult {
	debug_assert!(x >= Fx::ZERO && x < CUTOFF);
	// Interval i covers [i/8, (i+1)/8); its centre is (2i+1)/16.
	let i = ((x.0 >> (FRAC_BITS - tables::MILLS_SHIFT)) as usize).min(tables::MILLS.len() - 1);
	let coeffs = &tables::MILLS[i];
	let degree = tables::MILLS_DEGREE[i] as usize;
	let centre = Fx(((2 * i as i128 + 1) << FRAC_BITS) >> (tables::MILLS_SHIFT + 1));
	horner(&coeffs[..=degree], x.sub(centre)?)
}

/// The tail N(−x) for x ≥ 0 given φ(x).
fn tail(ax: Fx, pdf_ax: Fx) -> FxResult {
	if ax >= CUTOFF {
		return Ok(Fx::ZERO);
	}
	pdf_ax.mul(mills_ratio(ax)?)
}

/// φ(x), N(x) and N(−x) at once (one `exp`).
pub fn at(x: Fx) -> Result<NormalAt, super::MathError> {
	let pdf = pdf(x)?;
	at_with_pdf(x, pdf)
}

/// N(x) and N(−x) given φ(x) already computed (for example from an identity).
pub fn at_with_pdf(x: Fx, pdf: Fx) -> Result<NormalAt, super::MathError> {
	let ax = x.abs()?;
	let t = tail(ax, pdf)?;
	let rest = Fx::ONE.sub(t)?;
	Ok(if x.is_negative() {
		NormalAt { pdf, cdf: t, cdf_neg: rest }
	} else {
		NormalAt { pdf, cdf: rest, cdf_neg: t }
	})
}

/// N(x).
pub fn cdf(x: Fx) -> FxResult {
	Ok(at(x)?.cdf)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn symmetry_and_centre() {
		let h = at(Fx::ZERO).unwrap();
		assert_eq!(h.cdf, Fx::HALF.add(Fx(h.cdf.0 - Fx::HALF.0)).unwrap());
		assert!((h.cdf.0 - Fx::HALF.0).abs() <= 2, "N(0) = 1/2");
		assert_eq!(h.pdf, INV_SQRT_2PI);
		for v in [1, 3, 7, 13] {
			let p = at(Fx::from_int(v)).unwrap();
			let m = at(Fx::from_int(-v)).unwrap();
			assert_eq!(p.cdf, m.cdf_neg);
			assert_eq!(p.cdf_neg, m.cdf);
			assert_eq!(p.pdf, m.pdf);
			assert_eq!(p.cdf.add(p.cdf_neg), Ok(Fx::ONE));
		}
	}

	#[test]
	fn far_tails_are_exact_zero_and_one() {
		let far = at(Fx::from_int(40)).unwrap();
		assert_eq!((far.pdf, far.cdf, far.cdf_neg), (Fx::ZERO, Fx::ONE, Fx::ZERO));
		let huge = at(Fx(i128::MAX)).unwrap();
		assert_eq!(huge.cdf, Fx::ONE);
		let neg_huge = at(Fx(-i128::MAX)).unwrap();
		assert_eq!(neg_huge.cdf, Fx::ZERO);
	}
}
