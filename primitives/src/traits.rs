//! The interfaces between Ballast's pallets. No pallet depends on another pallet's crate: each
//! names what it needs here, and the runtime wires the implementations. Every trait has an
//! `impl for ()` that behaves as "nothing there", for pallets tested alone.

use crate::{
	risk::{AccountRisk, Unvalued},
	Balance, FeedKey, Moment, OracleValue,
};

/// A subaccount of an account (0 is the default one).
pub type SubaccountId = u16;

/// Prices from the oracle.
pub trait PriceFeed {
	/// The latest published value of `feed` (18 decimals) and when it was published (ms since
	/// the Unix epoch), if any.
	fn latest(feed: FeedKey) -> Option<(OracleValue, Moment)>;
	/// The chain's current time (ms since the Unix epoch), to judge staleness.
	fn now() -> Moment;

	/// The latest value of `feed` and its time if published at most `max_age` ms ago.
	fn fresh(feed: FeedKey, max_age: Moment) -> Option<(OracleValue, Moment)> {
		let (value, at) = Self::latest(feed)?;
		(Self::now().saturating_sub(at) <= max_age).then_some((value, at))
	}
}

impl PriceFeed for () {
	fn latest(_: FeedKey) -> Option<(OracleValue, Moment)> {
		None
	}
	fn now() -> Moment {
		0
	}
}

/// What the other pallets ask of the margin engine about one subaccount.
pub trait MarginEngine<AccountId> {
	/// The subaccount's risk snapshot: its collateral (from the ledger) and its positions'
	/// unrealized PnL and requirements, from one valuation. The only place equity is assembled.
	fn risk(who: &AccountId, sub: SubaccountId) -> Result<AccountRisk, Unvalued>;
	/// Whether the subaccount holds any position (one storage read, no valuation).
	fn has_positions(who: &AccountId, sub: SubaccountId) -> bool;
	/// The underlyings of the subaccount's positions, each once (no valuation).
	fn underlyings(who: &AccountId, sub: SubaccountId) -> alloc::vec::Vec<crate::UnderlyingId>;
	/// The LP vault's risk snapshot: its balance and its positions' unrealized PnL and
	/// (standard) requirements.
	fn vault_risk() -> Result<AccountRisk, Unvalued>;
}

impl<AccountId> MarginEngine<AccountId> for () {
	fn risk(_: &AccountId, _: SubaccountId) -> Result<AccountRisk, Unvalued> {
		Ok(AccountRisk::default())
	}
	fn has_positions(_: &AccountId, _: SubaccountId) -> bool {
		false
	}
	fn underlyings(_: &AccountId, _: SubaccountId) -> alloc::vec::Vec<crate::UnderlyingId> {
		alloc::vec::Vec::new()
	}
	fn vault_risk() -> Result<AccountRisk, Unvalued> {
		Ok(AccountRisk::default())
	}
}

/// Who holds quote value in the collateral pool: a trader's subaccount, the LP vault, the
/// insurance fund or clearing. Each is one identity in the ledger.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub enum Party<AccountId> {
	/// A subaccount of an account.
	Account(AccountId, SubaccountId),
	/// The LP vault, counterparty of vault-traded markets.
	Vault,
	/// The insurance fund.
	InsuranceFund,
	/// Clearing: realized PnL passes through it between counterparties. It pays in full and
	/// may owe (a profit realized before the counterparty's loss is), and nets to zero once
	/// every position is closed.
	Clearing,
}

/// Who holds positions: a trader's subaccount or the LP vault, each the same identity as its
/// [`Party`] in the ledger (the vault has no account of its own).
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub enum Holder<AccountId> {
	/// A subaccount of an account.
	Account(AccountId, SubaccountId),
	/// The LP vault, counterparty of vault-traded markets.
	Vault,
}

impl<AccountId> From<Holder<AccountId>> for Party<AccountId> {
	fn from(holder: Holder<AccountId>) -> Self {
		match holder {
			Holder::Account(who, sub) => Party::Account(who, sub),
			Holder::Vault => Party::Vault,
		}
	}
}

/// How a subaccount's unpaid debt was covered by [`CollateralLedger::cover_debt`]: values in
/// quote with 18 decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waterfall {
	/// Paid by the insurance fund.
	pub insurance: Balance,
	/// Paid by the LP vault once the insurance fund was empty.
	pub vault: Balance,
	/// Still owed: to be socialized by auto-deleveraging.
	pub uncovered: Balance,
}

/// The collateral pool as the margin engine and the liquidation pallet see it. Values are in
/// quote with 18 decimals (`1e18` = 1.0 of the quote asset); the ledger converts to the quote
/// asset's units, always rounding against the payer, so no value is created.
pub trait CollateralLedger<AccountId> {
	/// Why an operation failed.
	type Error;

	/// The subaccount's collateral value after haircuts minus its debt; `StaleCollateral` if
	/// an asset it holds has no fresh price (never counted as zero).
	fn net_collateral(who: &AccountId, sub: SubaccountId) -> Result<i128, Unvalued>;
	/// The share of unrealized profit that does not count toward initial margin.
	fn profit_haircut() -> crate::fixed::Fixed18;
	/// The quote the subaccount owes the pool (losses beyond its quote balance).
	fn debt(who: &AccountId, sub: SubaccountId) -> Balance;
	/// The LP vault's realized quote balance.
	fn vault_balance() -> Balance;
	/// The part of the subaccount's debt the loss waterfall could not cover, recorded as bad
	/// debt (18 decimals, never above the debt).
	fn uncovered(who: &AccountId, sub: SubaccountId) -> Balance;
	/// Subaccounts that owe quote, in storage order after `after` (a key this returned
	/// before), at most `limit`, and the key to resume from if more may follow: for offchain
	/// keepers, which have the part of a debt its collateral no longer backs covered (never
	/// called on chain).
	fn debtors(
		after: Option<alloc::vec::Vec<u8>>,
		limit: u32,
	) -> (alloc::vec::Vec<(AccountId, SubaccountId)>, Option<alloc::vec::Vec<u8>>);
	/// Whether the ledger keeps balances for subaccount `sub` of any account (its id is below
	/// the ledger's limit). A position opens or moves only where its losses can be collected:
	/// every call that puts risk in a subaccount asks this first.
	fn accepts_subaccount(sub: SubaccountId) -> bool {
		let _ = sub;
		true
	}
	/// The most [`Self::pay`] moves when asked for at most `value`: `value` rounded down to
	/// what the ledger can pay exactly (a whole unit of quote). A payment capped by an
	/// account's equity asks for this, so rounding never takes it below zero.
	fn payable(value: Balance) -> Balance {
		value
	}
	/// Moves `value` of quote from `from` to `to`: realized PnL, fees, penalties, payouts. An
	/// account pays from its quote balance and owes the rest as debt; clearing pays in full
	/// (going below zero); the vault and the insurance fund pay only what they hold. Returns
	/// what was paid.
	fn pay(
		from: &Party<AccountId>,
		to: &Party<AccountId>,
		value: Balance,
	) -> Result<Balance, Self::Error>;
	/// Charges a trading fee: the governed insurance share to the insurance fund, the rest to
	/// the vault. Returns the part that went to the insurance fund.
	fn charge_fee(
		who: &AccountId,
		sub: SubaccountId,
		value: Balance,
	) -> Result<Balance, Self::Error>;
	/// Sells the seller's collateral other than quote to the buyer, asset by asset, at each
	/// asset's fresh oracle price less `discount`, until `value` of quote is raised or nothing
	/// is left. The buyer pays from its quote balance (never into debt); the proceeds repay
	/// the seller's debt first, the rest is credited to its quote balance. Returns the quote
	/// raised. On any error (a stale price, a buyer short of quote, a cap) nothing changes.
	fn sell_collateral(
		seller: (&AccountId, SubaccountId),
		buyer: (&AccountId, SubaccountId),
		value: Balance,
		discount: crate::fixed::Fixed18,
	) -> Result<Balance, Self::Error>;
	/// The insurance fund's balance.
	fn insurance_balance() -> Balance;
	/// Covers up to `limit` of the subaccount's debt from the insurance fund (at most
	/// `max_insurance` of it), then the vault; what neither pays stays owed and is reported as
	/// `uncovered`. Debt beyond `limit` (backed by the account's other collateral) stays owed
	/// and is not reported.
	fn cover_debt(
		who: &AccountId,
		sub: SubaccountId,
		limit: Balance,
		max_insurance: Balance,
	) -> Waterfall;
}

/// What restaking tells the margin engine about the chain's security: when the cost of
/// corrupting the validators and the oracle falls below the value they secure, margin rises.
pub trait SecurityBudget {
	/// Multiplies initial margin; `1e18` (1.0) when security is ample, more when it is not.
	fn margin_factor() -> crate::fixed::Fixed18;
	/// Whether new open interest may be opened; `false` caps it at what is open.
	fn open_interest_allowed() -> bool {
		true
	}
}

impl SecurityBudget for () {
	fn margin_factor() -> crate::fixed::Fixed18 {
		crate::fixed::Fixed18::ONE
	}
}

/// The lease fund: the governed share of trading fees that pays the operators who lease the
/// chain its security (values in quote with 18 decimals).
pub trait LeaseFund {
	/// Why a payment failed.
	type Error: core::fmt::Debug;
	/// What the fund holds.
	fn lease_balance() -> Balance;
	/// Pays up to `value` out of the fund to the relay bridge's escrow, which releases it to
	/// the operator on the relay chain; returns what was paid (whole quote units).
	fn pay_lease(value: Balance) -> Result<Balance, Self::Error>;
}

impl LeaseFund for () {
	type Error = ();
	fn lease_balance() -> Balance {
		0
	}
	fn pay_lease(_: Balance) -> Result<Balance, ()> {
		Ok(0)
	}
}

/// The decimals an asset's issuer declared (its metadata), against which the collateral
/// ledger checks every collateral asset it registers: an asset counted with the wrong decimals
/// is value minted from nothing (Acala's aUSD, August 2022, was minted by a misconfiguration).
pub trait AssetDecimals<Asset> {
	/// The asset's declared decimals; `None` if it declares none.
	fn decimals(asset: &Asset) -> Option<u8>;
}

/// Debt the loss waterfall has taken on and not yet paid (quote, 18 decimals): the insurance
/// fund pays it first, then the LP vault, so the vault prices its shares net of it.
pub trait PendingCover {
	/// The debt being covered.
	fn pending_cover() -> Balance;
}

impl PendingCover for () {
	fn pending_cover() -> Balance {
		0
	}
}

/// The value the chain's validators and oracle secure: collateral in the pool (TVL) plus open
/// interest, in quote with 18 decimals.
pub trait ValueSecured {
	/// TVL + open interest.
	fn value_secured() -> Balance;
}

impl ValueSecured for () {
	fn value_secured() -> Balance {
		0
	}
}

/// One position of a subaccount valued at the oracle, as the liquidation pallet sees it. Values
/// in quote with 18 decimals; Greeks are for the whole position (scaled by its size).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
	/// The instrument.
	pub instrument: u32,
	/// Its underlying.
	pub underlying: crate::UnderlyingId,
	/// Contracts held: long > 0, short < 0.
	pub size: i128,
	/// Mark price of one contract.
	pub mark: i128,
	/// Spot of the underlying.
	pub spot: i128,
	/// Unrealized PnL of the position at mark (after funding owed).
	pub pnl: i128,
	/// Delta (contracts of underlying), gamma and vega (per 1.00 of volatility) of the position.
	pub delta: i128,
	/// See `delta`.
	pub gamma: i128,
	/// See `delta`.
	pub vega: i128,
}

/// The position book, as the liquidation pallet moves positions between holders.
pub trait PositionBook<AccountId> {
	/// Why an operation failed.
	type Error;
	/// The holder's positions valued now; `None` if one cannot be valued (stale oracle).
	fn exposures(holder: &Holder<AccountId>) -> Option<alloc::vec::Vec<Exposure>>;
	/// Moves `size` contracts of `instrument` from `from` (whose position shrinks by `size`) to
	/// `to` (whose position grows by `size`) at `price` per contract, realizing both sides' PnL;
	/// no margin check, no fee.
	fn transfer(
		from: &Holder<AccountId>,
		to: &Holder<AccountId>,
		instrument: u32,
		size: i128,
		price: i128,
	) -> Result<(), Self::Error>;
	/// The largest share in [0, 1] of `legs` (one holder's positions as [`Self::exposures`]
	/// values them) the LP vault can take over with its delta and vega within their caps on
	/// every underlying; `None` if the vault's positions cannot be valued now.
	fn vault_room(legs: &[Exposure]) -> Option<crate::fixed::Fixed18>;
	/// Whether the holder holds `instrument` on that side (one storage read).
	fn holds(holder: &Holder<AccountId>, instrument: u32, long: bool) -> bool;
	/// How many positions the holder holds (one storage read, no valuation).
	fn positions_of(holder: &Holder<AccountId>) -> u32;
	/// Holders of `instrument` on one side (`long`), in storage order after `after` (a raw
	/// key this returned before), at most `limit`, and the key to resume from if more may
	/// follow: the index auto-deleveraging ranks counterparties over, a page at a time.
	fn holders_of(
		instrument: u32,
		long: bool,
		after: Option<alloc::vec::Vec<u8>>,
		limit: u32,
	) -> (alloc::vec::Vec<Holder<AccountId>>, Option<alloc::vec::Vec<u8>>);
	/// Subaccounts holding positions (the vault is not one), in storage order after `after`
	/// (a key this returned before), at most `limit`: for offchain keepers, never on chain.
	fn holders(
		after: Option<alloc::vec::Vec<u8>>,
		limit: u32,
	) -> (alloc::vec::Vec<(AccountId, SubaccountId)>, Option<alloc::vec::Vec<u8>>);
}

/// Market circuit breakers, as the trading and collateral pallets obey them.
pub trait CircuitBreaker {
	/// Whether new positions on `underlying` are paused (its price moved too fast or its oracle
	/// is stale).
	fn halted(underlying: crate::UnderlyingId) -> bool;
	/// Multiplies the initial margin a withdrawal must leave for an account exposed to
	/// `underlyings`: the largest factor of the halted markets among them, 1.0 if none is.
	/// A market's breaker never limits accounts without positions there.
	fn withdrawal_factor(underlyings: &[crate::UnderlyingId]) -> crate::fixed::Fixed18;
}

impl CircuitBreaker for () {
	fn halted(_: crate::UnderlyingId) -> bool {
		false
	}
	fn withdrawal_factor(_: &[crate::UnderlyingId]) -> crate::fixed::Fixed18 {
		crate::fixed::Fixed18::ONE
	}
}
