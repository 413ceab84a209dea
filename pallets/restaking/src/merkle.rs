//! A binary Merkle tree over the outbound messages of a block, and its proofs. Pure.
//!
//! Leaves are `blake2_256(0x00 ++ SCALE(envelope))`; a parent is
//! `blake2_256(0x01 ++ left ++ right)`; a node without a sibling moves up unchanged. The root
//! of no leaves is zero. The tag bytes separate the two domains, so no leaf can pose as an
//! inner node (a second-preimage proof of a message that was never sent).
//!
//! Why not the `binary-merkle-tree` crate the build already has: it hashes leaves and inner
//! nodes with the same function and no tag, so a 64-byte leaf and an inner node share a
//! domain; its shape (an odd node moves up unchanged) is the same as this one's.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::H256;

/// A leaf's path to the root.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct MerkleProof {
	/// The leaf's position.
	pub leaf_index: u32,
	/// How many leaves the tree has.
	pub leaf_count: u32,
	/// Siblings from the leaf up, those that exist.
	pub siblings: Vec<H256>,
}

/// The tag of a leaf's preimage.
pub const LEAF_TAG: u8 = 0;
/// The tag of an inner node's preimage.
pub const NODE_TAG: u8 = 1;

fn parent(left: &H256, right: &H256) -> H256 {
	let mut bytes = [0u8; 65];
	bytes[0] = NODE_TAG;
	bytes[1..33].copy_from_slice(left.as_bytes());
	bytes[33..].copy_from_slice(right.as_bytes());
	H256(sp_io::hashing::blake2_256(&bytes))
}

/// The leaf hash of an encoded message.
pub fn leaf<M: Encode>(message: &M) -> H256 {
	H256((LEAF_TAG, message).using_encoded(sp_io::hashing::blake2_256))
}

fn up(level: &[H256]) -> Vec<H256> {
	level
		.chunks(2)
		.map(|pair| if pair.len() == 2 { parent(&pair[0], &pair[1]) } else { pair[0] })
		.collect()
}

/// The root of `leaves`.
pub fn root(leaves: &[H256]) -> H256 {
	if leaves.is_empty() {
		return H256::zero();
	}
	let mut level = leaves.to_vec();
	while level.len() > 1 {
		level = up(&level);
	}
	level[0]
}

/// The proof of leaf `index`, if it exists.
pub fn proof(leaves: &[H256], index: u32) -> Option<MerkleProof> {
	let count = leaves.len();
	if index as usize >= count {
		return None;
	}
	let mut siblings = Vec::new();
	let mut level = leaves.to_vec();
	let mut i = index as usize;
	while level.len() > 1 {
		let sibling = i ^ 1;
		if sibling < level.len() {
			siblings.push(level[sibling]);
		}
		level = up(&level);
		i /= 2;
	}
	Some(MerkleProof { leaf_index: index, leaf_count: count as u32, siblings })
}

/// Whether `leaf` is at `proof.leaf_index` of a tree with root `root`.
pub fn verify(root: H256, leaf: H256, proof: &MerkleProof) -> bool {
	if proof.leaf_index >= proof.leaf_count {
		return false;
	}
	let (mut hash, mut i, mut width) = (leaf, proof.leaf_index as usize, proof.leaf_count as usize);
	let mut siblings = proof.siblings.iter();
	while width > 1 {
		let sibling = i ^ 1;
		if sibling < width {
			let Some(s) = siblings.next() else { return false };
			hash = if i % 2 == 0 { parent(&hash, s) } else { parent(s, &hash) };
		}
		i /= 2;
		width = width.div_ceil(2);
	}
	siblings.next().is_none() && hash == root
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: u32) -> Vec<H256> {
		(0..n).map(|i| leaf(&i)).collect()
	}

	#[test]
	fn every_leaf_of_every_tree_size_proves_and_nothing_else_does() {
		for n in 1..=17 {
			let l = leaves(n);
			let r = root(&l);
			for i in 0..n {
				let p = proof(&l, i).unwrap();
				assert!(verify(r, l[i as usize], &p), "leaf {i} of {n}");
				// Another leaf, another position, another root: refused.
				assert!(!verify(r, leaf(&(n + 1)), &p));
				assert!(!verify(H256::repeat_byte(1), l[i as usize], &p));
				if n > 1 {
					let mut moved = p.clone();
					moved.leaf_index = (i + 1) % n;
					assert!(!verify(r, l[i as usize], &moved), "moved {i} of {n}");
				}
				let mut extra = p.clone();
				extra.siblings.push(H256::zero());
				assert!(!verify(r, l[i as usize], &extra));
			}
			assert!(proof(&l, n).is_none());
		}
	}

	#[test]
	fn an_inner_node_does_not_prove_as_a_leaf() {
		let l = leaves(4);
		let r = root(&l);
		// The left inner node, with the right one as its only sibling: a two-leaf proof.
		let inner = parent(&l[0], &l[1]);
		let forged =
			MerkleProof { leaf_index: 0, leaf_count: 2, siblings: vec![parent(&l[2], &l[3])] };
		assert_eq!(r, parent(&inner, &forged.siblings[0]));
		// A 64-byte "message" equal to the inner node's children: hashed like a node, its leaf
		// would be the inner node and the forged proof would verify. Tagged, it is refused.
		let mut preimage = [0u8; 64];
		preimage[..32].copy_from_slice(l[0].as_bytes());
		preimage[32..].copy_from_slice(l[1].as_bytes());
		assert!(verify(r, inner, &forged), "the inner node itself proves: why leaves need a tag");
		assert!(!verify(r, leaf(&preimage), &forged));
		assert_ne!(leaf(&0u32), H256(sp_io::hashing::blake2_256(&0u32.encode())));
	}

	#[test]
	fn small_trees_have_the_expected_shape() {
		let l = leaves(3);
		assert_eq!(root(&l), parent(&parent(&l[0], &l[1]), &l[2]));
		assert_eq!(root(&l[..1]), l[0]);
		assert_eq!(root(&[]), H256::zero());
	}
}
