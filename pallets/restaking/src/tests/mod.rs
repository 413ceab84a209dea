//! Behaviour of the relay link, selection and the security budget.

mod budget;
mod lease;
mod liveness;
mod oracle;
mod outbound;
mod relay;
mod selection;
mod slashing;

pub(crate) use crate::{mock::*, *};
pub(crate) use frame_support::{assert_noop, assert_ok};
pub(crate) use sp_runtime::DispatchError;

pub(crate) fn relayer() -> RuntimeOrigin {
	RuntimeOrigin::signed(99)
}

pub(crate) fn registered(
	operator: AccountId,
	stake: u128,
) -> RelayMessage<AccountId, frame_support::traits::ConstU32<8>> {
	RelayMessage::OperatorRegistered { operator, stake }
}

pub(crate) fn stake_changed(
	operator: AccountId,
	stake: u128,
) -> RelayMessage<AccountId, frame_support::traits::ConstU32<8>> {
	RelayMessage::StakeChanged { operator, stake }
}
