//! Portfolio margin against standard margin on the strategies market makers run, with every
//! portfolio figure checked against an independent `f64` revaluation of the same grid.

use ballast_primitives::{black_scholes::OptionKind, fixed::Fixed18, margin::*};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn fx(x: f64) -> Fixed18 {
	Fixed18::parse(&format!("{x}")).expect("a decimal")
}

fn f(x: Fixed18) -> f64 {
	x.0 as f64 / 1e18
}

fn market() -> Market {
	Market { spot: fx(60_000.0), vol: fx(0.6), rate: Fixed18::ZERO, now: 0 }
}

fn call(strike: f64, days: u64) -> InstrumentKind {
	InstrumentKind::Option { kind: OptionKind::Call, strike: fx(strike), expiry: days * DAY_MS }
}

fn put(strike: f64, days: u64) -> InstrumentKind {
	InstrumentKind::Option { kind: OptionKind::Put, strike: fx(strike), expiry: days * DAY_MS }
}

/// Black–Scholes in `f64`, with the normal CDF from the erf Taylor series (|x| < 3) and the
/// erfc continued fraction beyond: independent of the fixed-point code under test.
mod reference {
	fn norm_cdf(x: f64) -> f64 {
		// Φ(x) = ½ erfc(−x/√2), erfc by continued fraction for |x| large, series otherwise.
		0.5 * erfc(-x / std::f64::consts::SQRT_2)
	}

	fn erfc(x: f64) -> f64 {
		if x < 0.0 {
			return 2.0 - erfc(-x);
		}
		if x < 3.0 {
			// erf series: 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
			let mut sum = 0.0f64;
			let mut term = x;
			let mut n = 0.0;
			while term.abs() > 1e-17 * sum.abs().max(1e-300) {
				sum += term / (2.0 * n + 1.0);
				n += 1.0;
				term *= -x * x / n;
			}
			1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum
		} else {
			// Lentz continued fraction.
			let mut f = x;
			let mut c = x;
			let mut d = 0.0;
			for k in 1..200 {
				let a = k as f64 / 2.0;
				d = x + a * d;
				d = 1.0 / d;
				c = x + a / c;
				f *= c * d;
			}
			(-x * x).exp() / (f * std::f64::consts::PI.sqrt())
		}
	}

	pub fn option(call: bool, s: f64, k: f64, t: f64, v: f64) -> f64 {
		if t <= 0.0 {
			return if call { (s - k).max(0.0) } else { (k - s).max(0.0) };
		}
		let d1 = ((s / k).ln() + v * v / 2.0 * t) / (v * t.sqrt());
		let d2 = d1 - v * t.sqrt();
		if call {
			s * norm_cdf(d1) - k * norm_cdf(d2)
		} else {
			k * norm_cdf(-d2) - s * norm_cdf(-d1)
		}
	}
}

/// The grid revalued in `f64`: worst loss + contingencies.
fn reference_portfolio(positions: &[(f64, InstrumentKind)], p: &GridParams) -> f64 {
	let m = market();
	let (s0, v0) = (f(m.spot), f(m.vol));
	let value = |kind: &InstrumentKind, s: f64, v: f64| match kind {
		InstrumentKind::Option { kind, strike, expiry } => reference::option(
			*kind == OptionKind::Call,
			s,
			f(*strike),
			*expiry as f64 / MS_PER_YEAR as f64,
			v,
		),
		_ => s,
	};
	let mut worst = 0.0f64;
	let mut contingencies = 0.0;
	let n = p.spot_steps as i32;
	let mut scenarios = Vec::new();
	for vol in [-1, 0, 1] {
		for k in -n..=n {
			scenarios.push((k as f64 * f(p.spot_step), vol, 1.0));
		}
	}
	scenarios.push((-f(p.extreme_move), 0, f(p.extreme_weight)));
	scenarios.push((f(p.extreme_move), 0, f(p.extreme_weight)));
	for (shock, vol, weight) in scenarios {
		let mut total = 0.0;
		for (size, kind) in positions {
			let scale = match kind {
				InstrumentKind::Option { expiry, .. } => {
					let days = *expiry as f64 / DAY_MS as f64;
					(p.vol_scale_days as f64 / days)
						.powf(f(p.vol_scale_power))
						.min(f(p.vol_scale_cap))
				},
				_ => 1.0,
			};
			let v = match vol {
				-1 => v0 * (1.0 - f(p.vol_down) * scale).max(0.1),
				0 => v0,
				_ => v0 * (1.0 + f(p.vol_up) * scale),
			};
			total += size * weight * (value(kind, s0 * (1.0 + shock), v) - value(kind, s0, v0));
		}
		worst = worst.min(total);
	}
	for (size, kind) in positions {
		let c = match kind {
			InstrumentKind::Option { .. } if *size < 0.0 => f(p.short_option_contingency),
			InstrumentKind::Option { .. } => 0.0,
			_ => f(p.linear_contingency),
		};
		contingencies += size.abs() * c * s0;
	}
	-worst + contingencies
}

struct Figures {
	portfolio: f64,
	standard: f64,
}

fn margins(positions: &[(f64, InstrumentKind)]) -> Figures {
	let grid = GridParams::example();
	let standard_params = StandardParams::example();
	let m = market();
	let risks: Vec<_> = positions
		.iter()
		.map(|(size, kind)| (fx(*size), scenario_pnl(kind, &m, &grid).expect("prices")))
		.collect();
	let pm = portfolio_maintenance(risks.iter().map(|(s, r)| (*s, r)), grid.scenario_count())
		.expect("margin");
	let reference = reference_portfolio(positions, &grid);
	assert!(
		(f(pm.maintenance) - reference).abs() < 1e-6 * reference.max(1.0),
		"fixed point {} vs f64 {reference}",
		f(pm.maintenance)
	);
	let standard = positions
		.iter()
		.map(|(size, kind)| {
			let mark = mark(kind, &m).expect("prices").price;
			f(standard_maintenance(kind, fx(*size), mark, m.spot, &standard_params)
				.expect("margin"))
		})
		.sum();
	Figures { portfolio: f(pm.maintenance), standard }
}

fn delta(kind: &InstrumentKind) -> f64 {
	f(mark(kind, &market()).expect("prices").delta)
}

#[test]
fn a_covered_call_needs_less_than_its_legs() {
	// Long one perpetual, short one 66,000 call (30 days).
	let m = margins(&[(1.0, InstrumentKind::Perpetual), (-1.0, call(66_000.0, 30))]);
	// Standard: 10% of 60,000 for the perpetual + the 10% floor for the short call.
	assert!((m.standard - 12_000.0).abs() < 1e-9, "{}", m.standard);
	// The downside of the perpetual is real (−18% loses 10,800); the call's premium offsets
	// part of it and the call needs no margin of its own.
	assert!(m.portfolio < 0.9 * m.standard, "{} vs {}", m.portfolio, m.standard);
	assert!(m.portfolio > 9_000.0, "{}", m.portfolio);
	println!("covered call: portfolio {:.2}, standard {:.2}", m.portfolio, m.standard);
}

#[test]
fn a_call_spread_needs_at_most_its_width_and_far_less_than_its_legs() {
	let m = margins(&[(1.0, call(60_000.0, 30)), (-1.0, call(65_000.0, 30))]);
	// Standard: the long call's premium in full + the short 65,000 call's
	// max(15% × 60,000 − 5,000, 10% × 60,000).
	let premium = f(mark(&call(60_000.0, 30), &market()).unwrap().price);
	assert!((m.standard - 6_000.0 - premium).abs() < 1e-9, "{}", m.standard);
	assert!(m.portfolio < 0.25 * m.standard, "{} vs {}", m.portfolio, m.standard);
	println!("call spread: portfolio {:.2}, standard {:.2}", m.portfolio, m.standard);
}

#[test]
fn a_delta_hedged_short_straddle_needs_far_less_than_its_legs() {
	let (c, p) = (call(60_000.0, 30), put(60_000.0, 30));
	let hedge = delta(&c) + delta(&p);
	let future = InstrumentKind::Future { expiry: 30 * DAY_MS };
	let m = margins(&[(-1.0, c), (-1.0, p), (hedge, future)]);
	assert!(m.portfolio < 0.6 * m.standard, "{} vs {}", m.portfolio, m.standard);
	println!("hedged straddle: portfolio {:.2}, standard {:.2}", m.portfolio, m.standard);
}

#[test]
fn a_calendar_spread_needs_far_less_than_its_legs() {
	let m = margins(&[(-1.0, call(60_000.0, 30)), (1.0, call(60_000.0, 90))]);
	// Standard: the short near call, 15% of 60,000 at the money, + the far call's premium.
	let premium = f(mark(&call(60_000.0, 90), &market()).unwrap().price);
	assert!((m.standard - 9_000.0 - premium).abs() < 1e-9, "{}", m.standard);
	assert!(m.portfolio < 0.25 * m.standard, "{} vs {}", m.portfolio, m.standard);
	println!("calendar: portfolio {:.2}, standard {:.2}", m.portfolio, m.standard);
}

#[test]
fn a_naked_short_call_is_margined_on_its_worst_scenario() {
	let m = margins(&[(-1.0, call(60_000.0, 30))]);
	// Naked, the grid is harsher than the flat rule: the worst case is spot +18% with volatility up.
	assert!(m.portfolio > m.standard, "{} vs {}", m.portfolio, m.standard);
}

#[test]
fn worst_scenario_and_contingencies_are_reported() {
	let grid = GridParams::example();
	let risk = scenario_pnl(&InstrumentKind::Perpetual, &market(), &grid).expect("prices");
	let pm = portfolio_maintenance([(fx(2.0), &risk)], grid.scenario_count()).expect("margin");
	// Two long contracts: the worst regular scenario is −18% (10,800 each); the extreme −36% at
	// 33% weight is 7,128 each. Contingency 0.5% × 60,000 × 2.
	assert_eq!(pm.worst_loss, fx(21_600.0));
	assert_eq!(pm.worst_scenario, 0);
	assert_eq!(pm.contingencies, fx(600.0));
	assert_eq!(pm.maintenance, fx(22_200.0));
	// A vector from another grid is refused.
	assert_eq!(
		portfolio_maintenance([(fx(1.0), &risk)], grid.scenario_count() + 1),
		Err(MarginError::GridMismatch)
	);
}

#[test]
fn volatility_shocks_scale_with_time_to_expiry() {
	let grid = GridParams::example();
	let year = |days: f64| Fixed18((days / 365.0 * 1e18).round() as i128);
	// Unscaled at 30 days, ×2 at 7.5 days (power ½), ×½ at 120 days, capped at 3 near expiry.
	assert!((f(grid.vol_scale(year(30.0)).unwrap()) - 1.0).abs() < 1e-12);
	assert!((f(grid.vol_scale(year(7.5)).unwrap()) - 2.0).abs() < 1e-12);
	assert!((f(grid.vol_scale(year(120.0)).unwrap()) - 0.5).abs() < 1e-12);
	assert_eq!(grid.vol_scale(year(0.01)).unwrap(), grid.vol_scale_cap);
	assert_eq!(grid.vol_scale(Fixed18::ZERO).unwrap(), grid.vol_scale_cap);
}

#[test]
fn grid_and_standard_parameters_out_of_bounds_are_refused() {
	let ok = GridParams::example();
	assert_eq!(ok.validate(), Ok(()));
	assert_eq!(ok.scenario_count(), 29);
	assert!((ok.scenario_count() as u32) <= MAX_SCENARIOS);
	for bad in [
		GridParams { spot_steps: 0, ..ok },
		GridParams { spot_steps: MAX_SPOT_STEPS + 1, ..ok },
		GridParams { spot_step: percent(25), ..ok },
		GridParams { vol_down: percent(101), ..ok },
		GridParams { vol_scale_cap: percent(50), ..ok },
		GridParams { extreme_move: percent(100), ..ok },
		GridParams { vol_scale_days: 0, ..ok },
	] {
		assert_eq!(bad.validate(), Err(MarginError::InvalidParams), "{bad:?}");
	}
	let s = StandardParams::example();
	assert_eq!(s.validate(), Ok(()));
	assert_eq!(
		StandardParams { option_min: percent(20), ..s }.validate(),
		Err(MarginError::InvalidParams)
	);
	assert_eq!(
		StandardParams { linear: Fixed18::ZERO, ..s }.validate(),
		Err(MarginError::InvalidParams)
	);
}

#[test]
fn settlement_pays_intrinsic_value() {
	assert_eq!(settlement_value(&call(60_000.0, 30), fx(61_500.0)), fx(1_500.0));
	assert_eq!(settlement_value(&call(60_000.0, 30), fx(59_000.0)), Fixed18::ZERO);
	assert_eq!(settlement_value(&put(60_000.0, 30), fx(59_000.0)), fx(1_000.0));
	assert_eq!(settlement_value(&InstrumentKind::Perpetual, fx(59_000.0)), fx(59_000.0));
}
