//! Peer-to-peer trades: two orders signed off-chain by their owners, matched on chain by
//! either owner or any relayer.
//!
//! The rules, all read from the orders themselves, never from who submits them or in which
//! argument order:
//! - An order is valid from `placed_at` to `expiry`, a span of at most `MaxOrderLifetime`;
//!   its size is non-zero and at most the underlying's `max_size`; its price is in
//!   (0, [`MAX_PRICE`]]; its subaccount is one the ledger keeps; its owner is not the vault.
//! - The fill is at the price of the order placed first (on a tie, the sell order): the
//!   maker's. The price must lie within the underlying's band around mark, so a cross cannot
//!   move value at an arbitrary price.
//! - The taker fee is split evenly between the two sides. `placed_at` is signed by each owner
//!   and the chain cannot tell which order rested, so no role may cost more than the other:
//!   an order that claims to be older only fills at its own limit, which the other order
//!   accepted, and saves no fee.
//! - Two orders of one owner never match (not even from two subaccounts): a trade with oneself
//!   moves no risk, only unrealized profit into realized profit and open interest up.
//! - Fills are counted per order ([`OrderId`], the hash of the whole order) until the order's
//!   own expiry; a cancellation is a fill of the whole size. A record is pruned only after the
//!   order's expiry, when the expiry alone refuses it: a cancelled or filled order never fills
//!   again, whatever is pruned.

use crate::{pallet::*, types::*};
use ballast_primitives::{
	fixed::Fixed18,
	traits::{CollateralLedger, Holder, PriceFeed},
};
use codec::Encode;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Verify, Zero};

/// The domain tag every signed order starts with.
pub const ORDER_DOMAIN: [u8; 16] = *b"ballast/order/v2";

impl<T: Config> Pallet<T> {
	/// The bytes an owner signs for `order`: the domain tag, this chain's genesis hash and the
	/// SCALE-encoded order, so that a signature is valid for this order on this chain only.
	pub fn order_payload(order: &Order<T::AccountId>) -> alloc::vec::Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(ORDER_DOMAIN, genesis, order).encode()
	}

	/// The order's id: BLAKE2-256 of its SCALE encoding.
	pub fn order_id(order: &Order<T::AccountId>) -> OrderId {
		frame_support::Hashable::blake2_256(order)
	}

	/// The checks on an order's own fields that hold whenever it may fill: its time window
	/// (now), size, price, subaccount and owner.
	fn check_fields(order: &Order<T::AccountId>, max_size: Fixed18) -> DispatchResult {
		let now = T::PriceFeed::now();
		ensure!(order.placed_at <= now, Error::<T>::OrderNotPlaced);
		Self::ensure_unexpired(order, now)?;
		ensure!(!order.size.is_zero(), Error::<T>::ZeroSize);
		ensure!(order.size.checked_abs().is_ok_and(|s| s <= max_size), Error::<T>::SizeTooLarge);
		ensure!(order.price.is_positive() && order.price <= MAX_PRICE, Error::<T>::InvalidPrice);
		ensure!(T::Ledger::accepts_subaccount(order.sub), Error::<T>::InvalidSubaccount);
		Ok(())
	}

	/// The order's time window has not ended at `now` and spans at most `MaxOrderLifetime`,
	/// which bounds how long its record is kept.
	fn ensure_unexpired(
		order: &Order<T::AccountId>,
		now: ballast_primitives::Moment,
	) -> DispatchResult {
		ensure!(now <= order.expiry, Error::<T>::OrderExpired);
		ensure!(
			order.expiry.saturating_sub(order.placed_at) <= T::MaxOrderLifetime::get(),
			Error::<T>::OrderExpiryTooFar
		);
		Ok(())
	}

	fn check_signature(signed: &SignedOrder<T::AccountId, T::OrderSignature>) -> DispatchResult {
		let order = &signed.order;
		ensure!(
			signed.signature.verify(&Self::order_payload(order)[..], &order.owner),
			Error::<T>::BadSignature
		);
		Ok(())
	}

	/// Adds `fill` to what the order has filled; fails past its size. The record lives until
	/// the order's expiry.
	fn record_fill(order: &Order<T::AccountId>, fill: Fixed18) -> DispatchResult {
		let id = Self::order_id(order);
		let filled = Filled::<T>::get(id).map(|(f, _)| f).unwrap_or(Fixed18::ZERO);
		let total = filled.checked_add(fill)?;
		ensure!(total <= order.size.checked_abs()?, Error::<T>::OrderOverfilled);
		Filled::<T>::insert(id, (total, order.expiry));
		Ok(())
	}

	/// Which of two crossing orders is the maker: the one placed first; on a tie, the sell.
	fn is_maker(a: &Order<T::AccountId>, b: &Order<T::AccountId>) -> bool {
		a.placed_at < b.placed_at || (a.placed_at == b.placed_at && a.size.is_negative())
	}

	pub(crate) fn do_match_orders(
		first: SignedOrder<T::AccountId, T::OrderSignature>,
		second: SignedOrder<T::AccountId, T::OrderSignature>,
		fill: Fixed18,
	) -> DispatchResult {
		ensure!(fill.is_positive(), Error::<T>::ZeroSize);
		let (a, b) = (&first.order, &second.order);
		ensure!(
			a.instrument == b.instrument && a.size.is_positive() != b.size.is_positive(),
			Error::<T>::OrdersDoNotMatch
		);
		ensure!(a.owner != b.owner, Error::<T>::SelfTrade);
		let (instrument, params) = Self::live(a.instrument)?;
		Self::check_fields(a, params.max_size)?;
		Self::check_fields(b, params.max_size)?;
		Self::check_signature(&first)?;
		Self::check_signature(&second)?;
		let (maker, taker) = if Self::is_maker(a, b) { (a, b) } else { (b, a) };
		let (buy, sell) = if maker.size.is_positive() { (maker, taker) } else { (taker, maker) };
		ensure!(buy.price >= sell.price, Error::<T>::PricesDoNotCross);
		ensure!(params.trading_enabled, Error::<T>::TradingDisabled);
		let sold = fill.checked_neg()?;
		Self::ensure_may_trade(&buy.owner, buy.sub, a.instrument, &instrument, &params, fill)?;
		Self::ensure_may_trade(&sell.owner, sell.sub, a.instrument, &instrument, &params, sold)?;
		let (risk, spot) = Self::risk(a.instrument, &instrument, true)?;
		let maker_before = Self::risk_before(&maker.owner, maker.sub)?;
		let taker_before = Self::risk_before(&taker.owner, taker.sub)?;
		let price = maker.price;
		Self::ensure_in_band(price, risk.mark.price, spot, &params)?;
		Self::record_fill(maker, fill)?;
		Self::record_fill(taker, fill)?;
		let funding = Self::accrue_funding(a.instrument, &instrument, spot)?.index;
		Self::fill(
			&Holder::Account(buy.owner.clone(), buy.sub),
			a.instrument,
			fill,
			price,
			funding,
		)?;
		Self::fill(
			&Holder::Account(sell.owner.clone(), sell.sub),
			a.instrument,
			sold,
			price,
			funding,
		)?;
		Self::remeasure_delta(a.instrument, &instrument, Some(risk.mark.delta))?;
		let fee = params.taker_fee.checked_mul(spot)?.checked_mul(fill)?;
		let maker_half = fee.0.unsigned_abs() / 2;
		let taker_half = fee.0.unsigned_abs() - maker_half;
		for (who, sub, half) in [(maker, maker.sub, maker_half), (taker, taker.sub, taker_half)]
			.map(|(o, s, h)| (&o.owner, s, h))
		{
			if half > 0 {
				T::Ledger::charge_fee(who, sub, half)?;
			}
		}
		Self::ensure_trade_margin(&maker.owner, maker.sub, maker_before)?;
		Self::ensure_trade_margin(&taker.owner, taker.sub, taker_before)?;
		Self::deposit_event(Event::OrdersMatched {
			maker: (maker.owner.clone(), maker.sub, maker.nonce),
			taker: (taker.owner.clone(), taker.sub, taker.nonce),
			instrument: a.instrument,
			size: if maker.size.is_positive() { fill } else { sold },
			price,
			fee,
		});
		Ok(())
	}

	/// Fails unless `price` lies within the underlying's band around `mark`: at most
	/// `price_band` × mark away, or the vault's base half-spread (`vault_spread` × spot) if that
	/// is wider, so that every price the vault itself would quote at no exposure is inside.
	pub(crate) fn ensure_in_band(
		price: Fixed18,
		mark: Fixed18,
		spot: Fixed18,
		params: &UnderlyingParams,
	) -> DispatchResult {
		let tolerance =
			params.price_band.checked_mul(mark)?.max(params.vault_spread.checked_mul(spot)?);
		let distance = price.checked_sub(mark)?.checked_abs()?;
		ensure!(distance <= tolerance, Error::<T>::PriceOutsideBand);
		Ok(())
	}

	/// Cancels `order`: it is recorded as filled to its whole size until its expiry.
	pub(crate) fn do_cancel_order(
		who: &T::AccountId,
		order: &Order<T::AccountId>,
	) -> DispatchResult {
		ensure!(*who == order.owner, Error::<T>::NotOrderOwner);
		Self::ensure_unexpired(order, T::PriceFeed::now())?;
		let whole = order.size.checked_abs()?;
		let id = Self::order_id(order);
		Filled::<T>::insert(id, (whole, order.expiry));
		Self::deposit_event(Event::OrderCancelled { who: who.clone(), nonce: order.nonce, id });
		Ok(())
	}

	/// Forgets the records of orders past their expiry (which alone refuses them now); returns
	/// how many were removed.
	pub(crate) fn do_prune_orders(ids: &[OrderId]) -> u32 {
		let now = T::PriceFeed::now();
		let mut removed = 0;
		for id in ids {
			if Filled::<T>::get(id).is_some_and(|(_, expiry)| expiry < now) {
				Filled::<T>::remove(id);
				removed += 1;
			}
		}
		removed
	}
}
