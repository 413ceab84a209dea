//! Leased security: pallet-restaking chooses the validators (and so the oracle operators and
//! keepers) from the operators the relay chain attests, slashes them, and tells the margin
//! engine how well the chain is secured.

use crate::{AccountId, Runtime};
use ballast_primitives::{traits::ValueSecured, Balance};
use ballast_primitives::{FeedKey, OracleValue};
use frame_support::traits::{ConstU32, Contains};

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

/// Every oracle submission is checked against the published median (band, strikes, liveness).
pub struct OracleWatch;
impl pallet_oracle::OnNewData<AccountId, FeedKey, OracleValue> for OracleWatch {
	fn on_new_data(who: &AccountId, key: &FeedKey, value: &OracleValue) {
		if let Some(median) = pallet_oracle::Pallet::<Runtime>::get(key) {
			pallet_restaking::Pallet::<Runtime>::note_oracle_submission(
				who,
				key,
				*value,
				median.value,
			);
		}
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
	type MaxPendingSlashes = ConstU32<64>;
	type SlashHorizon = ConstU32<{ crate::configs::consensus::SLASH_HORIZON }>;
	type MaxOutbound = ConstU32<256>;
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
}
