//! What a fuzz input decodes into: a sequence of SCALE-encoded [`Step`]s, read one at a time
//! until the bytes run out or stop decoding. A [`Step::NextBlock`] ends the block being built;
//! everything else happens in it, in order.

use ballast_primitives::fixed::Fixed18;
use ballast_runtime::{Runtime, RuntimeCall};
use codec::{Decode, DecodeLimit, Encode};

/// How deep a decoded call may nest (a batch in a batch…).
pub const MAX_DEPTH: u32 = 16;
/// At most this many steps are read from one input.
pub const MAX_STEPS: usize = 1_000;
/// At most this many blocks are built for one input (the rest is ignored), so that one input
/// runs in well under a second.
pub const MAX_BLOCKS: usize = 128;

/// One thing that happens on the chain.
#[derive(Clone, Debug, Encode, Decode)]
pub enum Step {
	/// Ends the block being built. The next starts `slots` slots (6 s each, at least one)
	/// later — a large value is a chain that stalled — and the validators in the bitmask
	/// `feeders` (by their place in the session) feed the oracle first.
	NextBlock {
		/// Slots to the next block.
		slots: u16,
		/// Which of the session's validators feed it.
		feeders: u8,
	},
	/// The market moves feed `feed` (modulo the feeds) by `permille` per mille; the feeds of
	/// the next blocks print it. A wick is a move and its reverse.
	Move {
		/// Which feed.
		feed: u8,
		/// The move, per mille (−1000 and below take it to a millionth of what it was).
		permille: i16,
	},
	/// Validator `operator` (modulo the session's) prints `1000 + permille` per mille of the
	/// market from now on (0: it tells the truth again).
	Lie {
		/// Which validator.
		operator: u8,
		/// Its error, per mille.
		permille: i16,
	},
	/// `call` signed by account `who` (modulo [`crate::fuzz::world::ACCOUNTS`]); with `who` = 255
	/// dispatched as Root through sudo, for the calls of Ballast's own pallets only.
	Call {
		/// Who signs it.
		who: u8,
		/// What it calls, with whatever arguments decoded.
		call: RuntimeCall,
	},
	/// Two orders, each signed by its owner, matched for `fill` by `relayer`.
	Match {
		/// Who submits the match.
		relayer: u8,
		/// The first order.
		first: OrderSpec,
		/// The second order.
		second: OrderSpec,
		/// The size to fill.
		fill: Fixed18,
	},
	/// A relay attestation of `messages`, dated `lag_ms` before Ballast's time and signed by
	/// the bridge's threshold (a rotation of the bridge keys is left out: the relay would lose
	/// its own keys).
	Attest {
		/// How old the attestation is.
		lag_ms: u32,
		/// What the relay says happened.
		messages: Vec<pallet_restaking::RelayMessageOf<Runtime>>,
	},
	/// The keeper (Alice's offchain worker) runs on this block; what it submits goes into the
	/// next.
	Keeper,
	/// The session ends at the start of the next block, as if its hour had passed.
	EndSession,
	/// A view function of a Ballast pallet (`function` modulo them all) on SCALE `input`.
	View {
		/// Which view function.
		function: u8,
		/// Its encoded arguments.
		input: Vec<u8>,
	},
}

/// An order a trader signs off-chain.
#[derive(Clone, Debug, Encode, Decode)]
pub struct OrderSpec {
	/// Its owner (modulo [`crate::fuzz::world::ACCOUNTS`]).
	pub owner: u8,
	/// The owner's subaccount.
	pub sub: u16,
	/// The instrument.
	pub instrument: u32,
	/// Contracts: long > 0.
	pub size: Fixed18,
	/// The limit price.
	pub price: Fixed18,
	/// How long before the block it was placed (ms).
	pub placed_ago_ms: u32,
	/// How long it lives from then (ms).
	pub lifetime_ms: u32,
	/// The owner's nonce.
	pub nonce: u64,
}

/// The steps an input holds: as many as decode, up to [`MAX_STEPS`].
pub fn decode(mut data: &[u8]) -> Vec<Step> {
	let mut steps = Vec::new();
	while !data.is_empty() && steps.len() < MAX_STEPS {
		match Step::decode_with_depth_limit(MAX_DEPTH, &mut data) {
			Ok(step) => steps.push(step),
			Err(_) => break,
		}
	}
	steps
}

/// The input that decodes into `steps`.
pub fn encode(steps: &[Step]) -> Vec<u8> {
	steps.iter().flat_map(Encode::encode).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn steps_round_trip_and_garbage_ends_the_input() {
		let steps = vec![
			Step::Move { feed: 0, permille: -300 },
			Step::NextBlock { slots: 1, feeders: 0xff },
			Step::Keeper,
		];
		let mut bytes = encode(&steps);
		// A byte that is no step's index ends the input there.
		bytes.push(0xee);
		bytes.extend(encode(&steps));
		let decoded = decode(&bytes);
		assert_eq!(decoded.len(), 3);
		assert_eq!(encode(&decoded), encode(&steps));
	}
}
