//! The inbound relay link: verifying an attestation's signatures and applying its messages.
//!
//! The rule that keeps the link moving: an attestation is accepted or refused as a whole on
//! its envelope (nonce, order, timestamp within the chain's clock plus `max_clock_skew`,
//! signatures, room in the outbox), and a refused one consumes nothing, so the relay re-signs
//! it. Once accepted, its nonce is spent and each message applies on its own: a message that
//! cannot apply (an unknown operator, a full registry, an unbonding too short to stay
//! slashable, a bad rotation) changes nothing, emits [`Event::MessageRejected`] and sends the
//! relay a `Rejected` outbound message, so one bad message never blocks the sequence.
//!
//! The relay's protocol: an operator withdraws stake only by `Unbonding`, which must keep it
//! slashable for `UnbondingDelay`; `StakeChanged` lowers stake only by what the relay itself
//! took (slashes by other networks the operator restakes for), which is gone either way.

use crate::{pallet::*, types::*, OracleFeeds};
use ballast_primitives::Moment;
use codec::Encode;
use frame_support::{ensure, pallet_prelude::DispatchResult, traits::Get};
use sp_runtime::{traits::Zero, DispatchError};

impl<T: Config> Pallet<T> {
	/// A threshold is valid when it is a majority of the authorities (and there are some).
	pub(crate) fn threshold_ok(threshold: u32, authorities: u32) -> bool {
		authorities > 0 && threshold <= authorities && threshold > authorities / 2
	}

	/// The bridge as stored: a majority threshold, or no bridge at all (no authorities and a
	/// threshold of 0, when genesis configures none; then no attestation is accepted).
	pub(crate) fn bridge_ok(threshold: u32, authorities: u32) -> bool {
		(threshold == 0 && authorities == 0) || Self::threshold_ok(threshold, authorities)
	}

	/// The 32 bytes the bridge authorities sign for `attestation` under the current set.
	pub fn signing_hash(attestation: &AttestationOf<T>) -> [u8; 32] {
		let genesis = frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		);
		(ATTESTATION_TAG, genesis, AuthoritySetId::<T>::get(), attestation)
			.using_encoded(sp_io::hashing::blake2_256)
	}

	/// Checks the nonce, the order and the threshold of valid, distinct signatures.
	pub(crate) fn verify(
		attestation: &AttestationOf<T>,
		signatures: &SignaturesOf<T>,
	) -> DispatchResult {
		let last = LastNonce::<T>::get();
		ensure!(attestation.nonce > last, Error::<T>::StaleNonce);
		ensure!(attestation.nonce == last.saturating_add(1), Error::<T>::NonceGap);
		ensure!(!attestation.messages.is_empty(), Error::<T>::EmptyAttestation);
		if let Some(previous) = LastAttestation::<T>::get() {
			ensure!(attestation.timestamp >= previous, Error::<T>::OutOfOrder);
		}
		let skew = Params::<T>::get().map_or(0, |p| p.max_clock_skew);
		ensure!(
			attestation.timestamp <= Self::now().saturating_add(skew),
			Error::<T>::FutureTimestamp
		);
		ensure!(Self::outbox_room() >= attestation.messages.len() as u32, Error::<T>::OutboxFull);
		let authorities = BridgeAuthorities::<T>::get();
		let hash = Self::signing_hash(attestation);
		let mut previous: Option<u32> = None;
		for (index, signature) in signatures {
			ensure!(previous.is_none_or(|p| *index > p), Error::<T>::DuplicateSigner);
			previous = Some(*index);
			let key = authorities.get(*index as usize).ok_or(Error::<T>::UnknownAuthority)?;
			ensure!(sp_io::crypto::sr25519_verify(signature, &hash, key), Error::<T>::BadSignature);
		}
		let threshold = BridgeThreshold::<T>::get();
		ensure!(threshold > 0 && signatures.len() as u32 >= threshold, Error::<T>::ThresholdNotMet);
		Ok(())
	}

	/// Applies each message on its own, rejecting those that cannot apply, and records the
	/// nonce.
	pub(crate) fn apply(attestation: AttestationOf<T>) -> DispatchResult {
		let count = attestation.messages.len() as u32;
		let (nonce, at) = (attestation.nonce, attestation.timestamp);
		for (index, message) in attestation.messages.into_iter().enumerate() {
			let index = index as u32;
			// Each message checks before it writes: a rejected one changes nothing.
			if let Err(error) = Self::apply_message(message, at) {
				Self::send(OutboundMessage::Rejected { nonce, index });
				Self::deposit_event(Event::MessageRejected { nonce, index, error });
			}
		}
		LastNonce::<T>::put(attestation.nonce);
		LastAttestation::<T>::put(attestation.timestamp);
		Self::deposit_event(Event::AttestationApplied {
			nonce: attestation.nonce,
			messages: count,
		});
		Ok(())
	}

	fn apply_message(message: RelayMessageOf<T>, at: Moment) -> Result<(), DispatchError> {
		match message {
			RelayMessage::OperatorRegistered { operator, stake } => {
				ensure!(!Operators::<T>::contains_key(&operator), Error::<T>::OperatorExists);
				ensure!(
					Operators::<T>::count() < T::MaxOperators::get(),
					Error::<T>::TooManyOperators
				);
				let total =
					TotalStake::<T>::get().checked_add(stake).ok_or(Error::<T>::StakeOverflow)?;
				Operators::<T>::insert(&operator, Operator { stake, ..Default::default() });
				TotalStake::<T>::put(total);
				Self::deposit_event(Event::OperatorRegistered { operator, stake });
			},
			RelayMessage::StakeChanged { operator, stake } => {
				Operators::<T>::try_mutate(&operator, |o| -> DispatchResult {
					let o = o.as_mut().ok_or(Error::<T>::UnknownOperator)?;
					let total = TotalStake::<T>::get()
						.saturating_sub(o.stake)
						.checked_add(stake)
						.ok_or(Error::<T>::StakeOverflow)?;
					TotalStake::<T>::put(total);
					o.stake = stake;
					Ok(())
				})?;
				Self::deposit_event(Event::StakeChanged { operator, stake });
			},
			RelayMessage::Unbonding { operator, amount, until } => {
				let now = Self::now();
				Operators::<T>::try_mutate(&operator, |o| -> DispatchResult {
					let o = o.as_mut().ok_or(Error::<T>::UnknownOperator)?;
					ensure!(amount <= o.stake, Error::<T>::UnbondingExceedsStake);
					// From the later of the relay's time and Ballast's: an attestation that lands
					// late does not shorten the time the stake stays slashable here.
					ensure!(
						until >= at.max(now).saturating_add(T::UnbondingDelay::get()),
						Error::<T>::UnbondingTooShort
					);
					// What already finished unbonding is no longer slashable.
					let still = if now < o.unbonding_until { o.unbonding } else { 0 };
					o.stake -= amount;
					o.unbonding = still.saturating_add(amount);
					o.unbonding_until = o.unbonding_until.max(until);
					TotalStake::<T>::mutate(|t| *t = t.saturating_sub(amount));
					Ok(())
				})?;
				Self::deposit_event(Event::Unbonding { operator, amount, until });
			},
			RelayMessage::OperatorDeregistered { operator } => {
				let o = Operators::<T>::get(&operator).ok_or(Error::<T>::UnknownOperator)?;
				let pending = SlashSpans::<T>::get(&operator).iter().any(|s| s.pending.is_some());
				ensure!(
					o.slashable(Self::now()) == 0 && !pending,
					Error::<T>::OperatorStillSlashable
				);
				ensure!(
					!Self::is_member(&operator) && !ActiveSet::<T>::get().contains(&operator),
					Error::<T>::OperatorActive
				);
				Self::forget(&operator);
				Self::deposit_event(Event::OperatorDeregistered { operator });
			},
			RelayMessage::AuthoritySetRotated { authorities, threshold } => {
				ensure!(
					Self::threshold_ok(threshold, authorities.len() as u32),
					Error::<T>::InvalidThreshold
				);
				let n = authorities.len() as u32;
				BridgeAuthorities::<T>::put(authorities);
				BridgeThreshold::<T>::put(threshold);
				let set_id = AuthoritySetId::<T>::mutate(|id| {
					*id = id.saturating_add(1);
					*id
				});
				Self::deposit_event(Event::AuthoritySetRotated {
					set_id,
					authorities: n,
					threshold,
				});
			},
		}
		Ok(())
	}

	/// Removes everything kept about an operator that left (its unpaid lease share stays in
	/// the fund for the others).
	fn forget(operator: &T::AccountId) {
		Operators::<T>::remove(operator);
		SlashSpans::<T>::remove(operator);
		LastSubmission::<T>::remove(operator);
		LastFeedBlock::<T>::remove(operator);
		LivenessGap::<T>::remove(operator);
		EraStake::<T>::remove(operator);
		// Bounded: at most one strike record per listed feed.
		let _ = Strikes::<T>::clear_prefix(operator, u32::MAX, None);
		T::Oracle::forget(operator);
	}
}
