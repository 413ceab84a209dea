//! The oracle operators on the whole runtime, blocks built as a node builds them: four
//! validators feed BTC through `restaking.feed_values`; a price is published only with a
//! quorum of them fresh; the first operator to report a real 15% crash is struck once and
//! never slashed while the others follow.

use ballast_integration_tests::chain::{Chain, E18};
use ballast_primitives::{FeedKey, FeedKind};
use ballast_runtime::{genesis_config_presets::underlyings, Runtime, RuntimeEvent};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave};

const OPERATORS: [Sr25519Keyring; 4] = [Alice, Bob, Charlie, Dave];

fn btc() -> FeedKey {
	FeedKey { underlying: underlyings::BTC, kind: FeedKind::Spot }
}

fn published(chain: &mut Chain) -> (u128, u64) {
	let v = chain
		.execute(|| pallet_oracle::Values::<Runtime>::get(btc()))
		.expect("published");
	(v.value / E18, v.timestamp)
}

/// One block in which `who` feed BTC at `spot`; its events.
fn feed(chain: &mut Chain, who: &[Sr25519Keyring], spot: i128) -> Vec<RuntimeEvent> {
	let xts = who.iter().map(|w| chain.oracle_feed(*w, spot)).collect();
	chain.next_block(xts).1
}

fn strikes(events: &[RuntimeEvent]) -> Vec<(sp_runtime::AccountId32, u32)> {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Restaking(pallet_restaking::Event::OracleStrike {
				operator,
				strikes,
				..
			}) => Some((operator.clone(), *strikes)),
			_ => None,
		})
		.collect()
}

#[test]
fn no_minority_sets_a_price_and_the_first_reporter_of_a_crash_is_not_slashed() {
	let mut chain = Chain::development();
	chain.with_oracle_operators(&OPERATORS, None);
	assert_eq!(chain.execute(pallet_restaking::Pallet::<Runtime>::quorum), 3, "⌈2/3 × 4⌉");

	// Two of four fresh: nothing is published; the third makes the quorum.
	feed(&mut chain, &[Alice, Bob], 60_000);
	assert!(chain.execute(|| pallet_oracle::Values::<Runtime>::get(btc())).is_none());
	feed(&mut chain, &[Charlie, Dave], 60_000);
	assert_eq!(published(&mut chain).0, 60_000);

	// BTC falls 15%. Alice reports it first: struck once (the others' median is 60,000);
	// the published median of 51,000, 60,000, 60,000, 60,000 stays 60,000.
	let events = feed(&mut chain, &[Alice], 51_000);
	assert_eq!(strikes(&events), vec![(Alice.to_account_id(), 1)]);
	assert_eq!(published(&mut chain).0, 60_000);
	// Bob follows (struck once too: the others' median is still 60,000); then Charlie, in
	// band with the others' median of 51,000, and the median moves: (51,000 + 51,000) / 2.
	let events = feed(&mut chain, &[Bob], 51_000);
	assert_eq!(strikes(&events), vec![(Bob.to_account_id(), 1)]);
	let events = feed(&mut chain, &[Charlie, Dave], 51_000);
	assert!(strikes(&events).is_empty());
	assert_eq!(published(&mut chain).0, 51_000);

	// Half an hour of everyone feeding the new price every minute: no more strikes, no
	// offence, nobody chilled.
	for _ in 0..30 {
		let events = feed(&mut chain, &OPERATORS, 51_000);
		assert!(strikes(&events).is_empty());
		for _ in 0..9 {
			chain.next_block(vec![]);
		}
	}
	assert_eq!(chain.execute(|| pallet_restaking::PendingSlashes::<Runtime>::count()), 0);
	assert!(chain.execute(|| {
		pallet_restaking::Operators::<Runtime>::get(Alice.to_account_id())
			.unwrap()
			.opted_in
	}));

	// Only Alice keeps feeding, at 90,000. While the others' 51,000 is fresh the median stays
	// 51,000; once it expires (ten minutes) her value alone is no quorum: the published
	// price stays 51,000, no longer renewed, ageing toward stale.
	for _ in 0..110 {
		feed(&mut chain, &[Alice], 90_000);
	}
	let frozen = published(&mut chain);
	assert_eq!(frozen.0, 51_000);
	for _ in 0..20 {
		feed(&mut chain, &[Alice], 90_000);
	}
	assert_eq!(published(&mut chain), frozen);
}
