//! Peer-to-peer trades from orders signed off-chain: who is maker, the band around mark, the
//! bounds on every field, and that no order fills twice.

use super::*;
use crate::{Filled, Order, MAX_PRICE};

const CAROL: AccountId = 3;

/// An order placed now, valid for a day.
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
		placed_at: now(),
		expiry: now() + DAY,
		nonce,
	}
}

/// BTC perpetual listed (mark = spot = 60,000); Alice and Bob funded with 20,000 each.
fn setup() -> u32 {
	let ids = list(&[InstrumentKind::Perpetual]);
	fund(ALICE, 0, fx("20000"));
	fund(BOB, 0, fx("20000"));
	ids[0]
}

fn relay() -> RuntimeOrigin {
	RuntimeOrigin::signed(CAROL)
}

fn go(
	a: &Order<AccountId>,
	b: &Order<AccountId>,
	fill: &str,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Margin::match_orders(relay(), sign(a.owner, a.clone()), sign(b.owner, b.clone()), fx(fill))
}

#[test]
fn the_order_placed_first_sets_the_price_and_the_fee_is_split_whatever_the_argument_order() {
	build_and_execute(|| {
		let id = setup();
		// Alice offers 2 at 60,100; a second later Bob bids for 3 at up to 60,200.
		let ask = order(ALICE, id, "-2", "60100", 1);
		let bid = Order { placed_at: now() + 1_000, ..order(BOB, id, "3", "60200", 9) };
		advance_time(1_000);
		set_market("60000", "0.6");
		// The relayer passes Bob's order first: Alice is still the maker.
		assert_ok!(go(&bid, &ask, "1.5"));
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
		// The taker fee, 0.03% of 60,000 per contract (1.5 × 18 = 27, to the vault), is paid
		// half by each side: neither gains by claiming to be the older order.
		assert_eq!(book(Party::Account(BOB, 0)), fx("20000").0 - fx("13.5").0);
		assert_eq!(book(Party::Account(ALICE, 0)), fx("20000").0 - fx("13.5").0);
		// The other argument order: the same maker, price and payer.
		assert_ok!(go(&ask, &bid, "0.5"));
		System::assert_last_event(
			Event::OrdersMatched {
				maker: (ALICE, 0, 1),
				taker: (BOB, 0, 9),
				instrument: id,
				size: fx("-0.5"),
				price: fx("60100"),
				fee: fx("9"),
			}
			.into(),
		);
		assert_eq!(book(Party::Account(BOB, 0)), fx("20000").0 - fx("18").0);
		assert_eq!(book(Party::Account(ALICE, 0)), fx("20000").0 - fx("18").0);
		// Alice's order is filled; a replay is an over-fill.
		assert_noop!(go(&ask, &bid, "0.1"), Error::<Test>::OrderOverfilled);
		assert_eq!(Filled::<Test>::get(Pallet::order_id(&ask)).map(|f| f.0), Some(fx("2")));
		assert_eq!(Filled::<Test>::get(Pallet::order_id(&bid)).map(|f| f.0), Some(fx("2")));
	});
}

#[test]
fn on_a_tie_the_sell_order_is_the_maker() {
	build_and_execute(|| {
		let id = setup();
		let ask = order(ALICE, id, "-1", "59950", 1);
		let bid = order(BOB, id, "1", "60050", 1);
		assert_ok!(go(&bid, &ask, "1"));
		// At the seller's 59,950; each side pays 9 of the 18 fee.
		assert_eq!(book(Party::Account(BOB, 0)), fx("20000").0 - fx("9").0);
		System::assert_last_event(
			Event::OrdersMatched {
				maker: (ALICE, 0, 1),
				taker: (BOB, 0, 1),
				instrument: id,
				size: fx("-1"),
				price: fx("59950"),
				fee: fx("18"),
			}
			.into(),
		);
	});
}

#[test]
fn a_fill_price_outside_the_band_around_mark_is_refused() {
	build_and_execute(|| {
		let id = setup();
		// Band: 5% × 60,000 = 3,000 either side of mark. Bob bids 70,000; Alice, placed first,
		// asks 56,999: the cross is at her price, 3,001 below mark.
		let bid = Order { placed_at: now() + 1, ..order(BOB, id, "1", "70000", 1) };
		advance_time(1);
		set_market("60000", "0.6");
		let low = order(ALICE, id, "-1", "56999", 1);
		let low = Order { placed_at: now() - 1, ..low };
		assert_noop!(go(&low, &bid, "1"), Error::<Test>::PriceOutsideBand);
		// At 57,000, exactly 3,000 away, it fills.
		let edge = Order { price: fx("57000"), nonce: 2, ..low };
		assert_ok!(go(&edge, &bid, "1"));
		assert_eq!(size_of(BOB, id), fx("1"));
		// Above mark likewise: an ask placed first at 63,001 against a bid of 64,000.
		let high = Order { price: fx("63001"), nonce: 3, ..edge };
		let bid = Order { price: fx("64000"), nonce: 2, ..bid };
		assert_noop!(go(&high, &bid, "1"), Error::<Test>::PriceOutsideBand);
	});
}

#[test]
fn two_orders_of_one_owner_never_match_even_from_two_subaccounts() {
	build_and_execute(|| {
		let id = setup();
		fund(ALICE, 1, fx("20000"));
		// The Mango pattern: a cross between one's own subaccounts would realize profit at a
		// chosen price and raise open interest for everyone.
		let ask = order(ALICE, id, "-1", "60000", 1);
		let bid = Order { sub: 1, ..order(ALICE, id, "1", "60000", 2) };
		assert_noop!(go(&ask, &bid, "1"), Error::<Test>::SelfTrade);
		assert_eq!(OpenInterest::<Test>::get(id), (Fixed18::ZERO, Fixed18::ZERO));
	});
}

#[test]
fn every_field_of_an_order_is_bounded_and_each_bad_one_is_a_typed_error() {
	build_and_execute(|| {
		let id = setup();
		let sell = order(ALICE, id, "-1", "60000", 1);
		let buy = order(BOB, id, "1", "60000", 1);
		let refused = |m: Order<AccountId>, t: Order<AccountId>, fill: &str, e: Error<Test>| {
			assert_noop!(go(&m, &t, fill), e);
		};
		refused(sell.clone(), buy.clone(), "0", Error::<Test>::ZeroSize);
		refused(sell.clone(), buy.clone(), "-1", Error::<Test>::ZeroSize);
		assert_noop!(
			Margin::match_orders(
				relay(),
				sign(ALICE, sell.clone()),
				sign(BOB, buy.clone()),
				Fixed18(i128::MIN)
			),
			Error::<Test>::ZeroSize
		);
		// Sizes: i128::MIN has no absolute value; 1,001 is beyond max_size (1,000).
		let min = Fixed18(i128::MIN);
		refused(Order { size: min, ..sell.clone() }, buy.clone(), "1", Error::<Test>::SizeTooLarge);
		refused(
			Order { size: fx("-1001"), ..sell.clone() },
			Order { size: fx("1001"), ..buy.clone() },
			"1",
			Error::<Test>::SizeTooLarge,
		);
		// A fill beyond max_size, even of orders that allow it, never reaches the book.
		assert_noop!(
			Margin::match_orders(
				relay(),
				sign(ALICE, sell.clone()),
				sign(BOB, buy.clone()),
				Fixed18(i128::MAX)
			),
			Error::<Test>::SizeTooLarge
		);
		// Prices: zero, negative, above MAX_PRICE.
		for price in [Fixed18::ZERO, fx("-60000"), Fixed18(i128::MIN), Fixed18(MAX_PRICE.0 + 1)] {
			refused(Order { price, ..sell.clone() }, buy.clone(), "1", Error::<Test>::InvalidPrice);
		}
		// Time: placed in the future, expired, valid longer than the 7-day lifetime.
		refused(
			Order { placed_at: now() + 1, ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::OrderNotPlaced,
		);
		refused(
			Order { expiry: now() - 1, ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::OrderExpired,
		);
		refused(
			Order { expiry: now() + 7 * DAY + 1, ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::OrderExpiryTooFar,
		);
		// Subaccount 16 is beyond what the ledger keeps: a loss there could never be collected.
		refused(
			Order { sub: 16, ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::InvalidSubaccount,
		);
		refused(
			Order { sub: u16::MAX, ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::InvalidSubaccount,
		);
		refused(
			Order { size: fx("1"), ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::OrdersDoNotMatch,
		);
		refused(
			Order { price: fx("60001"), ..sell.clone() },
			buy.clone(),
			"1",
			Error::<Test>::PricesDoNotCross,
		);
		refused(
			Order { instrument: 9, ..sell.clone() },
			Order { instrument: 9, ..buy.clone() },
			"1",
			Error::<Test>::UnknownInstrument,
		);
		// Signed by Bob for Alice's order, or altered after signing.
		assert_noop!(
			Margin::match_orders(relay(), sign(BOB, sell.clone()), sign(BOB, buy.clone()), fx("1")),
			Error::<Test>::BadSignature
		);
		let mut altered = sign(ALICE, sell.clone());
		altered.order.price = fx("59999");
		assert_noop!(
			Margin::match_orders(relay(), altered, sign(BOB, buy.clone()), fx("1")),
			Error::<Test>::BadSignature
		);
		// 20,000 cannot carry 10 contracts (10% × 600,000 × 1.25).
		refused(
			Order { size: fx("-10"), ..sell },
			Order { size: fx("10"), ..buy },
			"10",
			Error::<Test>::InitialMarginBreached,
		);
	});
}

#[test]
fn a_position_grows_no_further_than_max_size_but_may_always_shrink() {
	build_and_execute(|| {
		let id = setup();
		let mut params = btc_params();
		params.max_size = fx("2");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		let ask = order(ALICE, id, "-2", "60000", 1);
		let bid = order(BOB, id, "2", "60000", 1);
		assert_ok!(go(&ask, &bid, "2"));
		// Bob at 2 long: one more would make 3.
		let more = order(BOB, id, "1", "60000", 2);
		let other = order(ALICE, id, "-1", "60000", 2);
		assert_noop!(go(&other, &more, "1"), Error::<Test>::PositionTooLarge);
		// The council lowers max_size to 1: both may still close.
		params.max_size = fx("1");
		assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, params));
		let close_bob = order(BOB, id, "-1", "60000", 3);
		let close_alice = order(ALICE, id, "1", "60000", 3);
		assert_ok!(go(&close_bob, &close_alice, "1"));
		assert_eq!((size_of(ALICE, id), size_of(BOB, id)), (fx("-1"), fx("1")));
	});
}

#[test]
fn a_cancelled_order_never_fills_again_whatever_is_pruned() {
	build_and_execute(|| {
		let id = setup();
		let sell = order(ALICE, id, "-2", "60000", 5);
		let buy = order(BOB, id, "2", "60000", 5);
		assert_ok!(go(&sell, &buy, "1"));
		// Only the owner cancels; the cancellation covers the order until its own expiry.
		assert_noop!(
			Margin::cancel_order(RuntimeOrigin::signed(BOB), sell.clone()),
			Error::<Test>::NotOrderOwner
		);
		assert_ok!(Margin::cancel_order(RuntimeOrigin::signed(ALICE), sell.clone()));
		let sell_id = Pallet::order_id(&sell);
		assert_eq!(Filled::<Test>::get(sell_id), Some((fx("2"), sell.expiry)));
		assert_noop!(go(&sell, &buy, "1"), Error::<Test>::OrderOverfilled);
		// Pruning before the expiry keeps the record.
		let ids = || frame_support::BoundedVec::try_from(vec![sell_id]).unwrap();
		assert_ok!(Margin::prune_orders(relay(), ids()));
		assert!(Filled::<Test>::contains_key(sell_id));
		// After it, the record goes and the order is refused by its expiry alone.
		advance_time(DAY + 1);
		set_market("60000", "0.6");
		assert_ok!(Margin::prune_orders(relay(), ids()));
		assert!(!Filled::<Test>::contains_key(sell_id));
		assert_noop!(go(&sell, &buy, "1"), Error::<Test>::OrderExpired);
		// An expired order cannot be cancelled (nothing to cancel), nor one valid too long.
		assert_noop!(
			Margin::cancel_order(RuntimeOrigin::signed(ALICE), sell.clone()),
			Error::<Test>::OrderExpired
		);
		let forever = Order { placed_at: now(), expiry: now() + 8 * DAY, ..sell };
		assert_noop!(
			Margin::cancel_order(RuntimeOrigin::signed(ALICE), forever),
			Error::<Test>::OrderExpiryTooFar
		);
	});
}

#[test]
fn orders_alike_but_for_their_expiry_are_two_orders_and_neither_revives_the_other() {
	build_and_execute(|| {
		let id = setup();
		// Two orders under one nonce, the second with a shorter life: each fills its own size
		// and the short one's pruning leaves the long one's count alone.
		let long = order(ALICE, id, "-1", "60000", 5);
		let short = Order { expiry: now() + 60_000, ..long.clone() };
		let buy = order(BOB, id, "2", "60000", 5);
		assert_ok!(go(&long, &buy, "1"));
		assert_ok!(go(&short, &buy, "1"));
		assert_eq!(size_of(ALICE, id), fx("-2"));
		advance_time(60_001);
		set_market("60000", "0.6");
		let ids = frame_support::BoundedVec::try_from(vec![Pallet::order_id(&short)]).unwrap();
		assert_ok!(Margin::prune_orders(relay(), ids));
		let more = order(BOB, id, "1", "60000", 6);
		assert_noop!(go(&long, &more, "1"), Error::<Test>::OrderOverfilled);
	});
}

#[test]
fn an_order_backdated_to_be_the_maker_gains_nothing() {
	build_and_execute(|| {
		let id = setup();
		// Alice's ask of 60,000 rests; Bob signs a bid claiming to be placed almost a full
		// lifetime ago, at Alice's price, to be the maker.
		let ask = order(ALICE, id, "-1", "60000", 1);
		let old = Order {
			placed_at: now() - 7 * DAY + 60_000,
			expiry: now() + 60_000,
			..order(BOB, id, "1", "60000", 1)
		};
		assert_ok!(go(&ask, &old, "1"));
		// Bob is the maker: the fill is at his limit, which is Alice's; the fee is split as
		// it would have been; Alice got exactly what she asked.
		System::assert_last_event(
			Event::OrdersMatched {
				maker: (BOB, 0, 1),
				taker: (ALICE, 0, 1),
				instrument: id,
				size: fx("1"),
				price: fx("60000"),
				fee: fx("18"),
			}
			.into(),
		);
		assert_eq!(book(Party::Account(ALICE, 0)), fx("20000").0 - fx("9").0);
		assert_eq!(book(Party::Account(BOB, 0)), fx("20000").0 - fx("9").0);
	});
}
