//! The outbound relay link: messages of each block under a Merkle root that the block's header
//! carries, kept for `OutboundRetention` blocks so the relay can fetch them with proofs.

use crate::{merkle, pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::DigestItem;

/// The header digest's tag for the outbound root: `DigestItem::Other(OUTBOUND_TAG ++ root)`.
pub const OUTBOUND_TAG: &[u8; 4] = b"blst";

impl<T: Config> Pallet<T> {
	/// Queues a message for this block's root.
	pub(crate) fn send(message: OutboundMessage<T::AccountId>) {
		OutboundQueue::<T>::mutate(|q| {
			if q.try_push(message.clone()).is_err() {
				// Full for this block: carry it to the next.
				Overflow::<T>::mutate(|o| {
					let _ = o.try_push(message);
				});
			}
		});
	}

	/// Seals this block's messages: stores them and their root, and puts the root in the
	/// header. Prunes the oldest block beyond the retention.
	pub(crate) fn seal_outbound(n: BlockNumberFor<T>) {
		let messages = OutboundQueue::<T>::take();
		if messages.is_empty() {
			return;
		}
		let leaves: Vec<H256> = messages.iter().map(merkle::leaf).collect();
		let root = merkle::root(&leaves);
		OutboundRoots::<T>::insert(n, root);
		OutboundMessages::<T>::insert(n, messages);
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

	/// Moves messages that did not fit last block into this one.
	pub(crate) fn drain_overflow() {
		let overflow = Overflow::<T>::take();
		OutboundQueue::<T>::mutate(|q| {
			for m in overflow {
				if q.try_push(m.clone()).is_err() {
					Overflow::<T>::mutate(|o| {
						let _ = o.try_push(m);
					});
				}
			}
		});
	}

	/// Message `index` of block `block` with its proof against the block's root.
	pub fn outbound_proof(
		block: BlockNumberFor<T>,
		index: u32,
	) -> Option<(OutboundMessage<T::AccountId>, merkle::MerkleProof, H256)> {
		let messages = OutboundMessages::<T>::get(block)?;
		let leaves: Vec<H256> = messages.iter().map(merkle::leaf).collect();
		let proof = merkle::proof(&leaves, index)?;
		let root = OutboundRoots::<T>::get(block)?;
		Some((messages.get(index as usize)?.clone(), proof, root))
	}
}
