//! Lease fees: paid each era to the active operators pro rata to stake, as outbound rewards.

use super::*;

fn rewards(n: u64) -> Vec<(AccountId, u128, u32)> {
	outbound(n)
		.into_iter()
		.filter_map(|m| match m {
			OutboundMessage::Reward { operator, amount, era } => Some((operator, amount, era)),
			_ => None,
		})
		.collect()
}

#[test]
fn the_lease_fund_is_paid_each_era_to_the_active_operators_pro_rata_to_stake() {
	build_and_execute(|| {
		start_session(0);
		// Fees set aside during era 0 (sessions 0, 1, 2): 100 USDC and a third of a unit.
		set_lease_fund(100 * E18 + UNIT / 3);
		for session in 1..3 {
			start_session(session);
			assert_eq!(escrow(), 0, "nothing is paid before the era ends");
		}
		start_session(3);
		next_block();
		// Active stakes 4,000 : 3,000 : 2,000 (operator 4 never opted in).
		let paid = rewards(1);
		assert_eq!(
			paid,
			vec![(1, 44_444_444 * UNIT, 0), (2, 33_333_333 * UNIT, 0), (3, 22_222_222 * UNIT, 0)]
		);
		let total: u128 = paid.iter().map(|(_, a, _)| a).sum();
		assert_eq!(escrow(), total);
		assert_eq!(LeasePaid::<Test>::get(), total);
		// Rounding leaves a few units (and the third of one) for the next era.
		assert_eq!(
			<Lease as ballast_primitives::traits::LeaseFund>::lease_balance(),
			100 * E18 + UNIT / 3 - total
		);
		System::assert_has_event(
			Event::LeaseDistributed { era: 0, operators: 3, amount: total }.into(),
		);
	});
}

#[test]
fn an_empty_lease_fund_sends_nothing_and_a_later_era_pays_what_arrived() {
	build_and_execute(|| {
		start_session(0);
		for session in 1..=3 {
			start_session(session);
		}
		next_block();
		assert!(rewards(1).is_empty());
		assert_eq!(LeasePaid::<Test>::get(), 0);
		// Operator 3 withdraws to 1,000 on the relay during era 1: era 1's fees follow the
		// stake at the era's end.
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(3, 1_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		set_lease_fund(80 * E18);
		for session in 4..=6 {
			start_session(session);
		}
		next_block();
		assert_eq!(rewards(2), vec![(1, 40 * E18, 1), (2, 30 * E18, 1), (3, 10 * E18, 1)]);
		assert_eq!(escrow(), 80 * E18);
	});
}

#[test]
fn pro_rata_never_pays_more_than_the_pot() {
	let stakes = [(1u64, 1u128), (2, 1), (3, 1)];
	let shares = crate::lease::pro_rata(100, &stakes);
	assert_eq!(shares, vec![(1, 33), (2, 33), (3, 33)]);
	assert!(crate::lease::pro_rata(100, &[(1u64, 0u128)]).is_empty());
	let big = [(1u64, u128::MAX / 2), (2, u128::MAX / 2)];
	let shares = crate::lease::pro_rata(u128::MAX, &big);
	assert!(shares.iter().map(|(_, s)| s).fold(0u128, |a, s| a.saturating_add(*s)) <= u128::MAX);
}

#[test]
fn try_state_catches_rewards_without_lease_paid() {
	build_and_execute(|| {
		Restaking::send(OutboundMessage::Reward { operator: 1, amount: 1, era: 0 });
		assert!(Restaking::do_try_state().is_err());
		LeasePaid::<Test>::put(1);
	});
}
