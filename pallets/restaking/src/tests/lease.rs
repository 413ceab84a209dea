//! Lease fees: paid each era to the operators that validated, pro rata to stake × sessions,
//! as outbound rewards.

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
		// Operator 3 withdraws to 1,000 on the relay after era 1's first session: era 1's fees
		// follow stake × sessions — 4,000 × 3 : 3,000 × 3 : (2,000 + 1,000 + 1,000).
		let mut relay = Relay::new();
		let a = relay.attest(vec![stake_changed(3, 1_000 * E18)]);
		assert_ok!(Restaking::submit_attestation(relayer(), a.clone(), relay.sign(&a, &[0, 1, 2])));
		set_lease_fund(80 * E18);
		for session in 4..=6 {
			start_session(session);
		}
		next_block();
		assert_eq!(
			rewards(2),
			vec![(1, 384 * E18 / 10, 1), (2, 288 * E18 / 10, 1), (3, 128 * E18 / 10, 1)]
		);
		assert_eq!(escrow(), 80 * E18);
	});
}

#[test]
fn an_operator_that_validated_part_of_the_era_is_paid_for_its_sessions() {
	build_and_execute(|| {
		start_session(0);
		// Operator 4 (1,000) sets keys and opts in during session 0, and the council makes
		// room for a fourth validator: it is planned for, and validates, session 2.
		register_keys(4);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(4)));
		let mut p = mock::params();
		p.max_active = 4;
		assert_ok!(Restaking::set_params(RuntimeOrigin::root(), p));
		for session in 1..3 {
			start_session(session);
		}
		set_lease_fund(28 * E18);
		start_session(3);
		next_block();
		// Stake × sessions validated in era 0 (sessions 0 to 2): 4,000 × 3, 3,000 × 3,
		// 2,000 × 3, 1,000 × 1 = 28,000.
		assert_eq!(
			rewards(1),
			vec![(1, 12 * E18, 0), (2, 9 * E18, 0), (3, 6 * E18, 0), (4, E18, 0)]
		);
		assert_eq!(escrow(), 28 * E18);
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
