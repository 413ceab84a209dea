//! The replay's proof that liquidation takes nothing from solvent accounts: around each phase
//! of a block in which liquidation acts (`on_initialize`'s queue, then the transactions after
//! the oracle's feeds, at one set of prices each), the equity at mark of every subaccount in
//! an auction is read before and after. A sale (a bid or the vault's take) of an account that
//! was solvent before it must leave it at zero equity or more, and no debt of an account that
//! was solvent before the phase may be covered (by the insurance fund or the vault) or written
//! off. Accounts not in an auction before a phase are not sold in it (auctions started in a
//! phase sell nothing then; only debt-only accounts, insolvent by definition, are covered).

use ballast_primitives::traits::MarginEngine;
use ballast_runtime::{PortfolioMargin, Runtime, RuntimeEvent};
use pallet_liquidation::Event;
use sp_runtime::AccountId32;
use std::{collections::BTreeMap, fmt};

/// A subaccount.
pub type Sub = (AccountId32, u16);

/// Equity at mark and open positions of subaccounts (those that could be valued).
pub type Equities = BTreeMap<Sub, (i128, u32)>;

/// One unit of the quote asset (USDC, 6 decimals) in 18-decimal value: the ledger pays whole
/// units, rounding each realized loss up (in the pool's favour).
pub(crate) const QUOTE_UNIT: i128 = 1_000_000_000_000;

/// Equity at mark now, if the subaccount can be valued.
pub fn equity(who: &Sub) -> Option<i128> {
	<PortfolioMargin as MarginEngine<AccountId32>>::risk(&who.0, who.1)
		.ok()
		.map(|r| r.equity())
}

/// Equity at mark and positions of every subaccount in an auction now.
pub fn in_auction() -> Equities {
	pallet_liquidation::Auctions::<Runtime>::iter_keys()
		.filter_map(|who| {
			let risk = <PortfolioMargin as MarginEngine<AccountId32>>::risk(&who.0, who.1).ok()?;
			Some((who, (risk.equity(), risk.positions)))
		})
		.collect()
}

/// What the check saw over a replay.
#[derive(Debug, Default, Clone, Copy)]
pub struct Solvency {
	/// Sales (bids and the vault's takes) of accounts solvent at mark just before them.
	pub solvent_sales: u32,
	/// Of those, sales that left the account below zero equity by more than the ledger's
	/// rounding of the PnL they realized (one quote unit per position moved): must be none.
	pub left_insolvent: u32,
	/// The lowest equity a sale of a solvent account left (quote, 18 decimals; zero when none
	/// went below): rounding dust within a unit per position.
	pub deepest: i128,
	/// Sales of accounts already insolvent (at their bankruptcy value, the backstops paying).
	pub insolvent_sales: u32,
	/// What the insurance fund paid (quote, 18 decimals).
	pub fund_paid: u128,
	/// Debt of accounts solvent before the phase that anyone covered (the fund, the vault)
	/// or wrote off: must be nothing.
	pub covered_for_solvent: u128,
	/// Oracle feeds left out of a block that a session change filled.
	pub feeds_left_out: u32,
}

impl Solvency {
	/// Checks a phase's `events` against the equities `before` it, reading equities now.
	pub fn check(&mut self, before: &Equities, events: &[RuntimeEvent]) {
		let solvent = |who: &Sub| before.get(who).is_some_and(|(e, _)| *e >= 0);
		for event in events {
			let RuntimeEvent::Liquidation(event) = event else { continue };
			match event {
				Event::Bid { who, sub, .. } | Event::TakenByVault { who, sub, .. } => {
					let key = (who.clone(), *sub);
					if !solvent(&key) {
						self.insolvent_sales += 1;
						continue;
					}
					self.solvent_sales += 1;
					if let Some(e) = equity(&key).filter(|e| *e < 0) {
						self.deepest = self.deepest.min(e);
						let positions = before.get(&key).map_or(0, |(_, p)| i128::from(*p));
						if e < -(positions * QUOTE_UNIT) {
							self.left_insolvent += 1;
						}
					}
				},
				Event::DebtCovered { who, sub, insurance, vault, bad_debt } => {
					self.fund_paid += insurance;
					if solvent(&(who.clone(), *sub)) {
						self.covered_for_solvent += insurance + vault + bad_debt;
					}
				},
				_ => {},
			}
		}
	}
}

impl fmt::Display for Solvency {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		let usdc = |v: u128| v as f64 / crate::chain::E18 as f64;
		write!(
			f,
			"{} sales of solvent accounts ({} left below zero beyond rounding; the lowest equity \
			 left {:.9} USDC), {} of insolvent ones; the fund \
			 paid {:.2} USDC; debt of accounts solvent before the step covered or written off: \
			 {:.2}",
			self.solvent_sales,
			self.left_insolvent,
			self.deepest as f64 / crate::chain::E18 as f64,
			self.insolvent_sales,
			usdc(self.fund_paid),
			usdc(self.covered_for_solvent),
		)?;
		write!(f, "; {} oracle feeds left out of full blocks", self.feeds_left_out)
	}
}
