//! # pallet-liquidation
//!
//! Closes under-margined subaccounts before their losses reach the shared pool.
//!
//! - **Health** = equity / maintenance margin (from [`MarginEngine`] and [`CollateralLedger`]).
//!   Below 1 a subaccount is liquidatable; with negative equity it is insolvent.
//! - **Who liquidates**: anyone (`liquidate`, Operational class), and validators' keeper
//!   offchain worker, which scans the position book and submits authorized transactions
//!   (`keeper`: signed by a keeper key, checked in `authorize`, rate limited per keeper and
//!   block, free of fees).
//! - **Partial liquidation**: an auction sells only the share of the portfolio that restores
//!   health `1 + buffer` even at the floor price ([`math::fraction_to_sell`]); accounts with a
//!   maintenance margin below `small_account`, and insolvent ones, are sold whole. The
//!   penalty (a fraction of the maintenance margin sold) goes to the liquidator (its governed
//!   share) and the insurance fund.
//! - **Dutch auction**: a bidder takes any part of the lot — that share of every position, at
//!   mark — and is paid a discount of the lot's maintenance margin that grows each block from
//!   `start_discount` to `floor_discount`. Prices are oracle-relative (mark minus at most the
//!   floor's share of margin), so a zero bid never wins. At the floor the LP vault takes what
//!   is left. Insolvent accounts' auctions are paid by the insurance fund: their discount and
//!   the liquidator's fee become debt that the waterfall covers.
//! - **Loss waterfall**: the account, the insurance fund (at most `max_insurance_per_block`),
//!   the LP vault ([`CollateralLedger::cover_debt`]), then **auto-deleveraging**: when the
//!   insurance fund and the vault cannot absorb a bankrupt lot, its positions are closed
//!   against counterparties holding the opposite side, highest risk reduction first
//!   ([`math::deleverage_score`] on their Greeks: hedged accounts last; ties by account),
//!   and their profit on the closed part pays the deficit. What nobody pays is bad debt,
//!   accounted per subaccount.
//! - **Circuit breakers** per underlying: a move beyond `max_move` within `window`, or a stale
//!   oracle, halts new positions there ([`CircuitBreaker`]) and multiplies the margin a
//!   withdrawal must leave; liquidations go on.
//! - **Bounded work**: at most `max_liquidations_per_block` auctions started or floors taken
//!   per block; the rest waits in a queue that `on_initialize` drains first thing in the next
//!   blocks (mandatory weight, so full blocks cannot starve it).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod adl;
mod auction;
pub mod benchmarking;
mod breaker;
mod invariants;
mod keeper;
pub mod math;
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
		/// The most counterparties one deleveraging considers.
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

	/// Counterparties offered to one deleveraging.
	pub type Candidates<T> = BoundedVec<
		(<T as frame_system::Config>::AccountId, SubaccountId),
		<T as Config>::MaxCandidates,
	>;
	/// A keeper's action.
	pub type KeeperActionOf<T> =
		KeeperAction<<T as frame_system::Config>::AccountId, Candidates<T>>;
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

	/// What withdrawals must leave, as a multiple of initial margin (the largest factor of the
	/// halted markets; 1 when none is).
	#[pallet::storage]
	pub type WithdrawalFactor<T> = StorageValue<_, Fixed18, OptionQuery>;

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

	/// Subaccounts queued for an auction (so each is queued once).
	#[pallet::storage]
	pub type Flagged<T: Config> = StorageMap<_, Blake2_128Concat, Sub<T>, ()>;

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
		/// An auction started for `share` of the portfolio.
		AuctionStarted {
			who: T::AccountId,
			sub: SubaccountId,
			health: Fixed18,
			share: Fixed18,
			insolvent: bool,
			penalty: Balance,
			liquidator_fee: Balance,
		},
		/// A bidder took `share` of the current portfolio and was paid `discount`.
		Bid {
			who: T::AccountId,
			sub: SubaccountId,
			bidder: (T::AccountId, SubaccountId),
			share: Fixed18,
			discount: Balance,
		},
		/// The LP vault took the rest of the lot at the floor.
		TakenByVault { who: T::AccountId, sub: SubaccountId, share: Fixed18, discount: Balance },
		/// The insurance fund and the vault cannot absorb the lot: waiting for deleveraging.
		AwaitingDeleverage { who: T::AccountId, sub: SubaccountId, deficit: Balance },
		/// A counterparty was deleveraged: `size` of `instrument` closed against the bankrupt
		/// subaccount, paying `paid` of its profit toward the deficit.
		Deleveraged {
			who: T::AccountId,
			sub: SubaccountId,
			counterparty: (T::AccountId, SubaccountId),
			instrument: u32,
			size: i128,
			paid: Balance,
		},
		/// An auction ended.
		AuctionEnded { who: T::AccountId, sub: SubaccountId },
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
		/// The positions cannot be valued now (stale oracle).
		StalePrice,
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
		/// The bidder is the liquidated subaccount or the vault.
		InvalidBidder,
		/// The auction has not reached its floor.
		NotAtFloor,
		/// The insurance fund and vault can absorb the lot: the vault takes it.
		Coverable,
		/// No counterparty offered holds an opposite position in profit.
		NoCandidates,
		/// The queue is full.
		QueueFull,
		/// `MaxAuctions` auctions are running.
		TooManyAuctions,
		/// An account cannot liquidate its own subaccounts.
		SelfLiquidation,
		/// A value is out of range.
		Overflow,
		/// The auction curve is out of bounds: discounts must rise from `start_discount` to a
		/// `floor_discount` below 1 − `penalty` (so a sale at the floor still raises health),
		/// over at least one block.
		InvalidAuctionCurve,
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
			assert!(T::MaxPerBlock::get() > 0 && T::MaxQueue::get() > 0);
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
		#[pallet::call_index(3)]
		#[pallet::weight((T::WeightInfo::bid(T::MaxPositions::get()), DispatchClass::Operational))]
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

		/// At the floor, when the insurance fund and the vault cannot absorb the lot, closes its
		/// positions against `candidates` (counterparties holding the opposite side in profit),
		/// highest risk reduction first; their profit pays the deficit.
		#[pallet::call_index(4)]
		#[pallet::weight((
			T::WeightInfo::deleverage(candidates.len() as u32, T::MaxPositions::get()),
			DispatchClass::Operational
		))]
		pub fn deleverage(
			origin: OriginFor<T>,
			who: T::AccountId,
			sub: SubaccountId,
			candidates: Candidates<T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_deleverage((who, sub), candidates.into_inner())
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
				KeeperAction::Deleverage(who, sub, candidates) => {
					Self::do_deleverage((who, sub), candidates.into_inner())
				},
			}
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A subaccount's health (equity / maintenance margin); `None` without positions or
		/// with a stale oracle.
		pub fn health(who: T::AccountId, sub: SubaccountId) -> Option<Fixed18> {
			Self::health_of(&(who, sub)).ok().flatten().map(|(h, _, _)| h)
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
