//! The runtime fuzzer's inputs:
//! - `ballast-fuzz-input seeds <dir>` writes the seed corpus (every scenario of
//!   `ballast_integration_tests::fuzz::seeds`, one file each) into `dir`, for `cargo fuzz run runtime <dir>`;
//! - `ballast-fuzz-input show <file>` prints the steps an input decodes into and runs it,
//!   printing what broke (to turn a crash into a regression test);
//! - `ballast-fuzz-input replay <dir>` runs every input in `dir` (a corpus), natively and
//!   without coverage instrumentation, and prints the inputs and calls per second.

fn main() {
	let args: Vec<String> = std::env::args().skip(1).collect();
	match (args.first().map(String::as_str), args.get(1)) {
		(Some("seeds"), Some(dir)) => {
			std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("creating {dir}: {e}"));
			for (name, steps) in ballast_integration_tests::fuzz::seeds::all() {
				let path = std::path::Path::new(dir).join(format!("seed-{name}"));
				std::fs::write(&path, ballast_integration_tests::fuzz::input::encode(&steps))
					.unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
				println!("{}", path.display());
			}
		},
		(Some("show"), Some(file)) => {
			let data = std::fs::read(file).unwrap_or_else(|e| panic!("reading {file}: {e}"));
			let steps = ballast_integration_tests::fuzz::input::decode(&data);
			for step in &steps {
				println!("{step:?}");
			}
			match ballast_integration_tests::fuzz::run_steps(&steps) {
				Ok(stats) => println!("ran clean: {stats}"),
				Err(failure) => println!("FAILED: {failure}"),
			}
		},
		(Some("replay"), Some(dir)) => {
			let mut files: Vec<_> = std::fs::read_dir(dir)
				.unwrap_or_else(|e| panic!("reading {dir}: {e}"))
				.filter_map(|e| e.ok().map(|e| e.path()))
				.collect();
			files.sort();
			let started = std::time::Instant::now();
			let (mut calls, mut blocks) = (0u64, 0u64);
			for path in &files {
				let data =
					std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
				match ballast_integration_tests::fuzz::run(&data) {
					Ok(stats) => {
						calls += u64::from(stats.calls);
						blocks += u64::from(stats.blocks);
					},
					Err(failure) => {
						eprintln!("{}: {failure}", path.display());
						std::process::exit(1)
					},
				}
			}
			let secs = started.elapsed().as_secs_f64();
			println!(
				"{} inputs, {blocks} blocks, {calls} calls in {secs:.1} s: {:.0} inputs/s, {:.0} calls/s",
				files.len(),
				files.len() as f64 / secs,
				calls as f64 / secs
			);
		},
		_ => {
			eprintln!(
				"usage: ballast-fuzz-input seeds <corpus directory> | show <input file> | replay <corpus directory>"
			);
			std::process::exit(2)
		},
	}
}
