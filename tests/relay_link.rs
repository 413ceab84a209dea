//! The relay link end to end on the whole runtime, blocks built as a node builds them: a
//! relay simulator registers an operator by a threshold-signed attestation (relayed by a third
//! party), the operator registers session keys and opts in, becomes a validator at a later
//! session boundary, stays silent, is slashed for liveness for that session alone after the
//! deferral, and the relay
//! reads the slash from Ballast's outbound queue — root from the block header, message and
//! proof from the state — verifies it and applies it to its own ledger.

use ballast_integration_tests::{
	chain::{Chain, E18},
	relay::RelaySimulator,
};
use ballast_runtime::{genesis_config_presets, Runtime, RuntimeCall, RuntimeEvent};
use pallet_restaking::{OutboundMessage, RelayMessage, SlashKind};
use sp_keyring::Sr25519Keyring::{Alice, Eve, Ferdie};
use sp_runtime::Perbill;

const SESSION: u32 = 600;

/// Builds blocks up to `until`, Alice feeding the oracle every 50 blocks, the relay reading
/// (and verifying) every block's outbound messages, `each` run after each block. Returns the
/// first block that had messages.
fn run_with_relay(
	chain: &mut Chain,
	relay: &mut RelaySimulator,
	until: u32,
	mut each: impl FnMut(&mut Chain, u32),
) -> Option<u32> {
	let mut first = None;
	while chain.number() < until {
		let xts =
			if chain.number() % 50 == 0 { vec![chain.oracle_feed(Alice, 60_000)] } else { vec![] };
		let (header, _) = chain.next_block(xts);
		let n = header.number;
		let applied = chain.execute(|| {
			relay.read_outbound(&header, |i| {
				pallet_restaking::Pallet::<Runtime>::outbound_proof(n, i)
			})
		});
		if applied > 0 {
			first.get_or_insert(n);
		}
		each(chain, n);
	}
	first
}

#[test]
fn the_relay_registers_an_operator_and_applies_ballasts_proven_slash() {
	let mut chain = Chain::development();
	let alice = Alice.to_account_id();
	let eve = Eve.to_account_id();
	let mut relay =
		RelaySimulator::development(&[(alice.clone(), genesis_config_presets::GENESIS_STAKE)]);

	// Block 1: the relay registers Eve with 50,000,000 (Ferdie relays it); Eve sets her keys.
	let now = chain.execute(pallet_timestamp::Now::<Runtime>::get);
	let attestation = chain.execute(|| {
		relay.attest(
			now,
			vec![RelayMessage::OperatorRegistered {
				operator: eve.clone(),
				stake: 50_000_000 * E18,
			}],
		)
	});
	let relayed = chain.signed(Ferdie, attestation);
	let (keys, proof) = chain.session_keys(Eve);
	let set_keys =
		chain.signed(Eve, RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof }));
	let (_, events) = chain.next_block(vec![relayed, set_keys]);
	assert!(events.iter().any(|e| matches!(
		e,
		RuntimeEvent::Restaking(pallet_restaking::Event::AttestationApplied {
			nonce: 1,
			messages: 1
		})
	)));

	// Block 2: Eve opts in; the risk origin (sudo on a development chain) shortens the
	// liveness window to 30 minutes and the deferral to one session.
	let mut params = genesis_config_presets::restaking_params();
	params.liveness_window = 30 * 60 * 1000;
	params.slash_deferral = 1;
	let set_params = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
		call: Box::new(RuntimeCall::Restaking(pallet_restaking::Call::set_params { params })),
	});
	let opt_in = chain.signed(Eve, RuntimeCall::Restaking(pallet_restaking::Call::opt_in {}));
	let sudo = chain.signed(Alice, set_params);
	chain.next_block(vec![opt_in, sudo]);
	assert!(chain.execute(|| pallet_restaking::Operators::<Runtime>::get(&eve).unwrap().opted_in));

	// Alice feeds the oracle every 50 blocks; Eve never does. Eve was planned at session 1's
	// start into session 2: she validates session 2 only from its start, and is judged for
	// that session alone at session 3's start. The slash applies at session 4's start (one
	// session of deferral from the offence, and never before the session after the report).
	let slashed_in = run_with_relay(&mut chain, &mut relay, 4 * SESSION + 1, |chain, n| {
		if n == 2 * SESSION {
			let validators = chain.execute(pallet_session::Validators::<Runtime>::get);
			assert_eq!(validators.len(), 2, "{validators:?}");
			assert!(validators.contains(&eve));
		}
		if n == 3 * SESSION {
			// Judged for session 2, the only one she validated: chilled, out of session 4.
			let reported = chain.execute(|| {
				pallet_restaking::PendingSlashes::<Runtime>::iter()
					.map(|(_, s)| (s.operator, s.kind, s.offence_session, s.apply_at))
					.collect::<Vec<_>>()
			});
			assert_eq!(reported, vec![(eve.clone(), SlashKind::Liveness, 2, 4)]);
			assert!(!chain
				.execute(|| pallet_restaking::Operators::<Runtime>::get(&eve).unwrap().opted_in));
		}
	});

	assert_eq!(slashed_in, Some(4 * SESSION));
	let slash = 50_000_000 * E18 / 100;
	assert_eq!(relay.slashes, vec![(eve.clone(), slash)]);
	let ballast =
		chain.execute(|| pallet_restaking::Operators::<Runtime>::get(&eve).unwrap().stake);
	assert_eq!(ballast, 50_000_000 * E18 - slash);
	assert_eq!(relay.stake[&eve], ballast, "the relay's ledger and Ballast's agree");
	assert_eq!(relay.stake[&alice], genesis_config_presets::GENESIS_STAKE, "Alice stayed live");
	let (envelope, _, _) = chain
		.execute(|| pallet_restaking::Pallet::<Runtime>::outbound_proof(4 * SESSION, 0))
		.expect("kept for the relay");
	assert_eq!(
		envelope.message,
		OutboundMessage::Slash { operator: eve.clone(), amount: slash, kind: SlashKind::Liveness }
	);
	let spans = chain.execute(|| pallet_restaking::SlashSpans::<Runtime>::get(&eve));
	assert_eq!(
		spans.iter().map(|s| (s.start, s.applied)).collect::<Vec<_>>(),
		vec![(0, Perbill::from_percent(1)), (4, Perbill::zero())],
		"session 2's span paid 1%; the next span starts after the report"
	);
}

#[test]
fn the_relay_receives_each_eras_lease_with_proofs_while_the_escrow_holds_it() {
	use ballast_primitives::fixed::Fixed18;
	use frame_support::traits::{fungible::NativeOrWithId, fungibles::Inspect};
	use sp_keyring::Sr25519Keyring::{Bob, Charlie};
	const ERA: u32 = 6 * SESSION;
	let mut chain = Chain::development();
	let alice = Alice.to_account_id();
	let mut relay =
		RelaySimulator::development(&[(alice.clone(), genesis_config_presets::GENESIS_STAKE)]);
	let usdc = NativeOrWithId::WithId(1);

	// Blocks 1–3: BTC is priced, Charlie funds the vault, Bob buys 0.1 BTC perpetual from it.
	let feed = chain.oracle_feed(Alice, 60_000);
	chain.next_block(vec![feed]);
	let fund = chain.signed(
		Charlie,
		RuntimeCall::SharedCollateral(pallet_shared_collateral::Call::vault_deposit {
			amount: 100_000_000_000,
		}),
	);
	let deposit = chain.signed(
		Bob,
		RuntimeCall::SharedCollateral(pallet_shared_collateral::Call::deposit {
			sub: 0,
			asset: usdc.clone(),
			amount: 20_000_000_000,
		}),
	);
	chain.next_block(vec![fund, deposit]);
	let trade = chain.signed(
		Bob,
		RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::trade_with_vault {
			sub: 0,
			instrument: 0,
			size: Fixed18(E18 as i128 / 10),
			limit_price: Fixed18(61_000 * E18 as i128),
		}),
	);
	chain.next_block(vec![trade]);
	let lease = chain.execute(pallet_shared_collateral::LeaseFund::<Runtime>::get);
	// A tenth of the 0.03% taker fee on 6,000 of notional: 0.18 USDC.
	assert_eq!(lease, 180_000);

	// To the end of era 0 (six sessions), Alice feeding the oracle, the relay reading every
	// block's outbound messages.
	let paid_in = run_with_relay(&mut chain, &mut relay, ERA, |_, _| {});
	assert_eq!(paid_in, Some(ERA), "paid in the first block of era 1");
	let value = lease * 1_000_000_000_000;
	assert_eq!(relay.rewards, vec![(alice, value)]);
	let escrow = chain.execute(|| {
		<Runtime as pallet_shared_collateral::Config>::Assets::balance(
			usdc,
			&<Runtime as pallet_shared_collateral::Config>::LeaseEscrow::get(),
		)
	});
	assert_eq!(escrow, lease, "what the relay was told is what left the pool");
	assert_eq!(chain.execute(pallet_shared_collateral::LeaseFund::<Runtime>::get), 0);
	assert_eq!(chain.execute(pallet_restaking::LeasePaid::<Runtime>::get), value);
}

#[test]
fn a_bad_message_never_blocks_the_link_and_an_operator_that_left_frees_its_slot() {
	use pallet_restaking::Error;
	let mut chain = Chain::development();
	let alice = Alice.to_account_id();
	let (eve, ferdie) = (Eve.to_account_id(), Ferdie.to_account_id());
	let mut relay =
		RelaySimulator::development(&[(alice.clone(), genesis_config_presets::GENESIS_STAKE)]);
	let submit = |chain: &mut Chain, relay: &mut RelaySimulator, at: u64, messages| {
		let call = chain.execute(|| relay.attest(at, messages));
		let xt = chain.signed(Ferdie, call);
		let (header, events) = chain.next_block(vec![xt]);
		let n = header.number;
		chain.execute(|| {
			relay.read_outbound(&header, |i| {
				pallet_restaking::Pallet::<Runtime>::outbound_proof(n, i)
			})
		});
		events
	};
	let failed = |events: &[RuntimeEvent]| {
		events.iter().find_map(|e| match e {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => Some(*dispatch_error),
			_ => None,
		})
	};
	chain.next_block(vec![]);
	let t = chain.execute(pallet_timestamp::Now::<Runtime>::get);

	// Three minutes ahead of the chain's clock (two allowed): refused whole, nonce unspent.
	let register =
		RelayMessage::OperatorRegistered { operator: eve.clone(), stake: 50_000_000 * E18 };
	let events = submit(&mut chain, &mut relay, t + 3 * 60_000, vec![register.clone()]);
	assert_eq!(failed(&events), Some(Error::<Runtime>::FutureTimestamp.into()));
	assert_eq!(chain.execute(pallet_restaking::LastNonce::<Runtime>::get), 0);
	relay.nonce -= 1;

	// Re-signed at the right time, with a message about an unknown operator beside it: Eve is
	// registered, the other message is rejected, and the relay reads which one.
	let unknown = RelayMessage::StakeChanged { operator: ferdie.clone(), stake: 1 };
	let events = submit(&mut chain, &mut relay, t, vec![register, unknown]);
	assert_eq!(failed(&events), None);
	assert_eq!(relay.rejected, vec![(1, 1)]);
	// An unbonding released after a day (a week is required) is rejected; stake stays bonded.
	let early =
		RelayMessage::Unbonding { operator: eve.clone(), amount: E18, until: t + 86_400_000 };
	submit(&mut chain, &mut relay, t, vec![early]);
	assert_eq!(relay.rejected, vec![(1, 1), (2, 0)]);
	let stake = chain.execute(|| pallet_restaking::Operators::<Runtime>::get(&eve).unwrap().stake);
	assert_eq!(stake, 50_000_000 * E18);
	// Eve cannot leave while her stake is slashable; once the relay reports it withdrawn she
	// does, and Ferdie registers in her slot.
	let leave = RelayMessage::OperatorDeregistered { operator: eve.clone() };
	submit(&mut chain, &mut relay, t, vec![leave.clone()]);
	assert_eq!(relay.rejected.last(), Some(&(3, 0)));
	let count = chain.execute(pallet_restaking::Operators::<Runtime>::count);
	let withdrawn = RelayMessage::StakeChanged { operator: eve.clone(), stake: 0 };
	let ferdie_joins = RelayMessage::OperatorRegistered { operator: ferdie.clone(), stake: E18 };
	submit(&mut chain, &mut relay, t, vec![withdrawn, leave, ferdie_joins]);
	assert_eq!(relay.rejected.len(), 3, "all three applied");
	assert!(chain.execute(|| pallet_restaking::Operators::<Runtime>::get(&eve)).is_none());
	assert_eq!(chain.execute(pallet_restaking::Operators::<Runtime>::count), count);
	assert_eq!(chain.execute(pallet_restaking::LastNonce::<Runtime>::get), 4);
	chain
		.execute(|| pallet_restaking::Pallet::<Runtime>::do_try_state())
		.expect("accounting holds");
}
