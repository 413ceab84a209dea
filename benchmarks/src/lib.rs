//! Benchmarks live in `benches/`; see `benchmarks/RESULTS.md`.
