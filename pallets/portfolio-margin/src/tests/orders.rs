//! Peer-to-peer trades from orders signed off-chain.

use super::*;
use crate::{Filled, Order};

const CAROL: AccountId = 3;

fn order(
	owner: AccountId,
	instrument: u32,
	size: &str,
	price: &str,
	nonce: u64,
) -> Order<AccountId> {
	Order {
		owner,
		sub: 0,
		instrument,
		size: fx(size),
		price: fx(price),
		expiry: now() + DAY,
		nonce,
	}
}

/// BTC perpetual listed; Alice and Bob funded with 20,000 each.
fn setup() -> u32 {
	let ids = list(&[InstrumentKind::Perpetual]);
	fund(ALICE, 0, fx("20000"));
	fund(BOB, 0, fx("20000"));
	ids[0]
}

#[test]
fn matched_orders_trade_at_the_makers_price_in_parts_and_never_beyond_their_size() {
	build_and_execute(|| {
		let id = setup();
		// Alice offers 2 at 60,100; Bob bids for 3 at up to 60,200. Carol relays.
		let maker = sign(ALICE, order(ALICE, id, "-2", "60100", 1));
		let taker = sign(BOB, order(BOB, id, "3", "60200", 9));
		let relay = || RuntimeOrigin::signed(CAROL);
		assert_ok!(Margin::match_orders(relay(), maker.clone(), taker.clone(), fx("1.5")));
		System::assert_last_event(
			Event::OrdersMatched {
				maker: (ALICE, 0, 1),
				taker: (BOB, 0, 9),
				instrument: id,
				size: fx("-1.5"),
				price: fx("60100"),
				fee: fx("27"),
			}
			.into(),
		);
		assert_eq!(size_of(BOB, id), fx("1.5"));
		assert_eq!(size_of(ALICE, id), fx("-1.5"));
		assert_eq!(OpenInterest::<Test>::get(id), (fx("1.5"), fx("1.5")));
		// The taker pays 0.03% of 60,000 per contract; the vault (fee receiver) gets it.
		assert_eq!(book(Party::Account(BOB, 0)), fx("20000").0 - fx("27").0);
		assert_eq!(book(Party::Account(ALICE, 0)), fx("20000").0);
		// Alice's order has 0.5 left: a 1.0 fill (a replay included) is an over-fill.
		assert_noop!(
			Margin::match_orders(relay(), maker.clone(), taker.clone(), fx("1")),
			Error::<Test>::OrderOverfilled
		);
		assert_ok!(Margin::match_orders(relay(), maker, taker, fx("0.5")));
		assert_eq!(Filled::<Test>::get((ALICE, 1)).map(|f| f.0), Some(fx("2")));
		assert_eq!(Filled::<Test>::get((BOB, 9)).map(|f| f.0), Some(fx("2")));
	});
}

#[test]
fn bad_orders_are_typed_errors_and_change_nothing() {
	build_and_execute(|| {
		let id = setup();
		let relay = || RuntimeOrigin::signed(CAROL);
		let sell = order(ALICE, id, "-1", "60000", 1);
		let buy = order(BOB, id, "1", "60000", 1);
		let go = |m: Order<AccountId>, t: Order<AccountId>| {
			Margin::match_orders(relay(), sign(m.owner, m), sign(t.owner, t), fx("1"))
		};
		assert_noop!(
			Margin::match_orders(
				relay(),
				sign(ALICE, sell.clone()),
				sign(BOB, buy.clone()),
				Fixed18::ZERO
			),
			Error::<Test>::ZeroSize
		);
		// Signed by Bob for Alice's order, or altered after signing.
		assert_noop!(
			Margin::match_orders(relay(), sign(BOB, sell.clone()), sign(BOB, buy.clone()), fx("1")),
			Error::<Test>::BadSignature
		);
		let mut altered = sign(ALICE, sell.clone());
		altered.order.price = fx("1");
		assert_noop!(
			Margin::match_orders(relay(), altered, sign(BOB, buy.clone()), fx("1")),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			go(Order { expiry: now() - 1, ..sell.clone() }, buy.clone()),
			Error::<Test>::OrderExpired
		);
		assert_noop!(
			go(Order { expiry: now() + 8 * DAY, ..sell.clone() }, buy.clone()),
			Error::<Test>::OrderExpiryTooFar
		);
		assert_noop!(
			go(Order { size: fx("1"), ..sell.clone() }, buy.clone()),
			Error::<Test>::OrdersDoNotMatch
		);
		assert_noop!(
			go(sell.clone(), Order { owner: ALICE, ..buy.clone() }),
			Error::<Test>::SelfTrade
		);
		assert_noop!(
			go(Order { price: fx("60001"), ..sell.clone() }, buy.clone()),
			Error::<Test>::PricesDoNotCross
		);
		assert_noop!(
			go(Order { instrument: 9, ..sell.clone() }, Order { instrument: 9, ..buy.clone() }),
			Error::<Test>::UnknownInstrument
		);
		// 20,000 cannot carry 10 contracts (10% × 600,000 × 1.25).
		assert_noop!(
			Margin::match_orders(
				relay(),
				sign(ALICE, Order { size: fx("-10"), ..sell }),
				sign(BOB, Order { size: fx("10"), ..buy }),
				fx("10")
			),
			Error::<Test>::InitialMarginBreached
		);
	});
}

#[test]
fn a_cancelled_order_fills_no_more_and_expired_records_can_be_pruned() {
	build_and_execute(|| {
		let id = setup();
		let sell = order(ALICE, id, "-1", "60000", 5);
		let buy = order(BOB, id, "1", "60000", 5);
		assert_ok!(Margin::cancel_order(RuntimeOrigin::signed(ALICE), 5, sell.expiry));
		assert_noop!(
			Margin::match_orders(
				RuntimeOrigin::signed(BOB),
				sign(ALICE, sell),
				sign(BOB, buy),
				fx("1")
			),
			Error::<Test>::OrderOverfilled
		);
		let keys = || frame_support::BoundedVec::try_from(vec![(ALICE, 5)]).unwrap();
		// Not expired yet: kept.
		assert_ok!(Margin::prune_orders(RuntimeOrigin::signed(CAROL), keys()));
		assert!(Filled::<Test>::contains_key((ALICE, 5)));
		advance_time(DAY + 1);
		set_market("60000", "0.6");
		assert_ok!(Margin::prune_orders(RuntimeOrigin::signed(CAROL), keys()));
		assert!(!Filled::<Test>::contains_key((ALICE, 5)));
	});
}
