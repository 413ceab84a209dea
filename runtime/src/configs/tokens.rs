//! The native token BLST (balances), transaction fees and the collateral assets.

use crate::{
	AccountId, AssetId, Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, EXISTENTIAL_DEPOSIT, MICRO_BLST, MILLI_BLST,
};
use frame_support::{
	parameter_types,
	traits::{
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU8, NeverEnsureOrigin, VariantCountOf,
	},
	weights::{ConstantMultiplier, IdentityFee},
};
use frame_system::EnsureRoot;
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = frame_system::Pallet<Runtime>;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not float with congestion yet.
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Fee per byte of transaction.
	pub const TransactionByteFee: Balance = MICRO_BLST;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees are burned until the insurance fund takes its governed share (shared-collateral).
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit to create an asset (only governance creates collateral assets).
	pub const AssetDeposit: Balance = 100 * crate::BLST;
	/// Deposit for an account to hold an asset.
	pub const AssetAccountDeposit: Balance = MILLI_BLST;
	/// Deposit for asset metadata.
	pub const MetadataDepositBase: Balance = crate::BLST;
	/// Deposit per byte of asset metadata.
	pub const MetadataDepositPerByte: Balance = MILLI_BLST;
	/// Deposit for an approval.
	pub const ApprovalDeposit: Balance = MILLI_BLST;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	// Collateral assets are created by governance (`force_create`), never by a signed account.
	type CreateOrigin = AsEnsureOriginWithArg<NeverEnsureOrigin<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
