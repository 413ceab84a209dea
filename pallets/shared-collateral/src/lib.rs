//! # pallet-shared-collateral
//!
//! One pool of collateral backs every Ballast market. Traders deposit collateral assets (the
//! native BLST or pallet-assets tokens such as USDC) into subaccounts; all of a subaccount's
//! positions share all its collateral (cross margin). A trader isolates risk by opening another
//! subaccount: nothing of one subaccount backs another's positions.
//! Deposited funds move into the pallet's account — never minted — and are recorded per
//! subaccount.
//!
//! A subaccount's collateral value is Σ amount × oracle price × (1 − haircut). A missing or
//! stale price values that asset at zero and blocks its withdrawal. A withdrawal or transfer
//! between one's subaccounts succeeds only if the source still meets initial margin afterwards
//! (asked of the margin engine through [`MarginEngine`]); unrealized profit counts toward that
//! only after the governed [`UnrealizedProfitHaircut`] (the Mango Markets lesson).
//!
//! Risk parameters (which assets, their feeds, haircuts, caps and switches, the insurance
//! fund's share of fees) change only through `Config::RiskOrigin`.
//!
//! ## Quote, debt, the vault and the insurance fund
//!
//! PnL, fees and penalties are settled in the quote asset (`Config::QuoteAsset`, USDC in the
//! runtime) through [`CollateralLedger`](ballast_primitives::traits::CollateralLedger), which
//! the margin engine and the liquidation pallet use. A subaccount pays a loss from its quote
//! balance and owes the rest as [`Debts`] (counted against its collateral; the next quote
//! credited or deposited repays it first).
//!
//! The LP vault takes quote from providers for shares; it is the counterparty of vault-traded
//! markets (its positions are `Holder::Vault` in the margin engine, its balance
//! `Party::Vault` here: one identity, no account) and
//! receives their fees and the losses of the traders it trades against, so its share price
//! = (balance + unrealized PnL) / shares moves with its PnL. A redemption is requested, waits
//! `VaultNoticePeriod` blocks (the shares keep their exposure meanwhile), must be redeemed
//! within `VaultWithdrawalWindow` blocks after that or lapses, and is refused while it would
//! leave the vault below the initial margin of its positions, or if the quote is not really in
//! the pool (owed by traders). Redemptions are priced net of the debt the insurance fund could
//! not cover (the vault is next in the waterfall), deposits at the full equity; both are
//! refused while the vault's positions cannot be valued.
//!
//! The insurance fund receives liquidation penalties and the governed [`InsuranceFeeShare`] of
//! trading fees, and anyone may top it up. The loss waterfall: a bankrupt subaccount's
//! collateral is sold to a liquidator at the oracle price less a governed discount first
//! (`sell_collateral`), its remaining debt is paid by the
//! insurance fund, then by the vault (`cover_debt`), and what is left is reported for
//! auto-deleveraging.
//!
//! ## Invariants
//!
//! Checked by `do_try_state` after every unit test and by `try-runtime`: per asset, the sum of
//! the subaccounts' balances equals [`TotalDeposits`]; the pool account holds at least the
//! deposits of every asset and, for the quote asset, deposits + vault + insurance fund − debt
//! (more only if someone sent it tokens outside the pallet); debts sum to [`TotalDebt`]; the
//! providers' shares sum to the vault's.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod decimals;
mod functions;
mod lease;
mod ledger;
pub mod types;
mod vault;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use decimals::TokenDecimals;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use ballast_primitives::{
	traits::{CircuitBreaker, MarginEngine, Party, PriceFeed, SubaccountId},
	Balance, Moment,
};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungibles, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Perbill;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The collateral tokens: native BLST and pallet-assets ids as one `fungibles`
		/// (in the runtime, `fungible::UnionOf<Balances, Assets, ..>`).
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = CollateralAsset,
			Balance = Balance,
		>;
		/// Who may change risk parameters: root or the risk council.
		type RiskOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Oracle prices.
		type PriceFeed: PriceFeed;
		/// The margin engine's view of a subaccount's requirement and unrealized PnL.
		type MarginEngine: MarginEngine<Self::AccountId>;
		/// Market circuit breakers: while one is tripped, withdrawals must leave more margin.
		type CircuitBreaker: CircuitBreaker;
		/// The pool account's id.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// A price older than this (ms) is stale.
		#[pallet::constant]
		type MaxPriceAge: Get<Moment>;
		/// The most collateral assets that can be registered.
		#[pallet::constant]
		type MaxAssets: Get<u32>;
		/// Subaccount ids run from 0 to `MaxSubaccounts - 1`.
		#[pallet::constant]
		type MaxSubaccounts: Get<u32>;
		/// The quote asset (a registered collateral asset): the unit of PnL, fees, debt, the
		/// vault and the insurance fund.
		#[pallet::constant]
		type QuoteAsset: Get<CollateralAsset>;
		/// Blocks between a vault withdrawal request and its redemption.
		#[pallet::constant]
		type VaultNoticePeriod: Get<BlockNumberFor<Self>>;
		/// Blocks after unlocking during which a vault withdrawal may be redeemed; then it
		/// lapses (the provider asks again and waits the notice again), so no request is an
		/// exit kept open forever.
		#[pallet::constant]
		type VaultWithdrawalWindow: Get<BlockNumberFor<Self>>;
		/// The smallest vault deposit (quote units), so shares are never dust.
		#[pallet::constant]
		type MinVaultDeposit: Get<Balance>;
		/// Debt the loss waterfall has taken on and not yet paid (the liquidation pallet's
		/// covers in parts): the insurance fund pays it first, then the vault.
		type PendingCover: ballast_primitives::traits::PendingCover;
		/// The decimals each asset's issuer declared: an asset is registered (or updated) only
		/// with those (`DecimalsMismatch`).
		type AssetDecimals: ballast_primitives::traits::AssetDecimals<CollateralAsset>;
		/// The relay bridge's escrow account: lease fees paid to operators leave the pool here
		/// and are released to them on the relay chain.
		#[pallet::constant]
		type LeaseEscrow: Get<Self::AccountId>;
		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
		/// Creates, funds and prices assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Registered collateral assets and their risk parameters (at most `MaxAssets`; the map
	/// keeps its own count).
	#[pallet::storage]
	pub type CollateralAssets<T> =
		CountedStorageMap<_, Blake2_128Concat, CollateralAsset, AssetConfig>;

	/// Each opened subaccount.
	#[pallet::storage]
	pub type Subaccounts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, SubaccountId, ()>;

	/// Collateral held by each subaccount, per asset, in the asset's smallest units.
	#[pallet::storage]
	pub type Deposits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(T::AccountId, SubaccountId),
		Blake2_128Concat,
		CollateralAsset,
		Balance,
		ValueQuery,
	>;

	/// Σ of [`Deposits`] per owner (over its subaccounts) and asset: what `account_cap` limits.
	#[pallet::storage]
	pub type OwnerDeposits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		CollateralAsset,
		Balance,
		ValueQuery,
	>;

	/// Σ of [`Deposits`] per asset.
	#[pallet::storage]
	pub type TotalDeposits<T> =
		StorageMap<_, Blake2_128Concat, CollateralAsset, Balance, ValueQuery>;

	/// Share of unrealized profit that does NOT count toward withdrawals and transfers.
	#[pallet::storage]
	pub type UnrealizedProfitHaircut<T> = StorageValue<_, Perbill, ValueQuery>;

	/// Quote each subaccount owes the pool (quote units): realized losses beyond its quote
	/// balance. A subaccount with debt holds no quote; quote credited to it repays debt first.
	#[pallet::storage]
	pub type Debts<T: Config> =
		StorageMap<_, Blake2_128Concat, (T::AccountId, SubaccountId), Balance, ValueQuery>;

	/// Σ of [`Debts`].
	#[pallet::storage]
	pub type TotalDebt<T> = StorageValue<_, Balance, ValueQuery>;

	/// The part of each subaccount's debt the loss waterfall could not cover (quote units): bad
	/// debt until the debtor or deleveraged counterparties repay it. Never above the debt.
	#[pallet::storage]
	pub type UncoveredDebt<T: Config> =
		StorageMap<_, Blake2_128Concat, (T::AccountId, SubaccountId), Balance, ValueQuery>;

	/// Σ of [`UncoveredDebt`].
	#[pallet::storage]
	pub type TotalUncovered<T> = StorageValue<_, Balance, ValueQuery>;

	/// The LP vault's balance and shares outstanding.
	#[pallet::storage]
	pub type Vault<T> = StorageValue<_, VaultBook, ValueQuery>;

	/// Each provider's free vault shares.
	#[pallet::storage]
	pub type VaultShares<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Balance, ValueQuery>;

	/// Each provider's pending vault withdrawal (at most one).
	#[pallet::storage]
	pub type VaultWithdrawals<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PendingWithdrawal<BlockNumberFor<T>>>;

	/// The insurance fund (quote units).
	#[pallet::storage]
	pub type InsuranceFund<T> = StorageValue<_, Balance, ValueQuery>;

	/// Share of trading fees paid to the insurance fund; the rest goes to the vault.
	#[pallet::storage]
	pub type InsuranceFeeShare<T> = StorageValue<_, Perbill, ValueQuery>;

	/// Share of trading fees set aside for the operators leasing the chain its security.
	#[pallet::storage]
	pub type LeaseFeeShare<T> = StorageValue<_, Perbill, ValueQuery>;

	/// Lease fees collected and not yet paid out (quote units).
	#[pallet::storage]
	pub type LeaseFund<T> = StorageValue<_, Balance, ValueQuery>;

	/// Clearing's quote (units): realized PnL passes through it between counterparties. Below
	/// zero while profits were realized before the matching losses (which the counterparties'
	/// unrealized PnL still carries); zero once every position is closed and paid.
	#[pallet::storage]
	pub type Clearing<T> = StorageValue<_, i128, ValueQuery>;

	/// Collateral assets registered at genesis (validated as `register_asset` does).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The assets and their parameters.
		pub assets: alloc::vec::Vec<(CollateralAsset, AssetConfig)>,
		/// The lease fund's share of trading fees.
		pub lease_fee_share: Perbill,
		/// The share of unrealized profit that does not count toward initial margin.
		pub unrealized_profit_haircut: Perbill,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (asset, config) in &self.assets {
				if let Err(e) = Pallet::<T>::do_register_asset(asset.clone(), *config) {
					panic!("genesis collateral asset {asset:?} is invalid: {e:?}");
				}
			}
			LeaseFeeShare::<T>::put(self.lease_fee_share);
			UnrealizedProfitHaircut::<T>::put(self.unrealized_profit_haircut);
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A collateral asset was registered.
		AssetRegistered {
			/// The asset.
			asset: CollateralAsset,
			/// Its parameters.
			config: AssetConfig,
		},
		/// A collateral asset's parameters changed.
		AssetUpdated {
			/// The asset.
			asset: CollateralAsset,
			/// Its new parameters.
			config: AssetConfig,
		},
		/// The haircut on unrealized profit changed.
		UnrealizedProfitHaircutSet {
			/// The new haircut.
			haircut: Perbill,
		},
		/// A subaccount was opened.
		SubaccountOpened {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
		},
		/// Collateral was deposited.
		Deposited {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// The asset.
			asset: CollateralAsset,
			/// The amount.
			amount: Balance,
		},
		/// Collateral was withdrawn.
		Withdrawn {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// The asset.
			asset: CollateralAsset,
			/// The amount.
			amount: Balance,
		},
		/// Quote credited to a subaccount repaid its debt.
		DebtRepaid {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// Quote units repaid.
			amount: Balance,
		},
		/// Quote value moved between parties of the pool (PnL, fees, penalties, payouts).
		Paid {
			/// The payer.
			from: Party<T::AccountId>,
			/// The payee.
			to: Party<T::AccountId>,
			/// Quote units paid.
			amount: Balance,
		},
		/// A subaccount's collateral was sold to repay its debt.
		CollateralSold {
			/// The seller (the indebted subaccount).
			seller: (T::AccountId, SubaccountId),
			/// The buyer.
			buyer: (T::AccountId, SubaccountId),
			/// The asset sold.
			asset: CollateralAsset,
			/// The amount sold (the asset's smallest units).
			amount: Balance,
			/// The price paid per whole unit (oracle less the discount; 18 decimals).
			price: u128,
			/// Quote units the buyer paid.
			paid: Balance,
		},
		/// A subaccount's debt was covered by the loss waterfall.
		DebtCovered {
			/// The owner.
			who: T::AccountId,
			/// The subaccount.
			sub: SubaccountId,
			/// Quote units paid by the insurance fund.
			insurance: Balance,
			/// Quote units paid by the vault.
			vault: Balance,
			/// Quote units still owed, to be socialized.
			uncovered: Balance,
		},
		/// A provider deposited quote into the vault.
		VaultDeposited {
			/// The provider.
			who: T::AccountId,
			/// Quote units deposited.
			amount: Balance,
			/// Shares minted.
			shares: Balance,
		},
		/// A provider asked to redeem vault shares after the notice period.
		VaultWithdrawalRequested {
			/// The provider.
			who: T::AccountId,
			/// Shares to redeem.
			shares: Balance,
			/// First block at which they can be redeemed.
			unlocks_at: BlockNumberFor<T>,
		},
		/// A provider cancelled a pending vault withdrawal.
		VaultWithdrawalCancelled {
			/// The provider.
			who: T::AccountId,
			/// Shares returned to the provider's free shares.
			shares: Balance,
		},
		/// A provider redeemed vault shares.
		VaultWithdrawn {
			/// The provider.
			who: T::AccountId,
			/// Shares burned.
			shares: Balance,
			/// Quote units paid out.
			amount: Balance,
		},
		/// The insurance fund was topped up.
		InsuranceFunded {
			/// Who paid.
			who: T::AccountId,
			/// Quote units.
			amount: Balance,
		},
		/// The insurance fund's share of trading fees changed.
		InsuranceFeeShareSet {
			/// The new share.
			share: Perbill,
		},
		/// The lease fund's share of trading fees changed.
		LeaseFeeShareSet {
			/// The new share.
			share: Perbill,
		},
		/// Lease fees left the pool for the relay bridge's escrow.
		LeasePaid {
			/// Quote units paid.
			amount: Balance,
		},
		/// Collateral moved between two subaccounts of one owner.
		Transferred {
			/// The owner.
			who: T::AccountId,
			/// The source subaccount.
			from: SubaccountId,
			/// The destination subaccount.
			to: SubaccountId,
			/// The asset.
			asset: CollateralAsset,
			/// The amount.
			amount: Balance,
		},
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The amount is zero.
		ZeroAmount,
		/// The asset is not a registered collateral asset.
		UnknownCollateral,
		/// The asset does not exist as a token.
		UnknownAsset,
		/// The asset is registered already.
		AssetAlreadyRegistered,
		/// `MaxAssets` collateral assets are registered already.
		TooManyAssets,
		/// A haircut must be below 100%.
		InvalidHaircut,
		/// The insurance and lease shares of fees add up to more than the fee.
		FeeSharesExceedFee,
		/// Caps must be greater than zero.
		ZeroCap,
		/// Decimals above 36 are not supported.
		InvalidDecimals,
		/// The subaccount id is not below `MaxSubaccounts`.
		InvalidSubaccount,
		/// The subaccount is open already.
		SubaccountExists,
		/// Source and destination are the same subaccount.
		SameSubaccount,
		/// Deposits of this asset are switched off.
		DepositsDisabled,
		/// Withdrawals of this asset are switched off.
		WithdrawalsDisabled,
		/// The owner would hold more of the asset, over all its subaccounts, than its cap.
		AccountCapExceeded,
		/// An asset would make up more of the pool's value than its concentration cap: the
		/// deposited asset, or another one a withdrawal would push over its cap.
		ConcentrationCapExceeded,
		/// The subaccount holds less of the asset than asked for.
		InsufficientCollateral,
		/// The asset's price is missing or stale.
		StalePrice,
		/// Another collateral asset the subaccount holds has no fresh price: its margin is
		/// unknown until the feed is fresh.
		StaleCollateral,
		/// A position's market has no fresh spot or volatility: the margin is unknown.
		PositionsUnvalued,
		/// The vault's positions cannot be valued now (stale oracle): its share price is
		/// unknown, so no deposit or redemption goes through.
		VaultEquityUnknown,
		/// The subaccount would no longer meet its initial margin.
		InitialMarginBreached,
		/// An amount or value is out of range.
		Overflow,
		/// The quote asset is not a registered collateral asset.
		QuoteNotRegistered,
		/// The vault's equity is zero or negative: it takes no deposits and redeems nothing.
		VaultInsolvent,
		/// The deposit is below `MinVaultDeposit` or would mint no shares.
		VaultDepositTooSmall,
		/// The provider holds fewer free shares than asked for.
		InsufficientShares,
		/// The provider has a pending withdrawal already.
		WithdrawalPending,
		/// The provider has no pending withdrawal.
		NoPendingWithdrawal,
		/// The notice period of the withdrawal is not over.
		NoticePeriodNotOver,
		/// The withdrawal was not redeemed within `VaultWithdrawalWindow` blocks of unlocking:
		/// cancel it or ask again.
		WithdrawalLapsed,
		/// The vault would fall below the initial margin of its positions: withdrawals pause.
		VaultBelowMargin,
		/// The vault's realized quote (less what traders owe and what clearing has paid ahead of
		/// the matching losses) does not cover the redemption.
		VaultIlliquid,
		/// Payer and payee are the same.
		SameParty,
		/// A sale's discount must be in [0, 1).
		InvalidDiscount,
		/// The configuration's decimals are not those the asset's issuer declared (or it
		/// declares none) at registration, or an update would change them.
		DecimalsMismatch,
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A subaccount's collateral, asset by asset: amount, oracle price (none if missing or
		/// stale), haircut and value after haircut.
		pub fn collateral(who: T::AccountId, sub: SubaccountId) -> alloc::vec::Vec<CollateralLine> {
			Self::collateral_lines(&who, sub)
		}

		/// A subaccount's total collateral value after haircuts (quote, 18 decimals).
		pub fn collateral_total(who: T::AccountId, sub: SubaccountId) -> Balance {
			Self::collateral_value(&who, sub)
		}

		/// Quote units the subaccount owes the pool.
		pub fn debt(who: T::AccountId, sub: SubaccountId) -> Balance {
			Debts::<T>::get((who, sub))
		}

		/// The LP vault: balance, unrealized PnL, equity, margin, shares and share price.
		pub fn vault() -> VaultStatus {
			Self::vault_status()
		}

		/// One provider's vault shares, pending withdrawal and their current value.
		pub fn vault_position(who: T::AccountId) -> VaultPosition<BlockNumberFor<T>> {
			Self::provider_position(&who)
		}

		/// The insurance fund's balance (quote units).
		pub fn insurance_fund() -> Balance {
			InsuranceFund::<T>::get()
		}

		/// The pool's composition: every registered asset with its parameters and the total
		/// deposited.
		pub fn pool() -> alloc::vec::Vec<(CollateralAsset, AssetConfig, Balance)> {
			CollateralAssets::<T>::iter()
				.map(|(asset, config)| {
					let total = TotalDeposits::<T>::get(&asset);
					(asset, config, total)
				})
				.collect()
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxAssets::get() > 0, "MaxAssets must be positive");
			assert!(T::MaxSubaccounts::get() > 0, "MaxSubaccounts must be positive");
			assert!(T::MaxPriceAge::get() > 0, "MaxPriceAge must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `asset` as collateral with `config`.
		///
		/// Origin: `RiskOrigin`. Errors: `AssetAlreadyRegistered`, `UnknownAsset`,
		/// `TooManyAssets`, `InvalidHaircut`, `ZeroCap`, `InvalidDecimals`, `DecimalsMismatch`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_asset())]
		pub fn register_asset(
			origin: OriginFor<T>,
			asset: CollateralAsset,
			config: AssetConfig,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::do_register_asset(asset, config)
		}

		/// Replaces the parameters of a registered collateral asset.
		///
		/// Origin: `RiskOrigin`. Errors: `UnknownCollateral`, `InvalidHaircut`, `ZeroCap`,
		/// `InvalidDecimals`, `DecimalsMismatch`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_asset())]
		pub fn update_asset(
			origin: OriginFor<T>,
			asset: CollateralAsset,
			config: AssetConfig,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::do_update_asset(asset, config)
		}

		/// Sets the share of unrealized profit that does not back withdrawals.
		///
		/// Origin: `RiskOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_unrealized_profit_haircut())]
		pub fn set_unrealized_profit_haircut(
			origin: OriginFor<T>,
			haircut: Perbill,
		) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			UnrealizedProfitHaircut::<T>::put(haircut);
			Self::deposit_event(Event::UnrealizedProfitHaircutSet { haircut });
			Ok(())
		}

		/// Opens subaccount `sub`: its collateral backs its own positions only. Subaccount 0
		/// opens itself on the first deposit.
		///
		/// Origin: signed. Errors: `InvalidSubaccount`, `SubaccountExists`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::open_subaccount())]
		pub fn open_subaccount(origin: OriginFor<T>, sub: SubaccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_subaccount(&who, sub)
		}

		/// Deposits `amount` of `asset` from the caller into subaccount `sub`.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `UnknownCollateral`, `DepositsDisabled`,
		/// `InvalidSubaccount`, `AccountCapExceeded`, `ConcentrationCapExceeded`, `StalePrice`,
		/// and the token's own errors (e.g. insufficient balance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deposit())]
		pub fn deposit(
			origin: OriginFor<T>,
			sub: SubaccountId,
			asset: CollateralAsset,
			#[pallet::compact] amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deposit(&who, sub, asset, amount)
		}

		/// Withdraws `amount` of `asset` from subaccount `sub` to the caller.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `UnknownCollateral`, `WithdrawalsDisabled`,
		/// `InsufficientCollateral`, `StalePrice`, `InitialMarginBreached`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(
			origin: OriginFor<T>,
			sub: SubaccountId,
			asset: CollateralAsset,
			#[pallet::compact] amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&who, sub, asset, amount)
		}

		/// Moves `amount` of `asset` from the caller's subaccount `from` to its subaccount `to`.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `SameSubaccount`, `InvalidSubaccount`,
		/// `UnknownCollateral`, `InsufficientCollateral`, `AccountCapExceeded`, `StalePrice`,
		/// `InitialMarginBreached`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			from: SubaccountId,
			to: SubaccountId,
			asset: CollateralAsset,
			#[pallet::compact] amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer(&who, from, to, asset, amount)
		}

		/// Deposits `amount` of the quote asset into the LP vault for shares at the current
		/// share price.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `VaultDepositTooSmall`, `QuoteNotRegistered`,
		/// `VaultInsolvent`, `Overflow`, and the token's own errors.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::vault_deposit())]
		pub fn vault_deposit(
			origin: OriginFor<T>,
			#[pallet::compact] amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vault_deposit(&who, amount)
		}

		/// Asks to redeem `shares` once `VaultNoticePeriod` blocks have passed, within
		/// `VaultWithdrawalWindow` blocks after that. The shares keep their exposure to the
		/// vault's PnL until redeemed. A lapsed request is replaced (its shares first return).
		///
		/// Origin: signed. Errors: `ZeroAmount`, `InsufficientShares`, `WithdrawalPending`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::vault_request_withdrawal())]
		pub fn vault_request_withdrawal(
			origin: OriginFor<T>,
			#[pallet::compact] shares: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vault_request_withdrawal(&who, shares)
		}

		/// Cancels the caller's pending vault withdrawal.
		///
		/// Origin: signed. Errors: `NoPendingWithdrawal`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::vault_cancel_withdrawal())]
		pub fn vault_cancel_withdrawal(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vault_cancel_withdrawal(&who)
		}

		/// Redeems the caller's pending withdrawal at the current share price: the vault's
		/// balance and unrealized PnL, less the debt the insurance fund could not cover (which
		/// the vault would bear), so every provider leaves at the same value.
		///
		/// Origin: signed. Errors: `NoPendingWithdrawal`, `NoticePeriodNotOver`,
		/// `WithdrawalLapsed`, `VaultEquityUnknown`,
		/// `VaultInsolvent`, `VaultBelowMargin` (withdrawals pause while the vault is below the
		/// initial margin of its positions), `VaultIlliquid`, `QuoteNotRegistered`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::vault_withdraw())]
		pub fn vault_withdraw(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vault_withdraw(&who)
		}

		/// Sets the share of trading fees paid to the insurance fund.
		///
		/// Origin: `RiskOrigin`. Errors: `FeeSharesExceedFee` (with the lease share, more than
		/// the whole fee).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_insurance_fee_share())]
		pub fn set_insurance_fee_share(origin: OriginFor<T>, share: Perbill) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::ensure_fee_shares(share, LeaseFeeShare::<T>::get())?;
			InsuranceFeeShare::<T>::put(share);
			Self::deposit_event(Event::InsuranceFeeShareSet { share });
			Ok(())
		}

		/// Sets the share of trading fees set aside for the operators leasing the chain its
		/// security (paid each era by pallet-restaking, pro rata to stake).
		///
		/// Origin: `RiskOrigin`. Errors: `FeeSharesExceedFee` (with the insurance share, more
		/// than the whole fee).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_lease_fee_share())]
		pub fn set_lease_fee_share(origin: OriginFor<T>, share: Perbill) -> DispatchResult {
			T::RiskOrigin::ensure_origin(origin)?;
			Self::ensure_fee_shares(InsuranceFeeShare::<T>::get(), share)?;
			LeaseFeeShare::<T>::put(share);
			Self::deposit_event(Event::LeaseFeeShareSet { share });
			Ok(())
		}

		/// Tops up the insurance fund with `amount` of the quote asset from the caller (a
		/// treasury or a market maker backstopping the chain). The funds cannot be taken back.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `QuoteNotRegistered`, `Overflow`, and the
		/// token's own errors.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::fund_insurance())]
		pub fn fund_insurance(
			origin: OriginFor<T>,
			#[pallet::compact] amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_fund_insurance(&who, amount)
		}
	}
}
