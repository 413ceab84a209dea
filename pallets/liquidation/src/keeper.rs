//! The keeper: validators' offchain worker finds liquidatable subaccounts (and bankrupt lots
//! that need deleveraging) and submits `keeper` transactions signed with their keeper key,
//! which `authorize` checks before they enter the pool: a current keeper's valid signature
//! of a recent block, within the keeper's per-block allowance, for an action that is due.

use crate::{math, pallet::*, types::*, WeightInfo, KEEPER_TAG};
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
			KeeperAction::Deleverage(_, _, c) => {
				T::WeightInfo::deleverage(c.len() as u32, T::MaxPositions::get())
			},
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
			KeeperAction::Deleverage(who, sub, _) => {
				let key = (who.clone(), *sub);
				match Auctions::<T>::get(&key) {
					Some(a) if Self::at_floor(&a) && Self::needs_deleveraging(&key, &a) => key,
					_ => return bad(InvalidTransaction::Call),
				}
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

	/// Whether the account's shortfall at mark exceeds what the backstops can absorb.
	fn needs_deleveraging(
		who: &Sub<T>,
		auction: &crate::Auction<T::AccountId, BlockNumberFor<T>>,
	) -> bool {
		!auction.covering && Self::shortfall(who).is_ok_and(|owed| owed > Self::backstops())
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
		// Bankrupt lots at their floor first: deleveraging needs the whole book's candidates.
		for (who, auction) in Auctions::<T>::iter() {
			if budget == 0 {
				return;
			}
			if !Self::at_floor(&auction) || !Self::needs_deleveraging(&who, &auction) {
				continue;
			}
			let candidates = Self::keeper_candidates(&who);
			if candidates.is_empty() {
				continue;
			}
			let action = KeeperAction::Deleverage(who.0, who.1, candidates);
			if Self::submit(&key, action, n) {
				budget -= 1;
			}
		}
		// Then liquidatable subaccounts, resuming the scan where the last block left it.
		let cursor = sp_runtime::offchain::storage::StorageValueRef::persistent(
			b"ballast/liquidation/cursor",
		);
		let after = cursor.get::<Vec<u8>>().ok().flatten().filter(|k| !k.is_empty());
		let (holders, next) = T::Book::holders(after, SCAN_PER_BLOCK);
		cursor.set(&next.unwrap_or_default());
		let vault = T::Book::vault();
		for who in holders {
			if budget == 0 {
				break;
			}
			if who == vault || Auctions::<T>::contains_key(&who) || Flagged::<T>::contains_key(&who)
			{
				continue;
			}
			if Self::ensure_liquidatable(&who).is_ok()
				&& Self::submit(&key, KeeperAction::Liquidate(who.0, who.1), n)
			{
				budget -= 1;
			}
		}
	}

	fn submit(key: &T::KeeperId, action: KeeperActionOf<T>, at: BlockNumberFor<T>) -> bool {
		let Some(signature) = key.sign(&Self::keeper_payload(&action, at)) else {
			return false;
		};
		let call = Call::<T>::keeper { action, keeper: key.clone(), at, signature };
		let xt = T::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt).is_ok()
	}

	/// Offchain: the counterparties of a bankrupt subaccount's positions, best score first
	/// (the chain ranks them again), at most `MaxCandidates`.
	fn keeper_candidates(who: &Sub<T>) -> Candidates<T> {
		let Some(bankrupt) = T::Book::exposures(&who.0, who.1) else {
			return Default::default();
		};
		let p = Params::<T>::get();
		let vault = T::Book::vault();
		let mut scored: Vec<(i128, Sub<T>)> = Vec::new();
		let mut after = None;
		loop {
			let (holders, next) = T::Book::holders(after, SCAN_PER_BLOCK);
			for h in holders {
				if h == *who || h == vault {
					continue;
				}
				let Some(exposures) = T::Book::exposures(&h.0, h.1) else { continue };
				if let Some(score) = math::counterparty_score(
					&bankrupt,
					&exposures,
					p.adl_price_shock,
					p.adl_vol_shock,
				) {
					scored.push((score, h));
				}
			}
			if next.is_none() {
				break;
			}
			after = next;
		}
		scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.encode().cmp(&b.1.encode())));
		let best: Vec<Sub<T>> = scored
			.into_iter()
			.take(T::MaxCandidates::get() as usize)
			.map(|(_, h)| h)
			.collect();
		BoundedVec::truncate_from(best)
	}
}
