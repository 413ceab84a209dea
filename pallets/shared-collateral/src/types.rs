//! The pallet's types.

use ballast_primitives::{AssetId, Balance, FeedKey};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible::NativeOrWithId;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A collateral asset: the native token BLST or a pallet-assets id.
pub type CollateralAsset = NativeOrWithId<AssetId>;

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
	/// The most of this asset one owner may hold over all its subaccounts (smallest units),
	/// > 0. Realized profit credited in the quote asset is not capped.
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

/// The LP vault's books, in the quote asset's smallest units.
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
pub struct VaultBook {
	/// Realized quote the vault holds in the pool (deposits + fees + realized PnL).
	pub balance: Balance,
	/// Shares outstanding, pending withdrawals included.
	pub shares: Balance,
}

/// A provider's request to leave the vault, executable once the notice period is over.
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
pub struct PendingWithdrawal<BlockNumber> {
	/// Shares to redeem; they keep earning (or losing) until redeemed.
	pub shares: Balance,
	/// The first block at which they can be redeemed.
	pub unlocks_at: BlockNumber,
	/// The first block at which the request has lapsed.
	pub lapses_at: BlockNumber,
}

/// The LP vault as a provider sees it. What depends on valuing its positions is `None` while
/// the oracle is stale (never shown as zero).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct VaultStatus {
	/// Realized quote held (quote units).
	pub balance: Balance,
	/// Traders' debt beyond the insurance fund (quote units): what the vault would bear next,
	/// deducted from what shares redeem for.
	pub debt_at_risk: Balance,
	/// Shares outstanding.
	pub shares: Balance,
	/// Unrealized PnL of the vault's positions (quote, 18 decimals).
	pub unrealized_pnl: Option<i128>,
	/// Balance + unrealized PnL − debt at risk (quote, 18 decimals).
	pub equity: Option<i128>,
	/// Initial margin of the vault's positions (quote, 18 decimals).
	pub initial_margin: Option<Balance>,
	/// Quote units one share redeems for (net of `debt_at_risk`), with 18 decimals (`1e18` =
	/// one unit per share).
	pub share_price: Option<u128>,
	/// Whether withdrawals are paused: the vault is below its initial margin, or unvalued.
	pub withdrawals_paused: bool,
}

/// One provider's stake in the vault.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct VaultPosition<BlockNumber> {
	/// Shares held and free.
	pub shares: Balance,
	/// A pending withdrawal, if any.
	pub pending: Option<PendingWithdrawal<BlockNumber>>,
	/// What all the provider's shares (pending included) redeem for now, in quote units;
	/// `None` while the vault's positions cannot be valued.
	pub value: Option<Balance>,
}
