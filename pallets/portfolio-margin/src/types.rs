//! The pallet's types.

use ballast_primitives::{
	fixed::Fixed18,
	margin::{GridParams, InstrumentKind, StandardParams},
	UnderlyingId,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// An instrument's id.
pub type InstrumentId = u32;

/// Risk parameters of one underlying, set by the risk origin.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct UnderlyingParams {
	/// The portfolio-margin scenario grid.
	pub grid: GridParams,
	/// The standard per-position rates.
	pub standard: StandardParams,
	/// Initial margin = maintenance × this (≥ 1) × the security factor, while the
	/// underlying's open interest is at most `oi_lower`.
	pub initial_factor: Fixed18,
	/// Open-interest notional (quote: delta-equivalent contracts long over all the underlying's
	/// instruments × spot) from which the initial factor rises linearly (dYdX's
	/// open-interest-scaled initial margin)...
	pub oi_lower: Fixed18,
	/// ...reaching `oi_max_factor` at this notional, where the market is full: no trade but
	/// one that reduces a position may take it past this (`OpenInterestCapReached`; each
	/// contract counted as if it opened). The risk council sizes it to what the insurance
	/// fund can lose on this market alone (dYdX's YFI, 2023). A price rise can carry the
	/// notional past it: then only trades that reduce.
	pub oi_upper: Fixed18,
	/// The initial factor at and above `oi_upper` (≥ `initial_factor`).
	pub oi_max_factor: Fixed18,
	/// The least an option contract counts in the delta-equivalent open interest, in [0, 1]:
	/// far out-of-the-money options are small in delta, not in tail risk.
	pub oi_delta_floor: Fixed18,
	/// The quote asset's risk-free rate used in pricing.
	pub rate: Fixed18,
	/// Taker fee per contract, as a share of spot.
	pub taker_fee: Fixed18,
	/// The vault's half-spread per contract with no exposure, as a share of spot.
	pub vault_spread: Fixed18,
	/// The most delta (contracts of the underlying, either sign) the vault may hold.
	pub vault_delta_cap: Fixed18,
	/// The most vega (quote per 1.00 of volatility, either sign) the vault may hold.
	pub vault_vega_cap: Fixed18,
	/// Perpetual funding per hour when the vault holds its whole delta cap in the perpetual
	/// (scaled by its position: traders net long → longs pay).
	pub funding_skew: Fixed18,
	/// The largest funding rate per hour, either way.
	pub max_funding_rate: Fixed18,
	/// The most contracts (either side) one trade or order may move, and one subaccount may
	/// hold, in each instrument on this underlying; > 0 and at most [`MAX_SIZE`].
	pub max_size: Fixed18,
	/// How far a peer-to-peer fill price may lie from mark: `price_band` × mark, and never
	/// less than the vault's own half-spread at no exposure (`vault_spread` × spot); in (0, 1].
	pub price_band: Fixed18,
	/// The window (ms) ending at expiry over which oracle spot is averaged into the settlement
	/// price; in (0, `MAX_SETTLEMENT_WINDOW`].
	pub settlement_window: ballast_primitives::Moment,
	/// Whether new trades are accepted.
	pub trading_enabled: bool,
}

/// The ceiling of every governed `max_size`: 10⁹ contracts, so that a size times any price up
/// to [`MAX_PRICE`] (10¹⁸ quote, 10³⁶ raw) and a sum of 128 of them (`MaxPositions` at most) stay
/// inside `i128` (1.7 × 10³⁸).
pub const MAX_SIZE: Fixed18 = Fixed18(1_000_000_000 * 1_000_000_000_000_000_000);

/// The highest price a trade or an order may name: 10⁹ quote per contract.
pub const MAX_PRICE: Fixed18 = Fixed18(1_000_000_000 * 1_000_000_000_000_000_000);

/// The widest limit a trade of `size` may name (a market order): any ask up to [`MAX_PRICE`]
/// when buying (`size > 0`), any positive bid when selling.
pub fn market_limit(size: Fixed18) -> Fixed18 {
	if size.is_positive() {
		MAX_PRICE
	} else {
		Fixed18(1)
	}
}

/// An order's id: the BLAKE2-256 hash of its SCALE encoding (owner included), under which its
/// fills, or its cancellation, are counted until it expires.
pub type OrderId = [u8; 32];

/// A listed instrument.
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
pub struct Instrument {
	/// The underlying it is written on.
	pub underlying: UnderlyingId,
	/// Option, future or perpetual.
	pub kind: InstrumentKind,
	/// The underlying's oracle price recorded at expiry, once recorded.
	pub settlement_price: Option<Fixed18>,
}

/// The running time-weighted average of an instrument's oracle spot over its settlement
/// window.
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
pub struct SettlementTwap {
	/// Σ spot × ms it was in force (raw 18-decimal spot times ms).
	pub weighted: i128,
	/// The ms counted (fresh spot in force).
	pub span: ballast_primitives::Moment,
	/// The spot at the last sample, when it was sampled and until when it stays fresh
	/// (published + `MaxPriceAge`), if it was fresh.
	pub last: Option<(Fixed18, ballast_primitives::Moment, ballast_primitives::Moment)>,
}

/// One position of a subaccount.
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
pub struct Position {
	/// The instrument.
	pub instrument: InstrumentId,
	/// Contracts held: long > 0, short < 0; never zero while stored.
	pub size: Fixed18,
	/// What the open contracts cost (Σ size × price; negative for a short's proceeds).
	pub cost: Fixed18,
	/// Perpetuals: the funding index when funding was last settled for this position.
	pub funding: Fixed18,
}

/// A perpetual's funding: an index of what one long contract has paid since listing.
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
pub struct FundingState {
	/// Funding paid per long contract since listing (quote; received by shorts).
	pub index: Fixed18,
	/// The hourly rate in force (share of spot), set from the vault's position.
	pub rate: Fixed18,
	/// The last hour boundary funding was applied at (ms).
	pub updated_at: ballast_primitives::Moment,
}

/// How a subaccount's margin is computed.
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
pub enum MarginMethod {
	/// Per-position rules, no offsets.
	#[default]
	Standard,
	/// Worst loss over the scenario grid of the whole portfolio.
	Portfolio,
}

/// A subaccount's margin as a wallet shows it (quote, 18 decimals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct MarginSummary {
	/// The method in force.
	pub method: MarginMethod,
	/// Collateral after haircuts − debt + unrealized PnL.
	pub equity: Fixed18,
	/// Unrealized PnL at mark.
	pub unrealized_pnl: Fixed18,
	/// Maintenance margin.
	pub maintenance: Fixed18,
	/// Initial margin.
	pub initial: Fixed18,
	/// The worst scenario loss, summed over underlyings (portfolio method; zero otherwise).
	pub worst_loss: Fixed18,
	/// Per underlying (portfolio method): the worst scenario's index in the grid order of
	/// `GridParams::scenarios` and its loss.
	pub worst_scenarios: alloc::vec::Vec<(UnderlyingId, u32, Fixed18)>,
	/// Σ delta (contracts of underlying), Σ gamma, Σ vega, Σ theta of the positions.
	pub greeks: PortfolioGreeks,
}

/// Greeks summed over positions (size × per-contract Greek).
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
pub struct PortfolioGreeks {
	/// ∂V/∂S.
	pub delta: Fixed18,
	/// ∂²V/∂S².
	pub gamma: Fixed18,
	/// ∂V/∂σ.
	pub vega: Fixed18,
	/// −∂V/∂T per year.
	pub theta: Fixed18,
}

/// An order to trade an instrument, signed off-chain by its owner (see `orders.rs` for the
/// bytes signed).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Order<AccountId> {
	/// Who trades.
	pub owner: AccountId,
	/// From which subaccount.
	pub sub: ballast_primitives::traits::SubaccountId,
	/// The instrument.
	pub instrument: InstrumentId,
	/// Contracts to buy (> 0) or sell (< 0), at most; may fill in parts.
	pub size: Fixed18,
	/// The limit: the most a buyer pays, the least a seller takes, per contract.
	pub price: Fixed18,
	/// Not valid after this time (ms since the Unix epoch).
	pub expiry: ballast_primitives::Moment,
	/// When the owner placed it (ms since the Unix epoch): of two matched orders, the one
	/// placed first is the maker (on a tie, the sell order). Valid from this time on, for at
	/// most `MaxOrderLifetime` (`expiry − placed_at`).
	pub placed_at: ballast_primitives::Moment,
	/// The owner's number for this order, so that two orders alike in every other field
	/// differ: fills are counted per order ([`OrderId`]).
	pub nonce: u64,
}

/// An order with its owner's signature.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct SignedOrder<AccountId, Signature> {
	/// The order.
	pub order: Order<AccountId>,
	/// The owner's signature of `Pallet::order_payload(order)`.
	pub signature: Signature,
}
