//! Configuration of every pallet in the runtime, one file per concern.

pub mod collateral;
pub mod consensus;
pub mod equivocation;
pub mod governance;
pub mod liquidation;
pub mod margin;
pub mod oracle;
pub mod restaking;
pub mod system;
pub mod tokens;

pub use system::RuntimeBlockWeights;
