//! The keeper: the offchain worker submits authorized transactions; `authorize` refuses
//! strangers, bad signatures and keepers over their allowance.

use super::*;
use frame_support::{pallet_prelude::TransactionSource, traits::Authorize};
use sp_core::offchain::{
	testing::{TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

fn keeper_call(key: u64, signer: u64, who: AccountId) -> Call<Test> {
	let action = KeeperAction::Liquidate(who, 0);
	let at = System::block_number();
	let payload = Liquidation::keeper_payload(&action, at);
	Call::keeper {
		action,
		keeper: UintAuthorityId(key),
		at,
		signature: TestSignature(signer, payload),
	}
}

fn authorize(call: &Call<Test>) -> Result<(), TransactionValidityError> {
	call.authorize(TransactionSource::External)
		.expect("the call is authorized")
		.map(|_| ())
}

fn underwater(who: AccountId) {
	fund(who, "8000");
	buy(who, "1");
}

#[test]
fn the_offchain_keeper_finds_an_unhealthy_account_and_its_transaction_liquidates_it() {
	let mut ext = new_test_ext();
	let (offchain, _state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		use frame_support::traits::Hooks;
		fund_party(Party::Vault, "1000000");
		underwater(ALICE);
		underwater(BOB);
		// Healthy: nothing to do.
		UintAuthorityId::set_all_keys(vec![UintAuthorityId(1)]);
		Liquidation::offchain_worker(1);
		assert!(pool_state.read().transactions.is_empty());
		set_market("57000", "0.6");
		Liquidation::offchain_worker(1);
		let txs = std::mem::take(&mut pool_state.write().transactions);
		assert_eq!(txs.len(), 2, "one transaction per unhealthy account");
		for tx in txs {
			let xt: Extrinsic = codec::Decode::decode(&mut &tx[..]).unwrap();
			let RuntimeCall::Liquidation(call) = xt.function else { panic!("a liquidation call") };
			assert_ok!(authorize(&call));
			assert_ok!(frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(
				call,
				frame_system::RawOrigin::Authorized.into()
			));
		}
		assert!(
			Auctions::<Test>::contains_key((ALICE, 0)) && Auctions::<Test>::contains_key((BOB, 0))
		);
		// The keeper (account 1001) is their liquidator: it earns the fee of each sale.
		assert!(Auctions::<Test>::iter_values().all(|a| a.liquidator == 1001));
		assert_eq!(book(account(1001)), 0, "nothing is paid before a sale");
		// A node without a keeper key submits nothing.
		UintAuthorityId::set_all_keys(vec![UintAuthorityId(7)]);
		Liquidation::offchain_worker(1);
		assert!(pool_state.read().transactions.is_empty());
		Liquidation::do_try_state().expect("liquidation invariants hold");
		pallet_portfolio_margin::Pallet::<Test>::do_try_state().expect("margin invariants hold");
	});
}

#[test]
fn authorize_refuses_strangers_bad_signatures_healthy_accounts_and_spent_allowances() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		underwater(ALICE);
		underwater(BOB);
		let invalid = |e| Err(TransactionValidityError::Invalid(e));
		assert_eq!(authorize(&keeper_call(1, 1, ALICE)), invalid(InvalidTransaction::Call));
		set_market("57000", "0.6");
		assert_eq!(authorize(&keeper_call(7, 7, ALICE)), invalid(InvalidTransaction::BadSigner));
		assert_eq!(authorize(&keeper_call(1, 2, ALICE)), invalid(InvalidTransaction::BadProof));
		assert_ok!(authorize(&keeper_call(1, 1, ALICE)));
		// An old signature is stale.
		let old = keeper_call(1, 1, ALICE);
		run_blocks(5);
		assert_eq!(authorize(&old), invalid(InvalidTransaction::Stale));
		// One call per keeper per block.
		let mut p = params();
		p.keeper_calls_per_block = 1;
		assert_ok!(Liquidation::set_params(RuntimeOrigin::root(), p));
		assert_ok!(frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(
			keeper_call(1, 1, ALICE),
			frame_system::RawOrigin::Authorized.into()
		));
		assert_eq!(
			authorize(&keeper_call(1, 1, BOB)),
			invalid(InvalidTransaction::ExhaustsResources)
		);
		assert_ok!(authorize(&keeper_call(2, 2, BOB)));
		// Alice is in auction now.
		assert_eq!(authorize(&keeper_call(2, 2, ALICE)), invalid(InvalidTransaction::Stale));
		// Only an authorized origin.
		assert_noop!(
			Liquidation::keeper(
				RuntimeOrigin::signed(ALICE),
				KeeperAction::Liquidate(BOB, 0),
				UintAuthorityId(1),
				System::block_number(),
				TestSignature(1, vec![])
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_keeper_values_every_holder_and_submits_the_worst_health_first() {
	let mut ext = new_test_ext();
	let (offchain, _state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		use frame_support::traits::Hooks;
		fund_party(Party::Vault, "100000000");
		// Bob (8,000 on 1 BTC), Alice (7,600 on 1 BTC), then 600 healthy holders of 0.01.
		underwater(BOB);
		fund(ALICE, "7600");
		buy(ALICE, "1");
		for who in 100..700 {
			fund(who, "2000");
			buy(who, "0.01");
		}
		set_market("57000", "0.6");
		// One scan sees all 602 holders (more than the 512 a block it used to) and orders
		// what is due by health: Alice 4,600 / 5,700 before Bob 5,000 / 5,700.
		let scan = Liquidation::scan_holders(None, crate::keeper::SCAN_PER_BLOCK);
		assert_eq!(scan.scanned, 602);
		let due: Vec<_> = scan.due.iter().map(|(who, r)| (who.0, r.health_ratio())).collect();
		assert_eq!(
			due,
			vec![
				(ALICE, Some(fx("0.807017543859649123"))),
				(BOB, Some(fx("0.877192982456140351")))
			]
		);
		assert!(scan.next.is_none(), "the whole book in one scan");
		// With an allowance of one call a block, Alice goes first; Bob is found again next.
		let mut p = params();
		p.keeper_calls_per_block = 1;
		assert_ok!(Liquidation::set_params(RuntimeOrigin::root(), p));
		UintAuthorityId::set_all_keys(vec![UintAuthorityId(1)]);
		Liquidation::offchain_worker(1);
		let txs = std::mem::take(&mut pool_state.write().transactions);
		assert_eq!(txs.len(), 1);
		let xt: Extrinsic = codec::Decode::decode(&mut &txs[0][..]).unwrap();
		let RuntimeCall::Liquidation(Call::keeper { action, .. }) = xt.function else {
			panic!("a keeper call")
		};
		assert_eq!(action, KeeperAction::Liquidate(ALICE, 0));
	});
}
