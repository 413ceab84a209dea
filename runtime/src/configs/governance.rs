//! Governance: the risk council (pallet-collective, instance 1) and sudo for development chains.
//!
//! Risk parameters change through [`RiskOrigin`]: root, or a motion of the risk council carried
//! by at least two thirds of its members. A council motion reaches the risk parameters through
//! the scheduler (`schedule_after`), which is the timelock between a decision and its effect.

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

/// Root, or two thirds of the risk council.
pub type RiskOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, RiskCouncilInstance, 2, 3>,
>;

parameter_types! {
	/// How long a council motion stays open for votes.
	pub const RiskCouncilMotionDuration: BlockNumber = 3 * DAYS;
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

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
