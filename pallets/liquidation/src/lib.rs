//! # pallet-liquidation
//!
//! Closes under-margined subaccounts before their losses reach the shared pool.
//!
//! - **One snapshot**: every decision reads the margin engine's
//!   [`AccountRisk`](ballast_primitives::risk::AccountRisk) of the moment
//!   (collateral, unrealized PnL, margins; equity and health computed there and nowhere else).
//!   A price that is not fresh, of a position or of a collateral asset, is a typed error
//!   (`StalePrice`, `StaleCollateral`): the account waits, it is never valued at zero.
//! - **Who liquidates**: anyone but the owner (`liquidate`, Operational class), and
//!   validators' keeper offchain worker (`keeper`: signed by a keeper key, checked in
//!   `authorize`, rate limited per keeper and block, free of fees). No owner liquidates or
//!   bids on its own subaccounts (`SelfLiquidation`).
//! - **What is sold is recomputed at every sale** from the snapshot then: the share that brings
//!   health back to `1 + buffer` at the current discount and penalty
//!   ([`math::fraction_to_sell`]); all of it for small and insolvent accounts. The auction ends
//!   as soon as the account is healthy again (a wick that recovers sells nothing more).
//! - **Solvent accounts pay for themselves, never more than their equity**: each sale pays the
//!   buyer's discount, then the penalty (its governed share to the liquidator, the rest to the
//!   insurance fund), each capped by what equity is left. The insurance fund pays nothing.
//! - **Insolvent accounts** are closed whole at their bankruptcy value: no penalty, no fee;
//!   the buyer's discount adds to the debt the waterfall covers.
//! - **Dutch auction**: a bidder takes any part of what is for sale — that share of every
//!   position, at mark — and is paid a discount of its maintenance margin that grows each
//!   block from `start_discount` to `floor_discount`. At the floor the LP vault takes what is
//!   for sale; for an insolvent account only when the insurance fund and the vault can absorb
//!   its shortfall at mark, with a discount no larger than what they can still pay.
//! - **Loss waterfall**: the insurance fund (at most `max_insurance_per_block`; a larger debt
//!   is paid in parts over blocks while the fund holds more), the LP vault
//!   ([`CollateralLedger::cover_debt`]), then **auto-deleveraging**, chosen by the protocol,
//!   when the shortfall at mark exceeds both: every holder of the opposite side of the
//!   bankrupt's legs (the position book's holders index, a page per block) is ranked by
//!   profit × leverage × the share of its risk it leaves unhedged ([`math::adl_rank`]: delta,
//!   gamma and vega, so hedged books go last), and the legs are closed against the best at the
//!   bankruptcy price. Legs nobody holds the other side of go to the vault at mark; what
//!   nobody pays is bad debt, accounted per subaccount.
//! - **Debt is collected**: a subaccount without positions that owes quote has its other
//!   collateral sold (`collect_debt`) to any buyer but its owner, at the oracle price less
//!   `collateral_discount`, for the debt plus `debt_penalty` (to the insurance fund, only out
//!   of what the sale raises beyond the debt). Once nothing is left to sell, the rest of the
//!   debt goes down the waterfall (`liquidate` starts it; the sale that empties the account
//!   does too).
//! - **Circuit breakers** per underlying: a move beyond `max_move` against any spot of the
//!   sliding `window`, or a stale oracle, halts new positions there
//!   ([`CircuitBreaker`](ballast_primitives::traits::CircuitBreaker)) and
//!   multiplies the margin a withdrawal must leave, for accounts exposed to that market only.
//!   Liquidations go on.
//! - **Bounded work, nothing dropped**: at most `max_liquidations_per_block` auctions started
//!   or lots taken per block; work that cannot finish (a cap, a stale price, the insurance
//!   budget, a shortfall waiting for deleveraging) goes back to the queue, which keeps room for
//!   one follow-up per running auction. `MaxAuctions` running only queues new liquidations.
//!   Every auction ends within `decay_blocks` blocks of fresh prices, plus the blocks its
//!   ranking (a page of holders per block) and its debt's cover take.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod adl;
mod auction;
pub mod benchmarking;
mod breaker;
mod invariants;
mod keeper;
pub mod math;
mod queue;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, MarginEngine, PositionBook, PriceFeed, SubaccountId},
	Balance, Moment, UnderlyingId,
};

/// The tag a keeper signs before its action.
pub const KEEPER_TAG: &[u8] = b"ballast/keeper/v1";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Convert, RuntimeAppPublic};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config:
		frame_system::Config + frame_system::offchain::CreateAuthorizedTransaction<Call<Self>>
	{
		/// The collateral pool.
		type Ledger: CollateralLedger<Self::AccountId, Error = DispatchError>;
		/// Margin requirements.
		type MarginEngine: MarginEngine<Self::AccountId>;
		/// Positions, to value and move.
		type Book: PositionBook<Self::AccountId, Error = DispatchError>;
		/// Oracle spot, for the circuit breakers.
		type PriceFeed: PriceFeed;
		/// Who may change the parameters.
		type RiskOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// A keeper's key (validators' block-authoring keys in the runtime).
		type KeeperId: Member
			+ Parameter
			+ MaxEncodedLen
			+ Ord
			+ RuntimeAppPublic<Signature = Self::KeeperSignature>;
		/// A keeper's signature.
		type KeeperSignature: Member + Parameter;
		/// The keepers now (the validator set).
		type Keepers: Get<alloc::vec::Vec<Self::KeeperId>>;
		/// The account paid a keeper's liquidator fees.
		type KeeperAccount: Convert<Self::KeeperId, Self::AccountId>;
		/// A price older than this (ms) is stale.
		#[pallet::constant]
		type MaxPriceAge: Get<Moment>;
		/// The most running auctions.
		#[pallet::constant]
		type MaxAuctions: Get<u32>;
		/// The most queued work items.
		#[pallet::constant]
		type MaxQueue: Get<u32>;
		/// The most liquidations per block the parameters may allow.
		#[pallet::constant]
		type MaxPerBlock: Get<u32>;
		/// The best-ranked counterparties one deleveraging pass keeps (then closes against).
		#[pallet::constant]
		type MaxCandidates: Get<u32>;
		/// The most markets with a circuit breaker.
		#[pallet::constant]
		type MaxMarkets: Get<u32>;
		/// The most positions a subaccount holds (for weights).
		#[pallet::constant]
		type MaxPositions: Get<u32>;
		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
		/// Opens portfolios and moves markets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::KeeperId>;
	}

	/// A keeper's action.
	pub type KeeperActionOf<T> = KeeperAction<<T as frame_system::Config>::AccountId>;
	/// A subaccount.
	pub type Sub<T> = (<T as frame_system::Config>::AccountId, SubaccountId);

	/// The parameters.
	#[pallet::storage]
	pub type Params<T> = StorageValue<_, LiquidationParams, ValueQuery>;

	/// Circuit-breaker parameters per underlying.
	#[pallet::storage]
	pub type Breakers<T> = CountedStorageMap<_, Twox64Concat, UnderlyingId, BreakerParams>;

	/// Circuit-breaker state per underlying.
	#[pallet::storage]
	pub type BreakerStates<T> = StorageMap<_, Twox64Concat, UnderlyingId, BreakerState>;

	/// Spot per market and when it was seen, one per block over its breaker's sliding window
	/// (oldest first).
	#[pallet::storage]
	pub type BreakerWindows<T> = StorageMap<
		_,
		Twox64Concat,
		UnderlyingId,
		BoundedVec<(Fixed18, Moment), MaxSamples>,
		ValueQuery,
	>;

	/// Running auctions.
	#[pallet::storage]
	pub type Auctions<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, Sub<T>, Auction<T::AccountId, BlockNumberFor<T>>>;

	/// Auctions reaching their floor at a block.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Sub<T>, T::MaxPerBlock>,
		ValueQuery,
	>;

	/// Queued work, by position in the queue.
	#[pallet::storage]
	pub type Queue<T: Config> = StorageMap<_, Twox64Concat, u32, Work<T::AccountId>>;

	/// The queue's first and one-past-last positions.
	#[pallet::storage]
	pub type QueueBounds<T> = StorageValue<_, (u32, u32), ValueQuery>;

	/// `Continue` items in the queue (one per auction marked `queued`).
	#[pallet::storage]
	pub type QueuedFollowUps<T> = StorageValue<_, u32, ValueQuery>;

	/// Subaccounts queued for an auction (so each is queued once).
	#[pallet::storage]
	pub type Flagged<T: Config> = CountedStorageMap<_, Blake2_128Concat, Sub<T>, ()>;

	/// Σ `pending` of the running auctions: debt being covered in parts, which the insurance
	/// fund and the vault hold back from other shortfalls.
	#[pallet::storage]
	pub type CoverPending<T: Config> = StorageValue<_, Balance, ValueQuery>;

	/// Bankrupt subaccounts whose counterparties are being ranked for deleveraging.
	#[pallet::storage]
	pub type AdlScans<T: Config> =
		StorageMap<_, Blake2_128Concat, Sub<T>, AdlScan<T::AccountId, T::MaxCandidates>>;

	/// Debt that nobody could pay, per subaccount (quote, 18 decimals).
	#[pallet::storage]
	pub type BadDebt<T: Config> = StorageMap<_, Blake2_128Concat, Sub<T>, Balance, ValueQuery>;

	/// The waterfall's totals.
	#[pallet::storage]
	pub type Accounting<T> = StorageValue<_, Totals, ValueQuery>;

	/// This block's use of the caps.
	#[pallet::storage]
	pub type BlockUsage<T: Config> = StorageValue<_, Usage<BlockNumberFor<T>>, ValueQuery>;

	/// Keeper transactions per keeper this block.
	#[pallet::storage]
	pub type KeeperUsage<T: Config> =
		StorageMap<_, Blake2_128Concat, T::KeeperId, (BlockNumberFor<T>, u32), ValueQuery>;

	/// Genesis: the parameters and circuit breakers.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters (defaults if `None`).
		pub params: Option<LiquidationParams>,
		/// Circuit breakers.
		pub breakers: alloc::vec::Vec<(UnderlyingId, BreakerParams)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.unwrap_or_default();
			Pallet::<T>::validate_params(&params).expect("genesis liquidation parameters");
			Params::<T>::put(params);
			for (underlying, b) in &self.breakers {
				Pallet::<T>::validate_breaker(b).expect("genesis circuit breaker");
				Breakers::<T>::insert(underlying, b);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The parameters changed.
		ParamsSet { params: LiquidationParams },
		/// A market's circuit breaker was set (`None`: removed).
		BreakerSet { underlying: UnderlyingId, params: Option<BreakerParams> },
		/// A market halted: its spot moved too far within the window, or its oracle is stale.
		MarketHalted { underlying: UnderlyingId, until: Moment, stale: bool },
		/// A halted market reopened.
		MarketResumed { underlying: UnderlyingId },
		/// The per-block cap was reached: the liquidation waits in the queue.
		Queued { who: T::AccountId, sub: SubaccountId },
		/// A queued subaccount was healthy again when its turn came.
		Recovered { who: T::AccountId, sub: SubaccountId },
		/// An auction started. What is for sale is recomputed at every bid.
		AuctionStarted { who: T::AccountId, sub: SubaccountId, health: Fixed18, insolvent: bool },
		/// A bidder took `share` of the portfolio for `discount`; the account paid `penalty`
		/// to the insurance fund and `liquidator_fee` to its liquidator.
		Bid {
			who: T::AccountId,
			sub: SubaccountId,
			bidder: (T::AccountId, SubaccountId),
			share: Fixed18,
			discount: Balance,
			penalty: Balance,
			liquidator_fee: Balance,
		},
		/// The LP vault took `share` of the portfolio at the floor.
		TakenByVault {
			who: T::AccountId,
			sub: SubaccountId,
			share: Fixed18,
			discount: Balance,
			penalty: Balance,
			liquidator_fee: Balance,
		},
		/// Queued work for the subaccount could not finish and waits for a later block.
		Deferred { who: T::AccountId, sub: SubaccountId, error: DispatchError },
		/// The insurance fund and the vault cannot absorb the lot: its counterparties are being
		/// ranked to pay `deficit`, the shortfall beyond what the backstops hold, or (`deficit`
		/// zero) to take back at mark what the vault's risk caps keep it from taking.
		AwaitingDeleverage { who: T::AccountId, sub: SubaccountId, deficit: Balance },
		/// A counterparty was deleveraged: `size` of `instrument` closed against the bankrupt
		/// subaccount, paying `paid` of its profit toward the deficit.
		Deleveraged {
			who: T::AccountId,
			sub: SubaccountId,
			counterparty: (T::AccountId, SubaccountId),
			instrument: u32,
			size: i128,
			price: i128,
			paid: Balance,
		},
		/// An auction ended.
		AuctionEnded { who: T::AccountId, sub: SubaccountId },
		/// Collateral of an account with debt and no positions was sold to `buyer`: `raised`
		/// repaid the debt first, then paid `penalty` to the insurance fund.
		DebtCollected {
			who: T::AccountId,
			sub: SubaccountId,
			buyer: (T::AccountId, SubaccountId),
			raised: Balance,
			penalty: Balance,
		},
		/// The subaccount's debt was covered by the waterfall.
		DebtCovered {
			who: T::AccountId,
			sub: SubaccountId,
			insurance: Balance,
			vault: Balance,
			bad_debt: Balance,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A parameter is out of bounds.
		InvalidParams,
		/// `MaxMarkets` markets have circuit breakers.
		TooManyMarkets,
		/// The subaccount meets its maintenance margin.
		Healthy,
		/// The subaccount holds no positions.
		NoPositions,
		/// The positions cannot be valued now (stale oracle): nothing is liquidated until the
		/// feed is fresh.
		StalePrice,
		/// A collateral asset of the subaccount has no fresh price: its equity is unknown
		/// until the feed is fresh.
		StaleCollateral,
		/// The positions cannot be valued (a market not listed, or out of the model's range).
		Uncomputable,
		/// The subaccount is being liquidated already (or queued).
		AlreadyLiquidating,
		/// No auction runs for the subaccount.
		NoAuction,
		/// The share must be in (0, 1].
		InvalidShare,
		/// The discount is below the bidder's minimum.
		DiscountBelowLimit,
		/// The bidder would not meet its initial margin.
		BidderMarginBreached,
		/// The queue is full.
		QueueFull,
		/// `MaxAuctions` auctions are running.
		TooManyAuctions,
		/// An account cannot liquidate, or bid on, its own subaccounts.
		SelfLiquidation,
		/// A value is out of range.
		Overflow,
		/// The auction curve is out of bounds: discounts must rise from `start_discount` to a
		/// `floor_discount` below 1 − `penalty` (so a sale at the floor still raises health),
		/// over at least one block.
		InvalidAuctionCurve,
		/// The subaccount's debt is no longer covered by its haircut collateral:
		/// `collect_debt` sells that collateral first.
		DebtCollectable,
		/// The subaccount holds positions: `liquidate` it (its debt is part of its margin).
		PositionsOpen,
		/// The subaccount owes nothing.
		NoDebt,
		/// Nothing is left to sell: `liquidate` has the loss waterfall cover the debt.
		NoCollateral,
		/// The account's shortfall exceeds what the insurance fund and the vault can absorb: it
		/// is deleveraged at its floor, not sold to bidders.
		ShortfallBeyondBackstops,
		/// The haircut value of the subaccount's collateral still covers its debt: a healthy
		/// account, nothing is sold (its owner repays by depositing quote).
		DebtBacked,
		/// The lot is too small to move any contract: nothing is sold, no discount is paid.
		LotTooSmall,
		/// The subaccount holds no position or collateral, and its debt is already recorded as
		/// bad debt: nothing is left to cover.
		NothingToCover,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let breakers = Self::update_breakers();
			breakers.saturating_add(Self::process_queue(n))
		}

		fn offchain_worker(n: BlockNumberFor<T>) {
			Self::run_keeper(n);
		}

		fn integrity_test() {
			let p = LiquidationParams::default();
			assert!(Self::validate_params(&p).is_ok(), "default parameters are valid");
			assert!(T::MaxPerBlock::get() > 0);
			assert!(
				T::MaxQueue::get() > T::MaxAuctions::get(),
				"the queue keeps one follow-up per auction and room for starts"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the parameters.
		///
		/// Origin: `RiskOrigin`. Errors: `InvalidAuctionCurve`, `InvalidParams`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: LiquidationParams) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::validate_params(&params)?;
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}

		/// Sets (or with `None` removes) a market's circuit breaker (risk origin).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_breaker())]
		pub fn set_breaker(
			origin: OriginFor<T>,
			underlying: UnderlyingId,
			params: Option<BreakerParams>,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::do_set_breaker(underlying, params)
		}

		/// Liquidates an unhealthy subaccount: starts its auction now, or queues it when this
		/// block's cap is reached. The caller earns the liquidator's share of the penalty.
		#[pallet::call_index(2)]
		#[pallet::weight((T::WeightInfo::liquidate(T::MaxPositions::get()), DispatchClass::Operational))]
		pub fn liquidate(
			origin: OriginFor<T>,
			who: T::AccountId,
			sub: SubaccountId,
		) -> DispatchResult {
			let liquidator = ensure_signed(origin)?;
			Self::do_liquidate((who, sub), liquidator)
		}

		/// Takes `share` of what the auction has left to sell — that share of every position at
		/// mark — into the bidder's subaccount, for the current discount (at least
		/// `min_discount`, a fraction of the lot's maintenance margin).
		///
		/// Weight: the benchmark's (a solvent account), plus, for an insolvent one, the
		/// vault's valuation for the backstops (at most `MaxInstruments` ≤ `MaxPositions`
		/// positions: what `liquidate`'s benchmark values).
		#[pallet::call_index(3)]
		#[pallet::weight((
			T::WeightInfo::bid(T::MaxPositions::get())
				.saturating_add(T::WeightInfo::liquidate(T::MaxPositions::get())),
			DispatchClass::Operational
		))]
		pub fn bid(
			origin: OriginFor<T>,
			who: T::AccountId,
			sub: SubaccountId,
			bidder_sub: SubaccountId,
			share: Fixed18,
			min_discount: Fixed18,
		) -> DispatchResult {
			let bidder = ensure_signed(origin)?;
			Self::do_bid((who, sub), (bidder, bidder_sub), share, min_discount)
		}

		/// Buys the collateral of a subaccount that holds no positions and owes more quote than
		/// its collateral is worth after haircuts, at the oracle price less
		/// `collateral_discount`, paying from the buyer's quote balance: enough to repay the
		/// debt plus `debt_penalty` (to the insurance fund), or all of it. Debt still owed once
		/// nothing is left to sell (or only dust that no sale raises a unit of quote for) goes
		/// to the loss waterfall.
		///
		/// Errors: `SelfLiquidation`, `AlreadyLiquidating`, `PositionsOpen`,
		/// `NoDebt`, `DebtBacked`, `NoCollateral`, `StalePrice`, `StaleCollateral`, `BidderMarginBreached`,
		/// and the ledger's (the buyer short of quote, a stale collateral price, a cap).
		#[pallet::call_index(6)]
		#[pallet::weight((T::WeightInfo::collect_debt(), DispatchClass::Operational))]
		pub fn collect_debt(
			origin: OriginFor<T>,
			who: T::AccountId,
			sub: SubaccountId,
			buyer_sub: SubaccountId,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_collect_debt((who, sub), (buyer, buyer_sub))
		}

		/// A keeper's action, authorized by its signature (no fee; rate limited).
		#[pallet::call_index(5)]
		#[pallet::weight((Pallet::<T>::keeper_weight(action), DispatchClass::Operational))]
		#[pallet::authorize(Self::authorize_keeper)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_keeper(T::MaxPositions::get()))]
		pub fn keeper(
			origin: OriginFor<T>,
			action: KeeperActionOf<T>,
			keeper: T::KeeperId,
			at: BlockNumberFor<T>,
			signature: T::KeeperSignature,
		) -> DispatchResult {
			frame_system::ensure_authorized(origin)?;
			let _ = (at, signature);
			Self::use_keeper_slot(&keeper);
			match action {
				KeeperAction::Liquidate(who, sub) => {
					Self::do_liquidate((who, sub), T::KeeperAccount::convert(keeper))
				},
			}
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A subaccount's health (equity / maintenance margin), or why it is not known:
		/// `NoPositions` (no requirement), `StalePrice` or `StaleCollateral` (it waits for the
		/// feed; nothing is liquidated meanwhile).
		pub fn health(who: T::AccountId, sub: SubaccountId) -> Result<Fixed18, Error<T>> {
			let risk = Self::risk_of(&(who, sub))?;
			risk.health_ratio().ok_or(Error::<T>::NoPositions)
		}

		/// The running auction of a subaccount and its discount now.
		pub fn auction(
			who: T::AccountId,
			sub: SubaccountId,
		) -> Option<(Auction<T::AccountId, BlockNumberFor<T>>, Fixed18)> {
			let a = Auctions::<T>::get((who, sub))?;
			let d = Self::discount_now(&a);
			Some((a, d))
		}

		/// The waterfall's totals.
		pub fn accounting() -> Totals {
			Accounting::<T>::get()
		}
	}
}
