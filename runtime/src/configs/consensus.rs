//! Block production (Aura), finality (GRANDPA) and the validator set (session).
//!
//! The validator set comes from pallet-session's `SessionManager`: pallet-restaking, which
//! chooses the top operators by restaked stake at each session boundary. Aura and GRANDPA take
//! their authorities from the session keys at each session change.

use crate::{AccountId, BlockNumber, Runtime, RuntimeEvent, Session, SessionKeys, MINUTES};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::Void;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// The most validators the chain supports.
pub const MAX_AUTHORITIES: u32 = 100;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = Session;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// Equivocation reports arrive with pallet-restaking, which can slash for them.
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	/// Length of a session: one hour.
	pub const SessionPeriod: BlockNumber = 60 * MINUTES;
	/// First session change at block 0 + period.
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	// The top restaked operators with session keys (pallet-restaking).
	type SessionManager = crate::Restaking;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = crate::Balances;
	type KeyDeposit = ();
}
