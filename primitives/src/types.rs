//! Chain-wide concrete types.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Balance of any token (native BLST with 12 decimals, or a collateral asset in its own decimals).
pub type Balance = u128;
/// Identifier of a collateral asset in `pallet-assets`.
pub type AssetId = u32;
/// Block number.
pub type BlockNumber = u32;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Identifier of an underlying (BTC, ETH, ...) whose spot price and implied volatility the oracle
/// publishes.
pub type UnderlyingId = u32;
/// A price or volatility published by the oracle: an 18-decimal fixed-point number
/// (`1_000_000_000_000_000_000` is 1.0).
pub type OracleValue = u128;

/// What an oracle value measures.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum FeedKind {
	/// Spot price of the underlying in the quote asset.
	Spot,
	/// Annualised implied volatility of the underlying (0.8 is 80%).
	ImpliedVol,
}

/// The key of one oracle feed: a measure of one underlying.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct FeedKey {
	/// The underlying.
	pub underlying: UnderlyingId,
	/// What is measured.
	pub kind: FeedKind,
}
