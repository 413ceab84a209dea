//! The Ballast node: validator and full node for the Ballast chain.
#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod price;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
