//! The price oracle: FRAME's pallet-oracle, fed by the active validators.
//!
//! Each underlying has two feeds ([`FeedKey`]): spot price and implied volatility, as 18-decimal
//! fixed-point numbers. The feed value is the median of the operators' latest submissions that
//! are younger than [`OracleValueExpiry`]. The operators are the current session validators:
//! the restaked operators pallet-restaking chose. Each submission is checked against the
//! published median ([`crate::configs::restaking::OracleWatch`]).

use crate::{AccountId, Runtime, Timestamp};
use alloc::vec::Vec;
use ballast_primitives::{FeedKey, Moment, OracleValue};
use frame_support::{
	parameter_types,
	traits::{ConstU32, SortedMembers},
	PalletId,
};

parameter_types! {
	/// The oracle pallet's account id seed.
	pub const OraclePalletId: PalletId = PalletId(*b"blst/orc");
	/// Submissions at least this many operators must agree on before a value is published.
	pub const MinimumOracleCount: u32 = 1;
	/// A submission older than this (ms) no longer counts toward the median.
	pub const OracleValueExpiry: Moment = 10 * 60 * 1000;
}

/// The oracle's operators: the validators of the current session, sorted.
pub struct SessionValidatorsAsOperators;
impl SortedMembers<AccountId> for SessionValidatorsAsOperators {
	fn sorted_members() -> Vec<AccountId> {
		let mut validators = pallet_session::Validators::<Runtime>::get();
		validators.sort();
		validators
	}
	fn contains(who: &AccountId) -> bool {
		pallet_session::Validators::<Runtime>::get().contains(who)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &AccountId) {
		pallet_session::Validators::<Runtime>::mutate(|v| {
			if !v.contains(who) {
				v.push(who.clone())
			}
		});
	}
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = crate::configs::restaking::OracleWatch;
	type CombineData =
		pallet_oracle::DefaultCombineData<Runtime, MinimumOracleCount, OracleValueExpiry, ()>;
	type Time = Timestamp;
	type OracleKey = FeedKey;
	type OracleValue = OracleValue;
	type PalletId = OraclePalletId;
	type Members = SessionValidatorsAsOperators;
	type WeightInfo = ();
	type MaxHasDispatchedSize = ConstU32<{ crate::configs::consensus::MAX_AUTHORITIES }>;
	type MaxFeedValues = ConstU32<64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::OracleFeeds;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use ballast_primitives::FeedKind;
	use frame_support::BoundedVec;

	/// Sample feeds for the oracle's benchmarks.
	pub struct OracleFeeds;
	impl pallet_oracle::BenchmarkHelper<FeedKey, OracleValue, ConstU32<64>> for OracleFeeds {
		fn get_currency_id_value_pairs() -> BoundedVec<(FeedKey, OracleValue), ConstU32<64>> {
			let pairs: Vec<_> = (0..32u32)
				.flat_map(|u| {
					[
						(
							FeedKey { underlying: u, kind: FeedKind::Spot },
							1_000u128 * 10u128.pow(18),
						),
						(
							FeedKey { underlying: u, kind: FeedKind::ImpliedVol },
							8u128 * 10u128.pow(17),
						),
					]
				})
				.collect();
			BoundedVec::truncate_from(pairs)
		}
	}
}
