//! What traders and the risk council rely on, with worked numbers. Every test ends with the
//! pallet's invariants and a check that the ledger neither created nor lost value.

mod open_interest;
mod orders;
mod settlement;
mod trading;

pub(crate) use crate::{
	mock::*, Error, Event, Instruments, MarginMethod, OpenInterest, Positions, RiskCache,
};
pub(crate) use ballast_primitives::{
	black_scholes::OptionKind,
	fixed::Fixed18,
	margin::{mark, InstrumentKind, Market},
	traits::{Holder, MarginEngine, Party},
};
pub(crate) use frame_support::{assert_noop, assert_ok};
pub(crate) use sp_runtime::DispatchError;

pub(crate) type Pallet = crate::Pallet<Test>;

pub(crate) fn call(strike: &str, days: u64) -> InstrumentKind {
	InstrumentKind::Option {
		kind: OptionKind::Call,
		strike: fx(strike),
		expiry: START + days * DAY,
	}
}

/// The LP vault's capital in these tests.
pub(crate) const VAULT_CAPITAL: Fixed18 = Fixed18(1_000_000 * 1_000_000_000_000_000_000);

/// BTC listed with its parameters and the vault funded with `VAULT_CAPITAL`; returns the ids
/// of `kinds` listed in order.
pub(crate) fn list(kinds: &[InstrumentKind]) -> Vec<u32> {
	fund_vault(VAULT_CAPITAL);
	assert_ok!(Margin::set_underlying(RuntimeOrigin::root(), BTC, btc_params()));
	kinds
		.iter()
		.map(|k| {
			assert_ok!(Margin::list_instrument(RuntimeOrigin::root(), BTC, *k));
			crate::NextInstrumentId::<Test>::get() - 1
		})
		.collect()
}

pub(crate) fn market() -> Market {
	Market { spot: fx("60000"), vol: fx("0.6"), rate: Fixed18::ZERO, now: now() }
}

pub(crate) fn size_of(who: AccountId, id: u32) -> Fixed18 {
	Positions::<Test>::get(who, 0)
		.iter()
		.find(|p| p.instrument == id)
		.map(|p| p.size)
		.unwrap_or(Fixed18::ZERO)
}

/// The LP vault's position in `id`.
pub(crate) fn vault_size_of(id: u32) -> Fixed18 {
	crate::VaultPositions::<Test>::get()
		.iter()
		.find(|p| p.instrument == id)
		.map(|p| p.size)
		.unwrap_or(Fixed18::ZERO)
}

pub(crate) fn unlimited() -> Fixed18 {
	fx("1000000000")
}

/// The lowest limit a seller may name: any positive bid.
pub(crate) fn any_bid() -> Fixed18 {
	Fixed18(1)
}
