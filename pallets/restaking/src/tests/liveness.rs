//! Liveness judged over exactly the ended session's members, from the session's start, on the
//! chain's live clock.

use super::*;

/// Builds a block a minute for `minutes` minutes; `who` feed the oracle every `every` minutes.
fn run(minutes: u64, who: &[AccountId], every: u64) {
	for m in 1..=minutes {
		set_now(now() + MINUTE);
		next_block();
		if m % every == 0 {
			for w in who {
				assert_ok!(feed(*w, &[(spot(1), 60_000 * E18)]));
			}
		}
	}
}

fn reported() -> Vec<(AccountId, SessionIndex)> {
	let mut r: Vec<_> = PendingSlashes::<Test>::iter()
		.filter(|(_, s)| s.kind == SlashKind::Liveness)
		.map(|(_, s)| (s.operator, s.offence_session))
		.collect();
	r.sort();
	r
}

#[test]
fn a_silent_member_is_reported_for_its_session_and_disabled() {
	build_and_execute(|| {
		start_session(0);
		run(60, &[1, 2], 20);
		start_session(1);
		assert_eq!(reported(), vec![(3, 0)]);
		let slash = PendingSlashes::<Test>::iter().next().unwrap().1;
		assert_eq!(slash.apply_at, 2, "session 0 + the deferral of 2");
		// Operator 3 was planned into session 1 before it was judged: disabled there, and
		// chilled out of session 2.
		assert!(disabled().contains(&3));
		assert!(!ActiveSet::<Test>::get().contains(&3));
		start_session(2);
		assert_eq!(Operators::<Test>::get(3).unwrap().stake, 1_980 * E18);
	});
}

#[test]
fn a_newly_selected_validator_is_judged_only_from_its_first_session() {
	build_and_execute(|| {
		let mut p = mock::params();
		p.max_active = 4;
		assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
		start_session(0);
		// Operator 4 joins during session 0, planned into session 2 (session 1 was already
		// planned). It never fed in session 0 or 1 and is not judged for them.
		register_keys(4);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(4)));
		run(60, &[1, 2, 3], 20);
		start_session(1);
		run(60, &[1, 2, 3], 20);
		start_session(2);
		assert!(reported().is_empty());
		assert!(Restaking::is_member(&4));
		// Its first submission 25 minutes into its session is within the window.
		run(25, &[1, 2, 3], 20);
		assert_ok!(feed(4, &[(spot(1), 60_000 * E18)]));
		run(35, &[1, 2, 3, 4], 20);
		start_session(3);
		assert!(reported().is_empty());
	});
}

#[test]
fn a_validator_that_left_is_still_judged_for_the_session_it_served() {
	build_and_execute(|| {
		start_session(0);
		// Operator 3 opts out: it still validates session 1 (already planned), not session 2.
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(3)));
		run(60, &[1, 2, 3], 20);
		start_session(1);
		assert!(Restaking::is_member(&3));
		run(60, &[1, 2], 20);
		start_session(2);
		assert!(!Restaking::is_member(&3));
		assert_eq!(reported(), vec![(3, 1)]);
	});
}

#[test]
fn a_gap_within_the_session_is_a_fault_even_if_the_end_is_fed() {
	build_and_execute(|| {
		start_session(0);
		run(10, &[1, 2, 3], 10);
		// Operator 2 is silent for 40 minutes, then feeds until the end.
		run(40, &[1, 3], 10);
		run(10, &[1, 2, 3], 5);
		start_session(1);
		assert_eq!(reported(), vec![(2, 0)]);
	});
}

#[test]
fn a_stalled_chain_slashes_nobody_for_its_stall() {
	build_and_execute(|| {
		start_session(0);
		run(20, &[1, 2, 3], 20);
		// No block for two hours: only five minutes of it count toward the windows.
		set_now(now() + 120 * MINUTE);
		next_block();
		assert_eq!(Restaking::live_now(), START + 25 * MINUTE);
		run(20, &[1, 2, 3], 20);
		start_session(1);
		assert!(reported().is_empty());
	});
}
