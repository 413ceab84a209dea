//! A relay chain simulator: its own ledger of restaked stake, its bridge authorities' keys,
//! attestations signed by a threshold of them, and the outbound link read back — each
//! block's Merkle root from the Ballast header, each message proved against it before the
//! relay applies it to its ledger.

use ballast_runtime::{Header, Runtime, RuntimeCall};
use codec::Decode;
use pallet_restaking::{
	merkle, Attestation, Envelope, OutboundMessage, RelayMessage, OUTBOUND_TAG,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, AccountId32, DigestItem};
use std::collections::BTreeMap;

/// The relay: stake per operator, the bridge keys, the next nonce.
pub struct RelaySimulator {
	/// Restaked stake per operator, as the relay's ledger has it.
	pub stake: BTreeMap<AccountId32, u128>,
	/// Slashes the relay applied, from Ballast's outbound messages.
	pub slashes: Vec<(AccountId32, u128)>,
	/// Rewards the relay paid.
	pub rewards: Vec<(AccountId32, u128)>,
	/// Messages of its attestations Ballast rejected: (nonce, index).
	pub rejected: Vec<(u64, u32)>,
	/// The id of the last message read: ids must increase by one, none skipped or repeated.
	pub last_id: Option<u64>,
	authorities: Vec<Sr25519Keyring>,
	threshold: usize,
	/// The nonce of the last attestation signed (re-sign one Ballast refused by lowering it).
	pub nonce: u64,
}

impl RelaySimulator {
	/// The development bridge (Alice, Bob, Charlie; two sign) and the genesis operators.
	pub fn development(operators: &[(AccountId32, u128)]) -> Self {
		Self {
			stake: operators.iter().cloned().collect(),
			slashes: Vec::new(),
			rewards: Vec::new(),
			rejected: Vec::new(),
			last_id: None,
			authorities: vec![Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie],
			threshold: 2,
			nonce: 0,
		}
	}

	/// An attestation of `messages` at relay time `now`, signed by the threshold, as a
	/// `restaking.submit_attestation` call (to be evaluated on Ballast's state for the
	/// signing hash: call inside `Chain::execute`).
	pub fn attest(
		&mut self,
		now: u64,
		messages: Vec<pallet_restaking::RelayMessageOf<Runtime>>,
	) -> RuntimeCall {
		for m in &messages {
			match m {
				RelayMessage::OperatorRegistered { operator, stake }
				| RelayMessage::StakeChanged { operator, stake } => {
					self.stake.insert(operator.clone(), *stake);
				},
				_ => {},
			}
		}
		self.nonce += 1;
		let attestation: pallet_restaking::AttestationOf<Runtime> = Attestation {
			nonce: self.nonce,
			timestamp: now,
			messages: messages.try_into().unwrap(),
		};
		let hash = pallet_restaking::Pallet::<Runtime>::signing_hash(&attestation);
		let signatures: Vec<_> = self.authorities[..self.threshold]
			.iter()
			.enumerate()
			.map(|(i, k)| (i as u32, k.sign(&hash)))
			.collect();
		RuntimeCall::Restaking(pallet_restaking::Call::submit_attestation {
			attestation,
			signatures: signatures.try_into().unwrap(),
		})
	}

	/// The outbound root a Ballast header carries, if any.
	pub fn root_in(header: &Header) -> Option<H256> {
		header.digest().logs().iter().find_map(|log| match log {
			DigestItem::Other(bytes) => {
				let (tag, root) = <([u8; 4], H256)>::decode(&mut &bytes[..]).ok()?;
				(tag == *OUTBOUND_TAG).then_some(root)
			},
			_ => None,
		})
	}

	/// Reads block `header`'s outbound messages (from Ballast's state, with their proofs),
	/// checks each against the header's root and applies it to the ledger. Returns how many it
	/// applied; panics on a message that does not prove.
	pub fn read_outbound(
		&mut self,
		header: &Header,
		fetch: impl Fn(u32) -> Option<(Envelope<AccountId32>, merkle::MerkleProof, H256)>,
	) -> usize {
		let Some(root) = Self::root_in(header) else { return 0 };
		let mut applied = 0;
		while let Some((envelope, proof, stored_root)) = fetch(applied as u32) {
			assert_eq!(stored_root, root, "the state's root is the header's");
			assert!(
				merkle::verify(root, merkle::leaf(&envelope), &proof),
				"message {applied} of block {} does not prove",
				header.number
			);
			let expected = self.last_id.map_or(0, |id| id + 1);
			assert_eq!(envelope.id, expected, "message ids run on without gaps or repeats");
			self.last_id = Some(envelope.id);
			match envelope.message {
				OutboundMessage::Slash { operator, amount, .. } => {
					let stake = self.stake.entry(operator.clone()).or_default();
					*stake = stake.saturating_sub(amount);
					self.slashes.push((operator, amount));
				},
				OutboundMessage::Reward { operator, amount, .. } => {
					self.rewards.push((operator, amount));
				},
				OutboundMessage::Rejected { nonce, index } => {
					self.rejected.push((nonce, index));
				},
			}
			applied += 1;
		}
		applied
	}
}
