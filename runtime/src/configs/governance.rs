//! Governance: the risk council (pallet-collective, instance 1), its timelock
//! (`pallet-risk-timelock` over the scheduler) and sudo, whose key only development and local
//! chains set.
//!
//! Risk parameters change through [`RiskOrigin`]: root, or a change the risk council scheduled
//! and whose delay has passed. The council reaches them only one way: a motion carried by at
//! least two thirds of its members calls `riskTimelock.schedule(call)`; the scheduler runs the
//! call `riskTimelock.Delay` blocks later with the timelock's origin. More than half of the
//! council (or root) can cancel it before then.

use crate::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

/// The risk council's collective instance.
pub type RiskCouncilInstance = pallet_collective::Instance1;

/// Root, or a risk-council decision whose delay has passed.
pub type RiskOrigin =
	EitherOfDiverse<EnsureRoot<AccountId>, pallet_risk_timelock::EnsureTimelocked>;

/// Root, or two thirds of the risk council: who may schedule a change.
pub type CouncilSupermajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, RiskCouncilInstance, 2, 3>,
>;

/// Root, or more than half of the risk council: who may cancel a scheduled change.
pub type CouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, RiskCouncilInstance, 1, 2>,
>;

parameter_types! {
	/// How long a council motion stays open for votes.
	pub const RiskCouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// The shortest timelock governance may set: 30 seconds (development chains use it).
	pub const MinRiskDelay: BlockNumber = 5;
	/// The longest timelock governance may set.
	pub const MaxRiskDelay: BlockNumber = 30 * DAYS;
	/// The timelock of chains whose genesis sets none: two days.
	pub const DefaultRiskDelay: BlockNumber = 2 * DAYS;
	/// The heaviest risk change: what the scheduler may spend in a block, less room for others.
	pub MaxRiskCallWeight: Weight =
		Perbill::from_percent(50) * crate::configs::RuntimeBlockWeights::get().max_block;
	/// The most weight a council motion may take when executed.
	pub MaxCouncilProposalWeight: Weight =
		Perbill::from_percent(50) * crate::configs::RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<RiskCouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = RiskCouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<32>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_risk_timelock::Config for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type Scheduler = crate::Scheduler;
	type Preimages = crate::Preimage;
	type ProposeOrigin = CouncilSupermajority;
	type CancelOrigin = CouncilMajority;
	type AdminOrigin = RiskOrigin;
	type MinDelay = MinRiskDelay;
	type MaxDelay = MaxRiskDelay;
	type DefaultDelay = DefaultRiskDelay;
	type MaxPending = ConstU32<32>;
	type MaxCallWeight = MaxRiskCallWeight;
	type WeightInfo = crate::weights::pallet_risk_timelock::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
