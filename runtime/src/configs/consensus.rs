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
	// Equivocations are proven against the historical session roots for as long as
	// pallet-restaking can still slash them.
	type MaxSetIdSessionEntries = ConstU64<{ SLASH_HORIZON as u64 }>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem = pallet_grandpa::EquivocationReportSystem<
		Self,
		crate::Offences,
		crate::Historical,
		ReportLongevity,
	>;
}

/// Sessions an offence stays slashable (pallet-restaking's horizon, GRANDPA's set-id history).
pub const SLASH_HORIZON: u32 = 28;

/// A slot (ms).
pub const SLOT_MS: u64 = crate::SLOT_DURATION;

/// A session's nominal length (ms): one hour.
pub const SESSION_MS: u64 = SessionPeriod::get() as u64 * SLOT_MS;

/// Who authored a block (the equivocation reporter): the Aura author's validator account.
impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, crate::Aura>;
	type EventHandler = ();
}

/// Validators are identified by account alone: restaking slashes the exposure it records
/// when the offence is reported.
impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = UnitIdentification;
}

/// Every validator has the unit identification.
pub struct UnitIdentification;
impl sp_runtime::traits::Convert<AccountId, Option<()>> for UnitIdentification {
	fn convert(_: AccountId) -> Option<()> {
		Some(())
	}
}

/// Offence reports (GRANDPA equivocations) go to pallet-restaking.
impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = crate::Restaking;
}

parameter_types! {
	/// Length of a session: one hour.
	pub const SessionPeriod: BlockNumber = 60 * MINUTES;
	/// First session change at block 0 + period.
	pub const SessionOffset: BlockNumber = 0;
	/// How long an equivocation report stays valid in the pool: the slash horizon.
	pub const ReportLongevity: u64 = SLASH_HORIZON as u64 * 60 * MINUTES as u64;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	// The top restaked operators with session keys (pallet-restaking), each session's set
	// remembered for equivocation proofs.
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, crate::Restaking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = crate::Balances;
	type KeyDeposit = ();
}
