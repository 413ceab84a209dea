//! Aura equivocations: two different headers for the same slot, both sealed by one validator's
//! Aura key. Aura's client does not report them, so anyone holding the two headers calls
//! `restaking.reportBlockEquivocation` with a key-ownership proof
//! (`GrandpaApi`-style: pallet-session's historical proof of the Aura key); the offence goes
//! through pallet-offences to pallet-restaking, which slashes after the deferral.

use crate::{configs::consensus::SessionPeriod, AccountId, Header, Historical, Offences};
use codec::Encode;
use frame_support::traits::KeyOwnerProofSystem;
use pallet_restaking::{BlockEquivocationDetails, BlockEquivocationOffence, EquivocationError};
use sp_consensus_aura::{sr25519::AuthorityId as AuraId, AURA_ENGINE_ID};
use sp_consensus_slots::{EquivocationProof, Slot};
use sp_runtime::{traits::Header as _, RuntimeAppPublic};
use sp_staking::offence::{OffenceError, ReportOffence};

/// Checks Aura equivocation proofs against the historical session keys and reports them to
/// pallet-offences.
pub struct AuraEquivocation;

/// The slot a header claims (its Aura pre-runtime digest).
fn slot_of(header: &Header) -> Option<Slot> {
	header
		.digest()
		.logs()
		.iter()
		.find_map(|log| log.pre_runtime_try_to::<Slot>(&AURA_ENGINE_ID))
}

/// The hash `author` signed when sealing `header` (the Aura seal is the last digest item, over
/// the hash of the header without it), if the seal is `author`'s.
fn sealed_by(mut header: Header, author: &AuraId) -> Option<sp_core::H256> {
	let seal = header.digest_mut().pop()?;
	let signature =
		seal.seal_try_to::<sp_consensus_aura::sr25519::AuthoritySignature>(&AURA_ENGINE_ID)?;
	let pre_hash = header.hash();
	author.verify(&pre_hash.as_ref(), &signature).then_some(pre_hash)
}

/// Two different blocks for the proof's slot, both sealed by the offender. Blocks are compared
/// without their seals: sealing one block twice gives two signatures (sr25519 signing is
/// randomized) but is no equivocation.
pub fn check_aura_equivocation(proof: &EquivocationProof<Header, AuraId>) -> bool {
	let (Some(first), Some(second)) = (
		sealed_by(proof.first_header.clone(), &proof.offender),
		sealed_by(proof.second_header.clone(), &proof.offender),
	) else {
		return false;
	};
	first != second
		&& slot_of(&proof.first_header) == Some(proof.slot)
		&& slot_of(&proof.second_header) == Some(proof.slot)
}

impl pallet_restaking::BlockEquivocation<AccountId> for AuraEquivocation {
	type Proof = EquivocationProof<Header, AuraId>;
	type KeyOwnerProof = sp_session::MembershipProof;

	fn check(
		proof: &Self::Proof,
		key_owner_proof: Self::KeyOwnerProof,
	) -> Result<BlockEquivocationDetails<AccountId>, EquivocationError> {
		if !check_aura_equivocation(proof) {
			return Err(EquivocationError::InvalidProof);
		}
		// Sessions are periodic from genesis: the blocks must be in the session whose keys
		// the proof is for, so a key leaked after its owner rotated it cannot frame the owner.
		let session = key_owner_proof.session;
		let period = SessionPeriod::get();
		let in_session = |h: &Header| *h.number() / period == session;
		if !in_session(&proof.first_header) || !in_session(&proof.second_header) {
			return Err(EquivocationError::InvalidKeyOwnershipProof);
		}
		let validator_count = key_owner_proof.validator_count;
		let key = (sp_consensus_aura::sr25519::AuthorityId::ID, proof.offender.encode());
		let (offender, ()) = Historical::check_proof(key, key_owner_proof)
			.ok_or(EquivocationError::InvalidKeyOwnershipProof)?;
		Ok(BlockEquivocationDetails { offender, slot: *proof.slot, session, validator_count })
	}

	fn report(
		reporter: AccountId,
		d: BlockEquivocationDetails<AccountId>,
	) -> Result<(), OffenceError> {
		let offence = BlockEquivocationOffence {
			slot: d.slot,
			session_index: d.session,
			validator_set_count: d.validator_count,
			offender: (d.offender, ()),
		};
		<Offences as ReportOffence<AccountId, _, _>>::report_offence(alloc::vec![reporter], offence)
	}
}

/// Alice (the development validator, her Aura key from the benchmark keystore) seals two
/// blocks for slot 7.
#[cfg(feature = "runtime-benchmarks")]
pub fn benchmark_equivocation(
) -> Result<(AccountId, alloc::vec::Vec<u8>, alloc::vec::Vec<u8>), frame_benchmarking::BenchmarkError>
{
	use frame_benchmarking::BenchmarkError;
	use sp_runtime::{Digest, DigestItem};
	let key_type = sp_consensus_aura::sr25519::AuthorityId::ID;
	let aura: AuraId = sp_io::crypto::sr25519_generate(key_type, Some(b"//Alice".to_vec())).into();
	let header = |parent: u8| -> Result<Header, BenchmarkError> {
		let mut h = Header::new(
			1,
			Default::default(),
			Default::default(),
			sp_core::H256::repeat_byte(parent),
			Digest {
				logs: alloc::vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(7).encode())],
			},
		);
		let signature = sp_io::crypto::sr25519_sign(key_type, aura.as_ref(), h.hash().as_ref())
			.ok_or(BenchmarkError::Stop("Alice's Aura key is not in the benchmark keystore"))?;
		h.digest_mut().push(DigestItem::Seal(AURA_ENGINE_ID, signature.encode()));
		Ok(h)
	};
	let proof = EquivocationProof {
		offender: aura.clone(),
		slot: Slot::from(7),
		first_header: header(1)?,
		second_header: header(2)?,
	};
	let key_owner = Historical::prove((key_type, aura.encode()))
		.ok_or(BenchmarkError::Stop("Alice's Aura key validates no session to prove"))?;
	let who = pallet_session::KeyOwner::<crate::Runtime>::get((key_type, aura.encode()))
		.ok_or(BenchmarkError::Stop("Alice's Aura key has no owner"))?;
	Ok((who, proof.encode(), key_owner.encode()))
}
