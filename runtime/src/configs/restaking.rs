//! Leased security: pallet-restaking chooses the validators (and so the oracle operators and
//! keepers) from the operators the relay chain attests, slashes them, and tells the margin
//! engine how well the chain is secured.

use crate::{AccountId, Runtime};
use alloc::vec::Vec;
use ballast_primitives::FeedKey;
use ballast_primitives::{traits::ValueSecured, Balance};
use frame_support::traits::{ConstU32, ConstU64, Contains, Time};

/// TVL (the collateral pool, the LP vault and the insurance fund) plus open interest at spot.
pub struct PoolAndOpenInterest;
impl ValueSecured for PoolAndOpenInterest {
	fn value_secured() -> Balance {
		pallet_shared_collateral::Pallet::<Runtime>::total_value_locked()
			.saturating_add(pallet_portfolio_margin::Pallet::<Runtime>::open_interest_value())
	}
}

/// Whether an operator has session keys for the next session.
pub struct HasSessionKeys;
impl Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

/// The session's validators are pallet-session's; offenders are disabled through its
/// disabling strategy (at most a third of the set).
pub struct SessionValidators;
impl pallet_restaking::SessionValidators<AccountId> for SessionValidators {
	fn validators() -> Vec<AccountId> {
		pallet_session::Validators::<Runtime>::get()
	}
	fn disable(who: &AccountId, severity: sp_runtime::Perbill) {
		pallet_session::Pallet::<Runtime>::report_offence(
			who.clone(),
			sp_staking::offence::OffenceSeverity(severity),
		);
	}
}

/// The oracle (pallet-oracle) the operators' checked values go to.
pub struct Oracle;
impl pallet_restaking::OracleFeeds<AccountId> for Oracle {
	/// A listed underlying's spot and implied volatility, and every collateral asset's price.
	fn listed(key: &FeedKey) -> bool {
		pallet_portfolio_margin::Underlyings::<Runtime>::contains_key(key.underlying)
			// Bounded: at most `MaxAssets` collateral assets.
			|| pallet_shared_collateral::CollateralAssets::<Runtime>::iter_values()
				.any(|asset| asset.feed == *key)
	}
	fn others(who: &AccountId, key: &FeedKey) -> Vec<u128> {
		let now = crate::Timestamp::now();
		// Bounded: at most `MaxActive` members.
		pallet_restaking::SessionMembers::<Runtime>::get()
			.iter()
			.filter(|m| *m != who)
			.filter_map(|m| pallet_oracle::RawValues::<Runtime>::get(m, key))
			.filter(|v| crate::configs::oracle::fresh(v.timestamp, now))
			.map(|v| v.value)
			.collect()
	}
	fn record(who: &AccountId, key: FeedKey, value: u128) {
		use pallet_oracle::DataFeeder;
		// The operator is a member (checked before): the oracle cannot refuse it.
		let _ = pallet_oracle::Pallet::<Runtime>::feed_value(Some(who.clone()), key, value);
	}
	fn forget(who: &AccountId) {
		// Bounded: one value per listed feed.
		let _ = pallet_oracle::RawValues::<Runtime>::clear_prefix(who, u32::MAX, None);
	}
}

impl pallet_restaking::Config for Runtime {
	type Time = crate::Timestamp;
	type ValueSecured = PoolAndOpenInterest;
	// The governed share of trading fees the collateral pool sets aside.
	type LeaseFund = crate::SharedCollateral;
	// Six one-hour sessions: lease fees are paid every six hours.
	type SessionsPerEra = ConstU32<6>;
	type HasSessionKeys = HasSessionKeys;
	type BlockEquivocation = crate::configs::equivocation::AuraEquivocation;
	type ParamsOrigin = crate::configs::governance::RiskOrigin;
	// Slashes wait so the council can stop a wrong one: a council majority, no timelock.
	type CancelOrigin = crate::configs::governance::CouncilMajority;
	type MaxAuthorities = ConstU32<16>;
	type MaxMessages = ConstU32<32>;
	type MaxOperators = ConstU32<256>;
	type MaxActive = ConstU32<{ crate::configs::consensus::MAX_AUTHORITIES }>;
	type Validators = SessionValidators;
	type Oracle = Oracle;
	// One pending slash per operator and slashing span: 256 × (28 + 2).
	type MaxPendingSlashes = ConstU32<7_680>;
	type SlashHorizon = ConstU32<{ crate::configs::consensus::SLASH_HORIZON }>;
	type SessionDuration = ConstU64<{ crate::configs::consensus::SESSION_MS }>;
	// A week: well past the 28-hour horizon, so every offence applies before stake leaves.
	type UnbondingDelay = ConstU64<{ 7 * 24 * 60 * 60 * 1000 }>;
	// Five slots: a longer silence of the chain is not the validators' to answer for.
	type MaxBlockGap = ConstU64<{ 5 * crate::configs::consensus::SLOT_MS }>;
	type MaxFeedValues = ConstU32<16>;
	type MaxOutbound = ConstU32<256>;
	type MaxOutbox = ConstU32<1_024>;
	type OutboundRetention = ConstU32<600>;
	type WeightInfo = crate::weights::pallet_restaking::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkKeys;
}

/// Gives a benchmarked operator session keys.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkKeys;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_restaking::benchmarking::BenchmarkHelper<AccountId> for BenchmarkKeys {
	fn register_keys(who: &AccountId) {
		let raw: [u8; 32] = *who.as_ref();
		let keys = crate::SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
	fn block_equivocation() -> Result<
		(AccountId, alloc::vec::Vec<u8>, alloc::vec::Vec<u8>),
		frame_benchmarking::BenchmarkError,
	> {
		crate::configs::equivocation::benchmark_equivocation()
	}
	fn list_feeds(n: u32) -> Vec<FeedKey> {
		use ballast_primitives::FeedKind;
		// Each feed on its own underlying, listed with the development parameters.
		let params = crate::genesis_config_presets::margin_params(100, 100_000, 60_000_000_000);
		(0..n)
			.map(|i| {
				let underlying = 1_000 + i / 2;
				pallet_portfolio_margin::Underlyings::<Runtime>::insert(underlying, params);
				let kind = if i % 2 == 0 { FeedKind::Spot } else { FeedKind::ImpliedVol };
				FeedKey { underlying, kind }
			})
			.collect()
	}
}
