//! Aave, November 2022: an attacker deposited about $60M of CRV as collateral, borrowed
//! stablecoins against it and shorted CRV; the position was too large a share of CRV's market
//! to liquidate, and Aave kept $1.6M of bad debt.
//!
//! On Ballast no collateral asset may exceed its concentration cap (40% of the pool's value
//! for WETH) nor an account its per-asset cap: Eve, given 5,000 WETH (15,000,000 at 3,000),
//! cannot deposit it — the deposit is refused and the pool holds what it held — while a
//! deposit within the caps goes through.

use crate::common::*;
use ballast_runtime::RuntimeOrigin;
use frame_support::traits::fungible::NativeOrWithId;

#[test]
fn collateral_too_large_to_liquidate_is_refused() {
	let mut w = World::new();
	run(&mut w, &[next()]);
	w.execute(|| {
		let (eve, sub) = sub1(EVE);
		let weth = NativeOrWithId::WithId(2u32);
		let alice = RuntimeOrigin::signed(id(0).clone());
		frame_support::assert_ok!(ballast_runtime::Assets::mint(
			alice,
			2u32.into(),
			eve.clone().into(),
			5_000 * E18
		));
		let held = pallet_shared_collateral::Deposits::<Runtime>::get((&eve, sub), &weth);
		let deposit = |amount: u128| {
			pallet_shared_collateral::Pallet::<Runtime>::deposit(
				RuntimeOrigin::signed(eve.clone()),
				sub,
				weth.clone(),
				amount,
			)
		};
		let refused = deposit(5_000 * E18).unwrap_err();
		let caps: [sp_runtime::DispatchError; 2] = [
			pallet_shared_collateral::Error::<Runtime>::ConcentrationCapExceeded.into(),
			pallet_shared_collateral::Error::<Runtime>::AccountCapExceeded.into(),
		];
		assert!(caps.contains(&refused), "{refused:?}");
		assert_eq!(pallet_shared_collateral::Deposits::<Runtime>::get((&eve, sub), &weth), held);
		frame_support::assert_ok!(deposit(10 * E18));
		assert_eq!(
			pallet_shared_collateral::Deposits::<Runtime>::get((&eve, sub), &weth),
			held + 10 * E18
		);
	});
}
