//! # The Ballast runtime
//!
//! FRAME's own pallets composed for a derivatives app-chain: consensus (Aura, GRANDPA, session),
//! the native token BLST and collateral assets, fees, the price oracle, the risk council and its
//! timelock (collective, scheduler, preimage), and development-only sudo. Ballast's own pallets
//! join as their issues land. Configuration lives in [`configs`], runtime APIs in [`apis`],
//! genesis in [`genesis_config_presets`].
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`/`#[runtime]` generate items without docs.
#![allow(missing_docs)]
// The runtime's `RuntimeVersion` constant is bigger than clippy likes; it is built once.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod governance_tests;
pub mod pricing_api;
#[cfg(test)]
mod restaking_tests;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use ballast_primitives::{AssetId, Balance, BlockNumber, Moment, Nonce};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Signature of a transaction: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account on chain: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// Opaque types for the node, which does not need to know the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers for a session: Aura block authorship and GRANDPA votes.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` on every runtime change that is deployed.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ballast"),
	impl_name: alloc::borrow::Cow::Borrowed("ballast-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time: one block every 6 seconds.
pub const MILLISECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration. It can not be changed once the chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One BLST: the native token has 12 decimals.
pub const BLST: Balance = 1_000_000_000_000;
/// One thousandth of a BLST.
pub const MILLI_BLST: Balance = BLST / 1_000;
/// One millionth of a BLST.
pub const MICRO_BLST: Balance = BLST / 1_000_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_BLST;
/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "BLST";
/// Token decimals shown by wallets.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix. 42 is the generic Substrate prefix; a registered one replaces it before
/// a public network launches.
pub const SS58_PREFIX: u16 = 42;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions checked on every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Migrations to run on the next runtime upgrade, besides the pallets' own.
type Migrations = ();
/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(3)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(4)]
	pub type Scheduler = pallet_scheduler;

	// Tokens and fees.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(12)]
	pub type Assets = pallet_assets;

	// Consensus. Session comes before Aura and GRANDPA so that their authorities are set from
	// the session keys at genesis and at every session change.
	#[runtime::pallet_index(20)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(21)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(22)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(23)]
	pub type Restaking = pallet_restaking;
	#[runtime::pallet_index(24)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(25)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(26)]
	pub type Authorship = pallet_authorship;

	// Prices.
	// Values enter only through `restaking.feed_values`, which checks them: the oracle's own
	// `feed_values` (which Root could otherwise reach past any call filter) does not exist.
	#[runtime::pallet_index(30)]
	#[runtime::disable_call]
	pub type Oracle = pallet_oracle;

	// Governance: the risk council.
	#[runtime::pallet_index(40)]
	pub type RiskCouncil = pallet_collective<Instance1>;
	#[runtime::pallet_index(41)]
	pub type RiskTimelock = pallet_risk_timelock;

	// Ballast.
	#[runtime::pallet_index(50)]
	pub type SharedCollateral = pallet_shared_collateral;
	#[runtime::pallet_index(51)]
	pub type PortfolioMargin = pallet_portfolio_margin;
	#[runtime::pallet_index(52)]
	pub type Liquidation = pallet_liquidation;

	// Development and local chains only: presets other than those leave its key unset.
	#[runtime::pallet_index(255)]
	pub type Sudo = pallet_sudo;
}
