//! Liquidations (pallet-liquidation): the margin engine and collateral pool it acts on, and the
//! validators' keeper, which signs with its Aura key and submits authorized transactions.

use crate::{
	configs::collateral::OraclePriceFeed, AccountId, Runtime, RuntimeCall, TxExtension,
	UncheckedExtrinsic,
};
use frame_support::{parameter_types, traits::ConstU32};
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthoritySignature as AuraSignature};
use sp_runtime::traits::{Convert, IdentifyAccount};

parameter_types! {
	/// A price older than five minutes is stale (as for collateral and margin).
	pub const LiquidationMaxPriceAge: ballast_primitives::Moment = 5 * 60 * 1000;
}

/// The keepers are the block authors of the current session.
pub struct AuraKeepers;
impl frame_support::traits::Get<alloc::vec::Vec<AuraId>> for AuraKeepers {
	fn get() -> alloc::vec::Vec<AuraId> {
		pallet_aura::Authorities::<Runtime>::get().into_inner()
	}
}

/// A keeper's fees go to the account of its Aura key.
pub struct KeeperAccount;
impl Convert<AuraId, AccountId> for KeeperAccount {
	fn convert(key: AuraId) -> AccountId {
		sp_runtime::MultiSigner::from(sp_core::sr25519::Public::from(key)).into_account()
	}
}

impl pallet_liquidation::Config for Runtime {
	type Ledger = crate::SharedCollateral;
	type MarginEngine = crate::PortfolioMargin;
	type Book = crate::PortfolioMargin;
	type PriceFeed = OraclePriceFeed;
	type RiskOrigin = crate::configs::governance::RiskOrigin;
	type KeeperId = AuraId;
	type KeeperSignature = AuraSignature;
	type Keepers = AuraKeepers;
	type KeeperAccount = KeeperAccount;
	type MaxPriceAge = LiquidationMaxPriceAge;
	type MaxAuctions = ConstU32<1024>;
	type MaxQueue = ConstU32<4096>;
	type MaxPerBlock = ConstU32<64>;
	type MaxCandidates = ConstU32<64>;
	type MaxMarkets = ConstU32<32>;
	type MaxPositions = ConstU32<128>;
	type WeightInfo = crate::weights::pallet_liquidation::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::configs::margin::LiquidationBenchmarks;
}

// Transactions the runtime's offchain workers create: authorized calls (the keeper's) carry
// the transaction extensions with nothing signed.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

// GRANDPA equivocation reports: unsigned, validated by pallet-grandpa.
impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

impl<C> frame_system::offchain::CreateTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;
	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_extension() -> TxExtension {
		(
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(0),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_system::WeightReclaim::<Runtime>::new(),
		)
	}
}
