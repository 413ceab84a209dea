//! Price + all Greeks per option: fixed point (the runtime's code) against `f64`, on the same
//! 120 options, in one run. `cargo bench -p ballast-benchmarks --bench black_scholes`.

use ballast_benchmarks::{f64_black_scholes, sample_options, to_f64};
use ballast_primitives::black_scholes::{price, price_and_greeks, OptionKind};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
	let options = sample_options();
	let floats: Vec<_> = options
		.iter()
		.map(|o| {
			(
				o.kind == OptionKind::Call,
				to_f64(o.spot),
				to_f64(o.strike),
				to_f64(o.time),
				to_f64(o.vol),
				to_f64(o.rate),
			)
		})
		.collect();
	let mut g = c.benchmark_group("black_scholes");
	g.throughput(Throughput::Elements(options.len() as u64));
	g.bench_function("fixed_price_and_greeks", |b| {
		b.iter(|| {
			for o in &options {
				black_box(price_and_greeks(black_box(o)).ok());
			}
		})
	});
	g.bench_function("fixed_price_only", |b| {
		b.iter(|| {
			for o in &options {
				black_box(price(black_box(o)).ok());
			}
		})
	});
	g.bench_function("f64_price_and_greeks", |b| {
		b.iter(|| {
			for &(call, s, k, t, v, r) in &floats {
				black_box(f64_black_scholes(call, black_box(s), k, t, v, r));
			}
		})
	});
	g.finish();
}

/// The building blocks, one call each.
fn ops(c: &mut Criterion) {
	use ballast_primitives::fixed::{normal, Fx};
	let x = Fx::from_fixed18(ballast_primitives::fixed::Fixed18::parse("0.73").unwrap()).unwrap();
	let y = Fx::from_fixed18(ballast_primitives::fixed::Fixed18::parse("1.37").unwrap()).unwrap();
	let mut g = c.benchmark_group("fixed_ops");
	g.bench_function("mul", |b| b.iter(|| black_box(x).mul(black_box(y))));
	g.bench_function("div", |b| b.iter(|| black_box(x).div(black_box(y))));
	g.bench_function("exp", |b| b.iter(|| black_box(x).exp()));
	g.bench_function("ln", |b| b.iter(|| black_box(y).ln()));
	g.bench_function("sqrt", |b| b.iter(|| black_box(y).sqrt()));
	g.bench_function("normal_at", |b| b.iter(|| normal::at(black_box(x))));
	g.finish();
}

criterion_group!(benches, bench, ops);
criterion_main!(benches);
