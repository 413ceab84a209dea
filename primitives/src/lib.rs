//! # ballast-primitives
//!
//! The `no_std` core shared by every Ballast crate:
//!
//! - [`types`]: chain-wide ids, balances and the oracle's feed keys;
//! - [`risk`]: the one account-risk snapshot (equity, health, margins) and its formulas;
//! - [`traits`]: the interfaces between the pallets (`PriceFeed`, `MarginEngine`, ...);
//! - [`fixed`]: deterministic fixed-point arithmetic ([`fixed::Fx`], 36 decimals inside,
//!   18-decimal [`fixed::Fixed18`] at the edges) with `exp`, `ln`, `sqrt` and the standard normal
//!   CDF and PDF;
//! - [`black_scholes`]: European option price and Greeks on top of it;
//! - [`margin`]: instruments, the portfolio scenario grid and the standard per-position margin;
//! - `pricing_csv` (std only): the CSV tool behind `ballast-node price`.
//!
//! No floating point is used outside tests and benchmarks, so every result has the same bits in
//! native code and in the wasm runtime.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod black_scholes;
pub mod fixed;
pub mod margin;
#[cfg(feature = "std")]
pub mod pricing_csv;
pub mod risk;
pub mod traits;
pub mod types;

pub use types::*;
