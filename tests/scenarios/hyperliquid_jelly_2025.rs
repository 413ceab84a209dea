//! Hyperliquid, JELLY, 26 March 2025: a trader opened a large short in a thin market and let
//! it be liquidated; the liquidity-provider vault (HLP) inherited the whole position, then the
//! price was squeezed several-fold on other venues. The vault faced a loss of millions on one
//! position it had never chosen to hold, and the validators delisted the market at a price of
//! their choosing to save it.
//!
//! On Ballast the vault takes over at the floor only what keeps its delta within the cap the
//! risk council set (2 BTC here); the rest goes back, at mark, to the profitable holders of
//! the other side, ranked as for deleveraging. When the squeeze goes on, the vault's loss is
//! its cap times the move, the liquidity providers keep the rest, and no price is chosen by
//! anyone but the oracle.

use crate::common::*;
use ballast_runtime::genesis_config_presets::{margin_params, underlyings};

/// Eve sells `n` BTC perpetuals to Ferdie at 60,000, peer to peer.
fn eve_sells_to_ferdie(n: i128) -> Step {
	Step::Match {
		relayer: BOB,
		first: order(FERDIE, n, 1),
		second: order(EVE, -n, 1),
		fill: contracts(n),
	}
}

fn vault_btc_perp() -> i128 {
	pallet_portfolio_margin::VaultPositions::<Runtime>::get()
		.iter()
		.find(|p| p.instrument == BTC_PERP)
		.map_or(0, |p| p.size.0)
}

/// The vault's equity: its balance and its positions' PnL at mark.
fn vault_equity() -> i128 {
	<PortfolioMargin as MarginEngine<AccountId32>>::vault_risk()
		.expect("valued")
		.equity()
}

#[test]
fn the_vault_takes_no_more_than_its_cap_and_the_squeeze_costs_it_only_that() {
	let mut w = World::new();
	// The risk council caps the vault's BTC delta at 2: what its providers agreed to carry
	// (its 1,000,000 could margin 16 at 60,000; a cap is a choice, not a capacity).
	let params = margin_params(2, 10_000_000_000, 60_000_000_000);
	run(
		&mut w,
		&[
			root(RuntimeCall::PortfolioMargin(pallet_portfolio_margin::Call::set_underlying {
				underlying: underlyings::BTC,
				params,
			})),
			eve_sells_to_ferdie(30),
			next(),
		],
	);
	w.execute(|| {
		assert_eq!(position(EVE, BTC_PERP), -30 * E18 as i128);
		assert_eq!(position(FERDIE, BTC_PERP), 30 * E18 as i128);
		// 250,000 USDC + 10 WETH at 3,000 less its 10% haircut, less 270 of trading fee.
		assert_eq!(equity(EVE), Some(276_730 * E18 as i128));
	});
	// BTC +18% in one block, to 70,800: Eve's short of 30 loses 324,000.
	run(&mut w, &[market(BTC, 180), next(), Step::Keeper, next()]);
	let (eve, ferdie, vault) = w.execute(|| (equity(EVE), equity(FERDIE), vault_equity()));
	assert_eq!(eve, Some(-47_270 * E18 as i128));
	for _ in 0..40 {
		run(&mut w, &[Step::Keeper, next()]);
		if w.execute(|| !pallet_liquidation::Auctions::<Runtime>::contains_key(sub1(EVE))) {
			break;
		}
	}
	// At the floor the vault takes 2 / 30 of her short (rounded down to the 10⁻¹⁸, so its cap
	// holds exactly), and the discount on that share's maintenance margin: 30 × 70,800 ×
	// 10% × 2 / 30 × the floor's 60% = 8,496.
	let dust = 20;
	w.execute(|| {
		assert_eq!(vault_btc_perp(), -2 * E18 as i128 + dust);
		assert_eq!(position(EVE, BTC_PERP), 0);
		// The other 28 close against Ferdie, the long in profit, at mark: he keeps 2, and his
		// equity is what it was (his profit on the 28 is realized, not taken), to the USDC
		// unit (10⁻⁶) the ledger pays in.
		assert_eq!(position(FERDIE, BTC_PERP), 2 * E18 as i128 - dust);
		let diff = equity(FERDIE).expect("valued") - ferdie.expect("valued");
		assert!(diff.abs() < 1_000_000_000_000, "Ferdie's equity moved by {diff}");
		// The insurance fund covers her 47,270 and the vault's 8,496 (to the last USDC unit);
		// nothing is socialized, nothing is bad debt.
		let totals = pallet_liquidation::Accounting::<Runtime>::get();
		assert_eq!(totals.insurance_paid, 55_766 * E18 + 1_000_000_000_000);
		assert_eq!((totals.vault_paid, totals.socialized, totals.bad_debt), (0, 0, 0));
	});
	let vault_after = w.execute(vault_equity);
	// Taken at mark, the position itself changes nothing of the vault's equity: it gains the
	// discount (rounded up to the USDC unit, at the bankrupt's expense).
	assert_eq!(vault_after - vault, 8_496 * E18 as i128);
	// The squeeze goes on: BTC doubles, to 141,600. The vault's short of 2 loses 141,600, a
	// seventh of its equity; had it taken all 30 it would lose 2,124,000, twice what it holds,
	// and every provider would be wiped out.
	run(&mut w, &[market(BTC, 1000), next(), next()]);
	let squeezed = w.execute(vault_equity);
	assert_eq!(vault_after - squeezed, 141_600 * E18 as i128 - 1_416_000);
	assert!(squeezed > 850_000 * E18 as i128);
	w.execute(|| {
		let totals = pallet_liquidation::Accounting::<Runtime>::get();
		assert_eq!(totals.bad_debt, 0);
	});
}
