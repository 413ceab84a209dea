//! Weights measured with `ballast-node benchmark pallet` on this project's machine.

pub mod pallet_shared_collateral;
