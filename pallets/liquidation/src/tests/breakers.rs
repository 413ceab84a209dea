//! Circuit breakers: a fast move or a stale oracle halts new positions and limits
//! withdrawals; liquidations go on.

use super::*;
use ballast_primitives::traits::CircuitBreaker;

fn breaker() -> BreakerParams {
	BreakerParams {
		max_move: fx("0.1"),
		window: 5 * 60_000,
		cooldown: 10 * 60_000,
		withdrawal_factor: fx("1.5"),
	}
}

#[test]
fn a_move_beyond_the_limit_halts_new_positions_until_the_cooldown_ends() {
	build_and_execute(|| {
		fund_party(Party::Vault, "1000000");
		assert_noop!(
			Liquidation::set_breaker(RuntimeOrigin::signed(ALICE), BTC, Some(breaker())),
			DispatchError::BadOrigin
		);
		let mut bad = breaker();
		bad.withdrawal_factor = fx("0.5");
		assert_noop!(
			Liquidation::set_breaker(RuntimeOrigin::root(), BTC, Some(bad)),
			Error::<Test>::InvalidParams
		);
		assert_ok!(Liquidation::set_breaker(RuntimeOrigin::root(), BTC, Some(breaker())));
		assert_ok!(Liquidation::set_breaker(RuntimeOrigin::root(), 2, Some(breaker())));
		assert_noop!(
			Liquidation::set_breaker(RuntimeOrigin::root(), 3, Some(breaker())),
			Error::<Test>::TooManyMarkets
		);
		assert_ok!(Liquidation::set_breaker(RuntimeOrigin::root(), 2, None));
		fund(ALICE, "80000");
		buy(ALICE, "10");
		next_block();
		assert!(!Liquidation::halted(BTC));
		// −9% within the window: allowed.
		set_market("54600", "0.6");
		next_block();
		assert!(!Liquidation::halted(BTC));
		// −14% from the window's high: halted.
		set_market("51600", "0.6");
		next_block();
		assert!(Liquidation::halted(BTC));
		System::assert_has_event(
			Event::MarketHalted { underlying: BTC, until: now() + 10 * 60_000, stale: false }
				.into(),
		);
		assert_eq!(Liquidation::withdrawal_factor(&[BTC]), fx("1.5"));
		// Only accounts exposed to BTC must leave more behind.
		assert_eq!(Liquidation::withdrawal_factor(&[2]), Fixed18::ONE);
		assert_eq!(Liquidation::withdrawal_factor(&[]), Fixed18::ONE);
		fund(BOB, "100000");
		assert_noop!(
			Margin::trade_with_vault(
				RuntimeOrigin::signed(BOB),
				0,
				PERP,
				fx("1"),
				pallet_portfolio_margin::MAX_PRICE
			),
			pallet_portfolio_margin::Error::<Test>::MarketHalted
		);
		// Liquidations go on.
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Ten minutes later the market reopens.
		run_blocks(100);
		assert!(!Liquidation::halted(BTC));
		assert_eq!(Liquidation::withdrawal_factor(&[BTC]), Fixed18::ONE);
		System::assert_has_event(Event::MarketResumed { underlying: BTC }.into());
		buy(BOB, "1");
	});
}

#[test]
fn a_stale_oracle_halts_its_market() {
	use frame_support::traits::Hooks;
	build_and_execute(|| {
		assert_ok!(Liquidation::set_breaker(RuntimeOrigin::root(), BTC, Some(breaker())));
		next_block();
		assert!(!Liquidation::halted(BTC));
		// No new price for two minutes.
		advance_time(120_000);
		Liquidation::on_initialize(System::block_number() + 1);
		assert!(Liquidation::halted(BTC));
		System::assert_has_event(
			Event::MarketHalted { underlying: BTC, until: 0, stale: true }.into(),
		);
		next_block();
		assert!(!Liquidation::halted(BTC));
	});
}

#[test]
fn the_window_slides_so_a_move_split_across_a_boundary_still_halts() {
	build_and_execute(|| {
		assert_ok!(Liquidation::set_breaker(RuntimeOrigin::root(), BTC, Some(breaker())));
		// 60,000 for 4.8 minutes (48 blocks of 6 s)...
		run_blocks(48);
		// ... −9% at 4.9 minutes, within the 10% limit ...
		set_market("54600", "0.6");
		next_block();
		assert!(!Liquidation::halted(BTC));
		// ... and another −9% at 5.1 minutes: 17% below the high of the last five minutes.
		// A window that restarted at 5 minutes would have seen only −9%.
		run_blocks(1);
		set_market("49700", "0.6");
		next_block();
		assert!(Liquidation::halted(BTC));
		// Ten minutes later (the cooldown, with the old highs out of the window) it reopens.
		run_blocks(101);
		assert!(!Liquidation::halted(BTC));
		// The window never holds more than `MaxSamples` samples.
		assert!(BreakerWindows::<Test>::get(BTC).len() <= 128);
	});
}
