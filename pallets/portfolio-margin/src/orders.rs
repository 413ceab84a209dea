//! Peer-to-peer trades: two orders signed off-chain by their owners, matched on chain by
//! either owner or any relayer. An order may fill in parts up to its size; fills are counted
//! per (owner, nonce) until the order expires, so a replay, an expired order or an over-fill
//! is refused. An owner cancels by nonce.

use crate::{pallet::*, types::*};
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, PriceFeed},
};
use codec::Encode;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Verify, Zero};

/// The domain tag every signed order starts with.
pub const ORDER_DOMAIN: [u8; 16] = *b"ballast/order/v1";

impl<T: Config> Pallet<T> {
	/// The bytes an owner signs for `order`: the domain tag, this chain's genesis hash and the
	/// SCALE-encoded order, so that a signature is valid for this order on this chain only.
	pub fn order_payload(order: &Order<T::AccountId>) -> alloc::vec::Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(ORDER_DOMAIN, genesis, order).encode()
	}

	fn check_order(signed: &SignedOrder<T::AccountId, T::OrderSignature>) -> DispatchResult {
		let order = &signed.order;
		let now = T::PriceFeed::now();
		ensure!(now <= order.expiry, Error::<T>::OrderExpired);
		ensure!(
			order.expiry <= now.saturating_add(T::MaxOrderLifetime::get()),
			Error::<T>::OrderExpiryTooFar
		);
		ensure!(order.size.0 != 0, Error::<T>::ZeroSize);
		ensure!(
			signed.signature.verify(&Self::order_payload(order)[..], &order.owner),
			Error::<T>::BadSignature
		);
		Ok(())
	}

	/// Adds `fill` to what the order has filled; fails past its size.
	fn record_fill(order: &Order<T::AccountId>, fill: Fixed18) -> DispatchResult {
		let key = (order.owner.clone(), order.nonce);
		let filled = Filled::<T>::get(&key).map(|(f, _)| f).unwrap_or(Fixed18::ZERO);
		// A cancelled order is filled to `i128::MAX`: saturate rather than overflow.
		let total = Fixed18(filled.0.saturating_add(fill.0));
		ensure!(total.0 <= order.size.0.abs(), Error::<T>::OrderOverfilled);
		Filled::<T>::insert(&key, (total, order.expiry));
		Ok(())
	}

	pub(crate) fn do_match_orders(
		maker: SignedOrder<T::AccountId, T::OrderSignature>,
		taker: SignedOrder<T::AccountId, T::OrderSignature>,
		fill: Fixed18,
	) -> DispatchResult {
		ensure!(fill.0 > 0, Error::<T>::ZeroSize);
		Self::check_order(&maker)?;
		Self::check_order(&taker)?;
		let (m, t) = (&maker.order, &taker.order);
		ensure!(
			m.instrument == t.instrument && (m.size.0 > 0) != (t.size.0 > 0),
			Error::<T>::OrdersDoNotMatch
		);
		ensure!((&m.owner, m.sub) != (&t.owner, t.sub), Error::<T>::SelfTrade);
		let vault = T::VaultAccount::get();
		ensure!(m.owner != vault && t.owner != vault, Error::<T>::VaultCannotTrade);
		let (buy, sell) = if m.size.0 > 0 { (m, t) } else { (t, m) };
		ensure!(buy.price >= sell.price, Error::<T>::PricesDoNotCross);
		let instrument = Self::live(m.instrument)?;
		let params =
			Underlyings::<T>::get(instrument.underlying).ok_or(Error::<T>::UnknownUnderlying)?;
		ensure!(params.trading_enabled, Error::<T>::TradingDisabled);
		Self::ensure_may_trade(&buy.owner, buy.sub, m.instrument, instrument.underlying, fill)?;
		let sold = Fixed18(-fill.0);
		Self::ensure_may_trade(&sell.owner, sell.sub, m.instrument, instrument.underlying, sold)?;
		let (_, spot) = Self::risk(m.instrument, &instrument, true)?;
		Self::record_fill(m, fill)?;
		Self::record_fill(t, fill)?;
		// The maker's price; the taker pays the taker fee.
		let price = m.price;
		let funding = Self::accrue_funding(m.instrument, &instrument, spot)?.index;
		Self::fill(&buy.owner, buy.sub, m.instrument, fill, price, funding)?;
		Self::fill(&sell.owner, sell.sub, m.instrument, Fixed18(-fill.0), price, funding)?;
		let fee = params
			.taker_fee
			.checked_mul(spot)
			.and_then(|f| f.checked_mul(fill))
			.map_err(|_| Error::<T>::Overflow)?;
		if fee.0 > 0 {
			T::Ledger::charge_fee(&t.owner, t.sub, fee.0 as u128)?;
		}
		Self::ensure_initial_margin(&m.owner, m.sub)?;
		Self::ensure_initial_margin(&t.owner, t.sub)?;
		Self::deposit_event(Event::OrdersMatched {
			maker: (m.owner.clone(), m.sub, m.nonce),
			taker: (t.owner.clone(), t.sub, t.nonce),
			instrument: m.instrument,
			size: if m.size.0 > 0 { fill } else { Fixed18(-fill.0) },
			price,
			fee,
		});
		Ok(())
	}

	pub(crate) fn do_cancel_order(
		who: &T::AccountId,
		nonce: u64,
		expiry: ballast_primitives::Moment,
	) -> DispatchResult {
		let now = T::PriceFeed::now();
		ensure!(now <= expiry, Error::<T>::OrderExpired);
		ensure!(
			expiry <= now.saturating_add(T::MaxOrderLifetime::get()),
			Error::<T>::OrderExpiryTooFar
		);
		// Filled to the largest size: nothing more can fill under this nonce.
		Filled::<T>::insert((who.clone(), nonce), (Fixed18(i128::MAX), expiry));
		Self::deposit_event(Event::OrderCancelled { who: who.clone(), nonce });
		Ok(())
	}

	/// Forgets the fills of expired orders (their expiry already refuses them); returns how
	/// many were removed.
	pub(crate) fn do_prune_orders(keys: &[(T::AccountId, u64)]) -> u32 {
		let now = T::PriceFeed::now();
		let mut removed = 0;
		for key in keys {
			if Filled::<T>::get(key).is_some_and(|(_, expiry)| expiry < now) {
				Filled::<T>::remove(key);
				removed += 1;
			}
		}
		removed
	}
}
