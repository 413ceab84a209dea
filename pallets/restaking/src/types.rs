//! The relay's messages, operators and the governed parameters.

use ballast_primitives::{fixed::Fixed18, Balance, Moment};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::sr25519;
use sp_runtime::Perbill;

/// A session's index.
pub type SessionIndex = u32;

/// A relay bridge authority's key.
pub type AuthorityId = sr25519::Public;

/// A relay bridge authority's signature.
pub type AuthoritySignature = sr25519::Signature;

/// The domain tag of the bytes the relay's bridge authorities sign.
pub const ATTESTATION_TAG: &[u8; 16] = b"ballast/relay/v1";

/// What the relay chain attests about an operator or the bridge itself.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxAuthorities))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub enum RelayMessage<AccountId: Clone + PartialEq + core::fmt::Debug, MaxAuthorities: Get<u32>> {
	/// An operator restaked `stake` (quote value, 18 decimals) for Ballast.
	OperatorRegistered { operator: AccountId, stake: Balance },
	/// An operator's restaked amount is now `stake`.
	StakeChanged { operator: AccountId, stake: Balance },
	/// An operator left: its slot is freed once nothing of it can still be slashed.
	OperatorDeregistered { operator: AccountId },
	/// An operator started unbonding `amount` of its stake: it stops counting toward
	/// selection at once but stays slashable until `until` (relay time, ms).
	Unbonding { operator: AccountId, amount: Balance, until: Moment },
	/// The relay rotated its bridge authorities: from the next attestation on, `threshold` of
	/// `authorities` must sign.
	AuthoritySetRotated { authorities: BoundedVec<AuthorityId, MaxAuthorities>, threshold: u32 },
}

/// A batch of relay messages, numbered so that each is applied once and in order.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxAuthorities, MaxMessages))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Attestation<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	MaxAuthorities: Get<u32>,
	MaxMessages: Get<u32>,
> {
	/// One more than the last applied attestation's.
	pub nonce: u64,
	/// The relay's time when it attested (ms since the Unix epoch).
	pub timestamp: Moment,
	/// What it attests.
	pub messages: BoundedVec<RelayMessage<AccountId, MaxAuthorities>, MaxMessages>,
}

/// An operator as Ballast knows it from the relay's attestations.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Operator {
	/// Restaked and bonded (quote value, 18 decimals): what selection counts.
	pub stake: Balance,
	/// Unbonding but still slashable until `unbonding_until`.
	pub unbonding: Balance,
	/// When the unbonding amount stops being slashable (relay time, ms).
	pub unbonding_until: Moment,
	/// Whether the operator asked to validate Ballast. An offence clears it (the operator is
	/// chilled): it must opt in again to be selected.
	pub opted_in: bool,
	/// Σ of its pending slashes' value (fraction × exposure): stake already promised to
	/// earlier offences, which a new offence cannot take again.
	pub pending: Balance,
}

impl Operator {
	/// What a slash can still reach at relay time `now`.
	pub fn slashable(&self, now: Moment) -> Balance {
		let unbonding = if now < self.unbonding_until { self.unbonding } else { 0 };
		self.stake.saturating_add(unbonding)
	}

	/// What a new offence could take at `now`: the slashable stake less what pending slashes
	/// already claim.
	pub fn uncommitted(&self, now: Moment) -> Balance {
		self.slashable(now).saturating_sub(self.pending)
	}
}

/// A slashing span (Polkadot's model): the sessions from `start` to the next span's start.
/// Offences within one span slash their highest fraction once; a report ends the span it
/// falls in when that is the operator's current span, so a later offence slashes again.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SlashSpan {
	/// The span's first session.
	pub start: SessionIndex,
	/// The highest fraction applied for an offence in the span.
	pub applied: Perbill,
	/// The span's pending slash (one at most: reports in a span merge), and its fraction.
	pub pending: Option<(u32, Perbill)>,
}

/// The risk council's restaking parameters.
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
pub struct RestakingParams {
	/// Least stake (quote value, 18 decimals) an operator needs to be selected.
	pub min_stake: Balance,
	/// Most validators per session (≤ `MaxActive`).
	pub max_active: u32,
	/// Least cost of corruption per unit of value secured before margin rises.
	pub min_security_ratio: Fixed18,
	/// Oldest relay attestation (ms) margin trusts; beyond it margin rises as if security
	/// were at its floor.
	pub max_attestation_age: Moment,
	/// Highest factor the security budget applies to initial margin.
	pub max_margin_factor: Fixed18,
	/// Share of an operator's slashable stake slashed for oracle submissions outside the band.
	pub oracle_slash: Perbill,
	/// Share slashed for a GRANDPA or Aura equivocation.
	pub equivocation_slash: Perbill,
	/// Share slashed for a liveness fault (no oracle submission within `liveness_window`).
	pub liveness_slash: Perbill,
	/// Sessions a slash waits before it is applied; the risk council may cancel it meanwhile.
	pub slash_deferral: SessionIndex,
	/// A submission further than this from the published median is out of band.
	pub oracle_band: Perbill,
	/// Out-of-band submissions within `oracle_window` that make an oracle-deviation offence.
	pub oracle_strikes: u32,
	/// The window (ms) over which out-of-band submissions are counted.
	pub oracle_window: Moment,
	/// An active operator that submits nothing to the oracle for this long (ms) is not live.
	pub liveness_window: Moment,
	/// The share of the session's operators whose fresh values a feed needs before it is
	/// published (more than half; two thirds on a production chain).
	pub oracle_quorum: Perbill,
	/// How far (ms) an attestation's relay timestamp may be ahead of Ballast's clock.
	pub max_clock_skew: Moment,
}

impl RestakingParams {
	/// Whether the parameters are within bounds: `slash_deferral` must end within the slash
	/// `horizon`, so that no slash outlives the stake it is promised, and the liveness window
	/// must be shorter than a `session` (ms), so that a silent validator is always caught.
	pub fn is_valid(&self, max_active: u32, horizon: SessionIndex, session: Moment) -> bool {
		self.max_active > 0
			&& self.max_active <= max_active
			&& self.min_security_ratio.0 > 0
			&& self.max_attestation_age > 0
			&& self.max_margin_factor >= Fixed18::ONE
			&& self.oracle_slash > Perbill::zero()
			&& self.equivocation_slash > Perbill::zero()
			&& self.liveness_slash <= self.oracle_slash
			&& self.slash_deferral > 0
			&& self.slash_deferral < horizon
			&& self.oracle_band > Perbill::zero()
			&& self.oracle_strikes > 0
			&& self.oracle_strikes <= 32
			&& self.oracle_window > 0
			&& self.liveness_window > 0
			&& self.liveness_window < session
			&& self.oracle_quorum > Perbill::from_percent(50)
			&& self.max_clock_skew > 0
	}

	/// How many of `members` operators must be fresh for a feed to publish: the quorum share,
	/// rounded up, at least one.
	pub fn quorum(&self, members: u32) -> u32 {
		let share = self.oracle_quorum.deconstruct() as u64 * members as u64;
		let billion = <Perbill as sp_runtime::PerThing>::ACCURACY as u64;
		(share.div_ceil(billion) as u32).max(1)
	}

	/// The governed fraction for an offence of `kind`.
	pub fn fraction(&self, kind: SlashKind) -> Perbill {
		match kind {
			SlashKind::Equivocation => self.equivocation_slash,
			SlashKind::OracleDeviation => self.oracle_slash,
			SlashKind::Liveness => self.liveness_slash,
		}
	}
}

/// Why an operator is slashed.
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
)]
pub enum SlashKind {
	/// Signed two blocks or two votes for the same slot or round (GRANDPA, Aura).
	Equivocation,
	/// Submitted oracle values outside the band around the median, repeatedly.
	OracleDeviation,
	/// Submitted nothing to the oracle for the liveness window.
	Liveness,
}

/// A slash waiting for its deferral to pass.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PendingSlash<AccountId> {
	/// Who is slashed.
	pub operator: AccountId,
	/// What for.
	pub kind: SlashKind,
	/// The share of slashable stake the offence calls for.
	pub fraction: Perbill,
	/// The operator's uncommitted slashable stake when the offence was reported: fractions
	/// apply to it.
	pub exposure: Balance,
	/// The session of the offence.
	pub offence_session: SessionIndex,
	/// The first session of the slashing span the offence falls in: reports in one span
	/// slash their highest fraction once, not the sum.
	pub span: SessionIndex,
	/// The session at whose start it is applied: the offence's session plus the deferral,
	/// and never before the next session after the report (the council's cancel window).
	pub apply_at: SessionIndex,
}

/// A message from Ballast to the relay chain.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum OutboundMessage<AccountId> {
	/// Slash `amount` (quote value, 18 decimals) of the operator's restaked stake.
	Slash { operator: AccountId, amount: Balance, kind: SlashKind },
	/// Pay the operator `amount` (quote value, 18 decimals) of lease fees for `era`.
	Reward { operator: AccountId, amount: Balance, era: u32 },
	/// Message `index` of attestation `nonce` was not applied (its effect did not happen on
	/// Ballast); the relay must undo or re-send it.
	Rejected { nonce: u64, index: u32 },
}

/// An outbound message with its id: ids count up from 0 across blocks, so no two messages,
/// even equal ones, share a leaf.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Envelope<AccountId> {
	/// Unique, increasing.
	pub id: u64,
	/// The message.
	pub message: OutboundMessage<AccountId>,
}
