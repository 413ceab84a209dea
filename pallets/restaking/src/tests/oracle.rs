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

/// Per feed, the windows struck within the lookback (five windows for three strikes).
fn strikes(who: AccountId) -> Vec<(FeedKey, u32)> {
	let mut s: Vec<_> = Strikes::<Test>::iter_prefix(who)
		.map(|(k, (mask, _))| (k, crate::oracle::strikes_within(mask, 5)))
		.collect();
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
		// From the next window on everyone is in band: the one strike each stays one, and ages
		// out of the lookback.
		for _ in 0..5 {
			next_window();
			for who in 1..=4 {
				assert_ok!(feed(who, &[(btc, crashed)]));
			}
		}
		assert_eq!((strikes(1), strikes(2)), (vec![(btc, 1)], vec![(btc, 1)]));
		assert_eq!(PendingSlashes::<Test>::count(), 0, "nobody slashed for the truth");
		assert!(Operators::<Test>::get(1).unwrap().opted_in);
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
fn a_liar_who_tells_the_truth_in_between_is_still_reported() {
	build_and_execute(|| {
		four_validators();
		let btc = spot(1);
		let others = || {
			for other in 2..=4 {
				assert_ok!(feed(other, &[(btc, P)]));
			}
		};
		// Each window: the truth in one block, then a lie in the next. In-band values do not
		// wipe the strikes.
		for window in 1..=3u32 {
			others();
			assert_ok!(feed(1, &[(btc, P)]));
			next_block();
			assert_ok!(feed(1, &[(btc, P * 2)]));
			if window < 3 {
				assert_eq!(strikes(1), vec![(btc, window)]);
				next_window();
			}
		}
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().kind, SlashKind::OracleDeviation);
	});
}

#[test]
fn lies_every_other_window_are_counted_within_the_lookback() {
	build_and_execute(|| {
		four_validators();
		let btc = spot(1);
		let lie = |who| {
			for other in (1..=4).filter(|o| *o != who) {
				assert_ok!(feed(other, &[(btc, P)]));
			}
			assert_ok!(feed(who, &[(btc, P * 2)]));
		};
		lie(1);
		next_window();
		next_window();
		lie(1);
		assert_eq!(strikes(1), vec![(btc, 2)]);
		// Windows 1, 3 and 5: three strikes within five windows.
		next_window();
		next_window();
		lie(1);
		assert_eq!(PendingSlashes::<Test>::get(0).unwrap().operator, 1);
		// Operator 2 lies in window 7 and window 13: six windows apart, one strike each time.
		for _ in 0..2 {
			next_window();
		}
		lie(2);
		for _ in 0..6 {
			next_window();
		}
		lie(2);
		assert_eq!(strikes(2), vec![(btc, 1)]);
		assert_eq!(PendingSlashes::<Test>::count(), 1);
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
		// Operator 3 feeds five minutes later; at ten minutes operator 2's value is stale and
		// operator 3's alone is fresh: still no median of others.
		set_now(now() + 5 * MINUTE);
		next_block();
		assert_ok!(feed(3, &[(btc, P)]));
		set_now(now() + 5 * MINUTE);
		next_block();
		assert_ok!(feed(1, &[(btc, P * 2)]));
		assert!(strikes(1).is_empty());
		// With operator 2 fresh again, the two others judge: a strike.
		assert_ok!(feed(2, &[(btc, P)]));
		next_block();
		assert_ok!(feed(1, &[(btc, P * 2)]));
		assert_eq!(strikes(1), vec![(btc, 1)]);
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
