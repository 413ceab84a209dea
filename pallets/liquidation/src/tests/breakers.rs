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
		// −14% from the window's start: halted.
		set_market("51600", "0.6");
		next_block();
		assert!(Liquidation::halted(BTC));
		System::assert_has_event(
			Event::MarketHalted { underlying: BTC, until: now() + 10 * 60_000, stale: false }
				.into(),
		);
		assert_eq!(Liquidation::withdrawal_factor(), fx("1.5"));
		fund(BOB, "100000");
		assert_noop!(
			Margin::trade_with_vault(
				RuntimeOrigin::signed(BOB),
				0,
				PERP,
				fx("1"),
				Fixed18(i128::MAX)
			),
			pallet_portfolio_margin::Error::<Test>::MarketHalted
		);
		// Liquidations go on.
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(LIQUIDATOR), ALICE, 0));
		// Ten minutes later the market reopens.
		run_blocks(100);
		assert!(!Liquidation::halted(BTC));
		assert_eq!(Liquidation::withdrawal_factor(), Fixed18::ONE);
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
