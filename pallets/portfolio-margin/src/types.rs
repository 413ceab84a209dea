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
	/// Initial margin = maintenance × this (≥ 1) × the security factor.
	pub initial_factor: Fixed18,
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
	/// Whether new trades are accepted.
	pub trading_enabled: bool,
}

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
