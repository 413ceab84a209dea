//! # pallet-restaking
//!
//! Ballast leases its security from a relay chain: operators restake there, the relay's bridge
//! authorities attest their stake here, and Ballast picks its validators (and so its oracle
//! operators and keepers) from them by stake.
//!
//! - **Inbound relay link.** [`Pallet::submit_attestation`] takes a numbered batch of
//!   [`RelayMessage`]s (operator registered, stake changed, unbonding, operator deregistered,
//!   bridge authorities rotated) signed by at least [`BridgeThreshold`] of the
//!   [`BridgeAuthorities`] over `ATTESTATION_TAG ++ genesis hash ++ authority set id ++
//!   SCALE(attestation)`. Each nonce is applied once and in order, its timestamp at most
//!   `max_clock_skew` ahead of the chain; each message applies or is rejected alone (`relay`);
//!   anyone may relay and a valid attestation pays no fee. The authorities come from genesis
//!   and change only by a relay message.
//! - **Selection.** Operators opt in once their session keys are registered
//!   ([`Pallet::opt_in`]). At each session boundary the [`pallet_session::SessionManager`]
//!   gives pallet-session the top `max_active` opted-in operators with at least `min_stake`,
//!   by stake (ties by account), so Aura and GRANDPA authorities follow the stake.
//! - **Oracle operators** ([`oracle`]): the session's validators feed spot and implied
//!   volatility through [`Pallet::feed_values`]; each value is judged against the other
//!   operators' median (one strike per feed per window, enough of them within a lookback an
//!   offence), and the runtime publishes a feed only with [`Pallet::quorum`] of them fresh.
//! - **Liveness** (`liveness`): judged at each session start over exactly the ended session's
//!   members, from its start, on a live clock that does not count a stalled chain.
//! - **Slashing** (`slashing`): per offence within slashing spans; deferred from the offence
//!   with a cancel window the risk council always gets; offenders chilled and disabled.
//! - **Outbound** (`outbound`): messages with unique ids in a bounded outbox, sealed per block
//!   under a domain-separated Merkle root in the header; producers wait when it is full.
//! - **Security budget.** Cost of corruption = the cheaper of buying the oracle median or a
//!   third of GRANDPA, counting only what can still be slashed ([`budget`]); value secured =
//!   TVL + open interest (`ValueSecured`). Below `min_security_ratio` initial margin rises by
//!   `min_ratio / ratio` (up to `max_margin_factor`) and new open interest is capped;
//!   attestations older than `max_attestation_age` do the same
//!   ([`ballast_primitives::traits::SecurityBudget`]). The margin engine reads
//!   [`SecurityLevel`], a snapshot taken at the start of each block and after each attestation
//!   or parameter change; the view function [`Pallet::security`] computes both figures fresh.
//!
//! `try_state` checks that [`TotalStake`] is the sum of the operators' stake, that the active
//! set is selectable, that the bridge threshold is a majority of its authorities, that each
//! pending slash is its span's and each operator's pending value their sum, and that outbound
//! ids increase, none lost between the outbox and the sealed blocks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use equivocation::{
	BlockEquivocation, BlockEquivocationDetails, BlockEquivocationOffence, EquivocationError,
};
pub use liveness::SessionValidators;
pub use oracle::OracleFeeds;
pub use outbound::OUTBOUND_TAG;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod budget;
pub mod equivocation;
pub mod lease;
mod liveness;
pub mod merkle;
pub mod oracle;
mod outbound;
mod relay;
mod selection;
mod slashing;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use ballast_primitives::{fixed::Fixed18, traits::ValueSecured, Balance, FeedKey, Moment};
	use frame_support::{
		pallet_prelude::*,
		traits::{Contains, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::Perbill;

	/// A slash's identifier.
	pub type SlashId = u32;

	/// An attestation as this runtime bounds it.
	pub type AttestationOf<T> = Attestation<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxAuthorities,
		<T as Config>::MaxMessages,
	>;

	/// A block-equivocation proof as the runtime defines it.
	pub type EquivocationProofOf<T> =
		<<T as Config>::BlockEquivocation as crate::BlockEquivocation<
			<T as frame_system::Config>::AccountId,
		>>::Proof;

	/// A key-ownership proof as the runtime defines it.
	pub type KeyOwnerProofOf<T> = <<T as Config>::BlockEquivocation as crate::BlockEquivocation<
		<T as frame_system::Config>::AccountId,
	>>::KeyOwnerProof;

	/// A relay message as this runtime bounds it.
	pub type RelayMessageOf<T> =
		RelayMessage<<T as frame_system::Config>::AccountId, <T as Config>::MaxAuthorities>;

	/// The bridge authorities' signatures on an attestation: (authority index, signature),
	/// indices strictly increasing.
	pub type SignaturesOf<T> = BoundedVec<(u32, AuthoritySignature), <T as Config>::MaxAuthorities>;

	/// One oracle submission: (feed, value), values 18-decimal fixed point.
	pub type FeedValuesOf<T> = BoundedVec<(FeedKey, u128), <T as Config>::MaxFeedValues>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Wall-clock time, to age attestations.
		type Time: UnixTime;
		/// TVL + open interest.
		type ValueSecured: ValueSecured;
		/// The lease fund the operators are paid from each era.
		type LeaseFund: ballast_primitives::traits::LeaseFund;
		/// Sessions per era: lease fees are paid at each era's end.
		#[pallet::constant]
		type SessionsPerEra: Get<u32>;
		/// Whether an operator has registered session keys (pallet-session's `NextKeys`).
		type HasSessionKeys: Contains<Self::AccountId>;
		/// Who sets [`RestakingParams`] (the risk origin).
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Checks block-production (Aura) equivocation reports and reports them to
		/// pallet-offences.
		type BlockEquivocation: crate::BlockEquivocation<Self::AccountId>;
		/// Who may cancel a pending slash (the risk council).
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The session's validators (pallet-session), and disabling offenders.
		type Validators: crate::SessionValidators<Self::AccountId>;
		/// The oracle that stores and publishes the operators' values.
		type Oracle: crate::OracleFeeds<Self::AccountId>;
		/// Most slashes pending at once: at least one per operator and slashing span.
		#[pallet::constant]
		type MaxPendingSlashes: Get<u32>;
		/// Sessions an offence stays slashable (and slashing spans are remembered).
		#[pallet::constant]
		type SlashHorizon: Get<u32>;
		/// A session's nominal length (ms).
		#[pallet::constant]
		type SessionDuration: Get<Moment>;
		/// Least time (ms) between an unbonding's attestation and its release on the relay:
		/// at least the slash horizon and one more session, so every offence the stake could
		/// answer for is applied before it leaves.
		#[pallet::constant]
		type UnbondingDelay: Get<Moment>;
		/// The longest gap between two blocks (ms) that counts toward liveness windows.
		#[pallet::constant]
		type MaxBlockGap: Get<Moment>;
		/// Most values per oracle submission.
		#[pallet::constant]
		type MaxFeedValues: Get<u32>;
		/// Most outbound messages sealed per block (the rest wait for the next).
		#[pallet::constant]
		type MaxOutbound: Get<u32>;
		/// Most outbound messages waiting to be sealed: beyond it, producers wait (slashes stay
		/// pending, the lease waits an era, attestations are refused until there is room).
		#[pallet::constant]
		type MaxOutbox: Get<u32>;
		/// How many blocks' outbound messages are kept for the relay to fetch.
		#[pallet::constant]
		type OutboundRetention: Get<u32>;
		/// Most bridge authorities.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;
		/// Most messages per attestation.
		#[pallet::constant]
		type MaxMessages: Get<u32>;
		/// Most operators known at once.
		#[pallet::constant]
		type MaxOperators: Get<u32>;
		/// Most validators per session.
		#[pallet::constant]
		type MaxActive: Get<u32>;
		/// The weights of the calls.
		type WeightInfo: WeightInfo;
		/// Gives benchmarked operators session keys.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// The relay's bridge authorities.
	#[pallet::storage]
	pub type BridgeAuthorities<T: Config> =
		StorageValue<_, BoundedVec<AuthorityId, T::MaxAuthorities>, ValueQuery>;

	/// How many bridge authorities must sign an attestation.
	#[pallet::storage]
	pub type BridgeThreshold<T> = StorageValue<_, u32, ValueQuery>;

	/// Incremented at each rotation; part of the signed bytes so old signatures cannot serve.
	#[pallet::storage]
	pub type AuthoritySetId<T> = StorageValue<_, u64, ValueQuery>;

	/// The nonce of the last applied attestation.
	#[pallet::storage]
	pub type LastNonce<T> = StorageValue<_, u64, ValueQuery>;

	/// The relay time of the last applied attestation. The genesis stake counts as attested at
	/// the end of the first block: a relay that never attests goes stale like one that stopped
	/// (stale is never "fresh forever").
	#[pallet::storage]
	pub type LastAttestation<T> = StorageValue<_, Moment, OptionQuery>;

	/// Operators known from the relay.
	#[pallet::storage]
	pub type Operators<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, Operator, OptionQuery>;

	/// Σ of the operators' bonded stake.
	#[pallet::storage]
	pub type TotalStake<T> = StorageValue<_, Balance, ValueQuery>;

	/// The validators last given to pallet-session.
	#[pallet::storage]
	pub type ActiveSet<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxActive>, ValueQuery>;

	/// The governed parameters.
	#[pallet::storage]
	pub type Params<T> = StorageValue<_, RestakingParams, OptionQuery>;

	/// The current session, as pallet-session last started it.
	#[pallet::storage]
	pub type CurrentSession<T> = StorageValue<_, SessionIndex, ValueQuery>;

	/// The id the next slash gets.
	#[pallet::storage]
	pub type NextSlashId<T> = StorageValue<_, SlashId, ValueQuery>;

	/// Slashes waiting for their deferral.
	#[pallet::storage]
	pub type PendingSlashes<T: Config> =
		CountedStorageMap<_, Twox64Concat, SlashId, PendingSlash<T::AccountId>, OptionQuery>;

	/// Per operator, its slashing spans within the horizon, oldest first (none: one span from
	/// session 0 on, nothing paid).
	#[pallet::storage]
	pub type SlashSpans<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, crate::slashing::SpansOf<T>, ValueQuery>;

	/// Σ of every slash applied (quote value, 18 decimals).
	#[pallet::storage]
	pub type Slashed<T> = StorageValue<_, Balance, ValueQuery>;

	/// Per operator, Σ over this era's sessions so far of its stake while it validated: what
	/// the era's lease is split by.
	#[pallet::storage]
	pub type EraStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Balance, ValueQuery>;

	/// Σ of the lease fees paid to operators (quote value, 18 decimals): the sum of every
	/// outbound reward message.
	#[pallet::storage]
	pub type LeasePaid<T> = StorageValue<_, Balance, ValueQuery>;

	/// Per operator, its last oracle submission on the live clock.
	#[pallet::storage]
	pub type LastSubmission<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Moment, OptionQuery>;

	/// Per operator, the block of its last oracle submission (one per block).
	#[pallet::storage]
	pub type LastFeedBlock<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Per operator and feed, its strikes: (history, one bit per window with bit 0 the last
	/// window struck; that window's index).
	#[pallet::storage]
	pub type Strikes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		FeedKey,
		(u64, Moment),
		OptionQuery,
	>;

	/// The live clock at the last block: (wall time, live time), ms.
	#[pallet::storage]
	pub type LiveClock<T> = StorageValue<_, (Moment, Moment), OptionQuery>;

	/// The current session's validators, as pallet-session activated them.
	#[pallet::storage]
	pub type SessionMembers<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxActive>, ValueQuery>;

	/// When the current session started (live clock); `None` until the first block.
	#[pallet::storage]
	pub type SessionStart<T> = StorageValue<_, Moment, OptionQuery>;

	/// Per member, the session in which it went longer than the liveness window without a
	/// submission.
	#[pallet::storage]
	pub type LivenessGap<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SessionIndex, OptionQuery>;

	/// Outbound messages waiting to be sealed, by id.
	#[pallet::storage]
	pub type Outbox<T: Config> =
		StorageMap<_, Twox64Concat, u64, OutboundMessage<T::AccountId>, OptionQuery>;

	/// The id of the oldest message not yet sealed.
	#[pallet::storage]
	pub type OutboxHead<T> = StorageValue<_, u64, ValueQuery>;

	/// The id the next outbound message gets.
	#[pallet::storage]
	pub type NextMessageId<T> = StorageValue<_, u64, ValueQuery>;

	/// The security budget margin follows: taken at the start of each block and again when an
	/// attestation or a parameter change moves it, so the margin engine reads one value per
	/// check instead of recomputing TVL, open interest and the active set's stake.
	#[pallet::storage]
	pub type SecurityLevel<T> = StorageValue<_, SecurityLevelOf, OptionQuery>;

	/// The outbound Merkle root of each kept block with messages.
	#[pallet::storage]
	pub type OutboundRoots<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, H256, OptionQuery>;

	/// The outbound messages of each kept block.
	#[pallet::storage]
	pub type OutboundMessages<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Envelope<T::AccountId>, T::MaxOutbound>,
		OptionQuery,
	>;

	/// The kept blocks with messages, oldest first.
	#[pallet::storage]
	pub type OutboundBlocks<T: Config> =
		StorageValue<_, BoundedVec<BlockNumberFor<T>, T::OutboundRetention>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The relay's bridge authorities.
		pub authorities: Vec<AuthorityId>,
		/// How many must sign.
		pub threshold: u32,
		/// Operators restaked at genesis: (account, stake, opted in).
		pub operators: Vec<(T::AccountId, Balance, bool)>,
		/// The parameters.
		pub params: Option<RestakingParams>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let authorities: BoundedVec<_, T::MaxAuthorities> = self
				.authorities
				.clone()
				.try_into()
				.expect("restaking: too many bridge authorities");
			assert!(
				Pallet::<T>::bridge_ok(self.threshold, authorities.len() as u32),
				"restaking: the threshold must be a majority of the bridge authorities"
			);
			BridgeAuthorities::<T>::put(authorities);
			BridgeThreshold::<T>::put(self.threshold);
			for (who, stake, opted_in) in &self.operators {
				assert!(!Operators::<T>::contains_key(who), "restaking: operator listed twice");
				Operators::<T>::insert(
					who,
					Operator { stake: *stake, opted_in: *opted_in, ..Default::default() },
				);
				TotalStake::<T>::mutate(|t| *t = t.saturating_add(*stake));
			}
			assert!(
				Operators::<T>::count() <= T::MaxOperators::get(),
				"restaking: more genesis operators than MaxOperators"
			);
			if let Some(p) = self.params {
				assert!(
					p.is_valid(
						T::MaxActive::get(),
						T::SlashHorizon::get(),
						T::SessionDuration::get()
					),
					"restaking: invalid genesis params"
				);
				Params::<T>::put(p);
			}
			// The genesis validators (pallet-session builds its genesis before this pallet in
			// the runtime): the operators selectable now.
			let active: Vec<T::AccountId> =
				Pallet::<T>::select().into_iter().map(|(a, _)| a).collect();
			let active: BoundedVec<_, T::MaxActive> =
				active.try_into().expect("select takes at most max_active ≤ MaxActive");
			ActiveSet::<T>::put(active);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An attestation was verified and its messages applied.
		AttestationApplied { nonce: u64, messages: u32 },
		/// The relay registered an operator.
		OperatorRegistered { operator: T::AccountId, stake: Balance },
		/// An operator's stake changed.
		StakeChanged { operator: T::AccountId, stake: Balance },
		/// An operator started unbonding.
		Unbonding { operator: T::AccountId, amount: Balance, until: Moment },
		/// The bridge authorities rotated.
		AuthoritySetRotated { set_id: u64, authorities: u32, threshold: u32 },
		/// An operator opted in or out of validating.
		OptedIn { operator: T::AccountId, opted_in: bool },
		/// The validators for an upcoming session.
		ActiveSetChosen { session: SessionIndex, validators: u32, stake: Balance },
		/// The parameters changed.
		ParamsSet { params: RestakingParams },
		/// An offence was reported; its slash applies at the start of session `apply_at`.
		SlashReported {
			id: SlashId,
			operator: T::AccountId,
			kind: SlashKind,
			fraction: Perbill,
			apply_at: SessionIndex,
		},
		/// An offence that cannot be slashed (unknown operator or beyond the horizon).
		OffenceIgnored { operator: T::AccountId, kind: SlashKind },
		/// An offence found the pending queue full and was not queued (the queue is sized so
		/// that this cannot happen: one slot per operator and slashing span).
		SlashRefused { operator: T::AccountId, kind: SlashKind, offence_session: SessionIndex },
		/// A due slash waits for room in the outbox; it applies at a later session start.
		SlashWaiting { id: SlashId },
		/// The risk council cancelled a pending slash.
		SlashCancelled { id: SlashId },
		/// A slash was applied: `fraction` of the slashable stake, `amount` in value.
		SlashApplied {
			id: SlashId,
			operator: T::AccountId,
			kind: SlashKind,
			fraction: Perbill,
			amount: Balance,
		},
		/// A slash added nothing to what its slashing span already paid.
		SlashSuperseded { id: SlashId, operator: T::AccountId },
		/// An oracle submission outside the band around the other operators' median: `strikes`
		/// windows struck within the lookback so far.
		OracleStrike {
			operator: T::AccountId,
			key: FeedKey,
			value: u128,
			median: u128,
			strikes: u32,
		},
		/// Message `index` of attestation `nonce` was not applied; a `Rejected` outbound
		/// message tells the relay.
		MessageRejected { nonce: u64, index: u32, error: DispatchError },
		/// The relay deregistered an operator; its slot is free.
		OperatorDeregistered { operator: T::AccountId },
		/// The era's lease waits for room in the outbox: it is paid with the next era's.
		LeaseWaiting { era: u32 },
		/// The lease fund was paid to `operators` operators for `era`: `amount` in total, one
		/// outbound reward message each.
		LeaseDistributed { era: u32, operators: u32, amount: Balance },
		/// This block's outbound messages were sealed under `root`.
		OutboundSealed { block: BlockNumberFor<T>, root: H256, messages: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The attestation's nonce was already applied (a replay).
		StaleNonce,
		/// The attestation skips a nonce: the earlier one must come first.
		NonceGap,
		/// The attestation is older than the last applied one.
		OutOfOrder,
		/// A signature's authority index is not in the set.
		UnknownAuthority,
		/// Signatures must list each authority once, by increasing index.
		DuplicateSigner,
		/// A signature does not verify.
		BadSignature,
		/// Fewer valid signatures than the threshold.
		ThresholdNotMet,
		/// The operator is not known.
		UnknownOperator,
		/// The operator is already registered.
		OperatorExists,
		/// `MaxOperators` operators are registered.
		TooManyOperators,
		/// Unbonding more than the bonded stake.
		UnbondingExceedsStake,
		/// A rotation's threshold must be a majority of its authorities.
		InvalidThreshold,
		/// The operator has not registered session keys.
		NoSessionKeys,
		/// A parameter is out of bounds.
		InvalidParams,
		/// The attestation has no messages.
		EmptyAttestation,
		/// No pending slash has this id (never reported, applied or cancelled).
		UnknownSlash,
		/// The headers are not two different blocks sealed by the offender for one slot.
		InvalidEquivocationProof,
		/// The key was not the offender's in the proven session, or the blocks are not in it.
		InvalidKeyOwnershipProof,
		/// This equivocation was already reported.
		DuplicateOffenceReport,
		/// The attestation's timestamp is ahead of the chain's clock by more than the skew.
		FutureTimestamp,
		/// The outbox has no room for the attestation's possible rejections: retry later.
		OutboxFull,
		/// An unbonding must stay slashable for at least `UnbondingDelay`.
		UnbondingTooShort,
		/// An operator with stake, slashable unbonding or a pending slash cannot leave.
		OperatorStillSlashable,
		/// An operator that validates this session or the next cannot leave.
		OperatorActive,
		/// Only the current session's validators feed the oracle.
		NotOracleOperator,
		/// One oracle submission per operator per block.
		AlreadyFed,
		/// The feed is not listed.
		UnlistedFeed,
		/// A feed appears twice in one submission.
		DuplicateFeed,
		/// The submission has no values.
		NoFeedValues,
		/// The offence cannot be slashed: an unknown operator, a session beyond the horizon or
		/// not yet begun, or no parameters.
		OffenceNotSlashable,
		/// The stake attested would take the total stake beyond what a balance can hold.
		StakeOverflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::tick_live_clock();
			Self::refresh_security();
			T::WeightInfo::seal_outbound(T::MaxOutbound::get())
				.saturating_add(T::WeightInfo::refresh_security())
				// `on_finalize`'s launch date of the genesis stake.
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		}

		fn on_finalize(n: BlockNumberFor<T>) {
			Self::seal_outbound(n);
			if LastAttestation::<T>::get().is_none() {
				LastAttestation::<T>::put(Self::now());
			}
		}

		fn integrity_test() {
			assert!(
				T::MaxPendingSlashes::get()
					>= T::MaxOperators::get() * crate::slashing::SpanCapacity::<T>::get(),
				"the pending queue must hold a slash for every operator's every span"
			);
			assert!(
				T::UnbondingDelay::get()
					>= T::SessionDuration::get() * (T::SlashHorizon::get() as Moment + 1),
				"unbonding must outlast the slash horizon"
			);
			assert!(
				T::MaxOutbox::get() >= T::MaxOperators::get().max(T::MaxMessages::get()),
				"the outbox must hold an era's rewards and an attestation's rejections"
			);
			assert!(T::OutboundRetention::get() > 0, "keep at least one block of messages");
			assert!(T::SessionsPerEra::get() > 0, "an era has at least one session");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies a relay attestation signed by a threshold of the bridge authorities. Anyone
		/// may relay it; a valid one pays no fee.
		///
		/// Origin: signed. Errors (nothing applied, the nonce not spent): `StaleNonce`,
		/// `NonceGap`, `OutOfOrder`, `FutureTimestamp`, `EmptyAttestation`, `OutboxFull`,
		/// `UnknownAuthority`, `DuplicateSigner`, `BadSignature`, `ThresholdNotMet`. Once
		/// accepted, a message that cannot apply (`UnknownOperator`, `OperatorExists`,
		/// `TooManyOperators`, `StakeOverflow`, `UnbondingExceedsStake`, `UnbondingTooShort`,
		/// `OperatorStillSlashable`, `OperatorActive`, `InvalidThreshold`) changes nothing and is
		/// reported in `MessageRejected` and a `Rejected` outbound message; the others apply.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_attestation(
			signatures.len() as u32,
			attestation.messages.len() as u32,
		).saturating_add(T::WeightInfo::refresh_security()))]
		pub fn submit_attestation(
			origin: OriginFor<T>,
			attestation: AttestationOf<T>,
			signatures: SignaturesOf<T>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::verify(&attestation, &signatures)?;
			Self::apply(attestation)?;
			// Stake the relay withdrew lowers security from this block on, not the next.
			Self::refresh_security();
			Ok(Pays::No.into())
		}

		/// Asks to validate: the operator must be known from the relay and have registered
		/// session keys (`session.setKeys`). Takes effect at the next session boundary.
		///
		/// Origin: signed (the operator). Errors: `UnknownOperator`, `NoSessionKeys`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::opt_in())]
		pub fn opt_in(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::HasSessionKeys::contains(&who), Error::<T>::NoSessionKeys);
			Self::set_opted_in(who, true)
		}

		/// Stops validating from the next session boundary on.
		///
		/// Origin: signed (the operator). Errors: `UnknownOperator`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::opt_in())]
		pub fn opt_out(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::set_opted_in(who, false)
		}

		/// Cancels a slash before it is applied. A later, higher report in the same slashing
		/// span still slashes in full. A slash that merged several reports is cancelled whole.
		///
		/// Origin: `CancelOrigin`. Errors: `UnknownSlash`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel_slash())]
		pub fn cancel_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			let slash = PendingSlashes::<T>::take(id).ok_or(Error::<T>::UnknownSlash)?;
			Self::unqueue(id, &slash, None);
			Self::deposit_event(Event::SlashCancelled { id });
			Ok(())
		}

		/// Reports a validator that sealed two different blocks for the same slot, with a proof
		/// that the sealing key was its own in that session. The offence goes through
		/// pallet-offences and is slashed (the governed equivocation fraction) after the
		/// deferral, unless the risk council cancels it. A valid report pays no fee.
		///
		/// Origin: signed (anyone). Errors: `InvalidEquivocationProof`,
		/// `InvalidKeyOwnershipProof`, `DuplicateOffenceReport`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::report_block_equivocation())]
		pub fn report_block_equivocation(
			origin: OriginFor<T>,
			equivocation_proof: alloc::boxed::Box<EquivocationProofOf<T>>,
			key_owner_proof: KeyOwnerProofOf<T>,
		) -> DispatchResultWithPostInfo {
			use crate::{BlockEquivocation, EquivocationError};
			let reporter = ensure_signed(origin)?;
			let details = T::BlockEquivocation::check(&equivocation_proof, key_owner_proof)
				.map_err(|e| match e {
					EquivocationError::InvalidProof => Error::<T>::InvalidEquivocationProof,
					EquivocationError::InvalidKeyOwnershipProof => {
						Error::<T>::InvalidKeyOwnershipProof
					},
				})?;
			T::BlockEquivocation::report(reporter, details)
				.map_err(|_| Error::<T>::DuplicateOffenceReport)?;
			Ok(Pays::No.into())
		}

		/// Sets the parameters.
		///
		/// Origin: `ParamsOrigin`. Errors: `InvalidParams`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_params().saturating_add(T::WeightInfo::refresh_security()))]
		pub fn set_params(origin: OriginFor<T>, params: RestakingParams) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			ensure!(
				params.is_valid(
					T::MaxActive::get(),
					T::SlashHorizon::get(),
					T::SessionDuration::get()
				),
				Error::<T>::InvalidParams
			);
			Params::<T>::put(params);
			Self::refresh_security();
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}

		/// Reports an offence the chain cannot see for itself (a colluding majority moving the
		/// oracle median, shown by outside evidence): queued like any other, in its slashing
		/// span, after the deferral, cancellable meanwhile.
		///
		/// Origin: `CancelOrigin` (the risk council). Errors: `OffenceNotSlashable`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::report_offence())]
		pub fn report_offence(
			origin: OriginFor<T>,
			operator: T::AccountId,
			kind: SlashKind,
			session: SessionIndex,
		) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			// `report` decides what is slashable; refused, its event is rolled back with the call.
			Self::report(&operator, kind, session).ok_or(Error::<T>::OffenceNotSlashable)?;
			Ok(())
		}

		/// Submits the oracle operator's values: spot and implied volatility of listed
		/// underlyings (18-decimal fixed point). Each value is stored, the feed republished
		/// (median of the fresh values once a quorum of the session's validators is fresh),
		/// and judged against the other operators' median. A valid submission pays no fee.
		///
		/// Origin: signed (a validator of the current session). Errors: `NoFeedValues`,
		/// `NotOracleOperator`, `AlreadyFed` (one submission per block), `UnlistedFeed`,
		/// `DuplicateFeed`; nothing is stored unless all pass.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::feed_values(values.len() as u32, T::MaxActive::get()))]
		pub fn feed_values(
			origin: OriginFor<T>,
			values: FeedValuesOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let n = values.len() as u32;
			Self::do_feed(who, values)?;
			// Charged for the members there are, not the most there could be.
			let members = SessionMembers::<T>::decode_len().unwrap_or(0) as u32;
			Ok(frame_support::dispatch::PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::feed_values(n, members)),
				pays_fee: Pays::No,
			})
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Outbound message `index` of block `block`, its Merkle proof and the block's root.
		pub fn outbound(
			block: BlockNumberFor<T>,
			index: u32,
		) -> Option<(Envelope<T::AccountId>, crate::merkle::MerkleProof, H256)> {
			Self::outbound_proof(block, index)
		}

		/// Cost of corruption, value secured, their ratio, the margin factor, whether new open
		/// interest is allowed, and the age of the last attestation.
		pub fn security() -> SecurityStatus {
			Self::security_status()
		}

		/// An operator's stake as attested.
		pub fn operator(who: T::AccountId) -> Option<Operator> {
			Operators::<T>::get(who)
		}
	}

	/// The security budget as the view function reports it (values: quote, 18 decimals).
	#[derive(
		Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo,
	)]
	pub struct SecurityStatus {
		/// The least slashable value buying the oracle median or a third of GRANDPA costs.
		pub cost_of_corruption: Balance,
		/// TVL + open interest.
		pub value_secured: Balance,
		/// Their ratio; `None` while nothing is secured.
		pub ratio: Option<Fixed18>,
		/// What initial margin is multiplied by.
		pub margin_factor: Fixed18,
		/// Whether new open interest may be opened.
		pub open_interest_allowed: bool,
		/// Milliseconds since the last attestation's relay time; `None` before the first.
		pub attestation_age: Option<Moment>,
	}

	impl SecurityStatus {
		/// The part the margin engine follows.
		pub fn level(&self) -> SecurityLevelOf {
			SecurityLevelOf {
				margin_factor: self.margin_factor,
				open_interest_allowed: self.open_interest_allowed,
			}
		}
	}

	/// What the margin engine reads of the security budget.
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
	pub struct SecurityLevelOf {
		/// What initial margin is multiplied by.
		pub margin_factor: Fixed18,
		/// Whether new open interest may be opened.
		pub open_interest_allowed: bool,
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn now() -> Moment {
			T::Time::now().as_millis() as Moment
		}

		fn set_opted_in(who: T::AccountId, opted_in: bool) -> DispatchResult {
			Operators::<T>::try_mutate(&who, |o| -> DispatchResult {
				let o = o.as_mut().ok_or(Error::<T>::UnknownOperator)?;
				o.opted_in = opted_in;
				Ok(())
			})?;
			Self::deposit_event(Event::OptedIn { operator: who, opted_in });
			Ok(())
		}

		/// The security budget now.
		pub fn security_status() -> SecurityStatus {
			let now = Self::now();
			let params = Params::<T>::get();
			let (oracle, equivocation) =
				params.map(|p| (p.oracle_slash, p.equivocation_slash)).unwrap_or_default();
			// Bounded: at most `MaxActive` members.
			let cost = budget::cost_of_corruption(SessionMembers::<T>::get().iter().map(|a| {
				let at_stake = Operators::<T>::get(a).map_or(0, |o| o.uncommitted(now));
				// One read of the operator's spans serves both fractions.
				let taken = Self::taken(a);
				(
					sp_runtime::Saturating::saturating_sub(oracle, taken) * at_stake,
					sp_runtime::Saturating::saturating_sub(equivocation, taken) * at_stake,
				)
			}));
			let secured = T::ValueSecured::value_secured();
			let ratio = budget::security_ratio(cost, secured);
			let age = LastAttestation::<T>::get().map(|t| now.saturating_sub(t));
			let (factor, allowed) = match params {
				Some(p) => budget::margin_factor(
					ratio,
					p.min_security_ratio,
					p.max_margin_factor,
					age.unwrap_or(0),
					p.max_attestation_age,
				),
				None => (Fixed18::ONE, true),
			};
			SecurityStatus {
				cost_of_corruption: cost,
				value_secured: secured,
				ratio,
				margin_factor: factor,
				open_interest_allowed: allowed,
				attestation_age: age,
			}
		}

		/// Takes the security budget margin follows until the next refresh.
		pub fn refresh_security() -> SecurityStatus {
			let s = Self::security_status();
			SecurityLevel::<T>::put(s.level());
			s
		}

		/// The security budget margin follows: this block's snapshot, or a fresh figure
		/// before the first block.
		fn level() -> SecurityLevelOf {
			SecurityLevel::<T>::get().unwrap_or_else(|| Self::security_status().level())
		}

		/// Checks stake accounting, the active set and the bridge threshold.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut total = 0u128;
			let mut n = 0u32;
			for (_, o) in Operators::<T>::iter() {
				total = total.checked_add(o.stake).ok_or("stake overflows")?;
				n += 1;
			}
			ensure!(total == TotalStake::<T>::get(), "TotalStake is not the sum of the stakes");
			ensure!(n == Operators::<T>::count(), "the operator counter is off");
			ensure!(n <= T::MaxOperators::get(), "more operators than MaxOperators");
			for a in ActiveSet::<T>::get() {
				ensure!(Operators::<T>::contains_key(&a), "an active validator is not an operator");
			}
			for (a, _) in EraStake::<T>::iter() {
				ensure!(Operators::<T>::contains_key(&a), "lease credit for an unknown operator");
			}
			let authorities = BridgeAuthorities::<T>::get().len() as u32;
			ensure!(
				Self::bridge_ok(BridgeThreshold::<T>::get(), authorities),
				"the bridge threshold is not a majority of its authorities"
			);
			if let Some(p) = Params::<T>::get() {
				ensure!(
					p.is_valid(
						T::MaxActive::get(),
						T::SlashHorizon::get(),
						T::SessionDuration::get()
					),
					"params out of bounds"
				);
			}
			let mut pending = 0u32;
			let next = NextSlashId::<T>::get();
			let mut claimed = alloc::collections::BTreeMap::<T::AccountId, Balance>::new();
			for (id, s) in PendingSlashes::<T>::iter() {
				pending += 1;
				ensure!(id < next, "a pending slash has an id not yet issued");
				let spans = SlashSpans::<T>::get(&s.operator);
				ensure!(
					spans.is_empty() && s.span == 0
						|| spans
							.iter()
							.any(|sp| sp.start == s.span && sp.pending == Some((id, s.fraction))),
					"a pending slash is not its span's"
				);
				let c = claimed.entry(s.operator).or_default();
				*c = c.saturating_add(s.fraction * s.exposure);
			}
			ensure!(pending == PendingSlashes::<T>::count(), "the pending-slash counter is off");
			ensure!(pending <= T::MaxPendingSlashes::get(), "more pending slashes than the bound");
			for (who, o) in Operators::<T>::iter() {
				ensure!(
					o.pending == claimed.get(&who).copied().unwrap_or(0),
					"an operator's pending value is not the sum of its pending slashes"
				);
			}
			for (_, spans) in SlashSpans::<T>::iter() {
				ensure!(
					spans.windows(2).all(|w| w[0].start < w[1].start),
					"slashing spans out of order"
				);
			}
			let (head, next_id) = (OutboxHead::<T>::get(), NextMessageId::<T>::get());
			ensure!(head <= next_id, "the outbox head is past the next id");
			let mut rewards = 0u128;
			let mut last_id = None;
			let sealed = OutboundBlocks::<T>::get()
				.into_iter()
				.filter_map(OutboundMessages::<T>::get)
				.flat_map(|b| b.into_inner());
			for e in sealed {
				ensure!(last_id.is_none_or(|l| e.id > l), "outbound ids not increasing");
				ensure!(e.id < head, "a sealed message is still in the outbox");
				last_id = Some(e.id);
				if let OutboundMessage::Reward { amount, .. } = e.message {
					rewards = rewards.saturating_add(amount);
				}
			}
			for id in head..next_id {
				let m = Outbox::<T>::get(id).ok_or("the outbox lost a message")?;
				if let OutboundMessage::Reward { amount, .. } = m {
					rewards = rewards.saturating_add(amount);
				}
			}
			ensure!(rewards <= LeasePaid::<T>::get(), "rewards sent exceed the lease fees paid");
			for n in OutboundBlocks::<T>::get() {
				let messages =
					OutboundMessages::<T>::get(n).ok_or("a kept block lost its messages")?;
				let leaves: Vec<_> = messages.iter().map(crate::merkle::leaf).collect();
				ensure!(
					OutboundRoots::<T>::get(n) == Some(crate::merkle::root(&leaves)),
					"an outbound root does not match its messages"
				);
			}
			Ok(())
		}
	}

	impl<T: Config> ballast_primitives::traits::SecurityBudget for Pallet<T> {
		fn margin_factor() -> Fixed18 {
			Self::level().margin_factor
		}
		fn open_interest_allowed() -> bool {
			Self::level().open_interest_allowed
		}
	}
}
