//! Ballast's shared collateral pool (pallet-shared-collateral) and the price feed it reads.

use crate::{AccountId, Assets, Balances, Runtime, Timestamp};
use ballast_primitives::{traits::PriceFeed, FeedKey, Moment, OracleValue};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		ConstU32, Time,
	},
	PalletId,
};

/// Prices from pallet-oracle: the median of the operators' latest submissions, with the time
/// it was combined.
pub struct OraclePriceFeed;
impl PriceFeed for OraclePriceFeed {
	fn latest(feed: FeedKey) -> Option<(OracleValue, Moment)> {
		pallet_oracle::Pallet::<Runtime>::get(&feed).map(|v| (v.value, v.timestamp))
	}
	fn now() -> Moment {
		Timestamp::now()
	}
}

/// Native BLST and pallet-assets tokens as one `fungibles`.
pub type CollateralTokens =
	UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<crate::AssetId>, AccountId>;

parameter_types! {
	/// The pool account's id seed.
	pub const CollateralPalletId: PalletId = PalletId(*b"blst/col");
	/// A price older than five minutes is stale.
	pub const MaxPriceAge: Moment = 5 * 60 * 1000;
	/// USDC (pallet-assets id 1, 6 decimals) is the quote asset: PnL, fees, the LP vault and
	/// the insurance fund are in USDC.
	pub const QuoteAsset: NativeOrWithId<crate::AssetId> = NativeOrWithId::WithId(1);
	/// LP vault withdrawals wait one day, so providers cannot run ahead of losses they see
	/// coming.
	pub const VaultNoticePeriod: crate::BlockNumber = crate::DAYS;
	/// An unlocked withdrawal must be redeemed within two hours, or asked for again (and the
	/// day's notice waited again): an exit is open at most a twelfth of the time.
	pub const VaultWithdrawalWindow: crate::BlockNumber = crate::DAYS / 12;
	/// The smallest LP vault deposit: 10 USDC.
	pub const MinVaultDeposit: ballast_primitives::Balance = 10_000_000;
	/// The relay bridge's escrow: lease fees paid to operators leave the pool here.
	pub LeaseEscrow: AccountId =
		sp_runtime::traits::AccountIdConversion::into_account_truncating(&PalletId(*b"blst/lse"));
}

impl pallet_shared_collateral::Config for Runtime {
	type Assets = CollateralTokens;
	type RiskOrigin = crate::configs::governance::RiskOrigin;
	type PriceFeed = OraclePriceFeed;
	type MarginEngine = crate::PortfolioMargin;
	type CircuitBreaker = crate::Liquidation;
	type PalletId = CollateralPalletId;
	type MaxPriceAge = MaxPriceAge;
	type MaxAssets = ConstU32<16>;
	type MaxSubaccounts = ConstU32<16>;
	type QuoteAsset = QuoteAsset;
	type VaultNoticePeriod = VaultNoticePeriod;
	type VaultWithdrawalWindow = VaultWithdrawalWindow;
	type MinVaultDeposit = MinVaultDeposit;
	type PendingCover = crate::Liquidation;
	type AssetDecimals = pallet_shared_collateral::TokenDecimals<
		AccountId,
		Assets,
		frame_support::traits::ConstU8<{ crate::TOKEN_DECIMALS }>,
	>;
	type LeaseEscrow = LeaseEscrow;
	type WeightInfo = crate::weights::CollateralWithMargin;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::CollateralBenchmarks;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use alloc::vec::Vec;
	use ballast_primitives::Balance;
	use frame_support::traits::fungibles::Mutate;
	use pallet_shared_collateral::CollateralAsset;

	/// Benchmark set-up: pallet-assets tokens from id 10,000, minted funds, oracle values
	/// written as the oracle would publish them.
	pub struct CollateralBenchmarks;
	impl pallet_shared_collateral::benchmarking::BenchmarkHelper<AccountId> for CollateralBenchmarks {
		fn create_asset(n: u32) -> CollateralAsset {
			let id = 10_000 + n;
			let owner = pallet_shared_collateral::Pallet::<Runtime>::pool_account();
			if let Err(e) =
				Assets::force_create(crate::RuntimeOrigin::root(), id.into(), owner.into(), true, 1)
			{
				panic!("creating benchmark asset {id}: {e:?}");
			}
			let name = b"BENCH".to_vec();
			let root = crate::RuntimeOrigin::root();
			if let Err(e) =
				Assets::force_set_metadata(root, id.into(), name.clone(), name, 18, false)
			{
				panic!("declaring benchmark asset {id}'s decimals: {e:?}");
			}
			NativeOrWithId::WithId(id)
		}
		fn fund(asset: &CollateralAsset, who: &AccountId, amount: Balance) {
			if let Err(e) = CollateralTokens::mint_into(asset.clone(), who, amount) {
				panic!("funding a benchmark account: {e:?}");
			}
		}
		fn set_prices(prices: Vec<(FeedKey, u128)>) {
			let now = Timestamp::now();
			for (feed, value) in prices {
				pallet_oracle::Values::<Runtime>::insert(
					feed,
					pallet_oracle::TimestampedValue { value, timestamp: now },
				);
			}
		}
	}
}
