//! Standard margin: per-position rules, no offsets between positions (like Derive's standard
//! manager). Long options need their premium in full (their mark: no cash changes hands at
//! the trade, so collateral must cover what they may lose); short options need
//! `max(option_base × spot − out-of-the-money amount, option_min × spot)` per contract;
//! futures and perpetuals `linear × spot` per contract.

use super::{instrument::*, MarginError};
use crate::{black_scholes::OptionKind, fixed::Fixed18};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Standard-margin rates of one underlying (maintenance; initial multiplies them).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct StandardParams {
	/// Short option: share of spot before the out-of-the-money reduction.
	pub option_base: Fixed18,
	/// Short option: the least share of spot.
	pub option_min: Fixed18,
	/// Futures and perpetuals: share of spot.
	pub linear: Fixed18,
}

impl StandardParams {
	/// 15% / 10% for short options, 10% for linear positions.
	pub const fn example() -> StandardParams {
		StandardParams {
			option_base: Fixed18(150_000_000_000_000_000),
			option_min: Fixed18(100_000_000_000_000_000),
			linear: Fixed18(100_000_000_000_000_000),
		}
	}

	/// Every rate in (0, 1] and `option_min ≤ option_base`.
	pub fn validate(&self) -> Result<(), MarginError> {
		let rate = |x: Fixed18| x.0 > 0 && x <= Fixed18::ONE;
		(rate(self.option_base)
			&& rate(self.option_min)
			&& rate(self.linear)
			&& self.option_min <= self.option_base)
			.then_some(())
			.ok_or(MarginError::InvalidParams)
	}
}

/// The standard maintenance margin of `size` contracts of `kind` marked at `mark` per
/// contract, with the underlying at `spot`.
pub fn standard_maintenance(
	kind: &InstrumentKind,
	size: Fixed18,
	mark: Fixed18,
	spot: Fixed18,
	p: &StandardParams,
) -> Result<Fixed18, MarginError> {
	let contracts = Fixed18(size.0.abs());
	let per_contract = match kind {
		InstrumentKind::Option { .. } if size.0 >= 0 => mark,
		InstrumentKind::Option { kind, strike, .. } => {
			let otm = match kind {
				OptionKind::Call => strike.0.saturating_sub(spot.0),
				OptionKind::Put => spot.0.saturating_sub(strike.0),
			}
			.max(0);
			let base = p.option_base.checked_mul(spot)?.checked_sub(Fixed18(otm))?;
			base.max(p.option_min.checked_mul(spot)?)
		},
		InstrumentKind::Future { .. } | InstrumentKind::Perpetual => p.linear.checked_mul(spot)?,
	};
	Ok(contracts.checked_mul(per_contract)?)
}
