//! The price oracle: FRAME's pallet-oracle stores and publishes what the active validators
//! feed through `restaking.feed_values`, which checks every submission first (a current
//! validator, once a block, listed feeds only, each once; deviation judged against the
//! other operators' median). The oracle pallet's own call is disabled in the runtime.
//!
//! Each underlying has two feeds ([`FeedKey`]): spot price and implied volatility, as 18-decimal
//! fixed-point numbers. A feed is published as the median of the operators' submissions younger
//! than [`OracleValueExpiry`], and only while at least the governed quorum (two thirds of the
//! session's validators) are fresh: no single operator, nor a minority, sets a price. Below
//! the quorum the last published value stays, ageing toward stale.

use crate::{AccountId, Runtime, Timestamp};
use alloc::vec::Vec;
use ballast_primitives::{FeedKey, Moment, OracleValue};
use frame_support::{
	parameter_types,
	traits::{ConstU32, SortedMembers, Time},
	PalletId,
};

parameter_types! {
	/// The oracle pallet's account id seed.
	pub const OraclePalletId: PalletId = PalletId(*b"blst/orc");
	/// A submission older than this (ms) no longer counts toward the median.
	pub const OracleValueExpiry: Moment = 10 * 60 * 1000;
}

/// Whether a submission made at `at` still counts at `now`.
pub fn fresh(at: Moment, now: Moment) -> bool {
	at.saturating_add(OracleValueExpiry::get()) > now
}

/// The oracle's operators: the validators of the current session, as pallet-restaking
/// recorded them at the session's start.
pub struct SessionValidatorsAsOperators;
impl SortedMembers<AccountId> for SessionValidatorsAsOperators {
	fn sorted_members() -> Vec<AccountId> {
		let mut validators = pallet_restaking::SessionMembers::<Runtime>::get().into_inner();
		validators.sort();
		validators
	}
	fn contains(who: &AccountId) -> bool {
		pallet_restaking::Pallet::<Runtime>::is_member(who)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &AccountId) {
		pallet_restaking::SessionMembers::<Runtime>::mutate(|v| {
			if !v.contains(who) {
				let _ = v.try_push(who.clone());
			}
		});
	}
}

/// The median of the fresh submissions once a quorum of the session's validators is fresh
/// (pallet-restaking's governed `oracle_quorum`); with an even count, the mean of the two
/// middle values, dated by the older of them. Below the quorum: the last published value.
pub struct QuorumMedian;
type Timestamped = pallet_oracle::TimestampedValue<OracleValue, Moment>;
impl pallet_oracle::CombineData<FeedKey, Timestamped> for QuorumMedian {
	fn combine_data(
		_key: &FeedKey,
		values: Vec<Timestamped>,
		prev: Option<Timestamped>,
	) -> Option<Timestamped> {
		let now = Timestamp::now();
		let mut fresh: Vec<Timestamped> =
			values.into_iter().filter(|v| fresh(v.timestamp, now)).collect();
		if fresh.is_empty() || (fresh.len() as u32) < pallet_restaking::Pallet::<Runtime>::quorum()
		{
			return prev;
		}
		fresh.sort_by_key(|v| v.value);
		let n = fresh.len();
		let (lo, hi) = (fresh[(n - 1) / 2], fresh[n / 2]);
		let mut values = [lo.value, hi.value];
		let value = pallet_restaking::oracle::median(&mut values)?;
		Some(Timestamped { value, timestamp: lo.timestamp.min(hi.timestamp) })
	}
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	type CombineData = QuorumMedian;
	type Time = Timestamp;
	type OracleKey = FeedKey;
	type OracleValue = OracleValue;
	type PalletId = OraclePalletId;
	type Members = SessionValidatorsAsOperators;
	type WeightInfo = crate::weights::pallet_oracle::WeightInfo<Runtime>;
	type MaxHasDispatchedSize = ConstU32<{ crate::configs::consensus::MAX_AUTHORITIES }>;
	type MaxFeedValues = ConstU32<16>;
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
	impl pallet_oracle::BenchmarkHelper<FeedKey, OracleValue, ConstU32<16>> for OracleFeeds {
		fn get_currency_id_value_pairs() -> BoundedVec<(FeedKey, OracleValue), ConstU32<16>> {
			let pairs: Vec<_> = (0..8u32)
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
