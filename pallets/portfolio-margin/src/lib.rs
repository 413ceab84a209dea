//! # pallet-portfolio-margin
//!
//! Ballast's margin engine. The risk origin lists underlyings (with their risk parameters) and
//! instruments on them: European calls and puts, dated futures and perpetuals, all cash-settled
//! in the quote asset. Traders hold positions in subaccounts of the shared collateral pool and
//! trade against the LP vault at the on-chain Black–Scholes mark plus a spread that widens
//! with the vault's net delta and vega; the vault's exposure is capped. Every trade checks the
//! trader's initial margin after it and changes nothing if it fails.
//!
//! Margin is per subaccount, by one of two methods ([`MarginMethod`]): standard (per-position
//! rules) or portfolio (worst loss over a scenario grid of spot × volatility shocks with full
//! revaluation, plus contingencies). Each instrument's scenario P&L vector is computed once per
//! oracle update and cached ([`RiskCache`]), so an account's margin is Σ size × vector.
//! Initial = maintenance × the underlying's initial factor × the security factor.
//!
//! At expiry the chain records the settlement price itself, the time-weighted average of
//! oracle spot over a governed window ending at expiry, and settles every position at it in
//! bounded batches, with no call from anyone (`settlement.rs`); realized PnL moves through the
//! collateral ledger's clearing party, which nets to zero once every position is closed.
//!
//! The collateral pallet reaches this pallet only through
//! [`MarginEngine`](ballast_primitives::traits::MarginEngine); this pallet reaches collateral
//! only through [`CollateralLedger`](ballast_primitives::traits::CollateralLedger).
//!
//! Peer to peer, two orders signed off-chain ([`Order`]) of two owners are matched by anyone:
//! the order placed first is the maker and sets the price, within a band around mark; fills
//! are counted per order until its expiry (`orders.rs`). Sizes and prices are bounded at entry
//! (`max_size` per underlying, [`MAX_PRICE`]); positions live only in subaccounts the ledger
//! keeps. Perpetuals pay
//! funding each hour from the vault's inventory skew (`funding.rs`). Initial margin rises with
//! the underlying's open interest between `oi_lower` and `oi_upper`.
//!
//! Invariants (`do_try_state`, after every unit test): for every instrument, open interest
//! long = short = the sum of the positions' sizes each side; each underlying's open interest
//! is the sum of its instruments'.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod book;
pub mod funding;
mod margin;
pub mod open_interest;
pub mod orders;
pub mod settlement;
mod trading;
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
	margin::{InstrumentRisk, MarginError},
	traits::{CollateralLedger, Holder, PriceFeed, SecurityBudget, SubaccountId},
	Moment, UnderlyingId,
};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use ballast_primitives::{
		black_scholes::Greeks,
		margin::{InstrumentKind, MAX_SCENARIOS},
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The collateral pool.
		type Ledger: CollateralLedger<Self::AccountId, Error = DispatchError>;
		/// Oracle spot and implied volatility.
		type PriceFeed: PriceFeed;
		/// The chain's security factor on initial margin.
		type SecurityBudget: SecurityBudget;
		/// Market circuit breakers: no new positions on a halted underlying.
		type CircuitBreaker: ballast_primitives::traits::CircuitBreaker;
		/// Who may list instruments and change risk parameters.
		type RiskOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// A price older than this (ms) is stale.
		#[pallet::constant]
		type MaxPriceAge: Get<Moment>;
		/// The most positions one subaccount may hold (the vault's included).
		#[pallet::constant]
		type MaxPositions: Get<u32>;
		/// The most instruments that may be listed and not yet settled.
		#[pallet::constant]
		type MaxInstruments: Get<u32>;
		/// The signature of an off-chain order.
		type OrderSignature: Verify<Signer = Self::OrderSigner> + Parameter;
		/// Who signs an order; identifies the owner's account.
		type OrderSigner: IdentifyAccount<AccountId = Self::AccountId>;
		/// How far ahead (ms) an order's expiry may be, which bounds how long its fills are
		/// remembered.
		#[pallet::constant]
		type MaxOrderLifetime: Get<Moment>;
		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
		/// Lists markets, publishes prices and funds accounts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::OrderSignature>;
	}

	/// Risk parameters per underlying.
	#[pallet::storage]
	pub type Underlyings<T> = StorageMap<_, Twox64Concat, UnderlyingId, UnderlyingParams>;

	/// Listed instruments.
	#[pallet::storage]
	pub type Instruments<T> = CountedStorageMap<_, Twox64Concat, InstrumentId, Instrument>;

	/// The next instrument id.
	#[pallet::storage]
	pub type NextInstrumentId<T> = StorageValue<_, InstrumentId, ValueQuery>;

	/// Each subaccount's positions.
	#[pallet::storage]
	pub type Positions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SubaccountId,
		BoundedVec<Position, T::MaxPositions>,
		ValueQuery,
	>;

	/// The LP vault's positions (the other side of every vault trade). The vault is
	/// [`Holder::Vault`] here and `Party::Vault` in the ledger: it has no account.
	#[pallet::storage]
	pub type VaultPositions<T: Config> =
		StorageValue<_, BoundedVec<Position, T::MaxPositions>, ValueQuery>;

	/// Who holds each instrument, by side (`true`: long): the index auto-deleveraging ranks
	/// counterparties over. Written only where positions are (`fill`).
	#[pallet::storage]
	pub type Holders<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(InstrumentId, bool),
		Blake2_128Concat,
		Holder<T::AccountId>,
		(),
	>;

	/// Open interest (long, short) per instrument, in contracts.
	#[pallet::storage]
	pub type OpenInterest<T> =
		StorageMap<_, Twox64Concat, InstrumentId, (Fixed18, Fixed18), ValueQuery>;

	/// Each perpetual's funding index and rate.
	#[pallet::storage]
	pub type Funding<T> = StorageMap<_, Twox64Concat, InstrumentId, FundingState>;

	/// How much of each order has filled (its whole size once cancelled), and when it expires:
	/// kept until then, so that neither a replay nor a pruning can fill it again.
	#[pallet::storage]
	pub type Filled<T: Config> = StorageMap<_, Identity, OrderId, (Fixed18, Moment)>;

	/// Delta-equivalent open interest of each underlying: Σ over its instruments of contracts
	/// long × the |delta| per contract each is counted at (1 for perpetuals and futures, the
	/// option's [`OptionDeltas`]), in units of the underlying. See [`open_interest`].
	#[pallet::storage]
	pub type UnderlyingOpenInterest<T> =
		StorageMap<_, Twox64Concat, UnderlyingId, Fixed18, ValueQuery>;

	/// The |delta| per contract each option with open interest is counted at in
	/// [`UnderlyingOpenInterest`], as last measured.
	#[pallet::storage]
	pub type OptionDeltas<T> = StorageMap<_, Twox64Concat, InstrumentId, Fixed18>;

	/// The raw key of the last option whose delta `on_initialize` re-measured.
	#[pallet::storage]
	pub type DeltaCursor<T> =
		StorageValue<_, BoundedVec<u8, ConstU32<{ open_interest::MAX_DELTA_KEY }>>>;

	/// Each subaccount's margin method.
	#[pallet::storage]
	pub type Methods<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SubaccountId,
		MarginMethod,
		ValueQuery,
	>;

	/// Dated instruments whose settlement price is not recorded yet, by (expiry, id).
	#[pallet::storage]
	pub type Expiries<T: Config> =
		StorageValue<_, BoundedVec<(Moment, InstrumentId), T::MaxInstruments>, ValueQuery>;

	/// The running average of spot over each settlement window in progress.
	#[pallet::storage]
	pub type Twaps<T> = StorageMap<_, Twox64Concat, InstrumentId, SettlementTwap>;

	/// Instruments with a recorded settlement price and positions still to settle, oldest
	/// first.
	#[pallet::storage]
	pub type Settling<T: Config> =
		StorageValue<_, BoundedVec<InstrumentId, T::MaxInstruments>, ValueQuery>;

	/// Where settling each instrument's positions resumes: the side (`true`: longs) and the
	/// raw key of the last holder tried.
	#[pallet::storage]
	pub type SettleCursors<T> = StorageMap<
		_,
		Twox64Concat,
		InstrumentId,
		(bool, BoundedVec<u8, ConstU32<{ settlement::MAX_HOLDER_KEY }>>),
	>;

	/// Each instrument's scenario P&L vector and mark, with the oracle values they were
	/// computed from.
	#[pallet::storage]
	pub type RiskCache<T> = StorageMap<_, Twox64Concat, InstrumentId, CachedRisk>;

	/// What a cached risk was computed from: spot, volatility and their publication times.
	pub type MarketKey = (Fixed18, Fixed18, Moment, Moment);

	/// An instrument's risk as cached.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
	pub struct CachedRisk {
		/// The oracle spot and volatility (with their timestamps) it was computed from.
		pub key: MarketKey,
		/// Mark and Greeks of one contract long.
		pub mark: Greeks,
		/// Weighted scenario P&L of one contract long.
		pub pnl: BoundedVec<Fixed18, ConstU32<MAX_SCENARIOS>>,
		/// Contingency per contract long.
		pub long_contingency: Fixed18,
		/// Contingency per contract short.
		pub short_contingency: Fixed18,
	}

	impl CachedRisk {
		/// The risk in the margin math's form.
		pub fn risk(&self) -> InstrumentRisk {
			InstrumentRisk {
				mark: self.mark,
				pnl: self.pnl.to_vec(),
				long_contingency: self.long_contingency,
				short_contingency: self.short_contingency,
			}
		}
	}

	/// Underlyings and instruments listed at genesis (validated as the calls do).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Underlyings and their risk parameters.
		pub underlyings: alloc::vec::Vec<(UnderlyingId, UnderlyingParams)>,
		/// Perpetuals listed on these underlyings (dated instruments are listed by the
		/// council, relative to the chain's clock).
		pub perpetuals: alloc::vec::Vec<UnderlyingId>,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (underlying, params) in &self.underlyings {
				if let Err(e) = Pallet::<T>::do_set_underlying(*underlying, *params) {
					panic!("genesis underlying {underlying} is invalid: {e:?}");
				}
			}
			for underlying in &self.perpetuals {
				if let Err(e) =
					Pallet::<T>::do_list_instrument(*underlying, InstrumentKind::Perpetual)
				{
					panic!("genesis perpetual on {underlying} is invalid: {e:?}");
				}
			}
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An underlying's risk parameters were set.
		UnderlyingSet {
			/// The underlying.
			underlying: UnderlyingId,
			/// Its parameters.
			params: UnderlyingParams,
		},
		/// An instrument was listed.
		InstrumentListed {
			/// Its id.
			id: InstrumentId,
			/// What it is.
			instrument: Instrument,
		},
		/// A subaccount changed its margin method.
		MarginMethodSet {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// The method.
			method: MarginMethod,
		},
		/// A trade against the LP vault.
		Traded {
			/// The trader.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// The instrument.
			instrument: InstrumentId,
			/// Contracts bought (> 0) or sold (< 0).
			size: Fixed18,
			/// Price per contract.
			price: Fixed18,
			/// Fee charged.
			fee: Fixed18,
		},
		/// PnL was realized by reducing or closing a position.
		Realized {
			/// The subaccount or the vault.
			holder: Holder<T::AccountId>,
			/// The instrument.
			instrument: InstrumentId,
			/// Profit (> 0) or loss (< 0).
			pnl: Fixed18,
		},
		/// Funding was settled on a perpetual position.
		FundingSettled {
			/// The subaccount or the vault.
			holder: Holder<T::AccountId>,
			/// The perpetual.
			instrument: InstrumentId,
			/// Paid (> 0) or received (< 0).
			amount: Fixed18,
		},
		/// An instrument's settlement price was recorded at expiry.
		SettlementRecorded {
			/// The instrument.
			id: InstrumentId,
			/// The underlying's price: the average of spot over the window.
			price: Fixed18,
			/// How much of the window (ms) had a fresh spot; 0 if none did and the first fresh
			/// spot after expiry was taken.
			window_ms: Moment,
		},
		/// A position could not be settled this block (it is tried again next block).
		SettlementFailed {
			/// The subaccount or the vault.
			holder: Holder<T::AccountId>,
			/// The instrument.
			instrument: InstrumentId,
			/// Why.
			error: DispatchError,
		},
		/// An option's re-measured delta could not be counted (arithmetic out of range); it
		/// keeps its previous count and is tried again on its next turn.
		OpenInterestNotRecounted {
			/// The option.
			instrument: InstrumentId,
		},
		/// A settled instrument with no positions left was removed.
		InstrumentDelisted {
			/// Its id.
			id: InstrumentId,
		},
		/// A position was settled at expiry.
		Settled {
			/// The subaccount or the vault.
			holder: Holder<T::AccountId>,
			/// The instrument.
			instrument: InstrumentId,
			/// Contracts settled.
			size: Fixed18,
		},
		/// Two signed orders were matched.
		OrdersMatched {
			/// The maker's (owner, subaccount, nonce).
			maker: (T::AccountId, SubaccountId, u64),
			/// The taker's (owner, subaccount, nonce).
			taker: (T::AccountId, SubaccountId, u64),
			/// The instrument.
			instrument: InstrumentId,
			/// Contracts the maker bought (> 0) or sold (< 0).
			size: Fixed18,
			/// The maker's price.
			price: Fixed18,
			/// The taker fee, paid half by each side.
			fee: Fixed18,
		},
		/// An owner cancelled an order.
		OrderCancelled {
			/// The owner.
			who: T::AccountId,
			/// The order's nonce.
			nonce: u64,
			/// The order's id.
			id: OrderId,
		},
		/// A position moved between holders (liquidation, auto-deleveraging).
		PositionTransferred {
			/// Whose position shrank.
			from: Holder<T::AccountId>,
			/// Whose position grew.
			to: Holder<T::AccountId>,
			/// The instrument.
			instrument: InstrumentId,
			/// Contracts moved (signed as `from` held them).
			size: Fixed18,
			/// Price per contract.
			price: Fixed18,
		},
		/// The vault could not pay all of a realized profit: the rest is bad debt for the
		/// waterfall.
		VaultShortfall {
			/// What the vault could not pay.
			amount: Fixed18,
		},
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// Risk parameters are out of bounds.
		InvalidParams,
		/// The underlying has no risk parameters.
		UnknownUnderlying,
		/// No such instrument.
		UnknownInstrument,
		/// `MaxInstruments` instruments are listed.
		TooManyInstruments,
		/// An option's strike must be positive.
		InvalidStrike,
		/// The expiry is not beyond the underlying's settlement window from now.
		InvalidExpiry,
		/// The instrument has expired.
		InstrumentExpired,
		/// The instrument's settlement window has begun: its price is being averaged, and it no
		/// longer trades.
		SettlementWindowOpen,
		/// The settlement price is not recorded yet.
		NotRecorded,
		/// A trade of zero contracts.
		ZeroSize,
		/// Trading this underlying is switched off.
		TradingDisabled,
		/// The oracle's spot or volatility is missing or stale.
		StalePrice,
		/// A collateral asset the subaccount holds has no fresh price.
		StaleCollateral,
		/// The price is beyond the trader's limit.
		PriceBeyondLimit,
		/// The trade would take the vault's delta or vega beyond its cap.
		VaultExposureCap,
		/// The subaccount holds `MaxPositions` positions.
		TooManyPositions,
		/// The subaccount would not meet its initial margin.
		InitialMarginBreached,
		/// The subaccount holds no position in the instrument.
		NoPosition,
		/// The LP vault's capital would not cover the initial margin of its positions.
		VaultMarginBreached,
		/// A position may move only between two different holders, and never out of the vault.
		InvalidTransfer,
		/// The margin could not be computed (prices out of the model's range).
		MarginUncomputable,
		/// A value is out of range.
		Overflow,
		/// The order's signature is not its owner's.
		BadSignature,
		/// The order has expired.
		OrderExpired,
		/// The order's `placed_at` is still ahead: it is not valid yet.
		OrderNotPlaced,
		/// The order is valid for longer than `MaxOrderLifetime` (`expiry − placed_at`).
		OrderExpiryTooFar,
		/// Only an order's owner may cancel it.
		NotOrderOwner,
		/// The fill would exceed what the order (or a cancelled order) allows.
		OrderOverfilled,
		/// The orders are on different instruments or the same side.
		OrdersDoNotMatch,
		/// The buyer's limit is below the seller's.
		PricesDoNotCross,
		/// Both orders are from the same owner (from any of its subaccounts).
		SelfTrade,
		/// The fill price lies outside the band around mark (`price_band`).
		PriceOutsideBand,
		/// A size beyond the underlying's `max_size` (or one with no absolute value).
		SizeTooLarge,
		/// The position would grow beyond the underlying's `max_size`.
		PositionTooLarge,
		/// A price or limit that is zero, negative or above `MAX_PRICE`.
		InvalidPrice,
		/// The subaccount is not one the collateral ledger keeps: no position may live there.
		InvalidSubaccount,
		/// The market's circuit breaker is tripped: only trades that reduce a position.
		MarketHalted,
		/// Initial margin would fall below maintenance: `initial_factor` < 1 or
		/// `oi_max_factor` < `initial_factor`.
		InitialBelowMaintenance,
		/// The chain's security budget is short (restaked stake too small for the value it
		/// secures, or stale relay attestations): only trades that reduce a position.
		SecurityCapReached,
		/// The trade would take the underlying's open interest past `oi_upper`: only trades
		/// that reduce a position.
		OpenInterestCapReached,
	}

	impl<T> From<ballast_primitives::fixed::MathError> for Error<T> {
		fn from(_: ballast_primitives::fixed::MathError) -> Self {
			Error::<T>::Overflow
		}
	}

	impl<T> From<MarginError> for Error<T> {
		fn from(e: MarginError) -> Self {
			match e {
				MarginError::InvalidParams => Error::<T>::InvalidParams,
				MarginError::Overflow => Error::<T>::Overflow,
				_ => Error::<T>::MarginUncomputable,
			}
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A subaccount's equity, initial and maintenance margin, worst scenario loss and
		/// portfolio Greeks; `None` while the oracle is stale for one of its underlyings.
		pub fn margin(who: T::AccountId, sub: SubaccountId) -> Option<MarginSummary> {
			Self::margin_summary(&who, sub, false).ok()
		}

		/// A subaccount's positions with each one's Greeks (size × per-contract Greeks) and
		/// mark; `None` while the oracle is stale.
		pub fn positions(
			who: T::AccountId,
			sub: SubaccountId,
		) -> Option<alloc::vec::Vec<(Position, Greeks)>> {
			Self::position_greeks(&who, sub).ok()
		}

		/// The margin after a hypothetical trade of `size` contracts with the vault, without
		/// submitting it; `None` if the trade would be refused for another reason than margin.
		pub fn what_if(
			who: T::AccountId,
			sub: SubaccountId,
			instrument: InstrumentId,
			size: Fixed18,
		) -> Option<MarginSummary> {
			Self::simulate_trade(&who, sub, instrument, size).ok()
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxInstruments::get() <= T::MaxPositions::get(),
				"the vault may hold a position in every instrument: MaxPositions ≥ MaxInstruments"
			);
			assert!(
				T::MaxPositions::get() <= 128,
				"a sum of MaxPositions values of MAX_SIZE × MAX_PRICE must fit i128: at most 128"
			);
		}

		/// Settlement: samples the windows in progress, records the prices due and settles
		/// up to `SETTLE_PER_BLOCK` expired positions.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let settlement = Self::settlement_weight(Self::run_settlement());
			let looked = Self::refresh_deltas(open_interest::DELTA_REFRESH_PER_BLOCK);
			settlement.saturating_add(Self::refresh_weight(looked))
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the risk parameters of `underlying` (listing it if new).
		///
		/// Origin: `RiskOrigin`. Errors: `InitialBelowMaintenance`, `InvalidParams`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_underlying())]
		pub fn set_underlying(
			origin: OriginFor<T>,
			underlying: UnderlyingId,
			params: UnderlyingParams,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::do_set_underlying(underlying, params)
		}

		/// Lists an instrument on a listed underlying.
		///
		/// Origin: `RiskOrigin`. Errors: `UnknownUnderlying`, `InvalidStrike`, `InvalidExpiry`,
		/// `TooManyInstruments`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::list_instrument())]
		pub fn list_instrument(
			origin: OriginFor<T>,
			underlying: UnderlyingId,
			kind: InstrumentKind,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::do_list_instrument(underlying, kind).map(|_| ())
		}

		/// Switches subaccount `sub` to margin `method`; it must meet initial margin under it.
		///
		/// Origin: signed. Errors: `InitialMarginBreached`, `StalePrice`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_margin_method(T::MaxPositions::get()))]
		pub fn set_margin_method(
			origin: OriginFor<T>,
			sub: SubaccountId,
			method: MarginMethod,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_set_margin_method(&who, sub, method)?;
			let p = Positions::<T>::decode_len(&who, sub).unwrap_or(0) as u32;
			Ok(Some(T::WeightInfo::set_margin_method(p)).into())
		}

		/// Buys (`size > 0`) or sells (`size < 0`) contracts of `instrument` from the LP vault at
		/// mark ± spread, if that price is within `limit_price` (the most a buyer pays, the
		/// least a seller takes).
		///
		/// Origin: signed. Errors: `ZeroSize`, `UnknownInstrument`, `InstrumentExpired`,
		/// `TradingDisabled`, `InvalidSubaccount`, `SizeTooLarge`, `PositionTooLarge`,
		/// `MarketHalted`, `SecurityCapReached`, `OpenInterestCapReached`, `StalePrice`,
		/// `VaultExposureCap`, `PriceBeyondLimit`, `TooManyPositions`,
		/// `InitialMarginBreached`, `VaultMarginBreached`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::trade_with_vault(T::MaxPositions::get()))]
		pub fn trade_with_vault(
			origin: OriginFor<T>,
			sub: SubaccountId,
			instrument: InstrumentId,
			size: Fixed18,
			limit_price: Fixed18,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_trade_with_vault(&who, sub, instrument, size, limit_price)?;
			let vault = VaultPositions::<T>::decode_len().unwrap_or(0);
			let mine = Positions::<T>::decode_len(&who, sub).unwrap_or(0);
			Ok(Some(T::WeightInfo::trade_with_vault(vault.max(mine) as u32)).into())
		}

		/// Matches two signed orders for `fill` contracts. Anyone may submit it (either owner
		/// or a relayer); the argument order changes nothing: the order placed first is the
		/// maker and sets the price, which must lie within the band around mark; the taker
		/// fee is split evenly. Both owners must meet initial margin after (see `orders.rs`).
		///
		/// Origin: signed. Errors: `ZeroSize`, `OrdersDoNotMatch`, `SelfTrade`,
		/// `UnknownInstrument`, `InstrumentExpired`, `OrderNotPlaced`, `OrderExpired`,
		/// `OrderExpiryTooFar`, `SizeTooLarge`, `InvalidPrice`, `InvalidSubaccount`,
		/// `BadSignature`, `PricesDoNotCross`, `TradingDisabled`,
		/// `PositionTooLarge`, `MarketHalted`, `SecurityCapReached`, `OpenInterestCapReached`,
		/// `StalePrice`,
		/// `PriceOutsideBand`, `OrderOverfilled`, `TooManyPositions`, `InitialMarginBreached`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::match_orders(T::MaxPositions::get()))]
		pub fn match_orders(
			origin: OriginFor<T>,
			first: SignedOrder<T::AccountId, T::OrderSignature>,
			second: SignedOrder<T::AccountId, T::OrderSignature>,
			fill: Fixed18,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let parties = [
				(first.order.owner.clone(), first.order.sub),
				(second.order.owner.clone(), second.order.sub),
			];
			Self::do_match_orders(first, second, fill)?;
			let p = parties
				.iter()
				.map(|(who, sub)| Positions::<T>::decode_len(who, sub).unwrap_or(0))
				.max()
				.unwrap_or(0);
			Ok(Some(T::WeightInfo::match_orders(p as u32)).into())
		}

		/// Cancels the caller's `order`: it counts as filled to its whole size until its
		/// expiry, so it never fills again. An order not yet seen on chain may be cancelled too.
		///
		/// Origin: signed, the order's owner. Errors: `NotOrderOwner`, `OrderExpired`,
		/// `OrderExpiryTooFar`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order: Order<T::AccountId>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(&who, &order)
		}

		/// Forgets the records of orders past their expiry (at most 64), keeping storage
		/// bounded; the expiry alone refuses those orders from then on.
		///
		/// Origin: signed (anyone).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::prune_orders(ids.len() as u32))]
		pub fn prune_orders(
			origin: OriginFor<T>,
			ids: BoundedVec<OrderId, ConstU32<64>>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prune_orders(&ids);
			Ok(())
		}
	}
}
