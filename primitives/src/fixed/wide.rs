//! 256-bit intermediates for 128-bit fixed-point arithmetic: the full product of two `u128`,
//! division of a 256-bit number by a `u128`, and the integer square root of a 256-bit number.
//!
//! Everything here is integer arithmetic, so it gives the same bits on every target.

const MASK64: u128 = (1u128 << 64) - 1;

/// The full 256-bit product `a * b` as `(high, low)` 128-bit halves.
#[inline]
pub const fn mul_u128(a: u128, b: u128) -> (u128, u128) {
	let (a1, a0) = (a >> 64, a & MASK64);
	let (b1, b0) = (b >> 64, b & MASK64);
	let p00 = a0 * b0;
	let p01 = a0 * b1;
	let p10 = a1 * b0;
	let p11 = a1 * b1;
	// Middle column: the high half of p00 plus the low halves of p01 and p10 (fits in 66 bits).
	let mid = (p00 >> 64) + (p01 & MASK64) + (p10 & MASK64);
	let lo = (p00 & MASK64) | (mid << 64);
	let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	(hi, lo)
}

/// `(hi * 2^128 + lo) >> shift` for `0 < shift < 128`, rounded to nearest (ties up), or `None`
/// if the result does not fit in a `u128`.
#[inline]
pub const fn shr_round(hi: u128, lo: u128, shift: u32) -> Option<u128> {
	if hi >> shift != 0 {
		return None;
	}
	let q = (hi << (128 - shift)) | (lo >> shift);
	let half = 1u128 << (shift - 1);
	let round_up = lo & ((1u128 << shift) - 1) >= half;
	if round_up {
		q.checked_add(1)
	} else {
		Some(q)
	}
}

/// Divides the 256-bit number `hi * 2^128 + lo` by `d`, returning quotient and remainder.
/// Requires `hi < d` (so the quotient fits in 128 bits) and `d != 0`; returns `None` otherwise.
///
/// Knuth's algorithm D with two 64-bit digits (Hacker's Delight, `divlu`), in 128-bit words.
pub const fn div_256_by_128(hi: u128, lo: u128, d: u128) -> Option<(u128, u128)> {
	if d == 0 || hi >= d {
		return None;
	}
	if hi == 0 {
		return Some((lo / d, lo % d));
	}
	const B: u128 = 1u128 << 64;
	let s = d.leading_zeros();
	let v = d << s;
	let vn1 = v >> 64;
	let vn0 = v & MASK64;
	// Shift the dividend left by s: hi < d, so nothing leaves the top word.
	let un32 = if s == 0 { hi } else { (hi << s) | (lo >> (128 - s)) };
	let un10 = lo << s;
	let un1 = un10 >> 64;
	let un0 = un10 & MASK64;

	let mut q1 = un32 / vn1;
	let mut rhat = un32 - q1 * vn1;
	while q1 >= B || q1 * vn0 > ((rhat << 64) | un1) {
		q1 -= 1;
		rhat += vn1;
		if rhat >= B {
			break;
		}
	}
	let un21 = (un32 << 64 | un1).wrapping_sub(q1.wrapping_mul(v));

	let mut q0 = un21 / vn1;
	let mut rhat = un21 - q0 * vn1;
	while q0 >= B || q0 * vn0 > ((rhat << 64) | un0) {
		q0 -= 1;
		rhat += vn1;
		if rhat >= B {
			break;
		}
	}
	let r = ((un21 << 64) | un0).wrapping_sub(q0.wrapping_mul(v)) >> s;
	Some(((q1 << 64) | q0, r))
}

/// `floor(a * b / d)` rounded to nearest (ties up), or `None` on overflow or `d == 0`.
#[inline]
pub const fn mul_div_round(a: u128, b: u128, d: u128) -> Option<u128> {
	let (hi, lo) = mul_u128(a, b);
	match div_256_by_128(hi, lo, d) {
		Some((q, r)) => {
			// Round half up: r >= d - r  <=>  2r >= d.
			if r >= d - r {
				q.checked_add(1)
			} else {
				Some(q)
			}
		},
		None => None,
	}
}

/// `a * b / d` rounded toward zero (`up == false`) or away from zero (`up`), or `None` on
/// overflow or `d == 0`.
#[inline]
pub const fn mul_div_directed(a: u128, b: u128, d: u128, up: bool) -> Option<u128> {
	let (hi, lo) = mul_u128(a, b);
	match div_256_by_128(hi, lo, d) {
		Some((q, r)) if up && r != 0 => q.checked_add(1),
		Some((q, _)) => Some(q),
		None => None,
	}
}

/// `floor(sqrt(hi * 2^128 + lo))`.
pub fn isqrt_256(hi: u128, lo: u128) -> u128 {
	if hi == 0 {
		return lo.isqrt();
	}
	// Estimate from the top 128 bits, taken at an even shift: n ~= top * 2^(2k).
	let bits = 256 - hi.leading_zeros();
	let k = (bits.saturating_sub(126) + 1) / 2; // 2k >= bits - 126 keeps top within 127 bits
	let shift = 2 * k;
	let top =
		if shift >= 128 { hi >> (shift - 128) } else { (hi << (128 - shift)) | (lo >> shift) };
	// x0 >= sqrt(n): ceil-ish start for Newton's method from above.
	let e = top.isqrt() + 1;
	let mut x = if e.leading_zeros() < k { u128::MAX } else { e << k };
	// Newton from above: x_{k+1} = (x_k + n / x_k) / 2 decreases to floor(sqrt(n)). From a start
	// good to ~63 bits, the first step lands within a few units of the root.
	loop {
		let Some((q, _)) = div_256_by_128(hi, lo, x) else { return x };
		let y = (x >> 1) + (q >> 1) + (x & q & 1);
		if y >= x {
			return x;
		}
		x = y;
		// Close enough to finish by comparing squares instead of dividing again.
		let (h, l) = mul_u128(x, x);
		if (h, l) <= (hi, lo) {
			// x <= root: step up while (x+1)^2 <= n.
			loop {
				let (h1, l1) = mul_u128(x + 1, x + 1);
				if (h1, l1) > (hi, lo) {
					return x;
				}
				x += 1;
			}
		}
		let (hd, ld) = mul_u128(x - 1, x - 1);
		if (hd, ld) <= (hi, lo) {
			return x - 1;
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	/// Bit-by-bit long division: slow, obviously right.
	fn slow_div(hi: u128, lo: u128, d: u128) -> (u128, u128) {
		let mut q = 0u128;
		let mut r = hi; // r < d
		for i in (0..128).rev() {
			let carry = r >> 127;
			r = (r << 1) | ((lo >> i) & 1);
			q <<= 1;
			if carry == 1 || r >= d {
				r = r.wrapping_sub(d);
				q |= 1;
			}
		}
		(q, r)
	}

	proptest! {
		#[test]
		fn product_matches_schoolbook(a: u128, b: u128) {
			let (hi, lo) = mul_u128(a, b);
			// Check modulo 2^128 and through division back.
			prop_assert_eq!(lo, a.wrapping_mul(b));
			if a != 0 {
				prop_assert_eq!(div_256_by_128(hi, lo, a), Some((b, 0)));
			}
		}

		#[test]
		fn division_matches_long_division(hi: u128, lo: u128, d in 1u128..) {
			let hi = hi % d;
			prop_assert_eq!(div_256_by_128(hi, lo, d), Some(slow_div(hi, lo, d)));
		}

		#[test]
		fn division_with_small_divisors(hi: u64, lo: u128, d in 1u128..(1u128 << 70)) {
			let hi = hi as u128 % d;
			prop_assert_eq!(div_256_by_128(hi, lo, d), Some(slow_div(hi, lo, d)));
		}

		#[test]
		fn isqrt_is_the_floor(hi: u128, lo: u128) {
			let s = isqrt_256(hi, lo);
			let (h, l) = mul_u128(s, s);
			prop_assert!((h, l) <= (hi, lo));
			let s1 = s + 1;
			let (h1, l1) = mul_u128(s1, s1);
			// (s+1)^2 may exceed 256 bits only when s = 2^128 - 1, impossible here.
			prop_assert!((h1, l1) > (hi, lo));
		}
	}

	#[test]
	fn division_edge_cases() {
		assert_eq!(div_256_by_128(0, 10, 0), None);
		assert_eq!(div_256_by_128(5, 0, 5), None);
		let d = u128::MAX;
		assert_eq!(div_256_by_128(d - 1, u128::MAX, d), Some(slow_div(d - 1, u128::MAX, d)));
		assert_eq!(div_256_by_128(1, 0, 2), Some((1u128 << 127, 0)));
		assert_eq!(mul_div_round(10, 1, 4), Some(3)); // 2.5 rounds up
		assert_eq!(mul_div_round(9, 1, 4), Some(2)); // 2.25 rounds down
		assert_eq!(isqrt_256(0, 0), 0);
		assert_eq!(isqrt_256(1, 0), 1u128 << 64);
		assert_eq!(isqrt_256(u128::MAX, u128::MAX), u128::MAX);
	}

	#[test]
	fn rounding_shift() {
		assert_eq!(shr_round(0, 3, 1), Some(2)); // 1.5 -> 2
		assert_eq!(shr_round(0, 5, 2), Some(1)); // 1.25 -> 1
		assert_eq!(shr_round(1, 0, 1), Some(1u128 << 127));
		assert_eq!(shr_round(2, 0, 1), None);
	}
}
