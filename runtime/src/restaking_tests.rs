//! Leased security as configured: the genesis validators are restaked operators, the relay's
//! development bridge (Alice, Bob, Charlie; two must sign) attests stake, and the margin engine
//! follows the security budget.

use crate::{
	genesis_config_presets::{self, GENESIS_STAKE},
	tests::chain,
	Runtime, RuntimeOrigin,
};
use ballast_primitives::{fixed::Fixed18, FeedKey, FeedKind};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use pallet_restaking::{Attestation, RelayMessage};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie};

type Restaking = pallet_restaking::Pallet<Runtime>;
const E18: u128 = 1_000_000_000_000_000_000;

/// The relay's bridge authorities sign attestation `nonce` of `messages`.
fn attest(
	nonce: u64,
	messages: Vec<pallet_restaking::RelayMessageOf<Runtime>>,
	signers: &[(u32, Sr25519Keyring)],
) {
	let attestation: pallet_restaking::AttestationOf<Runtime> = Attestation {
		nonce,
		timestamp: pallet_timestamp::Now::<Runtime>::get(),
		messages: messages.try_into().unwrap(),
	};
	let hash = Restaking::signing_hash(&attestation);
	let signatures: BoundedVec<_, _> = signers
		.iter()
		.map(|(i, k)| (*i, k.sign(&hash)))
		.collect::<Vec<_>>()
		.try_into()
		.unwrap();
	assert_ok!(Restaking::submit_attestation(
		RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
		attestation,
		signatures
	));
}

fn publish_btc(spot: u128) {
	let feed = |underlying, kind| FeedKey { underlying, kind };
	assert_ok!(crate::Restaking::feed_values(
		RuntimeOrigin::signed(Alice.to_account_id()),
		vec![
			(feed(genesis_config_presets::underlyings::BTC, FeedKind::Spot), spot * E18),
			(feed(genesis_config_presets::underlyings::BTC, FeedKind::ImpliedVol), 6 * E18 / 10),
			(feed(genesis_config_presets::underlyings::USDC, FeedKind::Spot), E18),
		]
		.try_into()
		.unwrap(),
	));
}

/// BTC at 60,000; Charlie puts 100,000 USDC in the vault; Bob deposits 20,000 USDC and buys
/// 0.1 BTC perpetual from the vault.
fn bob_buys_a_tenth_of_a_btc_perpetual_from_the_vault() {
	let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(1);
	let bob = || RuntimeOrigin::signed(Bob.to_account_id());
	pallet_timestamp::Now::<Runtime>::put(1_000_000);
	publish_btc(60_000);
	assert_ok!(crate::SharedCollateral::vault_deposit(
		RuntimeOrigin::signed(Charlie.to_account_id()),
		100_000_000_000
	));
	assert_ok!(crate::SharedCollateral::deposit(bob(), 0, usdc, 20_000_000_000));
	assert_ok!(crate::PortfolioMargin::trade_with_vault(
		bob(),
		0,
		0,
		Fixed18(E18 as i128 / 10),
		Fixed18(61_000 * E18 as i128)
	));
}

#[test]
fn the_genesis_validators_are_restaked_operators_and_the_budget_is_ample() {
	chain("local_testnet").execute_with(|| {
		let validators = pallet_session::Validators::<Runtime>::get();
		assert_eq!(validators.len(), 4);
		for v in &validators {
			let o = pallet_restaking::Operators::<Runtime>::get(v).expect("an operator");
			assert_eq!((o.stake, o.opted_in), (GENESIS_STAKE, true));
		}
		let mut active = pallet_restaking::ActiveSet::<Runtime>::get().into_inner();
		let mut sorted = validators.clone();
		active.sort();
		sorted.sort();
		assert_eq!(active, sorted);
		// Four validators of equal stake: the oracle median takes two (10% slash each), a
		// third of GRANDPA two (20% each): the oracle is the cheaper, 2 × 10% of the stake.
		let s = Restaking::security_status();
		assert_eq!(s.cost_of_corruption, 2 * GENESIS_STAKE / 10);
		assert_eq!(s.margin_factor, Fixed18::ONE);
		assert!(s.open_interest_allowed);
	});
}

#[test]
fn stake_withdrawn_on_the_relay_raises_margin_and_caps_new_open_interest() {
	chain("development").execute_with(|| {
		let bob = || RuntimeOrigin::signed(Bob.to_account_id());
		bob_buys_a_tenth_of_a_btc_perpetual_from_the_vault();
		let before = crate::PortfolioMargin::margin(Bob.to_account_id(), 0).unwrap();
		// Secured: 120,000 in the pool + 0.1 BTC of open interest; Alice's 10,000,000,000 × 10% guards it.
		let secured = Restaking::security_status().value_secured;
		assert!(secured > 120_000 * E18 && secured < 130_000 * E18, "{secured}");
		// A minority of the bridge cannot speak for the relay.
		let withdraw = || {
			vec![RelayMessage::StakeChanged {
				operator: Alice.to_account_id(),
				stake: 500_000 * E18,
			}]
		};
		let attestation: pallet_restaking::AttestationOf<Runtime> = Attestation {
			nonce: 1,
			timestamp: 1_000_000,
			messages: withdraw().try_into().unwrap(),
		};
		let hash = Restaking::signing_hash(&attestation);
		assert_noop!(
			Restaking::submit_attestation(
				bob(),
				attestation,
				vec![(0, Alice.sign(&hash))].try_into().unwrap()
			),
			pallet_restaking::Error::<Runtime>::ThresholdNotMet
		);
		// Alice withdraws all but 500,000 on the relay: 50,000 now guards ~126,000.
		attest(1, withdraw(), &[(0, Alice), (2, Charlie)]);
		let s = Restaking::security_status();
		assert_eq!(s.cost_of_corruption, 50_000 * E18);
		assert!(!s.open_interest_allowed);
		let after = crate::PortfolioMargin::margin(Bob.to_account_id(), 0).unwrap();
		assert_eq!(after.maintenance, before.maintenance);
		// Initial margin × (1.0 / ratio) ≈ × 2.5.
		let expected = before.initial.checked_mul(s.margin_factor).unwrap();
		assert!(after.initial.0.abs_diff(expected.0) <= 1, "{after:?} vs {expected:?}");
		assert!(s.margin_factor > Fixed18(2 * Fixed18::ONE.0));
		assert_noop!(
			crate::PortfolioMargin::trade_with_vault(
				bob(),
				0,
				0,
				Fixed18(E18 as i128 / 10),
				Fixed18(61_000 * E18 as i128)
			),
			pallet_portfolio_margin::Error::<Runtime>::SecurityCapReached
		);
		// Reducing the position is still allowed.
		assert_ok!(crate::PortfolioMargin::trade_with_vault(
			bob(),
			0,
			0,
			Fixed18(-(E18 as i128) / 20),
			Fixed18(1)
		));
	});
}

/// Alice's GRANDPA key prevotes for block 0x01… and for `second` in the same round.
fn alice_prevotes(
	set_id: u64,
	second: sp_core::H256,
) -> sp_consensus_grandpa::EquivocationProof<sp_core::H256, u32> {
	let alice = sp_keyring::Ed25519Keyring::Alice;
	let prevote = |hash: sp_core::H256| {
		let prevote = finality_grandpa::Prevote { target_hash: hash, target_number: 1u32 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(1, set_id, &message);
		(prevote, alice.sign(&payload).into())
	};
	sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: alice.public().into(),
			first: prevote(sp_core::H256::repeat_byte(1)),
			second: prevote(second),
		}),
	)
}

#[test]
fn a_grandpa_equivocation_is_slashed_through_offences_after_the_deferral() {
	use frame_support::traits::KeyOwnerProofSystem;
	use pallet_restaking::{Event as RestakingEvent, OutboundMessage, SlashKind};
	chain("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let alice = Alice.to_account_id();
		let grandpa_key: sp_consensus_grandpa::AuthorityId =
			sp_keyring::Ed25519Keyring::Alice.public().into();
		let set_id = crate::Grandpa::current_set_id();
		let key_owner_proof = || {
			crate::Historical::prove((sp_consensus_grandpa::KEY_TYPE, grandpa_key.clone()))
				.expect("Alice validates session 0")
		};
		// Two prevotes by the same voter for the same block are no equivocation.
		let alice_equivocates = |set_id| alice_prevotes(set_id, sp_core::H256::repeat_byte(2));
		assert_noop!(
			crate::Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(alice_prevotes(set_id, sp_core::H256::repeat_byte(1))),
				key_owner_proof()
			),
			pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof
		);
		// The voter's own node reports it (unsigned; GRANDPA validates it in the pool).
		assert_ok!(crate::Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(alice_equivocates(set_id)),
			key_owner_proof()
		));
		let params = pallet_restaking::Params::<Runtime>::get().unwrap();
		let reported = frame_system::Pallet::<Runtime>::events().into_iter().find_map(|r| match r
			.event
		{
			crate::RuntimeEvent::Restaking(RestakingEvent::SlashReported {
				id,
				operator,
				kind,
				fraction,
				apply_at,
			}) => Some((id, operator, kind, fraction, apply_at)),
			_ => None,
		});
		let (id, operator, kind, fraction, apply_at) =
			reported.expect("the offence reached restaking");
		assert_eq!((operator, kind), (alice.clone(), SlashKind::Equivocation));
		assert_eq!(fraction, params.equivocation_slash);
		assert_eq!(apply_at, params.slash_deferral);
		// The same offence again is a duplicate, not a second slash.
		assert_noop!(
			crate::Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(alice_equivocates(set_id)),
				key_owner_proof()
			),
			pallet_grandpa::Error::<Runtime>::DuplicateOffenceReport
		);
		// Nothing is taken during the deferral, in which the council could cancel it.
		for _ in 1..apply_at {
			pallet_session::Pallet::<Runtime>::rotate_session();
			assert!(pallet_restaking::PendingSlashes::<Runtime>::contains_key(id));
			assert_eq!(
				pallet_restaking::Operators::<Runtime>::get(&alice).unwrap().stake,
				GENESIS_STAKE
			);
		}
		pallet_session::Pallet::<Runtime>::rotate_session();
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), apply_at);
		let slashed = params.equivocation_slash * GENESIS_STAKE;
		assert_eq!(
			pallet_restaking::Operators::<Runtime>::get(&alice).unwrap().stake,
			GENESIS_STAKE - slashed
		);
		assert!(pallet_restaking::Outbox::<Runtime>::iter_values().any(|m| m
			== OutboundMessage::Slash {
				operator: alice.clone(),
				amount: slashed,
				kind: SlashKind::Equivocation,
			}));
		Restaking::do_try_state().expect("stake and slash accounting hold");
	});
}

#[test]
fn a_tenth_of_trading_fees_pays_the_validators_lease_at_the_end_of_each_era() {
	use pallet_restaking::OutboundMessage;
	chain("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let usdc = frame_support::traits::fungible::NativeOrWithId::WithId(1);
		bob_buys_a_tenth_of_a_btc_perpetual_from_the_vault();
		let lease = pallet_shared_collateral::LeaseFund::<Runtime>::get();
		assert!(lease > 0, "the trade paid a fee");
		// The lease share is a tenth of the fee, the insurance and vault shares the rest.
		let fee = frame_system::Pallet::<Runtime>::events()
			.into_iter()
			.find_map(|r| match r.event {
				crate::RuntimeEvent::PortfolioMargin(pallet_portfolio_margin::Event::Traded {
					fee,
					..
				}) => Some(fee.0 as u128),
				_ => None,
			})
			.expect("the trade's event");
		assert_eq!(lease, fee / 10 / 1_000_000_000_000);
		let escrow = || {
			use frame_support::traits::fungibles::Inspect;
			<Runtime as pallet_shared_collateral::Config>::Assets::balance(
				usdc.clone(),
				&crate::configs::collateral::LeaseEscrow::get(),
			)
		};
		assert_eq!(escrow(), 0);
		// Era 0 is sessions 0..6: nothing is paid before it ends.
		for _ in 1..6 {
			pallet_session::Pallet::<Runtime>::rotate_session();
		}
		assert_eq!(escrow(), 0);
		pallet_session::Pallet::<Runtime>::rotate_session();
		// Alice, the only validator, receives it all, as a reward message for the relay.
		assert_eq!(escrow(), lease);
		assert_eq!(pallet_shared_collateral::LeaseFund::<Runtime>::get(), 0);
		let paid = lease * 1_000_000_000_000;
		assert_eq!(pallet_restaking::LeasePaid::<Runtime>::get(), paid);
		assert!(pallet_restaking::Outbox::<Runtime>::iter_values().any(|m| m
			== OutboundMessage::Reward { operator: Alice.to_account_id(), amount: paid, era: 0 }));
		Restaking::do_try_state().expect("restaking accounting holds");
		pallet_shared_collateral::Pallet::<Runtime>::do_try_state().expect("the pool balances");
	});
}

/// A block header for `slot`, sealed by `author`'s Aura key.
fn sealed_header(slot: u64, parent: u8, author: Sr25519Keyring) -> crate::Header {
	use codec::Encode;
	use sp_runtime::{traits::Header as _, Digest, DigestItem};
	let aura = sp_consensus_aura::AURA_ENGINE_ID;
	let mut header = crate::Header::new(
		1,
		Default::default(),
		Default::default(),
		sp_core::H256::repeat_byte(parent),
		Digest {
			logs: vec![DigestItem::PreRuntime(aura, sp_consensus_aura::Slot::from(slot).encode())],
		},
	);
	let seal = author.sign(header.hash().as_ref());
	header.digest_mut().push(DigestItem::Seal(aura, seal.encode()));
	header
}

#[test]
fn an_aura_equivocation_reported_by_anyone_is_slashed_after_the_deferral() {
	use codec::Encode;
	use frame_support::traits::KeyOwnerProofSystem;
	use pallet_restaking::{Error, Event as RestakingEvent, SlashKind};
	chain("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let alice = Alice.to_account_id();
		let aura: sp_consensus_aura::sr25519::AuthorityId = Alice.public().into();
		let key_type = sp_consensus_aura::sr25519::AuthorityId::ID;
		use sp_runtime::RuntimeAppPublic;
		let key_owner_proof =
			|| crate::Historical::prove((key_type, aura.encode())).expect("Alice validates");
		let proof = |second: crate::Header| {
			Box::new(sp_consensus_slots::EquivocationProof {
				offender: aura.clone(),
				slot: sp_consensus_aura::Slot::from(7),
				first_header: sealed_header(7, 1, Alice),
				second_header: second,
			})
		};
		let dave = || RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id());
		// One header twice is no equivocation; a second header sealed by Bob is not Alice's;
		// a second header for another slot is no equivocation either.
		for (second, error) in [
			(sealed_header(7, 1, Alice), Error::<Runtime>::InvalidEquivocationProof),
			(sealed_header(7, 2, Bob), Error::<Runtime>::InvalidEquivocationProof),
			(sealed_header(8, 2, Alice), Error::<Runtime>::InvalidEquivocationProof),
		] {
			assert_noop!(
				Restaking::report_block_equivocation(dave(), proof(second), key_owner_proof()),
				error
			);
		}
		// A proof for another session than the blocks'.
		let mut stale = key_owner_proof();
		stale.session += 1;
		assert_noop!(
			Restaking::report_block_equivocation(dave(), proof(sealed_header(7, 2, Alice)), stale),
			Error::<Runtime>::InvalidKeyOwnershipProof
		);
		// Dave holds two blocks Alice sealed for slot 7 and reports them, for free.
		let info = Restaking::report_block_equivocation(
			dave(),
			proof(sealed_header(7, 2, Alice)),
			key_owner_proof(),
		)
		.unwrap();
		assert_eq!(info.pays_fee, frame_support::dispatch::Pays::No);
		let params = pallet_restaking::Params::<Runtime>::get().unwrap();
		assert!(frame_system::Pallet::<Runtime>::events().iter().any(|r| matches!(
			&r.event,
			crate::RuntimeEvent::Restaking(RestakingEvent::SlashReported {
				operator, kind: SlashKind::Equivocation, apply_at, ..
			}) if *operator == alice && *apply_at == params.slash_deferral
		)));
		assert_noop!(
			Restaking::report_block_equivocation(
				dave(),
				proof(sealed_header(7, 2, Alice)),
				key_owner_proof()
			),
			Error::<Runtime>::DuplicateOffenceReport
		);
		for _ in 0..params.slash_deferral {
			pallet_session::Pallet::<Runtime>::rotate_session();
		}
		assert_eq!(
			pallet_restaking::Operators::<Runtime>::get(&alice).unwrap().stake,
			GENESIS_STAKE - params.equivocation_slash * GENESIS_STAKE
		);
		Restaking::do_try_state().expect("stake and slash accounting hold");
	});
}

#[test]
fn an_operator_slashed_for_one_offence_is_slashed_again_for_a_later_one() {
	use pallet_restaking::SlashKind;
	use sp_staking::offence::{OffenceDetails, OnOffenceHandler};
	chain("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let alice = Alice.to_account_id();
		let offence = |session| {
			let details = [OffenceDetails { offender: (alice.clone(), ()), reporters: vec![] }];
			<Restaking as OnOffenceHandler<
				crate::AccountId,
				(crate::AccountId, ()),
				frame_support::weights::Weight,
			>>::on_offence(&details, &[sp_runtime::Perbill::one()], session);
		};
		let stake = || pallet_restaking::Operators::<Runtime>::get(&alice).unwrap().stake;
		let rotate_to = |session| {
			while pallet_session::CurrentIndex::<Runtime>::get() < session {
				pallet_session::Pallet::<Runtime>::rotate_session();
			}
		};
		// Session 0's equivocation: 20% at session 0 + the deferral of 6.
		offence(0);
		rotate_to(5);
		assert_eq!(stake(), GENESIS_STAKE);
		rotate_to(6);
		assert_eq!(stake(), GENESIS_STAKE / 5 * 4);
		// Session 6's: a new slashing span, so 20% again, of what is left, at session 12.
		offence(6);
		let pending = pallet_restaking::PendingSlashes::<Runtime>::iter().next().unwrap().1;
		assert_eq!(
			(pending.kind, pending.span, pending.apply_at),
			(SlashKind::Equivocation, 1, 12)
		);
		rotate_to(12);
		assert_eq!(stake(), GENESIS_STAKE / 25 * 16);
		Restaking::do_try_state().expect("stake and slash accounting hold");
	});
}
