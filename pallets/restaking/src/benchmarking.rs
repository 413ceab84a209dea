//! Benchmarks: attestations with every authority signing, selection inputs at their bounds,
//! sealing a full outbound queue with pruning.

use super::*;
use alloc::{vec, vec::Vec};
use ballast_primitives::fixed::Fixed18;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::crypto::KeyTypeId;
use sp_runtime::Perbill;

const BRIDGE: KeyTypeId = KeyTypeId(*b"brdg");

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` have session keys.
	fn register_keys(who: &AccountId);
	/// A valid block-equivocation report: the offender, and the SCALE encodings of the proof
	/// and the key-ownership proof.
	fn block_equivocation() -> Result<(AccountId, Vec<u8>, Vec<u8>), BenchmarkError>;
	/// Lists `n` oracle feeds and returns them.
	fn list_feeds(n: u32) -> Vec<ballast_primitives::FeedKey>;
}

fn params<T: Config>() -> RestakingParams {
	RestakingParams {
		min_stake: 1,
		max_active: T::MaxActive::get(),
		min_security_ratio: Fixed18::ONE,
		max_attestation_age: 3_600_000,
		max_margin_factor: Fixed18(3 * Fixed18::ONE.0),
		oracle_slash: Perbill::from_percent(10),
		equivocation_slash: Perbill::from_percent(20),
		liveness_slash: Perbill::from_percent(1),
		slash_deferral: 1,
		oracle_band: Perbill::from_percent(5),
		oracle_strikes: 3,
		oracle_window: 600_000,
		liveness_window: 1_800_000,
		oracle_quorum: Perbill::from_rational(2u32, 3),
		max_clock_skew: 60_000,
	}
}

/// `n` bridge authorities with keys in the benchmark keystore; all must sign.
fn bridge<T: Config>(n: u32) -> Vec<AuthorityId> {
	let keys: Vec<AuthorityId> = (0..n)
		.map(|i| {
			sp_io::crypto::sr25519_generate(
				BRIDGE,
				Some(alloc::format!("//Bridge{i}").into_bytes()),
			)
		})
		.collect();
	BridgeAuthorities::<T>::put(
		BoundedVec::<_, T::MaxAuthorities>::try_from(keys.clone()).unwrap(),
	);
	BridgeThreshold::<T>::put(n);
	keys
}

fn operator<T: Config>(i: u32, stake: u128) -> T::AccountId {
	let who: T::AccountId = account("operator", i, 0);
	Operators::<T>::insert(&who, Operator { stake, opted_in: true, ..Default::default() });
	TotalStake::<T>::mutate(|t| *t = t.saturating_add(stake));
	who
}

fn slash<T: Config>(who: &T::AccountId) -> PendingSlash<T::AccountId> {
	PendingSlash {
		operator: who.clone(),
		kind: SlashKind::Equivocation,
		fraction: Perbill::from_percent(20),
		exposure: 1_000,
		offence_session: 0,
		span: 0,
		apply_at: 10,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit_attestation(
		s: Linear<1, { T::MaxAuthorities::get() }>,
		m: Linear<1, { T::MaxMessages::get() }>,
	) -> Result<(), BenchmarkError> {
		Params::<T>::put(params::<T>());
		let keys = bridge::<T>(s);
		// The heaviest message: an operator leaving, with its spans, strikes and submissions
		// to forget.
		let before = Operators::<T>::count() + m;
		let messages: Vec<_> = (0..m)
			.map(|i| {
				let who = operator::<T>(i, 0);
				let key = ballast_primitives::FeedKey {
					underlying: i,
					kind: ballast_primitives::FeedKind::Spot,
				};
				Strikes::<T>::insert(&who, key, (1u64, 0u64));
				LastSubmission::<T>::insert(&who, 0);
				SlashSpans::<T>::insert(
					&who,
					BoundedVec::truncate_from(vec![SlashSpan::default()]),
				);
				RelayMessage::OperatorDeregistered { operator: who }
			})
			.collect();
		let attestation: AttestationOf<T> =
			Attestation { nonce: 1, timestamp: 0, messages: messages.try_into().unwrap() };
		let hash = Pallet::<T>::signing_hash(&attestation);
		let signatures: Vec<_> = keys
			.iter()
			.enumerate()
			.map(|(i, k)| (i as u32, sp_io::crypto::sr25519_sign(BRIDGE, k, &hash).unwrap()))
			.collect();
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), attestation, signatures.try_into().unwrap());
		assert_eq!(LastNonce::<T>::get(), 1);
		assert_eq!(Operators::<T>::count(), before - m, "every operator left");
		Ok(())
	}

	#[benchmark]
	fn opt_in() {
		let who = operator::<T>(0, 1_000);
		Operators::<T>::mutate(&who, |o| o.as_mut().unwrap().opted_in = false);
		T::BenchmarkHelper::register_keys(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Operators::<T>::get(&who).unwrap().opted_in);
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params::<T>());
		assert!(Params::<T>::get().is_some());
		Ok(())
	}

	#[benchmark]
	fn cancel_slash() -> Result<(), BenchmarkError> {
		let who = operator::<T>(0, 1_000);
		let s = slash::<T>(&who);
		PendingSlashes::<T>::insert(0, &s);
		Operators::<T>::mutate(&who, |o| o.as_mut().unwrap().pending = s.fraction * s.exposure);
		let span = SlashSpan { pending: Some((0, s.fraction)), ..Default::default() };
		SlashSpans::<T>::insert(&who, BoundedVec::truncate_from(vec![span]));
		NextSlashId::<T>::put(1);
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);
		assert!(!PendingSlashes::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn report() {
		Params::<T>::put(params::<T>());
		let who = operator::<T>(0, 1_000);
		#[block]
		{
			Pallet::<T>::report(&who, SlashKind::Equivocation, 0);
		}
		assert_eq!(PendingSlashes::<T>::count(), 1);
	}

	#[benchmark]
	fn report_offence() -> Result<(), BenchmarkError> {
		Params::<T>::put(params::<T>());
		let who = operator::<T>(0, 1_000);
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who, SlashKind::OracleDeviation, 0);
		assert_eq!(PendingSlashes::<T>::count(), 1);
		Ok(())
	}

	#[benchmark]
	fn seal_outbound(m: Linear<1, { T::MaxOutbound::get() }>) {
		let who = operator::<T>(0, 1_000);
		// The retention is full: sealing prunes the oldest block.
		let kept = T::OutboundRetention::get();
		for n in 0..kept {
			let block: frame_system::pallet_prelude::BlockNumberFor<T> = n.into();
			let message = OutboundMessage::Reward { operator: who.clone(), amount: 1, era: 0 };
			let one: BoundedVec<_, T::MaxOutbound> =
				vec![Envelope { id: n as u64, message }].try_into().unwrap();
			OutboundMessages::<T>::insert(block, one);
			OutboundRoots::<T>::insert(block, sp_core::H256::zero());
			OutboundBlocks::<T>::mutate(|b| b.try_push(block).unwrap());
		}
		for i in 0..m {
			Pallet::<T>::send(OutboundMessage::Slash {
				operator: who.clone(),
				amount: i as u128,
				kind: SlashKind::Liveness,
			});
		}
		let now: frame_system::pallet_prelude::BlockNumberFor<T> = kept.into();
		#[block]
		{
			Pallet::<T>::seal_outbound(now);
		}
		assert_eq!(OutboundMessages::<T>::get(now).unwrap().len() as u32, m);
	}

	#[benchmark]
	fn refresh_security() {
		Params::<T>::put(params::<T>());
		let active: Vec<T::AccountId> =
			(0..T::MaxActive::get()).map(|i| operator::<T>(i, 1_000 + i as u128)).collect();
		for who in &active {
			// Each has a slashing span with a slash pending.
			let span =
				SlashSpan { pending: Some((0, Perbill::from_percent(1))), ..Default::default() };
			SlashSpans::<T>::insert(who, BoundedVec::truncate_from(vec![span]));
		}
		SessionMembers::<T>::put(BoundedVec::<_, T::MaxActive>::try_from(active).unwrap());
		LastAttestation::<T>::put(0);
		LiveClock::<T>::put((0, 0));
		#[block]
		{
			Pallet::<T>::tick_live_clock();
			Pallet::<T>::refresh_security();
		}
		assert!(SecurityLevel::<T>::get().is_some());
	}

	#[benchmark]
	fn report_block_equivocation() -> Result<(), BenchmarkError> {
		use codec::Decode;
		Params::<T>::put(params::<T>());
		let (offender, proof, key) = T::BenchmarkHelper::block_equivocation()?;
		if !Operators::<T>::contains_key(&offender) {
			Operators::<T>::insert(
				&offender,
				Operator { stake: 1_000, opted_in: true, ..Default::default() },
			);
			TotalStake::<T>::mutate(|t| *t = t.saturating_add(1_000));
		}
		let proof = EquivocationProofOf::<T>::decode(&mut &proof[..])
			.map_err(|_| BenchmarkError::Stop("the helper's proof does not decode"))?;
		let key = KeyOwnerProofOf::<T>::decode(&mut &key[..])
			.map_err(|_| BenchmarkError::Stop("the helper's key proof does not decode"))?;
		let before = NextSlashId::<T>::get();
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), alloc::boxed::Box::new(proof), key);
		assert_eq!(NextSlashId::<T>::get(), before + 1);
		Ok(())
	}

	#[benchmark]
	fn feed_values(
		n: Linear<1, { T::MaxFeedValues::get() }>,
		m: Linear<3, { T::MaxActive::get() }>,
	) {
		Params::<T>::put(params::<T>());
		let feeds = T::BenchmarkHelper::list_feeds(n);
		let members: Vec<T::AccountId> =
			(0..m).map(|i| operator::<T>(i, 1_000 + i as u128)).collect();
		SessionMembers::<T>::put(BoundedVec::<_, T::MaxActive>::truncate_from(members.clone()));
		// Every other member fresh on every feed, the submitter struck on each in the last two
		// windows and far out of band now: each value is judged, struck and reported.
		let caller = members[0].clone();
		let e18 = 1_000_000_000_000_000_000u128;
		for key in &feeds {
			for who in &members[1..] {
				T::Oracle::record(who, *key, 1_000 * e18);
			}
			let window = Pallet::<T>::now() / 600_000;
			Strikes::<T>::insert(&caller, key, (2, window.saturating_sub(1)));
		}
		let values: Vec<_> = feeds.iter().map(|k| (*k, 2_000 * e18)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), values.try_into().unwrap());
		assert!(LastFeedBlock::<T>::contains_key(&caller));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
