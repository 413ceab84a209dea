//! The oracle operators' submissions: who may feed what, and deviation judged against the
//! other operators' median, per feed and window.

use super::*;
use ballast_primitives::{FeedKey, FeedKind};

const P: u128 = 60_000 * E18;

fn iv(underlying: u32) -> FeedKey {
	FeedKey { underlying, kind: FeedKind::ImpliedVol }
}

/// Four validators: operator 4 opts in, the set grows to four from session 1.
fn four_validators() {
	let mut p = mock::params();
	p.max_active = 4;
	assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
	register_keys(4);
	assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(4)));
	start_session(0);
	start_session(1);
	assert_eq!(SessionMembers::<Test>::get().into_inner(), vec![1, 2, 3, 4]);
}

/// The first block of the next oracle window (windows are aligned to the epoch).
fn next_window() {
	let w = mock::params().oracle_window;
	set_now((now() / w + 1) * w);
	next_block();
}

fn strikes(who: AccountId) -> Vec<(FeedKey, u32)> {
	let mut s: Vec<_> = Strikes::<Test>::iter_prefix(who).map(|(k, (n, _))| (k, n)).collect();
	s.sort_by_key(|(k, _)| k.underlying);
	s
}

#[test]
fn only_members_feed_listed_keys_once_per_block_each_key_once() {
	build_and_execute(|| {
		start_session(0);
		let btc = spot(1);
		assert_noop!(feed(4, &[(btc, P)]), Error::<Test>::NotOracleOperator);
		assert_noop!(feed(1, &[]), Error::<Test>::NoFeedValues);
		assert_noop!(feed(1, &[(btc, P), (spot(9), P)]), Error::<Test>::UnlistedFeed);
		assert_noop!(feed(1, &[(btc, P), (iv(1), E18), (btc, P)]), Error::<Test>::DuplicateFeed);
		assert_eq!(raw(1, btc), None, "a refused submission stores nothing");
		let info = Restaking::feed_values(
			RuntimeOrigin::signed(1),
			vec![(btc, P), (iv(1), E18 / 2)].try_into().unwrap(),
		)
		.unwrap();
		assert_eq!(info.pays_fee, frame_support::dispatch::Pays::No);
		assert_eq!((raw(1, btc), raw(1, iv(1))), (Some(P), Some(E18 / 2)));
		assert_noop!(feed(1, &[(btc, P + 1)]), Error::<Test>::AlreadyFed);
		next_block();
		assert_ok!(feed(1, &[(btc, P + 1)]));
		assert_eq!(raw(1, btc), Some(P + 1));
	});
}

#[test]
fn the_first_reporter_of_a_crash_is_not_slashed_while_the_others_follow() {
	build_and_execute(|| {
		four_validators();
		let btc = spot(1);
		for who in 1..=4 {
			assert_ok!(feed(who, &[(btc, P)]));
		}
		next_window();
		set_now(now() + MINUTE);
		next_block();
		// BTC falls 15%. Operator 1 reports it first: the others' median is still 60,000, so
		// 51,000 is out of the 2% band: one strike, and no more in this window.
		let crashed = P * 85 / 100;
		assert_ok!(feed(1, &[(btc, crashed)]));
		assert_eq!(strikes(1), vec![(btc, 1)]);
		next_block();
		assert_ok!(feed(1, &[(btc, crashed)]));
		assert_eq!(strikes(1), vec![(btc, 1)], "one strike per feed per window");
		// Operator 2 follows: the others are 51,000, 60,000, 60,000 — median 60,000: a
		// strike. Operator 3 follows: the others' median is 51,000 — in band. So is 4.
		assert_ok!(feed(2, &[(btc, crashed)]));
		assert_ok!(feed(3, &[(btc, crashed)]));
		assert_ok!(feed(4, &[(btc, crashed)]));
		assert_eq!((strikes(2), strikes(3), strikes(4)), (vec![(btc, 1)], vec![], vec![]));
		// In the next window operators 1 and 2 are in band with everyone: strikes cleared.
		next_window();
		for who in 1..=4 {
			assert_ok!(feed(who, &[(btc, crashed)]));
		}
		assert_eq!((strikes(1), strikes(2)), (vec![], vec![]));
		assert_eq!(PendingSlashes::<Test>::count(), 0, "nobody slashed for the truth");
	});
}

#[test]
fn a_persistent_liar_is_struck_once_per_window_and_reported_after_three_windows() {
	build_and_execute(|| {
		four_validators();
		let btc = spot(1);
		for window in 1..=3u32 {
			for who in 2..=4 {
				assert_ok!(feed(who, &[(btc, P)]));
			}
			// Ten submissions a window, 5% high: one strike each window, on that feed only.
			for _ in 0..10 {
				assert_ok!(feed(1, &[(btc, P * 105 / 100), (iv(1), E18 / 2)]));
				next_block();
			}
			if window < 3 {
				assert_eq!(strikes(1), vec![(btc, window)]);
				next_window();
			}
		}
		let slash = PendingSlashes::<Test>::get(0).unwrap();
		assert_eq!((slash.operator, slash.kind), (1, SlashKind::OracleDeviation));
		assert_eq!(PendingSlashes::<Test>::count(), 1);
		// The offence resets the count: the lies after it in the window start again at one.
		assert_eq!(strikes(1), vec![(btc, 1)]);
		assert!(!Operators::<Test>::get(1).unwrap().opted_in, "chilled");
	});
}

#[test]
fn a_gap_of_a_window_restarts_the_count() {
	build_and_execute(|| {
		four_validators();
		let btc = spot(1);
		let lie = |who| {
			for other in 2..=4 {
				assert_ok!(feed(other, &[(btc, P)]));
			}
			assert_ok!(feed(who, &[(btc, P * 2)]));
		};
		lie(1);
		next_window();
		lie(1);
		assert_eq!(strikes(1), vec![(btc, 2)]);
		// A window without a strike: the next starts again at one.
		next_window();
		next_window();
		next_block();
		lie(1);
		assert_eq!(strikes(1), vec![(btc, 1)]);
	});
}

#[test]
fn one_fresh_other_is_not_enough_to_judge() {
	build_and_execute(|| {
		start_session(0);
		let btc = spot(1);
		assert_ok!(feed(2, &[(btc, P)]));
		// Only operator 2 is fresh besides 1: no median of others to judge against.
		assert_ok!(feed(1, &[(btc, P * 2)]));
		assert!(strikes(1).is_empty());
		// Operator 2's value goes stale after ten minutes: it no longer counts.
		assert_ok!(feed(3, &[(btc, P)]));
		set_now(now() + EXPIRY);
		next_block();
		assert_ok!(feed(1, &[(btc, P * 2)]));
		assert!(strikes(1).is_empty());
	});
}

#[test]
fn the_quorum_is_two_thirds_of_the_session_rounded_up() {
	build_and_execute(|| {
		start_session(0);
		assert_eq!(Restaking::quorum(), 2, "two of three");
		let p = mock::params();
		assert_eq!((p.quorum(1), p.quorum(4), p.quorum(100), p.quorum(0)), (1, 3, 67, 1));
		let mut half = p;
		half.oracle_quorum = sp_runtime::Perbill::from_percent(50);
		assert_noop!(
			Restaking::set_params(RuntimeOrigin::root(), half),
			Error::<Test>::InvalidParams
		);
	});
}
