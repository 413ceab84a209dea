//! A binary Merkle tree over the outbound messages of a block, and its proofs. Pure.
//!
//! Leaves are `blake2_256(SCALE(message))`; a parent is `blake2_256(left ++ right)`; a node
//! without a sibling moves up unchanged. The root of no leaves is zero.

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

fn parent(left: &H256, right: &H256) -> H256 {
	let mut bytes = [0u8; 64];
	bytes[..32].copy_from_slice(left.as_bytes());
	bytes[32..].copy_from_slice(right.as_bytes());
	H256(sp_io::hashing::blake2_256(&bytes))
}

/// The leaf hash of an encoded message.
pub fn leaf<M: Encode>(message: &M) -> H256 {
	H256(message.using_encoded(sp_io::hashing::blake2_256))
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
	fn small_trees_have_the_expected_shape() {
		let l = leaves(3);
		assert_eq!(root(&l), parent(&parent(&l[0], &l[1]), &l[2]));
		assert_eq!(root(&l[..1]), l[0]);
		assert_eq!(root(&[]), H256::zero());
	}
}
