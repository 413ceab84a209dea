//! The keeper: validators' offchain worker finds liquidatable subaccounts and submits `keeper` transactions signed with their keeper key,
//! which `authorize` checks before they enter the pool: a current keeper's valid signature
//! of a recent block, within the keeper's per-block allowance, for an action that is due.

use crate::{pallet::*, types::*, WeightInfo, KEEPER_TAG};
use alloc::vec::Vec;
use ballast_primitives::traits::PositionBook;
use codec::Encode;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::{offchain::SubmitTransaction, pallet_prelude::BlockNumberFor};
use sp_runtime::{
	traits::Saturating,
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityWithRefund, ValidTransaction,
	},
	RuntimeAppPublic,
};

/// How many blocks a keeper transaction stays valid.
pub const KEEPER_LONGEVITY: u32 = 4;
/// The log target of the keeper (`-l keeper=debug` shows its scans and submissions).
pub const KEEPER_LOG: &str = "keeper";
/// Subaccounts the offchain worker values per block.
pub const SCAN_PER_BLOCK: u32 = 512;

impl<T: Config> Pallet<T> {
	/// What a keeper signs.
	pub fn keeper_payload(action: &KeeperActionOf<T>, at: BlockNumberFor<T>) -> Vec<u8> {
		(KEEPER_TAG, action, at).encode()
	}

	pub(crate) fn keeper_weight(action: &KeeperActionOf<T>) -> Weight {
		match action {
			KeeperAction::Liquidate(..) => T::WeightInfo::liquidate(T::MaxPositions::get()),
		}
	}

	pub(crate) fn use_keeper_slot(keeper: &T::KeeperId) {
		let now = frame_system::Pallet::<T>::block_number();
		KeeperUsage::<T>::mutate(keeper, |(block, count)| {
			if *block != now {
				*block = now;
				*count = 0;
			}
			*count = count.saturating_add(1);
		});
	}

	/// `authorize` of the `keeper` call.
	pub(crate) fn authorize_keeper(
		_source: TransactionSource,
		action: &KeeperActionOf<T>,
		keeper: &T::KeeperId,
		at: &BlockNumberFor<T>,
		signature: &T::KeeperSignature,
	) -> TransactionValidityWithRefund {
		let bad = |e: InvalidTransaction| Err(e.into());
		let now = frame_system::Pallet::<T>::block_number();
		if *at > now || now.saturating_sub(*at) > KEEPER_LONGEVITY.into() {
			return bad(InvalidTransaction::Stale);
		}
		if !T::Keepers::get().contains(keeper) {
			return bad(InvalidTransaction::BadSigner);
		}
		if !keeper.verify(&Self::keeper_payload(action, *at), signature) {
			return bad(InvalidTransaction::BadProof);
		}
		let (block, count) = KeeperUsage::<T>::get(keeper);
		if block == now && count >= Params::<T>::get().keeper_calls_per_block {
			return bad(InvalidTransaction::ExhaustsResources);
		}
		let target = match action {
			KeeperAction::Liquidate(who, sub) => {
				let key = (who.clone(), *sub);
				if Auctions::<T>::contains_key(&key) || Flagged::<T>::contains_key(&key) {
					return bad(InvalidTransaction::Stale);
				}
				if Self::ensure_liquidatable(&key).is_err() {
					return bad(InvalidTransaction::Call);
				}
				key
			},
		};
		let valid = ValidTransaction::with_tag_prefix("BallastKeeper")
			.priority(TransactionPriority::MAX / 2)
			.and_provides(target)
			.longevity(KEEPER_LONGEVITY.into())
			.propagate(true)
			.build()?;
		Ok((valid, Weight::zero()))
	}

	/// The offchain worker: with a keeper key in the node's keystore, scan the next slice of
	/// the position book and submit what is due.
	pub(crate) fn run_keeper(n: BlockNumberFor<T>) {
		if !sp_io::offchain::is_validator() {
			return;
		}
		let keepers = T::Keepers::get();
		let Some(key) = T::KeeperId::all().into_iter().find(|k| keepers.contains(k)) else {
			return;
		};
		let mut budget = Params::<T>::get().keeper_calls_per_block;
		// Liquidatable subaccounts, resuming the scan where the last block left it.
		let cursor = sp_runtime::offchain::storage::StorageValueRef::persistent(
			b"ballast/liquidation/cursor",
		);
		let after = cursor.get::<Vec<u8>>().ok().flatten().filter(|k| !k.is_empty());
		let (holders, next) = T::Book::holders(after, SCAN_PER_BLOCK);
		cursor.set(&next.unwrap_or_default());
		let vault = T::Book::vault();
		let (scanned, mut submitted, mut failed) = (holders.len(), 0u32, 0u32);
		for who in holders {
			if budget == 0 {
				log::debug!(target: KEEPER_LOG, "block {n:?}: keeper allowance used up, the rest waits");
				break;
			}
			if who == vault || Auctions::<T>::contains_key(&who) || Flagged::<T>::contains_key(&who)
			{
				continue;
			}
			match Self::ensure_liquidatable(&who) {
				Ok(risk) => {
					let health = risk.health_ratio();
					if Self::submit(&key, KeeperAction::Liquidate(who.0.clone(), who.1), n) {
						log::debug!(target: KEEPER_LOG, "block {n:?}: liquidate {who:?} (health {health:?}) submitted");
						budget -= 1;
						submitted += 1;
					} else {
						log::warn!(target: KEEPER_LOG, "block {n:?}: liquidate {who:?} not accepted by the pool (invalid, stale or a duplicate)");
						failed += 1;
					}
				},
				Err(e) if e == Error::<T>::Healthy.into() || e == Error::<T>::NoPositions.into() => {},
				Err(e) => log::debug!(target: KEEPER_LOG, "block {n:?}: {who:?} not valued now: {e:?}"),
			}
		}
		log::debug!(
			target: KEEPER_LOG,
			"block {n:?}: scanned {scanned} subaccounts, submitted {submitted}, refused {failed}"
		);
	}

	fn submit(key: &T::KeeperId, action: KeeperActionOf<T>, at: BlockNumberFor<T>) -> bool {
		let Some(signature) = key.sign(&Self::keeper_payload(&action, at)) else {
			return false;
		};
		let call = Call::<T>::keeper { action, keeper: key.clone(), at, signature };
		let xt = T::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt).is_ok()
	}
}
