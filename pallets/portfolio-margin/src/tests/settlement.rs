//! Settlement run by the chain: the price is the average of spot over the window ending at
//! expiry, positions settle in bounded batches with nobody calling.

use super::*;
use crate::{Expiries, Settling};
use frame_support::traits::Hooks;

const MINUTE: u64 = 60_000;

/// Runs the pallet's block hook at the current time.
fn block() {
	Margin::on_initialize(System::block_number());
	System::set_block_number(System::block_number() + 1);
}

/// Moves the clock to `at` and publishes BTC spot (volatility 60%).
fn spot_at(at: u64, spot: &str) {
	advance_time(at - now());
	set_market(spot, "0.6");
}

/// A 60,000 call expiring in a day; Alice buys one from the vault. Returns (id, expiry, cost).
fn long_call() -> (u32, u64, Fixed18) {
	let ids = list(&[call("60000", 1)]);
	fund(ALICE, 0, fx("20000"));
	assert_ok!(Margin::trade_with_vault(
		RuntimeOrigin::signed(ALICE),
		0,
		ids[0],
		fx("1"),
		unlimited()
	));
	let cost = Positions::<Test>::get(ALICE, 0)[0].cost;
	(ids[0], START + DAY, cost)
}

#[test]
fn the_price_is_the_time_weighted_spot_over_the_window_and_positions_settle_with_no_call() {
	build_and_execute(|| {
		let (id, expiry, cost) = long_call();
		assert_eq!(Expiries::<Test>::get().to_vec(), vec![(expiry, id)]);
		// Before the 30-minute window nothing is sampled.
		spot_at(expiry - 31 * MINUTE, "80000");
		block();
		assert!(crate::Twaps::<Test>::get(id).is_none());
		// 61,000 for the first 10 minutes of the window, 62,000 for the last 20; a wick to
		// 70,000 published at expiry itself weighs nothing.
		spot_at(expiry - 30 * MINUTE, "61000");
		block();
		for m in 1..10 {
			spot_at(expiry - (30 - m) * MINUTE, "61000");
			block();
		}
		for m in 10..30 {
			spot_at(expiry - (30 - m) * MINUTE, "62000");
			block();
		}
		assert!(Instruments::<Test>::get(id).unwrap().settlement_price.is_none());
		spot_at(expiry, "70000");
		block();
		// (61,000 × 10 + 62,000 × 20) / 30 = 61,666.666…, rounded down.
		let price = fx("61666.666666666666666666");
		System::assert_has_event(
			Event::SettlementRecorded { id, price, window_ms: 30 * MINUTE }.into(),
		);
		// The same block settled both positions (Alice's and the vault's) and delisted it.
		System::assert_has_event(
			Event::Settled { holder: Holder::Account(ALICE, 0), instrument: id, size: fx("1") }
				.into(),
		);
		System::assert_has_event(Event::InstrumentDelisted { id }.into());
		assert!(Instruments::<Test>::get(id).is_none());
		assert!(Expiries::<Test>::get().is_empty() && Settling::<Test>::get().is_empty());
		// Alice: 20,000 − 18 fee − cost + 1,666.666666666666666666 of intrinsic value.
		assert_eq!(
			book(Party::Account(ALICE, 0)),
			fx("20000").0 - fx("18").0 - cost.0 + fx("1666.666666666666666666").0
		);
		assert_eq!(book(Party::Clearing), 0);
		assert_eq!(<Pallet as MarginEngine<AccountId>>::risk(&ALICE, 0).unwrap().initial, 0);
	});
}

#[test]
fn stale_time_counts_nothing_and_a_silent_window_takes_the_first_spot_after_expiry() {
	build_and_execute(|| {
		let (id, expiry, _) = long_call();
		// 61,000 sampled at the window's start, then the oracle is silent for 10 minutes:
		// the price counts only while fresh (60 s in this mock).
		spot_at(expiry - 30 * MINUTE, "61000");
		block();
		advance_time(10 * MINUTE);
		block();
		assert_eq!(crate::Twaps::<Test>::get(id).unwrap().span, MINUTE);
		// 63,000 for the last minute.
		spot_at(expiry - MINUTE, "63000");
		block();
		spot_at(expiry, "90000");
		block();
		// (61,000 × 1 + 63,000 × 1) / 2 over the two fresh minutes.
		System::assert_has_event(
			Event::SettlementRecorded { id, price: fx("62000"), window_ms: 2 * MINUTE }.into(),
		);
	});
	build_and_execute(|| {
		let (id, expiry, _) = long_call();
		// No fresh spot in the whole window: the block at expiry records nothing, and no
		// stale price is taken.
		advance_time(expiry - now());
		block();
		assert!(Instruments::<Test>::get(id).unwrap().settlement_price.is_none());
		advance_time(5 * MINUTE);
		block();
		assert!(Instruments::<Test>::get(id).unwrap().settlement_price.is_none());
		// The first fresh spot at or after expiry settles it.
		set_market("64000", "0.6");
		block();
		System::assert_has_event(
			Event::SettlementRecorded { id, price: fx("64000"), window_ms: 0 }.into(),
		);
		assert!(Instruments::<Test>::get(id).is_none());
	});
}

#[test]
fn positions_settle_at_most_sixty_four_a_block_until_none_is_left() {
	build_and_execute(|| {
		let (id, expiry, _) = long_call();
		// 64 more traders hold the call: 66 holders with Alice and the vault.
		for who in 100..164u64 {
			fund(who, 0, fx("10000"));
			assert_ok!(Margin::trade_with_vault(
				RuntimeOrigin::signed(who),
				0,
				id,
				fx("0.1"),
				unlimited()
			));
		}
		spot_at(expiry - MINUTE, "61000");
		block();
		spot_at(expiry, "61000");
		block();
		// 64 settled in the recording block; 2 remain, settled in the next.
		let holders = || {
			crate::Holders::<Test>::iter_key_prefix((id, true)).count()
				+ crate::Holders::<Test>::iter_key_prefix((id, false)).count()
		};
		assert_eq!(holders(), 2);
		assert_eq!(Settling::<Test>::get().to_vec(), vec![id]);
		block();
		assert_eq!(holders(), 0);
		assert!(Instruments::<Test>::get(id).is_none() && Settling::<Test>::get().is_empty());
	});
}

#[test]
fn bad_settlement_windows_are_refused() {
	build_and_execute(|| {
		for window in [0, crate::settlement::MAX_SETTLEMENT_WINDOW + 1] {
			let mut bad = btc_params();
			bad.settlement_window = window;
			assert_noop!(
				Margin::set_underlying(RuntimeOrigin::root(), BTC, bad),
				Error::<Test>::InvalidParams
			);
		}
	});
}

#[test]
fn trading_stops_when_the_settlement_window_opens_and_listings_leave_room_before_it() {
	build_and_execute(|| {
		let (id, expiry, _) = long_call();
		let alice = || RuntimeOrigin::signed(ALICE);
		// One millisecond before the 30-minute window it still trades (closing here).
		spot_at(expiry - 30 * MINUTE - 1, "61000");
		assert_ok!(Margin::trade_with_vault(alice(), 0, id, fx("-0.5"), any_bid()));
		// Inside it, part of the settlement price is known while mark follows spot: no trade,
		// not even one that reduces, and no peer-to-peer fill.
		spot_at(expiry - 30 * MINUTE, "61000");
		assert_noop!(
			Margin::trade_with_vault(alice(), 0, id, fx("-0.5"), any_bid()),
			Error::<Test>::SettlementWindowOpen
		);
		// A listing must expire after the window that would open now.
		let soon = InstrumentKind::Future { expiry: now() + 30 * MINUTE };
		assert_noop!(
			Margin::list_instrument(RuntimeOrigin::root(), BTC, soon),
			Error::<Test>::InvalidExpiry
		);
		let later = InstrumentKind::Future { expiry: now() + 30 * MINUTE + 1 };
		assert_ok!(Margin::list_instrument(RuntimeOrigin::root(), BTC, later));
	});
}

#[test]
fn a_position_that_cannot_settle_is_reported_and_passed_over_not_retried_ahead_of_the_rest() {
	build_and_execute(|| {
		let (id, expiry, _) = long_call();
		// Two positions stranded where the ledger keeps no balances (as a position opened
		// before subaccounts were checked would be): a long in subaccount 16, a short in 17.
		let stranded = |sub: u16, size: &str| {
			let p = crate::Position {
				instrument: id,
				size: fx(size),
				cost: Fixed18::ZERO,
				funding: Fixed18::ZERO,
			};
			Positions::<Test>::insert(3, sub, frame_support::BoundedVec::truncate_from(vec![p]));
			crate::Holders::<Test>::insert(
				(id, fx(size).is_positive()),
				Holder::Account(3, sub),
				(),
			);
		};
		stranded(16, "1");
		stranded(17, "-1");
		OpenInterest::<Test>::mutate(id, |(l, s)| {
			*l = l.checked_add(fx("1")).unwrap();
			*s = s.checked_add(fx("1")).unwrap();
		});
		// The extra long counts at the call's delta, as every long of it does.
		let delta = crate::OptionDeltas::<Test>::get(id).unwrap();
		crate::UnderlyingOpenInterest::<Test>::mutate(BTC, |oi| {
			*oi = oi.checked_add(delta).unwrap()
		});
		spot_at(expiry - MINUTE, "61000");
		block();
		spot_at(expiry, "61000");
		block();
		// Both are reported; Alice's and the vault's positions settled all the same.
		let failed = System::events()
			.iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Margin(Event::SettlementFailed { .. })))
			.count();
		assert_eq!(failed, 2);
		assert!(
			Positions::<Test>::get(ALICE, 0).is_empty()
				&& crate::VaultPositions::<Test>::get().is_empty()
		);
		// Only the stranded ones are left: the instrument waits at the back of the queue.
		assert_eq!(Settling::<Test>::get().to_vec(), vec![id]);
		assert_eq!(OpenInterest::<Test>::get(id), (fx("1"), fx("1")));
	});
}
