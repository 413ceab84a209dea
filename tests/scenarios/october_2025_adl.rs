//! The cascade of 10–11 October 2025: crypto fell 10–70% in minutes; insurance funds and
//! liquidity providers could not absorb the bankrupt positions, and auto-deleveraging closed
//! traders in profit — many of whose shorts were hedges of longs elsewhere, left naked in a
//! falling market — often while the backstops still had room.
//!
//! On Ballast nobody is deleveraged while the insurance fund and the vault can absorb the
//! loss, and then only for the part they cannot: BTC halves in one block and Bob's stash,
//! long 100 BTC against three shorts, is bankrupt by more than the backstops hold. The
//! protocol ranks the shorts by profit × leverage × unhedged share: Eve (short 40, naked,
//! the most leveraged) gives up what the backstops cannot pay, closed at the bankruptcy price;
//! Alice's stash (short 20, naked, less leveraged) and Ferdie (short 40 perpetuals hedged by
//! 40 long futures, unhedged share 0) keep every contract. The insurance fund and the vault pay
//! the rest, and nothing is left as bad debt.

use crate::common::*;

const E17: i128 = 100_000_000_000_000_000;
use ballast_primitives::traits::CollateralLedger;
use frame_support::traits::fungible::NativeOrWithId;
use pallet_portfolio_margin::MarginMethod;

/// `amount` USDC (6 decimals) into `who`'s subaccount 1.
fn deposit(who: u8, amount: u128) -> Step {
	collateral(
		who,
		pallet_shared_collateral::Call::deposit {
			sub: 1,
			asset: usdc(),
			amount: amount * 1_000_000,
		},
	)
}

/// Bob's stash buys `n` BTC perpetuals from `short` at 60,000, peer to peer.
fn sell_to_two(short: u8, n: i128, nonce: u64) -> Step {
	Step::Match {
		relayer: BOB,
		first: order(TWO, n, nonce),
		second: order(short, -n, nonce),
		fill: contracts(n),
	}
}

#[test]
fn only_what_the_backstops_cannot_pay_is_taken_and_the_hedged_keep_their_hedges() {
	let mut w = World::new();
	run(
		&mut w,
		&[
			deposit(TWO, 700_000),
			deposit(EVE, 200_000),
			deposit(FERDIE, 200_000),
			collateral(
				FERDIE,
				pallet_shared_collateral::Call::deposit {
					sub: 1,
					asset: NativeOrWithId::WithId(2),
					amount: 100 * E18,
				},
			),
			call(
				FERDIE,
				RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::set_margin_method {
					sub: 1,
					method: MarginMethod::Portfolio,
				}),
			),
			trade(FERDIE, BTC_FUTURE, 40, 70_000),
			next(),
			sell_to_two(EVE, 40, 1),
			sell_to_two(FERDIE, 40, 2),
			sell_to_two(ONE, 20, 3),
			next(),
		],
	);
	w.execute(|| {
		assert_eq!(position(TWO, BTC_PERP), 100 * E18 as i128);
		assert_eq!(position(EVE, BTC_PERP), -40 * E18 as i128);
		assert_eq!(position(FERDIE, BTC_PERP), -40 * E18 as i128);
		assert_eq!(position(FERDIE, BTC_FUTURE), 40 * E18 as i128);
		assert_eq!(position(ONE, BTC_PERP), -20 * E18 as i128);
	});
	// BTC halves in one block; the keeper watches every block after.
	run(&mut w, &[market(BTC, -500), next(), Step::Keeper, next()]);
	let (bankrupt, backstops) = w.execute(|| {
		type Ledger = pallet_shared_collateral::Pallet<Runtime>;
		let insurance = <Ledger as CollateralLedger<AccountId32>>::insurance_balance();
		let vault = <Ledger as CollateralLedger<AccountId32>>::vault_balance();
		(equity(TWO).expect("valued"), insurance + vault)
	});
	// 950,000 USDC + 10 WETH at 2,700 − 900 of fees − 100 × 30,000 lost.
	assert_eq!(bankrupt, -2_023_900 * E18 as i128);
	// 500,000 of insurance, the vault's 1,000,000 and the 2,268 of fees it earned.
	assert_eq!(backstops, 1_502_268 * E18);
	let mut deleveraged = Vec::new();
	for _ in 0..40 {
		run(&mut w, &[Step::Keeper, next()]);
		w.execute(|| {
			for e in events() {
				if let RuntimeEvent::Liquidation(pallet_liquidation::Event::Deleveraged {
					counterparty,
					size,
					price,
					paid,
					..
				}) = e
				{
					deleveraged.push((counterparty, size, price, paid));
				}
			}
		});
		if w.execute(|| !pallet_liquidation::Auctions::<Runtime>::contains_key(sub1(TWO))) {
			break;
		}
	}
	// The 521,632 the backstops cannot pay, from Eve alone: her 40 closed at the bankruptcy
	// price 30,000 + 521,632 / 40 = 43,040.8 (she realizes 678,368 instead of 1,200,000).
	let owed = 2_023_900 * E18 - backstops;
	assert_eq!(owed, 521_632 * E18);
	assert_eq!(deleveraged, vec![(sub1(EVE), 40 * E18 as i128, 430_408 * E17, owed)]);
	w.execute(|| {
		assert_eq!(position(TWO, BTC_PERP), 0, "the bankrupt position is closed");
		assert_eq!(position(EVE, BTC_PERP), 0);
		assert_eq!(position(FERDIE, BTC_PERP), -40 * E18 as i128, "Ferdie keeps her hedge");
		assert_eq!(position(FERDIE, BTC_FUTURE), 40 * E18 as i128);
		assert_eq!(position(ONE, BTC_PERP), -20 * E18 as i128);
	});
	let totals = w.execute(pallet_liquidation::Accounting::<Runtime>::get);
	assert_eq!(
		(totals.insurance_paid, totals.vault_paid, totals.socialized, totals.bad_debt),
		(500_000 * E18, 1_002_268 * E18, owed, 0)
	);
}
