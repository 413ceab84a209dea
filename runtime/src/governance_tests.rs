//! Risk governance as configured: the risk council's motions reach risk parameters only
//! through the timelock, root acts at once, and only development and local chains have sudo.

use crate::{
	configs::governance::DefaultRiskDelay, tests::chain, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, Scheduler, System,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::OnInitialize};
use pallet_collective::Instance1;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie};
use sp_runtime::{traits::Hash, DispatchError, Perbill};

type Council = pallet_collective::Pallet<Runtime, Instance1>;
type Timelock = pallet_risk_timelock::Pallet<Runtime>;
type Collateral = pallet_shared_collateral::Pallet<Runtime>;

fn haircut_call(pct: u32) -> RuntimeCall {
	RuntimeCall::SharedCollateral(pallet_shared_collateral::Call::set_unrealized_profit_haircut {
		haircut: Perbill::from_percent(pct),
	})
}

fn timelocked(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::RiskTimelock(pallet_risk_timelock::Call::schedule { call: Box::new(call) })
}

fn origin(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(k.to_account_id())
}

/// `proposal` as a council motion: Alice proposes, `ayes` vote for it, Alice closes it.
fn motion(proposal: RuntimeCall, ayes: &[Sr25519Keyring]) {
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
	let len = proposal.encoded_size() as u32;
	let weight = proposal.get_dispatch_info().call_weight;
	let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get();
	assert_ok!(Council::propose(origin(Alice), 2, Box::new(proposal), len));
	for k in ayes {
		assert_ok!(Council::vote(origin(*k), hash, index, true));
	}
	for k in [Alice, Bob, Charlie].iter().filter(|k| !ayes.contains(k)) {
		assert_ok!(Council::vote(origin(*k), hash, index, false));
	}
	assert_ok!(Council::close(origin(Alice), hash, index, weight, len));
}

/// Runs blocks up to `n`, with the scheduler's agenda in each.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

fn timelock_events() -> Vec<pallet_risk_timelock::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::RiskTimelock(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn a_council_motion_changes_a_risk_parameter_only_after_the_delay() {
	chain("development").execute_with(|| {
		System::set_block_number(1);
		let delay = pallet_risk_timelock::Delay::<Runtime>::get();
		assert_eq!(delay, 5, "development chains wait five blocks");
		let before = pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get();
		motion(timelocked(haircut_call(80)), &[Alice, Bob]);
		assert!(matches!(
			timelock_events().as_slice(),
			[pallet_risk_timelock::Event::Scheduled { id: 0, enact_at: 6, .. }]
		));
		run_to(5);
		assert_eq!(pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get(), before);
		run_to(6);
		assert_eq!(
			pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get(),
			Perbill::from_percent(80)
		);
		assert_eq!(
			timelock_events().last(),
			Some(&pallet_risk_timelock::Event::Enacted { id: 0, result: Ok(()) })
		);
	});
}

#[test]
fn a_council_motion_cannot_change_a_risk_parameter_directly() {
	chain("development").execute_with(|| {
		System::set_block_number(1);
		let before = pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get();
		// Carried unanimously, but the council's origin is not the risk origin.
		motion(haircut_call(80), &[Alice, Bob, Charlie]);
		let executed = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::RiskCouncil(pallet_collective::Event::Executed { result, .. }) => {
				Some(result)
			},
			_ => None,
		});
		assert_eq!(executed, Some(Err(DispatchError::BadOrigin)));
		assert_eq!(pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get(), before);
		// Nor may a council member schedule alone, or the scheduler be used to skip the lock.
		assert_noop!(
			Timelock::schedule(origin(Alice), Box::new(haircut_call(80))),
			DispatchError::BadOrigin
		);
		let call = Box::new(haircut_call(80));
		assert_noop!(
			pallet_scheduler::Pallet::<Runtime>::schedule(origin(Alice), 2, None, 0, call),
			DispatchError::BadOrigin
		);
		// Root acts at once.
		assert_ok!(Collateral::set_unrealized_profit_haircut(
			RuntimeOrigin::root(),
			Perbill::from_percent(70)
		));
	});
}

#[test]
fn one_third_of_the_council_cannot_schedule_and_a_majority_cancels() {
	chain("development").execute_with(|| {
		System::set_block_number(1);
		// Alice alone: the motion fails its threshold of two and nothing is scheduled.
		motion(timelocked(haircut_call(80)), &[Alice]);
		assert!(timelock_events().is_empty());
		motion(timelocked(haircut_call(80)), &[Alice, Bob]);
		assert_eq!(pallet_risk_timelock::Pending::<Runtime>::count(), 1);
		// Two of three cancel it during the delay.
		let cancel = RuntimeCall::RiskTimelock(pallet_risk_timelock::Call::cancel { id: 0 });
		motion(cancel, &[Bob, Charlie]);
		assert_eq!(pallet_risk_timelock::Pending::<Runtime>::count(), 0);
		let before = pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get();
		run_to(20);
		assert_eq!(pallet_shared_collateral::UnrealizedProfitHaircut::<Runtime>::get(), before);
	});
}

#[test]
fn an_out_of_bounds_change_fails_with_its_typed_error_after_the_delay() {
	chain("development").execute_with(|| {
		System::set_block_number(1);
		// A margin factor below one would let initial margin fall under maintenance.
		let btc = crate::genesis_config_presets::underlyings::BTC;
		let mut params = pallet_portfolio_margin::Underlyings::<Runtime>::get(btc).unwrap();
		params.initial_factor = ballast_primitives::fixed::Fixed18(9 * 10i128.pow(17));
		let call = RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::set_underlying {
			underlying: btc,
			params,
		});
		motion(timelocked(call), &[Alice, Bob]);
		run_to(6);
		let err: DispatchError =
			pallet_portfolio_margin::Error::<Runtime>::InitialBelowMaintenance.into();
		assert_eq!(
			timelock_events().last(),
			Some(&pallet_risk_timelock::Event::Enacted { id: 0, result: Err(err) })
		);
		assert!(
			pallet_portfolio_margin::Underlyings::<Runtime>::get(btc)
				.unwrap()
				.initial_factor
				> params.initial_factor
		);
	});
}

#[test]
fn only_development_and_local_chains_have_sudo() {
	for (preset, sudo, delay) in [
		("development", true, 5),
		("local_testnet", true, 10),
		("staging", false, <DefaultRiskDelay as frame_support::traits::Get<u32>>::get()),
	] {
		chain(preset).execute_with(|| {
			assert_eq!(pallet_sudo::Key::<Runtime>::get().is_some(), sudo, "{preset}");
			assert_eq!(pallet_risk_timelock::Delay::<Runtime>::get(), delay, "{preset}");
		});
	}
	assert_eq!(<DefaultRiskDelay as frame_support::traits::Get<u32>>::get(), 2 * crate::DAYS);
}
