//! # pallet-restaking
//!
//! Not yet implemented (tracked by its own issue): operators with stake restaked on a relay
//! chain, validator-set selection, slashing with deferral and veto, lease fees and the security
//! budget. Until it lands, the runtime's validator set comes from genesis through a fixed
//! `SessionManager` (see `runtime/src/configs/consensus.rs`).
#![cfg_attr(not(feature = "std"), no_std)]
