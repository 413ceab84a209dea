//! The pallet's types.

use ballast_primitives::{AssetId, Balance, FeedKey};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::NativeOrWithId;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A collateral asset: the native token BLST or a pallet-assets id.
pub type CollateralAsset = NativeOrWithId<AssetId>;

/// How a subaccount's positions share its collateral.
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
pub enum MarginMode {
	/// All the subaccount's positions share all its collateral.
	Cross,
	/// The subaccount trades one market only; its collateral backs nothing else.
	Isolated(u32),
}

/// Risk parameters of one collateral asset, set by the risk origin.
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
pub struct AssetConfig {
	/// The oracle feed that prices one whole unit of the asset in the quote asset.
	pub feed: FeedKey,
	/// The asset's decimals (one whole unit is `10^decimals` of its smallest units).
	pub decimals: u8,
	/// Share of the value not counted as collateral, in [0, 1).
	pub haircut: Perbill,
	/// The most of this asset one subaccount may hold (smallest units), > 0.
	pub account_cap: Balance,
	/// The largest share of the pool's value this asset may make up, > 0.
	pub concentration_cap: Perbill,
	/// Whether deposits are accepted.
	pub deposits_enabled: bool,
	/// Whether withdrawals are allowed.
	pub withdrawals_enabled: bool,
}

/// One asset of a subaccount's collateral, valued.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CollateralLine {
	/// The asset.
	pub asset: CollateralAsset,
	/// Amount held, in the asset's smallest units.
	pub amount: Balance,
	/// Oracle price of one whole unit (18 decimals), or `None` if missing or stale.
	pub price: Option<u128>,
	/// The asset's haircut.
	pub haircut: Perbill,
	/// Collateral value after haircut (quote, 18 decimals); 0 without a fresh price.
	pub value: Balance,
}
