//! One account-risk snapshot: a subaccount's collateral, unrealized PnL and margin
//! requirements from one valuation, and the only formulas for its equity and health. The margin
//! engine builds it ([`crate::traits::MarginEngine::risk`]); withdrawals, trades, liquidation,
//! bids and the views read it. A price that is not fresh is an [`Unvalued`] error, never a
//! value of zero.

use crate::{fixed::Fixed18, Balance};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Why a subaccount's risk cannot be known now.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Unvalued {
	/// A position's underlying has no fresh spot or implied volatility.
	StalePrice,
	/// A collateral asset the subaccount holds has no fresh price.
	StaleCollateral,
	/// The positions cannot be valued: a market is not listed, or a value is out of the
	/// model's range.
	Uncomputable,
}

/// A subaccount's risk now. Values in quote with 18 decimals (`1e18` = 1.0).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct AccountRisk {
	/// Collateral value after haircuts, minus debt.
	pub collateral: i128,
	/// Quote owed to the pool (included in `collateral`).
	pub debt: Balance,
	/// Unrealized profit (positive) or loss (negative) of the positions at mark.
	pub unrealized_pnl: i128,
	/// Initial-margin requirement of the positions.
	pub initial: Balance,
	/// Maintenance-margin requirement of the positions.
	pub maintenance: Balance,
	/// The share of unrealized profit that does not count toward initial margin (in [0, 1]).
	pub profit_haircut: Fixed18,
	/// Open positions.
	pub positions: u32,
}

/// What liquidation does about a subaccount's debt once it holds no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebtStatus {
	/// Nothing to collect: no debt, or positions still open (their auction comes first).
	Nothing,
	/// Debt the collateral no longer covers after haircuts, with collateral other than quote
	/// left to sell: the collateral is sold to repay it. (Debt the haircut collateral still
	/// covers is a healthy account's, like a position above maintenance: it is not sold.)
	Collectable,
	/// Debt with no collateral left to sell: the loss waterfall covers it.
	Unbacked,
}

/// Health of a subaccount: equity over maintenance margin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
	/// No maintenance requirement: nothing to liquidate.
	NoRequirement,
	/// Equity / maintenance margin.
	Ratio(Fixed18),
}

impl AccountRisk {
	/// Collateral plus unrealized PnL: what the subaccount is worth if its positions close at
	/// mark. Liquidation judges this.
	pub fn equity(&self) -> i128 {
		self.collateral.saturating_add(self.unrealized_pnl)
	}

	/// Equity counted toward initial margin: unrealized profit only after the haircut (the
	/// Mango lesson: unrealized gains at a manipulable price are not collateral), losses in
	/// full. Rounded down.
	pub fn initial_equity(&self) -> i128 {
		if self.unrealized_pnl <= 0 {
			return self.equity();
		}
		let kept = Fixed18::ONE.0.saturating_sub(self.profit_haircut.0.clamp(0, Fixed18::ONE.0));
		let counted = mul_floor(self.unrealized_pnl, kept);
		self.collateral.saturating_add(counted)
	}

	/// Equity / maintenance margin.
	pub fn health(&self) -> Health {
		if self.maintenance == 0 {
			return Health::NoRequirement;
		}
		let m = i128::try_from(self.maintenance).unwrap_or(i128::MAX);
		let equity = self.equity();
		Health::Ratio(Fixed18(equity).checked_div(Fixed18(m)).unwrap_or(if equity < 0 {
			Fixed18(i128::MIN)
		} else {
			Fixed18(i128::MAX)
		}))
	}

	/// The health ratio, if there is a requirement.
	pub fn health_ratio(&self) -> Option<Fixed18> {
		match self.health() {
			Health::Ratio(h) => Some(h),
			Health::NoRequirement => None,
		}
	}

	/// Below maintenance margin: the subaccount can be liquidated.
	pub fn is_liquidatable(&self) -> bool {
		self.maintenance > 0 && self.equity() < clamp(self.maintenance)
	}

	/// Worth less than nothing: closing everything at mark leaves debt.
	pub fn is_insolvent(&self) -> bool {
		self.equity() < 0
	}

	/// The initial-margin requirement multiplied by `factor` (≥ 1; circuit breakers raise it
	/// for withdrawals), saturating.
	pub fn initial_times(&self, factor: Fixed18) -> Balance {
		let factor = factor.max(Fixed18::ONE);
		Fixed18(clamp(self.initial))
			.checked_mul(factor)
			.map_or(Balance::MAX, |r| r.0.max(0) as Balance)
	}

	/// Whether the haircut equity covers `factor` × initial margin.
	pub fn meets_initial(&self, factor: Fixed18) -> bool {
		let equity = self.initial_equity();
		equity >= 0 && equity.unsigned_abs() >= self.initial_times(factor)
	}

	/// Whether a trade that took the subaccount from `before` to `self` stands on margin: it
	/// meets initial margin after; or it took risk off an account below initial margin —
	/// maintenance margin (which no open-interest or security factor scales) did not rise,
	/// equity's excess over maintenance and the haircut equity's over initial margin did not
	/// fall, and equity is not negative. So an account below initial margin may close or hedge
	/// without being refused for margin it already lacked, but never adds risk, never trades
	/// away more value (a fill off mark, a fee) than the margin it frees, and is never made
	/// insolvent by its own trade.
	/// Without `before` (no positions before the trade) it must meet initial margin.
	pub fn trade_stands(&self, before: Option<&AccountRisk>) -> bool {
		if self.meets_initial(Fixed18::ONE) {
			return true;
		}
		let Some(before) = before else { return false };
		let over_initial = |r: &AccountRisk| r.initial_equity().saturating_sub(clamp(r.initial));
		let over_maintenance = |r: &AccountRisk| r.equity().saturating_sub(clamp(r.maintenance));
		self.maintenance <= before.maintenance
			&& over_maintenance(self) >= over_maintenance(before)
			&& over_initial(self) >= over_initial(before)
			&& self.equity() >= 0
	}

	/// Collateral held after haircuts, before debt: what can be sold to repay the debt.
	pub fn held_collateral(&self) -> i128 {
		self.collateral.saturating_add(clamp(self.debt))
	}

	/// What must happen to the subaccount's debt. Only an account without positions has its
	/// debt collected: while it holds positions its debt is part of its margin. Without
	/// positions the haircuts are its margin: debt is collected once the haircut value of the
	/// collateral falls below it, never before.
	pub fn debt_status(&self) -> DebtStatus {
		if self.positions > 0 || self.debt == 0 || self.collateral >= 0 {
			DebtStatus::Nothing
		} else if self.held_collateral() > 0 {
			DebtStatus::Collectable
		} else {
			DebtStatus::Unbacked
		}
	}

	/// The same subaccount with `change` added to its collateral value (a deposit, a
	/// withdrawal or a transfer about to happen).
	pub fn with_collateral_change(self, change: i128) -> AccountRisk {
		AccountRisk { collateral: self.collateral.saturating_add(change), ..self }
	}
}

/// `x × f / 1e18` rounded toward negative infinity, for `x ≥ 0`, `f` in [0, 1e18].
fn mul_floor(x: i128, f: i128) -> i128 {
	// x = q·1e18 + r; x·f/1e18 = q·f + r·f/1e18, each part without overflow.
	let one = Fixed18::ONE.0;
	let (q, r) = (x / one, x % one);
	q.saturating_mul(f).saturating_add(r * f / one)
}

fn clamp(v: Balance) -> i128 {
	i128::try_from(v).unwrap_or(i128::MAX)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fx(s: &str) -> i128 {
		Fixed18::parse(s).unwrap().0
	}
	fn bal(s: &str) -> Balance {
		fx(s) as Balance
	}

	fn account(collateral: &str, pnl: &str, initial: &str, maintenance: &str) -> AccountRisk {
		AccountRisk {
			collateral: fx(collateral),
			unrealized_pnl: fx(pnl),
			initial: bal(initial),
			maintenance: bal(maintenance),
			positions: 1,
			..Default::default()
		}
	}

	#[test]
	fn below_initial_margin_only_trades_that_take_risk_off_stand() {
		// 1,000 of collateral, a 300 loss, initial 900, maintenance 720: 200 short of initial.
		let before = account("1000", "-300", "900", "720");
		assert!(!before.meets_initial(Fixed18::ONE));
		// Half closed at mark (150 of loss realized), 2 of fee: initial 450, equity 698.
		let half = account("848", "-150", "450", "360");
		assert!(half.meets_initial(Fixed18::ONE) && half.trade_stands(Some(&before)));
		// A twentieth closed (15 realized, 0.5 of fee): equity 699.5 against initial 855 and
		// maintenance 684, still short of initial, but less so: it stands.
		let sliver = account("984.5", "-285", "855", "684");
		assert!(!sliver.meets_initial(Fixed18::ONE) && sliver.trade_stands(Some(&before)));
		// More risk on: refused however the equity moved.
		assert!(!account("1100", "-300", "1000", "800").trade_stands(Some(&before)));
		// Less margin but a fee larger than the margin freed: refused.
		assert!(!account("900", "-300", "850", "680").trade_stands(Some(&before)));
		// A fill off mark: a twentieth sold 10% under mark (36 of value to the buyer) frees 36
		// of maintenance: equity 663.5, over maintenance −20.5 < −20: refused.
		assert!(!account("948.5", "-285", "855", "684").trade_stands(Some(&before)));
		// An initial factor that fell during the trade (another position's open interest
		// recounted) lowers initial but not maintenance: more risk is still refused.
		assert!(!account("1000", "-300", "880", "740").trade_stands(Some(&before)));
		// Unrealized profit counts after its haircut: 50% of a 400 profit is 200, so 700
		// against 800 is short of initial (at full it would not be), but less short: stands.
		let profit = AccountRisk {
			profit_haircut: Fixed18(fx("0.5")),
			..account("500", "400", "800", "640")
		};
		assert_eq!(profit.initial_equity(), fx("700"));
		assert!(!profit.meets_initial(Fixed18::ONE) && profit.trade_stands(Some(&before)));
		// Never into insolvency: a liquidatable account (equity 50, maintenance 720) selling
		// almost all at a loss its freed maintenance covers still may not end below zero.
		let deep = account("1000", "-950", "900", "720");
		assert!(!account("-10", "0", "10", "8").trade_stands(Some(&deep)));
		assert!(account("40", "0", "10", "8").trade_stands(Some(&deep)));
		// Extremes saturate, never wrap: a requirement of u128::MAX is never "lower".
		let huge = AccountRisk { initial: Balance::MAX, maintenance: Balance::MAX, ..before };
		assert!(!huge.trade_stands(Some(&before)));
	}

	#[test]
	fn equity_and_health_follow_collateral_and_pnl() {
		// 1,000 of collateral, a 450 loss, maintenance 600: equity 550, health 0.916…
		let r = account("1000", "-450", "750", "600");
		assert_eq!(r.equity(), fx("550"));
		assert_eq!(r.health_ratio(), Some(Fixed18(fx("0.916666666666666667"))));
		assert!(r.is_liquidatable());
		assert!(!r.is_insolvent());
		// Exactly at maintenance is not liquidatable.
		assert!(!account("1000", "-400", "750", "600").is_liquidatable());
		// Insolvent: a 1,100 loss on 1,000.
		let r = account("1000", "-1100", "750", "600");
		assert_eq!(r.equity(), fx("-100"));
		assert!(r.is_insolvent() && r.is_liquidatable());
		// No requirement: nothing to liquidate, whatever the equity.
		let r = account("-5", "0", "0", "0");
		assert_eq!(r.health(), Health::NoRequirement);
		assert!(!r.is_liquidatable());
	}

	#[test]
	fn unrealized_profit_counts_toward_initial_margin_only_after_the_haircut() {
		// 100 of collateral, 1,000 of unrealized profit, a 50% haircut: 600 counts.
		let mut r = account("100", "1000", "600", "400");
		r.profit_haircut = Fixed18(fx("0.5"));
		assert_eq!(r.initial_equity(), fx("600"));
		assert!(r.meets_initial(Fixed18::ONE));
		// One more unit of initial margin and it does not.
		r.initial += 1;
		assert!(!r.meets_initial(Fixed18::ONE));
		// Liquidation still counts the whole profit.
		assert_eq!(r.equity(), fx("1100"));
		// Losses count in full; a withdrawal factor of 2 doubles what must be left.
		let r = account("2000", "-500", "750", "600");
		assert_eq!(r.initial_equity(), fx("1500"));
		assert!(r.meets_initial(Fixed18(fx("2"))));
		assert!(!r.meets_initial(Fixed18(fx("2.0000001"))));
		// A factor below 1 is read as 1.
		assert_eq!(r.initial_times(Fixed18(fx("0.5"))), bal("750"));
	}

	#[test]
	fn extremes_saturate_instead_of_wrapping() {
		let r = AccountRisk {
			collateral: i128::MIN,
			unrealized_pnl: i128::MIN,
			initial: Balance::MAX,
			maintenance: Balance::MAX,
			profit_haircut: Fixed18(i128::MIN),
			positions: 1,
			debt: Balance::MAX,
		};
		assert_eq!(r.equity(), i128::MIN);
		assert!(r.is_insolvent() && r.is_liquidatable());
		assert!(!r.meets_initial(Fixed18(i128::MAX)));
		let r = AccountRisk { collateral: i128::MAX, unrealized_pnl: i128::MAX, ..r };
		assert_eq!(r.equity(), i128::MAX);
		// A haircut outside [0, 1] is clamped: here read as 0, so all profit counts.
		assert_eq!(r.initial_equity(), i128::MAX);
		assert_eq!(r.with_collateral_change(i128::MIN).collateral, -1);
	}

	#[test]
	fn the_haircut_rounds_against_the_trader() {
		// 1 unit (1e-18) of profit with a 1% haircut counts 0, not 1.
		let r = AccountRisk {
			unrealized_pnl: 1,
			profit_haircut: Fixed18(fx("0.01")),
			positions: 1,
			..Default::default()
		};
		assert_eq!(r.initial_equity(), 0);
	}

	#[test]
	fn debt_is_collected_from_collateral_first_and_covered_only_when_nothing_is_left() {
		// 1.5 WETH at 2,000 with a 10% haircut = 2,700 held; 1,000 of debt: collateral 1,700.
		// The haircut value covers the debt: a healthy account, nothing is sold.
		let backed = AccountRisk {
			collateral: fx("1700"),
			debt: bal("1000"),
			positions: 0,
			..Default::default()
		};
		assert_eq!(backed.held_collateral(), fx("2700"));
		assert_eq!(backed.debt_status(), DebtStatus::Nothing);
		// Exactly covered is still healthy; one unit short and the collateral is sold.
		let even = AccountRisk { collateral: 0, debt: bal("2700"), ..backed };
		assert_eq!(even.debt_status(), DebtStatus::Nothing);
		let under = AccountRisk { collateral: -1, debt: bal("2700") + 1, ..backed };
		assert_eq!(under.debt_status(), DebtStatus::Collectable);
		// More debt than collateral is still collected first: the waterfall pays only what
		// the sale leaves.
		let short = AccountRisk { collateral: fx("-300"), ..backed };
		assert_eq!(short.held_collateral(), fx("700"));
		assert_eq!(short.debt_status(), DebtStatus::Collectable);
		// All collateral sold, 300 still owed: the waterfall's turn.
		let sold = AccountRisk { collateral: fx("-300"), debt: bal("300"), ..backed };
		assert_eq!(sold.held_collateral(), 0);
		assert_eq!(sold.debt_status(), DebtStatus::Unbacked);
		// With a position open the auction comes first; without debt nothing is due.
		assert_eq!(AccountRisk { positions: 1, ..short }.debt_status(), DebtStatus::Nothing);
		assert_eq!(AccountRisk { debt: 0, ..short }.debt_status(), DebtStatus::Nothing);
		// Extremes saturate instead of wrapping.
		let extreme = AccountRisk { collateral: i128::MIN, debt: Balance::MAX, ..backed };
		assert_eq!(extreme.held_collateral(), -1);
		assert_eq!(extreme.debt_status(), DebtStatus::Unbacked);
	}
}
