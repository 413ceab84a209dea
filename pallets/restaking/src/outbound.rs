//! The outbound relay link: every message gets the next id and waits in the outbox
//! ([`Outbox`]); each block seals up to `MaxOutbound` of them, oldest first, under a Merkle
//! root that the block's header carries, and keeps them `OutboundRetention` blocks so the
//! relay can fetch them with proofs.
//!
//! Nothing is dropped: a message is only produced with room for it. Producers wait when the
//! outbox holds `MaxOutbox` messages: due slashes stay pending (their stake untouched) until a
//! later session start, the lease is paid with the next era's, and attestations are refused
//! (`OutboxFull`) until the relay retries.

use crate::{merkle, pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::DigestItem;

/// The header digest's tag for the outbound root: `DigestItem::Other(OUTBOUND_TAG ++ root)`.
pub const OUTBOUND_TAG: &[u8; 4] = b"blst";

impl<T: Config> Pallet<T> {
	/// How many more messages the outbox takes.
	pub fn outbox_room() -> u32 {
		let waiting = NextMessageId::<T>::get().saturating_sub(OutboxHead::<T>::get());
		(T::MaxOutbox::get() as u64).saturating_sub(waiting) as u32
	}

	/// Puts a message in the outbox with the next id. Producers check [`Self::outbox_room`]
	/// first; the message is kept even beyond it, never dropped.
	pub(crate) fn send(message: OutboundMessage<T::AccountId>) {
		let id = NextMessageId::<T>::mutate(|n| {
			let id = *n;
			*n = n.saturating_add(1);
			id
		});
		Outbox::<T>::insert(id, message);
	}

	/// Seals up to `MaxOutbound` waiting messages in block `n`: stores them and their root,
	/// and puts the root in the header. Prunes the oldest block beyond the retention.
	pub(crate) fn seal_outbound(n: BlockNumberFor<T>) {
		let head = OutboxHead::<T>::get();
		let end = NextMessageId::<T>::get().min(head.saturating_add(T::MaxOutbound::get() as u64));
		if head == end {
			return;
		}
		let envelopes: Vec<Envelope<T::AccountId>> = (head..end)
			.filter_map(|id| Outbox::<T>::take(id).map(|message| Envelope { id, message }))
			.collect();
		OutboxHead::<T>::put(end);
		let leaves: Vec<H256> = envelopes.iter().map(merkle::leaf).collect();
		let root = merkle::root(&leaves);
		OutboundRoots::<T>::insert(n, root);
		// At most `MaxOutbound` by construction.
		OutboundMessages::<T>::insert(n, BoundedVec::truncate_from(envelopes));
		frame_system::Pallet::<T>::deposit_log(DigestItem::Other((OUTBOUND_TAG, root).encode()));
		Self::deposit_event(Event::OutboundSealed {
			block: n,
			root,
			messages: leaves.len() as u32,
		});
		OutboundBlocks::<T>::mutate(|blocks| {
			if blocks.is_full() {
				let oldest = blocks.remove(0);
				OutboundRoots::<T>::remove(oldest);
				OutboundMessages::<T>::remove(oldest);
			}
			let _ = blocks.try_push(n);
		});
	}

	/// Message `index` of block `block` with its proof against the block's root.
	pub fn outbound_proof(
		block: BlockNumberFor<T>,
		index: u32,
	) -> Option<(Envelope<T::AccountId>, merkle::MerkleProof, H256)> {
		let messages = OutboundMessages::<T>::get(block)?;
		let leaves: Vec<H256> = messages.iter().map(merkle::leaf).collect();
		let proof = merkle::proof(&leaves, index)?;
		let root = OutboundRoots::<T>::get(block)?;
		Some((messages.get(index as usize)?.clone(), proof, root))
	}
}
