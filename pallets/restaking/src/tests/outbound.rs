//! The outbound queue: per-block roots in the header, proofs, retention.

use super::*;
use crate::merkle;
use codec::Encode;
use sp_runtime::DigestItem;

fn slash_now(who: AccountId) {
	let _ = Restaking::report(&who, SlashKind::Equivocation, CurrentSession::<Test>::get());
}

#[test]
fn each_message_proves_against_the_root_in_its_block_header() {
	build_and_execute(|| {
		start_session(0);
		for who in 1..=3 {
			slash_now(who);
		}
		start_session(2);
		let n = System::block_number();
		next_block();
		let root = OutboundRoots::<Test>::get(n).unwrap();
		// The header of block n carries the root (what the relay reads).
		let logged = System::digest()
			.logs
			.iter()
			.any(|l| *l == DigestItem::Other((OUTBOUND_TAG, root).encode()));
		assert!(logged, "the root is in the block's digest");
		for i in 0..3 {
			let (message, proof, r) = Restaking::outbound(n, i).unwrap();
			assert_eq!(r, root);
			assert!(merkle::verify(root, merkle::leaf(&message), &proof));
		}
		assert!(Restaking::outbound(n, 3).is_none());
	});
}

#[test]
fn old_blocks_are_pruned_after_the_retention() {
	build_and_execute(|| {
		start_session(0);
		slash_now(1);
		start_session(2);
		let first = System::block_number();
		next_block();
		// Blocks without messages keep nothing; retention counts blocks with messages (3).
		next_block();
		assert_eq!(OutboundBlocks::<Test>::get().into_inner(), vec![first]);
		for _ in 0..3 {
			Restaking::report(&1, SlashKind::Liveness, CurrentSession::<Test>::get());
			let s = CurrentSession::<Test>::get();
			start_session(s + 2);
			next_block();
		}
		assert_eq!(OutboundBlocks::<Test>::get().len(), 3);
		assert!(OutboundRoots::<Test>::get(first).is_none(), "the oldest was pruned");
		assert!(OutboundMessages::<Test>::get(first).is_none());
	});
}
