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
			let (envelope, proof, r) = Restaking::outbound(n, i).unwrap();
			assert_eq!((r, envelope.id), (root, i as u64));
			assert!(merkle::verify(root, merkle::leaf(&envelope), &proof));
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

#[test]
fn three_times_a_blocks_worth_of_messages_all_arrive_in_order_and_producers_wait() {
	build_and_execute(|| {
		start_session(0);
		let mut relay = Relay::new();
		// Three attestations of sixteen messages the relay got wrong: 48 rejections, the
		// outbox's capacity and three blocks' worth.
		for _ in 0..3 {
			let wrong: Vec<_> = (0..16).map(|_| stake_changed(42, 1)).collect();
			let a = relay.attest(wrong);
			assert_ok!(Restaking::submit_attestation(
				relayer(),
				a.clone(),
				relay.sign(&a, &[0, 1, 2])
			));
		}
		assert_eq!(Restaking::outbox_room(), 0);
		// A fourth is refused until there is room; its nonce is not spent.
		let a = relay.attest(vec![stake_changed(1, 5_000 * E18)]);
		assert_noop!(
			Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])),
			Error::<Test>::OutboxFull
		);
		// A slash due now waits, its stake untouched.
		Restaking::report(&1, SlashKind::Equivocation, 0);
		start_session(2);
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 4_000 * E18);
		assert_eq!(PendingSlashes::<Test>::count(), 1);
		// Three blocks seal sixteen each, ids 0..48 in order, each proving.
		let mut ids = Vec::new();
		for _ in 0..3 {
			let n = System::block_number();
			next_block();
			let sealed = outbound_ids(n);
			assert_eq!(sealed.len(), 16);
			for (i, (id, _)) in sealed.iter().enumerate() {
				let (envelope, proof, root) = Restaking::outbound(n, i as u32).unwrap();
				assert_eq!(envelope.id, *id);
				assert!(merkle::verify(root, merkle::leaf(&envelope), &proof));
			}
			ids.extend(sealed.into_iter().map(|(id, _)| id));
		}
		assert_eq!(ids, (0..48).collect::<Vec<_>>());
		// With room again: the relay's attestation applies, the waiting slash at the next
		// session start.
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		start_session(3);
		assert_eq!(Operators::<Test>::get(1).unwrap().stake, 4_200 * E18);
		assert!(PendingSlashes::<Test>::count() == 0);
		assert_eq!(Slashed::<Test>::get(), 800 * E18, "20% of the 4,000 exposed at the report");
	});
}
