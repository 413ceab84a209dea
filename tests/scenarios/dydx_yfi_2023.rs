//! dYdX, YFI, 17 November 2023: open interest in one thin market grew to many times what its
//! liquidity could absorb; YFI was pumped and dumped, the longs' liquidations could not be
//! filled, and the insurance fund that backed every market lost about $9 million to this one.
//!
//! On Ballast the risk council sizes each market's open interest to what the insurance fund
//! can lose on it alone: past `oi_upper` (here 3,000,000 of ETH) no trade but one that reduces
//! a position is taken, whoever asks and on either side, and initial margin rises toward it.
//! When the market then gaps, the fund pays what the capped open interest lost and keeps the
//! rest for every other market.

use crate::common::*;
use ballast_integration_tests::fuzz::input::OrderSpec;
use ballast_primitives::traits::CollateralLedger;
use ballast_runtime::genesis_config_presets::{margin_params, underlyings};
use sp_runtime::DispatchError;

type Ledger = pallet_shared_collateral::Pallet<Runtime>;

/// `long` buys `n` ETH perpetuals from `short` at 3,000, peer to peer.
fn eth_match(long: u8, short: u8, n: i128, nonce: u64) -> Step {
	let order = |owner, size| OrderSpec {
		instrument: ETH_PERP,
		price: Fixed18(3_000 * E18 as i128),
		..order(owner, size, nonce)
	};
	Step::Match {
		relayer: BOB,
		first: order(long, n),
		second: order(short, -n),
		fill: contracts(n),
	}
}

#[test]
fn one_market_cannot_grow_past_what_the_fund_can_lose_on_it() {
	let mut w = World::new();
	let capped: DispatchError =
		pallet_portfolio_margin::Error::<Runtime>::OpenInterestCapReached.into();
	run(
		&mut w,
		&[
			// ETH: initial margin rises from 1,500,000 of open interest; full at 3,000,000.
			root(RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::set_underlying {
				underlying: underlyings::ETH,
				params: margin_params(1_000, 10_000_000_000, 1_500_000),
			})),
			eth_match(EVE, FERDIE, 500, 1),
			eth_match(TWO, ONE, 400, 1),
			next(),
		],
	);
	w.execute(|| {
		assert_eq!(position(EVE, ETH_PERP), 500 * E18 as i128);
		assert_eq!(position(TWO, ETH_PERP), 400 * E18 as i128);
	});
	// 900 ETH long are 2,700,000: 101 more would pass the cap, whoever asks, on either side.
	w.execute(|| {
		let trade = |who: u8, size: i128| {
			let limit = if size > 0 { 4_000 } else { 1 };
			PortfolioMargin::trade_with_vault(
				frame_system::RawOrigin::Signed(id(usize::from(who)).clone()).into(),
				1,
				ETH_PERP,
				contracts(size),
				Fixed18(limit * E18 as i128),
			)
			.map(|_| ())
			.map_err(|e| e.error)
		};
		assert_eq!(trade(EVE, 101), Err(capped));
		assert_eq!(trade(ONE, -101), Err(capped));
		// Reducing passes: Eve sells 100 of her 500.
		assert_eq!(trade(EVE, -100), Ok(()));
		assert_eq!(position(EVE, ETH_PERP), 400 * E18 as i128);
	});
	let before = w.execute(|| (equity(FERDIE), equity(ONE)));
	// 276,775 and 276,820: 250,000 USDC + 10 WETH at 3,000 less 10%, less trading fees.
	assert_eq!(before, (Some(276_775 * E18 as i128), Some(276_820 * E18 as i128)));
	// ETH gaps 30% in one block, to 3,900: the shorts lose 900 a contract. Ferdie's 500
	// cost 450,000, less the 8,100 his 10 WETH gained (at 90%): −165,125; the stash's 400
	// cost 360,000: −75,080.
	run(&mut w, &[market(ETH, 300), next(), Step::Keeper, next()]);
	let bankrupt = w.execute(|| (equity(FERDIE), equity(ONE)));
	assert_eq!(bankrupt, (Some(-165_125 * E18 as i128), Some(-75_080 * E18 as i128)));
	for _ in 0..60 {
		run(&mut w, &[Step::Keeper, next()]);
	}
	w.execute(|| {
		assert_eq!((position(FERDIE, ETH_PERP), position(ONE, ETH_PERP)), (0, 0));
		// The fund pays the 240,205 of shortfall and the vault's floor discount on the 900
		// it took (900 × 3,900 × 10% maintenance × 60% = 210,600): 450,805, all within what
		// it holds. The vault pays nothing, nobody is deleveraged, nothing is bad debt.
		let totals = pallet_liquidation::Accounting::<Runtime>::get();
		assert_eq!(totals.insurance_paid, 450_805 * E18);
		assert_eq!((totals.vault_paid, totals.socialized, totals.bad_debt), (0, 0, 0));
		assert_eq!(<Ledger as CollateralLedger<AccountId32>>::insurance_balance(), 49_195 * E18);
		// The longs keep their profit: Eve's 400 gained 360,000 (and her WETH 8,100).
		assert_eq!(equity(EVE), Some(644_455 * E18 as i128));
	});
	// Without the cap one trader could have held 10,000 ETH (the market's `max_size`): the
	// same gap would have cost 9,000,000 less the shorts' margin, eighteen times the fund.
}
