//! A quote ledger for the margin and liquidation tests, keyed by [`Party`] as the real one is.
//! Balances live in storage (a failed call or a what-if rolls them back); an account's negative
//! balance is its debt. Besides quote, a subaccount may hold WETH, counted at 80% of its price
//! and sold by `sell_collateral` as the real ledger sells it (quote in whole units of 6
//! decimals). Every value put in is counted, so [`assert_conserved`] can tell a test that
//! nothing was created or lost.

use crate::{fx, AccountId, SUBACCOUNTS};
use ballast_primitives::{
	fixed::Fixed18,
	risk::Unvalued,
	traits::{CollateralLedger, Party, SubaccountId, Waterfall},
	Balance,
};
use core::cell::RefCell;
use sp_runtime::DispatchError;
use std::collections::{BTreeMap, BTreeSet};

thread_local! {
	/// Parties the ledger has touched.
	static PARTIES: RefCell<BTreeSet<Party<AccountId>>> = RefCell::new(Default::default());
	/// Σ of what the test put in.
	static FUNDED: RefCell<i128> = const { RefCell::new(0) };
	/// Subaccounts holding a collateral asset whose price is stale.
	static STALE_COLLATERAL: RefCell<BTreeSet<(AccountId, SubaccountId)>> =
		RefCell::new(Default::default());
	/// The share of unrealized profit that does not count toward initial margin.
	static PROFIT_HAIRCUT: RefCell<Fixed18> = const { RefCell::new(Fixed18::ZERO) };
	/// WETH held per subaccount (18 decimals).
	static WETH_HELD: RefCell<BTreeMap<(AccountId, SubaccountId), i128>> =
		RefCell::new(Default::default());
	/// What the waterfall could not cover, per subaccount.
	static UNCOVERED: RefCell<BTreeMap<(AccountId, SubaccountId), Balance>> =
		RefCell::new(Default::default());
	/// The WETH price (18 decimals).
	static WETH_PRICE: RefCell<i128> = const { RefCell::new(2_000 * 1_000_000_000_000_000_000) };
}

fn key(party: &Party<AccountId>) -> Vec<u8> {
	codec::Encode::encode(&(b"test-ledger", party))
}

/// A party's quote balance (18 decimals); an account's negative balance is its debt.
pub fn book(party: Party<AccountId>) -> i128 {
	frame_support::storage::unhashed::get_or_default(&key(&party))
}

/// Moves `value` into (or, negative, out of) a party's balance without counting it as funded:
/// one side of a transfer.
fn credit(party: Party<AccountId>, value: i128) {
	let balance = book(party.clone()) + value;
	frame_support::storage::unhashed::put(&key(&party), &balance);
	PARTIES.with(|p| p.borrow_mut().insert(party));
}

/// Puts `value` into a party's balance from outside the ledger.
pub fn fund_party(party: Party<AccountId>, value: Fixed18) {
	credit(party, value.0);
	FUNDED.with(|f| *f.borrow_mut() += value.0);
}

/// Puts `value` of quote into a subaccount.
pub fn fund(who: AccountId, sub: SubaccountId, value: Fixed18) {
	fund_party(Party::Account(who, sub), value);
}

/// Gives the LP vault `value` of capital.
pub fn fund_vault(value: Fixed18) {
	fund_party(Party::Vault, value);
}

/// Σ of every balance.
pub fn ledger_total() -> i128 {
	PARTIES.with(|p| p.borrow().iter().map(|party| book(party.clone())).sum())
}

/// Fails the test unless the ledger holds exactly what was put in: trading, settlement and
/// liquidation only move value.
pub fn assert_conserved() {
	assert_eq!(ledger_total(), FUNDED.with(|f| *f.borrow()), "value was created or lost");
}

/// Gives a subaccount `amount` WETH (whole units, decimal string).
pub fn deposit_weth(who: AccountId, sub: SubaccountId, amount: &str) {
	WETH_HELD.with(|w| *w.borrow_mut().entry((who, sub)).or_default() += fx(amount).0);
}

/// WETH held by a subaccount (18 decimals).
pub fn weth(who: AccountId, sub: SubaccountId) -> i128 {
	WETH_HELD.with(|w| w.borrow().get(&(who, sub)).copied().unwrap_or(0))
}

/// Σ WETH held: selling it only moves it.
pub fn weth_total() -> i128 {
	WETH_HELD.with(|w| w.borrow().values().sum())
}

/// Sets the WETH price (decimal string).
pub fn set_weth_price(price: &str) {
	WETH_PRICE.with(|p| *p.borrow_mut() = fx(price).0);
}

/// The value of a subaccount's WETH after its 20% haircut.
fn weth_value(who: AccountId, sub: SubaccountId) -> i128 {
	let price = WETH_PRICE.with(|p| *p.borrow());
	let worth = Fixed18(weth(who, sub)).checked_mul(Fixed18(price)).expect("test values fit");
	worth.checked_mul(fx("0.8")).expect("test values fit").0
}

/// Marks the subaccount's non-quote collateral stale (`true`) or fresh again.
pub fn set_collateral_stale(who: AccountId, sub: SubaccountId, stale: bool) {
	STALE_COLLATERAL.with(|s| {
		let mut s = s.borrow_mut();
		if stale {
			s.insert((who, sub));
		} else {
			s.remove(&(who, sub));
		}
	});
}

fn collateral_stale(who: AccountId, sub: SubaccountId) -> bool {
	STALE_COLLATERAL.with(|s| s.borrow().contains(&(who, sub)))
}

/// Sets the unrealized-profit haircut.
pub fn set_profit_haircut(h: Fixed18) {
	PROFIT_HAIRCUT.with(|p| *p.borrow_mut() = h);
}

/// An empty ledger: nothing funded, no WETH (priced 2,000), nothing stale, no haircut.
pub(crate) fn reset() {
	PARTIES.with(|p| p.borrow_mut().clear());
	FUNDED.with(|f| *f.borrow_mut() = 0);
	STALE_COLLATERAL.with(|s| s.borrow_mut().clear());
	PROFIT_HAIRCUT.with(|p| *p.borrow_mut() = Fixed18::ZERO);
	WETH_HELD.with(|w| w.borrow_mut().clear());
	UNCOVERED.with(|u| u.borrow_mut().clear());
	set_weth_price("2000");
}

/// The test ledger as the pallets use it.
pub struct TestLedger;
impl CollateralLedger<AccountId> for TestLedger {
	type Error = DispatchError;
	fn net_collateral(who: &AccountId, sub: SubaccountId) -> Result<i128, Unvalued> {
		if collateral_stale(*who, sub) {
			return Err(Unvalued::StaleCollateral);
		}
		Ok(book(Party::Account(*who, sub)) + weth_value(*who, sub))
	}
	fn profit_haircut() -> Fixed18 {
		PROFIT_HAIRCUT.with(|h| *h.borrow())
	}
	fn debt(who: &AccountId, sub: SubaccountId) -> Balance {
		book(Party::Account(*who, sub)).min(0).unsigned_abs()
	}
	fn vault_balance() -> Balance {
		book(Party::Vault).max(0) as Balance
	}
	fn uncovered(who: &AccountId, sub: SubaccountId) -> Balance {
		UNCOVERED
			.with(|u| u.borrow().get(&(*who, sub)).copied().unwrap_or(0))
			.min(Self::debt(who, sub))
	}
	fn debtors(
		after: Option<Vec<u8>>,
		limit: u32,
	) -> (Vec<(AccountId, SubaccountId)>, Option<Vec<u8>>) {
		use codec::{Decode, Encode};
		let after = after.and_then(|raw| <(AccountId, SubaccountId)>::decode(&mut &raw[..]).ok());
		let debtors: Vec<_> = PARTIES.with(|p| {
			p.borrow()
				.iter()
				.filter_map(|party| match party {
					Party::Account(who, sub) => Some((*who, *sub)),
					_ => None,
				})
				.filter(|(who, sub)| {
					Self::debt(who, *sub) > 0 && after.is_none_or(|a| (*who, *sub) > a)
				})
				.take(limit as usize)
				.collect()
		});
		let next = (debtors.len() == limit as usize)
			.then(|| debtors.last().map(Encode::encode))
			.flatten();
		(debtors, next)
	}
	fn accepts_subaccount(sub: SubaccountId) -> bool {
		sub < SUBACCOUNTS
	}
	/// Accounts and clearing pay in full (an account into debt); the funds pay what they hold.
	fn pay(
		from: &Party<AccountId>,
		to: &Party<AccountId>,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		let value = value as i128;
		let paid = match from {
			Party::Account(..) | Party::Clearing => value,
			_ => value.min(book(from.clone()).max(0)),
		};
		credit(from.clone(), -paid);
		credit(to.clone(), paid);
		Ok(paid as Balance)
	}
	/// The whole fee to the vault (no lease share).
	fn charge_fee(
		who: &AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> Result<Balance, DispatchError> {
		Self::pay(&Party::Account(*who, sub), &Party::Vault, value)?;
		Ok(0)
	}
	fn sell_collateral(
		seller: (&AccountId, SubaccountId),
		buyer: (&AccountId, SubaccountId),
		value: Balance,
		discount: Fixed18,
	) -> Result<Balance, DispatchError> {
		if collateral_stale(*seller.0, seller.1) {
			return Err(DispatchError::Other("stale WETH price"));
		}
		let oracle = WETH_PRICE.with(|p| *p.borrow());
		let keep = Fixed18::ONE
			.checked_sub(discount)
			.map_err(|_| DispatchError::Other("discount"))?;
		let price = Fixed18(oracle).checked_mul(keep).map_err(|_| DispatchError::Other("price"))?;
		let held = weth(*seller.0, seller.1);
		let value_of =
			|amount: i128| Fixed18(amount).checked_mul(price).map(|v| v.0).unwrap_or(i128::MAX);
		let worth = value_of(held);
		// Like the ledger: quote in whole units of 6 decimals, the asset sold rounded down and
		// its cost rounded up.
		let unit = 1_000_000_000_000i128;
		let up = |v: i128| v.saturating_add(unit - 1) / unit * unit;
		let (sold, paid) = if up(worth) <= value as i128 {
			(held, up(worth))
		} else {
			let wanted = value as i128 / unit * unit;
			let mut sold = Fixed18(wanted).checked_div(price).map(|v| v.0).unwrap_or(0);
			if value_of(sold) > wanted {
				sold -= 1;
			}
			let sold = sold.min(held);
			(sold, up(value_of(sold)).min(wanted))
		};
		if sold == 0 || paid == 0 {
			return Ok(0);
		}
		if book(Party::Account(*buyer.0, buyer.1)) < paid {
			return Err(DispatchError::Other("the buyer holds too little quote"));
		}
		WETH_HELD.with(|w| {
			let mut w = w.borrow_mut();
			*w.entry((*seller.0, seller.1)).or_default() -= sold;
			*w.entry((*buyer.0, buyer.1)).or_default() += sold;
		});
		credit(Party::Account(*buyer.0, buyer.1), -paid);
		credit(Party::Account(*seller.0, seller.1), paid);
		Ok(paid as Balance)
	}
	fn insurance_balance() -> Balance {
		book(Party::InsuranceFund).max(0) as Balance
	}
	/// The insurance fund (up to `max_insurance`), then the vault; the rest is uncovered.
	fn cover_debt(
		who: &AccountId,
		sub: SubaccountId,
		limit: Balance,
		max_insurance: Balance,
	) -> Waterfall {
		let debt = Self::debt(who, sub).min(limit);
		let insurance = Self::insurance_balance().min(debt).min(max_insurance);
		let vault = Self::vault_balance().min(debt - insurance);
		credit(Party::InsuranceFund, -(insurance as i128));
		credit(Party::Vault, -(vault as i128));
		credit(Party::Account(*who, sub), (insurance + vault) as i128);
		let uncovered = debt - insurance - vault;
		let left = Self::debt(who, sub);
		UNCOVERED.with(|u| {
			let mut u = u.borrow_mut();
			let recorded = u.entry((*who, sub)).or_default();
			*recorded = recorded.saturating_add(uncovered).min(left);
		});
		Waterfall { insurance, vault, uncovered }
	}
}
