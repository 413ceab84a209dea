//! # pallet-portfolio-margin
//!
//! Not yet implemented (tracked by its own issue): instruments and markets, positions, trade
//! execution, scenario-grid margin and settlement. The crate exists so that the workspace has its
//! final shape; it has no calls, storage or events and is not part of the runtime yet.
#![cfg_attr(not(feature = "std"), no_std)]
