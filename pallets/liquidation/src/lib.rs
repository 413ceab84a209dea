//! # pallet-liquidation
//!
//! Not yet implemented (tracked by its own issue): health checks, partial and auction
//! liquidation, insurance payouts, auto-deleveraging, circuit breakers and the keeper offchain
//! worker. The crate exists so that the workspace has its final shape; it has no calls, storage
//! or events and is not part of the runtime yet.
#![cfg_attr(not(feature = "std"), no_std)]
