//! The pallet's stored and governed types.

use ballast_primitives::{fixed::Fixed18, traits::SubaccountId, Balance, Moment};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Liquidation's risk parameters, set by the risk origin. Fractions are 18-decimal.
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
pub struct LiquidationParams {
	/// Penalty on the part of a portfolio liquidated, as a fraction of its maintenance margin.
	pub penalty: Fixed18,
	/// The liquidator's share of the penalty; the rest goes to the insurance fund.
	pub liquidator_share: Fixed18,
	/// Partial liquidation sells enough to reach health `1 + buffer`.
	pub buffer: Fixed18,
	/// Accounts with a maintenance margin below this (quote, 18 decimals) are closed whole.
	pub small_account: Balance,
	/// The auction's first discount, a fraction of the lot's maintenance margin.
	pub start_discount: Fixed18,
	/// Its last discount (the floor, where the LP vault takes the lot).
	pub floor_discount: Fixed18,
	/// Blocks from the first discount to the floor.
	pub decay_blocks: u32,
	/// Auctions started plus lots taken at the floor per block; the rest waits in the queue.
	pub max_liquidations_per_block: u32,
	/// Quote (18 decimals) the insurance fund may pay per block.
	pub max_insurance_per_block: Balance,
	/// Keeper transactions per keeper per block.
	pub keeper_calls_per_block: u32,
	/// Auto-deleveraging's price shock (fraction of spot) on delta.
	pub adl_price_shock: Fixed18,
	/// Auto-deleveraging's volatility shock (absolute) on vega.
	pub adl_vol_shock: Fixed18,
	/// An account with debt and no positions has its collateral sold at the oracle price less
	/// this discount (the buyer's reward).
	pub collateral_discount: Fixed18,
	/// Penalty on debt collected from collateral, as a fraction of the debt, to the insurance
	/// fund; paid only out of what the sale raises beyond the debt.
	pub debt_penalty: Fixed18,
}

const fn fx(n: i128, d: u32) -> Fixed18 {
	Fixed18(n * 10i128.pow(18 - d))
}

impl Default for LiquidationParams {
	fn default() -> Self {
		LiquidationParams {
			penalty: fx(10, 2),
			liquidator_share: fx(50, 2),
			buffer: fx(20, 2),
			small_account: 100 * 10u128.pow(18),
			start_discount: fx(5, 2),
			floor_discount: fx(60, 2),
			decay_blocks: 10,
			max_liquidations_per_block: 4,
			max_insurance_per_block: 1_000_000 * 10u128.pow(18),
			keeper_calls_per_block: 16,
			adl_price_shock: fx(18, 2),
			adl_vol_shock: fx(10, 2),
			collateral_discount: fx(5, 2),
			debt_penalty: fx(2, 2),
		}
	}
}

/// A market's circuit breaker, set by the risk origin.
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
pub struct BreakerParams {
	/// The largest move of spot (a fraction) allowed within `window`.
	pub max_move: Fixed18,
	/// The window (ms).
	pub window: Moment,
	/// How long (ms) the market stays halted once tripped.
	pub cooldown: Moment,
	/// While halted, withdrawals must leave this multiple of initial margin (≥ 1).
	pub withdrawal_factor: Fixed18,
}

/// Spot samples a breaker keeps: one per block within its window (the oldest are dropped
/// when a window spans more blocks than this).
pub type MaxSamples = frame_support::traits::ConstU32<128>;

/// A market's circuit-breaker state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct BreakerState {
	/// Halted until then (ms), after a move beyond the limit.
	pub halted_until: Moment,
	/// The oracle was stale at the last check.
	pub stale: bool,
	/// The market was halted at the last check.
	pub halted: bool,
}

/// A running liquidation auction of a subaccount's portfolio. What is for sale is not fixed:
/// every bid recomputes it from the account's risk snapshot at that moment.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Auction<AccountId, BlockNumber> {
	/// When it started (the discount decays from here).
	pub started: BlockNumber,
	/// The account's equity was negative when it started.
	pub insolvent: bool,
	/// Who started it (earns the liquidator's share of the penalty).
	pub liquidator: AccountId,
	/// Its positions are gone and its debt is being covered, part by part.
	pub covering: bool,
	/// A `Continue` item for it is in the queue (at most one is).
	pub queued: bool,
	/// Debt its covering still owes after the parts paid so far: the backstops hold it back
	/// for this account, so no other shortfall counts on it too.
	pub pending: Balance,
}

/// Work the pallet does in `on_initialize`, in order, up to the per-block cap. Work that
/// cannot finish now (a stale price, the insurance fund's per-block budget, a shortfall
/// waiting for deleveraging) goes back to the end of the queue; nothing is dropped.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum Work<AccountId> {
	/// Start an auction (flagged while the per-block cap or `MaxAuctions` was reached).
	Start {
		/// The subaccount.
		who: (AccountId, SubaccountId),
		/// Who flagged it.
		liquidator: AccountId,
	},
	/// Take a running auction a step further: the vault at its floor, or covering its debt.
	Continue {
		/// The subaccount.
		who: (AccountId, SubaccountId),
	},
}

/// What one sale paid (quote, 18 decimals).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sale {
	/// The discount paid to the buyer.
	pub discount: Balance,
	/// The penalty paid to the insurance fund (after the liquidator's share).
	pub penalty: Balance,
	/// The liquidator's share of the penalty.
	pub liquidator_fee: Balance,
}

/// Whether a step of an auction finished it or must be taken again later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
	/// Nothing more to do now (the auction ended, or goes on awaiting bids).
	Done,
	/// Try again in a later block.
	Again,
}

/// What a keeper asks for.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum KeeperAction<AccountId> {
	/// Liquidate an unhealthy subaccount.
	Liquidate(AccountId, SubaccountId),
}

/// The ranking of a bankrupt subaccount's counterparties for auto-deleveraging, a page per
/// block: where the scan of the holders' index is, and the best found so far.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(S))]
pub struct AdlScan<AccountId, S: frame_support::traits::Get<u32>> {
	/// The bankrupt's leg whose opposite holders are being ranked (its position's index).
	pub leg: u32,
	/// Where that leg's scan resumes: the raw storage key of the last holder ranked.
	pub cursor: Option<frame_support::BoundedVec<u8, frame_support::traits::ConstU32<256>>>,
	/// The best counterparties so far, highest rank first.
	pub best: frame_support::BoundedVec<(Fixed18, (AccountId, SubaccountId)), S>,
	/// Whether this pass (this ranking's candidates) closed anything yet.
	pub progressed: bool,
	/// Whether a candidate of this pass offered nothing any more (others closed against it
	/// since the ranking).
	pub contested: bool,
	/// This ranking follows a pass that closed nothing (its counterparties used up by other
	/// bankrupt accounts): if it closes nothing either, the vault takes the rest.
	pub retried: bool,
}

/// What the insurance fund, the vault and the counterparties have paid, in total (quote,
/// 18 decimals): the waterfall's accounting, checked in `try_state`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Totals {
	/// Penalties paid to the insurance fund.
	pub penalties: Balance,
	/// Fees paid to liquidators (by accounts, or by the insurance fund for insolvent ones).
	pub liquidator_fees: Balance,
	/// Debt covered by the insurance fund.
	pub insurance_paid: Balance,
	/// Debt covered by the LP vault.
	pub vault_paid: Balance,
	/// Paid by deleveraged counterparties.
	pub socialized: Balance,
	/// Debt nobody could pay.
	pub bad_debt: Balance,
}

/// Per-block usage of the caps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Usage<BlockNumber> {
	/// The block these counts are for.
	pub block: BlockNumber,
	/// Auctions started, lots taken at the floor and deleveragings.
	pub liquidations: u32,
	/// Quote the insurance fund paid.
	pub insurance: Balance,
}
