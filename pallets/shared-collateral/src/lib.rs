//! # pallet-shared-collateral
//!
//! Not yet implemented (tracked by its own issue): multi-asset collateral accounts and
//! subaccounts, haircuts, concentration limits, the LP vault, the insurance fund and the loss
//! waterfall. The crate exists so that the workspace has its final shape; it has no calls,
//! storage or events and is not part of the runtime yet.
#![cfg_attr(not(feature = "std"), no_std)]
