//! Block-production equivocations: a validator that seals two different blocks for the same
//! slot. GRANDPA reports its own equivocations (pallet-grandpa → pallet-offences); Aura has no
//! FRAME reporting, so anyone holding two such headers reports them here
//! ([`Pallet::report_block_equivocation`]). The runtime checks the headers' seals and the
//! key-ownership proof ([`BlockEquivocation`]); the offence goes through pallet-offences, which
//! de-duplicates it and hands it back to this pallet's `OnOffenceHandler` to slash after the
//! deferral.

use crate::types::SessionIndex;
use alloc::{vec, vec::Vec};
use sp_runtime::Perbill;
use sp_staking::offence::{Kind, Offence, OffenceError};

/// What a valid block-equivocation proof establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockEquivocationDetails<AccountId> {
	/// The validator whose key sealed both blocks.
	pub offender: AccountId,
	/// The slot both blocks claim.
	pub slot: u64,
	/// The session the key-ownership proof is for.
	pub session: SessionIndex,
	/// The number of validators in that session.
	pub validator_count: u32,
}

/// Why a block-equivocation report is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EquivocationError {
	/// The headers are not two different blocks sealed by the offender for the same slot.
	InvalidProof,
	/// The key was not the offender's in the proven session, or the blocks are not in it.
	InvalidKeyOwnershipProof,
}

/// The runtime's check of a block-equivocation report, and where it reports the offence.
pub trait BlockEquivocation<AccountId> {
	/// The two headers and the offender's block-production key.
	type Proof: frame_support::Parameter;
	/// That the key was a validator's in a session (pallet-session's historical proof).
	type KeyOwnerProof: frame_support::Parameter;
	/// Checks both proofs.
	fn check(
		proof: &Self::Proof,
		key_owner_proof: Self::KeyOwnerProof,
	) -> Result<BlockEquivocationDetails<AccountId>, EquivocationError>;
	/// Reports the offence (to pallet-offences); an offence already reported is an error.
	fn report(
		reporter: AccountId,
		details: BlockEquivocationDetails<AccountId>,
	) -> Result<(), OffenceError>;
}

/// The offence pallet-offences records: one offender, one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockEquivocationOffence<Offender> {
	/// The slot of the two blocks: reports for the same slot are the same offence.
	pub slot: u64,
	/// The session of the key-ownership proof.
	pub session_index: SessionIndex,
	/// The validators in that session.
	pub validator_set_count: u32,
	/// The offender's full identification.
	pub offender: Offender,
}

impl<Offender: Clone> Offence<Offender> for BlockEquivocationOffence<Offender> {
	const ID: Kind = *b"blst:block-equiv";
	type Slot = u64;

	fn offenders(&self) -> Vec<Offender> {
		vec![self.offender.clone()]
	}
	fn session_index(&self) -> SessionIndex {
		self.session_index
	}
	fn validator_set_count(&self) -> u32 {
		self.validator_set_count
	}
	fn slot(&self) -> u64 {
		self.slot
	}
	/// Any non-zero fraction: pallet-restaking slashes the risk council's equivocation
	/// fraction, not this one.
	fn slash_fraction(&self, _offenders_count: u32) -> Perbill {
		Perbill::one()
	}
}
