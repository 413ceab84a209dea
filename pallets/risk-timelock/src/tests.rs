//! Behaviour: changes wait their delay, run with the timelock origin, can be cancelled, and
//! nothing else reaches a risk parameter except root.

use crate::{mock::*, Delay, Error, Event, Pending};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::{traits::Hash, BuildStorage, DispatchError};

fn set_haircut(ppm: u32) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Risk(risk_params::Call::set_haircut { ppm }))
}

fn propose(ppm: u32) -> u32 {
	let id = crate::NextChangeId::<Test>::get();
	assert_ok!(Timelock::schedule(RuntimeOrigin::signed(COUNCIL), set_haircut(ppm)));
	id
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Timelock(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The hash of the scheduled `enact` of change `id` remarking `len` bytes.
fn hash_of_enact(id: u32, len: usize) -> sp_core::H256 {
	let call = Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![7u8; len] }));
	let enact = RuntimeCall::Timelock(crate::Call::enact { id, call });
	<Test as frame_system::Config>::Hashing::hash_of(&enact)
}

/// Runs `f` on a fresh chain with the given delay, then the pallet's `try_state`.
fn run(delay: u64, f: impl FnOnce()) {
	new_test_ext(delay).execute_with(|| {
		f();
		check();
	});
}

fn check() {
	Timelock::do_try_state().expect("try_state");
}

#[test]
fn a_change_takes_effect_only_after_the_delay() {
	run(5, || {
		let id = propose(150_000);
		let hash = <Test as frame_system::Config>::Hashing::hash_of(&set_haircut(150_000));
		assert_eq!(events(), vec![Event::Scheduled { id, call_hash: hash, enact_at: 6 }]);
		run_to(5);
		assert_eq!(risk_params::Haircut::<Test>::get(), 0, "nothing changes during the delay");
		assert!(Pending::<Test>::contains_key(id));
		run_to(6);
		assert_eq!(risk_params::Haircut::<Test>::get(), 150_000);
		assert!(!Pending::<Test>::contains_key(id));
		assert_eq!(events().last(), Some(&Event::Enacted { id, result: Ok(()) }));
		check();
	});
}

#[test]
fn the_council_cannot_skip_the_delay_and_only_root_can() {
	run(5, || {
		// The council's own origin (here: a signed origin) does not satisfy the risk origin.
		assert_noop!(
			Risk::set_haircut(RuntimeOrigin::signed(COUNCIL), 1),
			DispatchError::BadOrigin
		);
		// Nor may anyone call `enact` directly to skip the wait.
		let id = propose(1);
		assert_noop!(
			Timelock::enact(RuntimeOrigin::signed(COUNCIL), id, set_haircut(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Timelock::enact(RuntimeOrigin::root(), id, set_haircut(1)),
			DispatchError::BadOrigin
		);
		// Root is the one origin that acts at once.
		assert_ok!(Risk::set_haircut(RuntimeOrigin::root(), 7));
		assert_eq!(risk_params::Haircut::<Test>::get(), 7);
		check();
	});
}

#[test]
fn only_the_propose_origin_schedules() {
	run(5, || {
		assert_noop!(
			Timelock::schedule(RuntimeOrigin::signed(STRANGER), set_haircut(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Timelock::schedule(RuntimeOrigin::none(), set_haircut(1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_cancelled_change_never_takes_effect() {
	run(5, || {
		let id = propose(150_000);
		run_to(3);
		assert_noop!(
			Timelock::cancel(RuntimeOrigin::signed(STRANGER), id),
			DispatchError::BadOrigin
		);
		assert_ok!(Timelock::cancel(RuntimeOrigin::signed(VETO), id));
		assert_eq!(events().last(), Some(&Event::Cancelled { id }));
		assert_noop!(
			Timelock::cancel(RuntimeOrigin::signed(VETO), id),
			Error::<Test>::UnknownChange
		);
		run_to(20);
		assert_eq!(risk_params::Haircut::<Test>::get(), 0);
		assert!(!events().iter().any(|e| matches!(e, Event::Enacted { .. })));
		check();
	});
}

#[test]
fn a_change_that_fails_its_bounds_is_reported_and_changes_nothing() {
	run(3, || {
		assert_ok!(Risk::set_haircut(RuntimeOrigin::root(), 100));
		// A haircut of 100% is out of bounds: the change runs and fails with the typed error.
		let id = propose(1_000_000);
		run_to(4);
		assert_eq!(risk_params::Haircut::<Test>::get(), 100);
		let err: DispatchError = risk_params::Error::<Test>::InvalidHaircut.into();
		assert_eq!(events().last(), Some(&Event::Enacted { id, result: Err(err) }));
		assert!(Pending::<Test>::iter().next().is_none());
		check();
	});
}

#[test]
fn pending_changes_are_bounded_and_heavy_calls_refused() {
	run(5, || {
		for ppm in 1..=3 {
			propose(ppm);
		}
		assert_noop!(
			Timelock::schedule(RuntimeOrigin::signed(COUNCIL), set_haircut(4)),
			Error::<Test>::TooManyPending
		);
		let heavy = Box::new(RuntimeCall::Risk(risk_params::Call::heavy {}));
		assert_noop!(
			Timelock::schedule(RuntimeOrigin::signed(COUNCIL), heavy),
			Error::<Test>::CallTooHeavy
		);
		// Once the three have run, there is room again; the last one set wins.
		run_to(6);
		assert_eq!(risk_params::Haircut::<Test>::get(), 3);
		assert_eq!(Pending::<Test>::count(), 0);
		propose(4);
		check();
	});
}

#[test]
fn a_large_call_waits_as_a_preimage_and_still_runs() {
	run(3, || {
		// A call too large to keep inline in the scheduler's agenda.
		let call =
			Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![7u8; 300] }));
		assert!(codec::Encode::encoded_size(&call) > 128);
		// A remark needs no particular origin: the timelock origin dispatches it.
		assert_ok!(Timelock::schedule(RuntimeOrigin::signed(COUNCIL), call));
		assert!(
			<Preimage as frame_support::traits::QueryPreimage>::len(&hash_of_enact(0, 300))
				.is_some(),
			"stored as a preimage"
		);
		run_to(4);
		assert_eq!(events().last(), Some(&Event::Enacted { id: 0, result: Ok(()) }));
		assert!(
			<Preimage as frame_support::traits::QueryPreimage>::len(&hash_of_enact(0, 300))
				.is_none(),
			"and cleared once it ran"
		);
		check();
	});
}

#[test]
fn a_cancelled_large_call_leaves_no_preimage() {
	run(3, || {
		let call =
			Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![7u8; 300] }));
		assert_ok!(Timelock::schedule(RuntimeOrigin::signed(COUNCIL), call));
		let hash = hash_of_enact(0, 300);
		assert_eq!(Pending::<Test>::get(0).unwrap().preimage, Some(hash));
		assert_ok!(Timelock::cancel(RuntimeOrigin::signed(VETO), 0));
		assert!(<Preimage as frame_support::traits::QueryPreimage>::len(&hash).is_none());
		assert!(!<Preimage as frame_support::traits::QueryPreimage>::is_requested(&hash));
	});
}

#[test]
fn the_delay_is_governed_and_bounded() {
	run(5, || {
		assert_noop!(
			Timelock::set_delay(RuntimeOrigin::signed(COUNCIL), 20),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Timelock::set_delay(RuntimeOrigin::root(), 1),
			Error::<Test>::DelayOutOfBounds
		);
		assert_noop!(
			Timelock::set_delay(RuntimeOrigin::root(), 1_001),
			Error::<Test>::DelayOutOfBounds
		);
		// Through the timelock: lengthening the delay itself waits the current delay.
		let call = Box::new(RuntimeCall::Timelock(crate::Call::set_delay { delay: 20 }));
		assert_ok!(Timelock::schedule(RuntimeOrigin::signed(COUNCIL), call));
		run_to(5);
		assert_eq!(Delay::<Test>::get(), 5);
		run_to(6);
		assert_eq!(Delay::<Test>::get(), 20);
		let id = propose(9);
		assert_eq!(Pending::<Test>::get(id).unwrap().enact_at, 26);
		check();
	});
}

#[test]
fn the_genesis_delay_defaults_and_is_checked() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { delay: None }.assimilate_storage(&mut t).unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| assert_eq!(Delay::<Test>::get(), 10));
	let bad = std::panic::catch_unwind(|| {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		crate::GenesisConfig::<Test> { delay: Some(0) }
			.assimilate_storage(&mut t)
			.unwrap();
	});
	assert!(bad.is_err(), "a genesis delay below MinDelay is refused");
}

#[test]
fn try_state_catches_a_pending_change_missing_from_the_scheduler() {
	new_test_ext(5).execute_with(|| {
		let id = propose(1);
		check();
		// Behind the pallet's back, the scheduler loses the task.
		use frame_support::traits::schedule::v3::Named;
		assert_ok!(<Scheduler as Named<_, _, _>>::cancel_named(crate::task_name(id)));
		assert!(Timelock::do_try_state().is_err());
		let _ = Timelock::on_initialize(1);
	});
}
