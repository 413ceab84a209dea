//! The keeper: validators' offchain worker finds liquidatable subaccounts and submits `keeper` transactions signed with their keeper key,
//! which `authorize` checks before they enter the pool: a current keeper's valid signature
//! of a recent block, within the keeper's per-block allowance, for an action that is due.

use crate::{pallet::*, types::*, WeightInfo, KEEPER_TAG};
use alloc::vec::Vec;
use ballast_primitives::{
	risk::AccountRisk,
	traits::{CollateralLedger, PositionBook},
};
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
/// Subaccounts the offchain worker values per block at most: every holder of a position up to
/// this many, in pages of [`SCAN_PAGE`], while [`KEEPER_TIME_MS`] last (a larger book is
/// scanned over several blocks, resuming where the last one stopped). What a page costs is
/// measured by the `keeper_scan` benchmark: see `benchmarks/RESULTS.md`.
pub const SCAN_PER_BLOCK: u32 = 16_384;
/// Holders valued per page of the keeper's scan.
pub const SCAN_PAGE: u32 = 1_024;
/// The keeper starts no new page after this long (ms) in a block: half a 6 s block.
pub const KEEPER_TIME_MS: u64 = 3_000;

/// What one keeper scan found.
pub struct Scan<AccountId> {
	/// Liquidatable subaccounts, not yet in an auction or queued, worst health first.
	pub due: Vec<((AccountId, ballast_primitives::traits::SubaccountId), AccountRisk)>,
	/// Subaccounts valued.
	pub scanned: u32,
	/// Subaccounts that could not be valued now (a stale price), with why.
	pub unvalued: Vec<((AccountId, ballast_primitives::traits::SubaccountId), DispatchError)>,
	/// Where the next scan resumes (`None`: from the start).
	pub next: Option<Vec<u8>>,
}

impl<AccountId> Scan<AccountId> {
	/// Adds what another page of the scan found.
	fn absorb(&mut self, page: Scan<AccountId>) {
		self.due.extend(page.due);
		self.unvalued.extend(page.unvalued);
		self.scanned = self.scanned.saturating_add(page.scanned);
	}
}

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

	/// Values up to `limit` holders from `after` and returns the liquidatable ones, worst
	/// health first. Reads only; the keeper's whole scan of a block.
	pub fn scan_holders(after: Option<Vec<u8>>, limit: u32) -> Scan<T::AccountId> {
		let (holders, next) = T::Book::holders(after, limit);
		Self::scan(holders, next, |_| true)
	}

	/// Values up to `limit` debtors from `after` that hold no position (holders are valued by
	/// [`Self::scan_holders`]) and returns those with debt no collateral backs and not yet
	/// recorded as bad debt (a debt partly backed waits for `collect_debt` to sell it).
	pub fn scan_debtors(after: Option<Vec<u8>>, limit: u32) -> Scan<T::AccountId> {
		let (debtors, next) = T::Ledger::debtors(after, limit);
		Self::scan(debtors, next, |who| T::Book::positions_of(&Self::holder(who)) == 0)
	}

	/// Values the subaccounts `subs` that `include` admits and returns the liquidatable ones,
	/// worst health first.
	fn scan(
		subs: Vec<Sub<T>>,
		next: Option<Vec<u8>>,
		include: impl Fn(&Sub<T>) -> bool,
	) -> Scan<T::AccountId> {
		let mut scan = Scan { due: Vec::new(), scanned: 0, unvalued: Vec::new(), next };
		for who in subs {
			if Auctions::<T>::contains_key(&who)
				|| Flagged::<T>::contains_key(&who)
				|| !include(&who)
			{
				continue;
			}
			scan.scanned += 1;
			match Self::ensure_liquidatable(&who) {
				Ok(risk) => scan.due.push((who, risk)),
				Err(e)
					if e == Error::<T>::Healthy.into()
						|| e == Error::<T>::NoPositions.into()
						|| e == Error::<T>::DebtCollectable.into()
						|| e == Error::<T>::NothingToCover.into() => {},
				Err(e) => scan.unvalued.push((who, e)),
			}
		}
		scan.due.sort_by_key(|(_, risk)| risk.health_ratio());
		scan
	}

	/// The offchain worker: with a keeper key in the node's keystore, value every holder of a
	/// position (up to [`SCAN_PER_BLOCK`]) and a page of the debtors without positions, and
	/// submit liquidations of the worst holders first, then the debtors, within the keeper's
	/// per-block allowance; the rest are found again next block.
	pub(crate) fn run_keeper(n: BlockNumberFor<T>) {
		if !sp_io::offchain::is_validator() {
			return;
		}
		let keepers = T::Keepers::get();
		let Some(key) = T::KeeperId::all().into_iter().find(|k| keepers.contains(k)) else {
			return;
		};
		let budget = Params::<T>::get().keeper_calls_per_block;
		// Resume where the last block stopped if the book is larger than one scan.
		let cursor = sp_runtime::offchain::storage::StorageValueRef::persistent(
			b"ballast/liquidation/cursor",
		);
		let mut after = cursor.get::<Vec<u8>>().ok().flatten().filter(|k| !k.is_empty());
		let started = sp_io::offchain::timestamp();
		let mut scan = Scan { due: Vec::new(), scanned: 0, unvalued: Vec::new(), next: None };
		loop {
			let page = Self::scan_holders(after, SCAN_PAGE);
			after = page.next.clone();
			scan.absorb(page);
			let elapsed = sp_io::offchain::timestamp().diff(&started).millis();
			if after.is_none() || scan.scanned >= SCAN_PER_BLOCK || elapsed >= KEEPER_TIME_MS {
				break;
			}
		}
		if after.is_some() {
			log::debug!(target: KEEPER_LOG, "block {n:?}: the book is larger than one block's scan; the next block goes on from here");
		}
		cursor.set(&after.unwrap_or_default());
		scan.due.sort_by_key(|(_, risk)| risk.health_ratio());
		// One page of debtors a block, from where the last block stopped, after every holder
		// (a debt to cover waits; an unhealthy position may not).
		let debtors = sp_runtime::offchain::storage::StorageValueRef::persistent(
			b"ballast/liquidation/debtors",
		);
		let from = debtors.get::<Vec<u8>>().ok().flatten().filter(|k| !k.is_empty());
		let page = Self::scan_debtors(from, SCAN_PAGE);
		debtors.set(&page.next.clone().unwrap_or_default());
		scan.absorb(page);
		for (who, e) in &scan.unvalued {
			log::debug!(target: KEEPER_LOG, "block {n:?}: {who:?} not valued now: {e:?}");
		}
		let (mut submitted, mut failed) = (0u32, 0u32);
		let waiting = scan.due.len().saturating_sub(budget as usize);
		for (who, risk) in scan.due.into_iter().take(budget as usize) {
			let health = risk.health_ratio();
			if Self::submit(&key, KeeperAction::Liquidate(who.0.clone(), who.1), n) {
				log::debug!(target: KEEPER_LOG, "block {n:?}: liquidate {who:?} (health {health:?}) submitted");
				submitted += 1;
			} else {
				log::warn!(target: KEEPER_LOG, "block {n:?}: liquidate {who:?} not accepted by the pool (invalid, stale or a duplicate)");
				failed += 1;
			}
		}
		if waiting > 0 {
			log::debug!(target: KEEPER_LOG, "block {n:?}: keeper allowance used up, {waiting} liquidatable subaccounts wait for the next block");
		}
		log::debug!(
			target: KEEPER_LOG,
			"block {n:?}: scanned {} subaccounts, submitted {submitted}, refused {failed}, not valued {}",
			scan.scanned,
			scan.unvalued.len()
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
