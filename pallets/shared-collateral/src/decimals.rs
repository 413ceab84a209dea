//! The decimals of the chain's tokens, as [`AssetDecimals`] reads them for the collateral
//! ledger: the native token's from a constant (pallet-balances keeps no metadata), every
//! other token's from its issuer's metadata (`fungibles::metadata::Inspect`, as pallet-assets
//! provides it; a token without metadata declares none).

use ballast_primitives::traits::AssetDecimals;
use core::marker::PhantomData;
use frame_support::traits::{fungible::NativeOrWithId, fungibles::metadata::Inspect, Get};

/// Native decimals `Native`, the others from `Assets`' metadata.
pub struct TokenDecimals<AccountId, Assets, Native>(PhantomData<(AccountId, Assets, Native)>);

impl<AccountId, AssetId, Assets, Native> AssetDecimals<NativeOrWithId<AssetId>>
	for TokenDecimals<AccountId, Assets, Native>
where
	AssetId: Clone + Ord + Eq,
	Assets: Inspect<AccountId, AssetId = AssetId>,
	Native: Get<u8>,
{
	fn decimals(asset: &NativeOrWithId<AssetId>) -> Option<u8> {
		match asset {
			NativeOrWithId::Native => Some(Native::get()),
			// pallet-assets answers 0 decimals for a token without metadata: its name tells.
			NativeOrWithId::WithId(id) => {
				(!Assets::name(id.clone()).is_empty()).then(|| Assets::decimals(id.clone()))
			},
		}
	}
}
