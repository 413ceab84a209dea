// The relay link on a real `ballast-node --dev`, as the relay's bridge relayer and a block
// explorer would use it through @polkadot/api: attestations signed by a threshold of the
// relay's bridge authorities (the development bridge is Alice, Bob and Charlie; two must
// sign), relayed fee-less by anyone, replay-protected; the operator readable through the
// runtime API; and GRANDPA key-ownership proofs for the validator, without which no
// equivocation report (and so no equivocation slash) could be made.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { Node } from './lib/node.mjs';
import { findEvent, signAndFinalize } from './lib/tx.mjs';
import { view } from './lib/view.mjs';

const E18 = 10n ** 18n;
let node;
let api;
let keyring;

before(async () => {
  await cryptoWaitReady();
  node = await Node.start('relay', ['--dev', '--tmp']);
  api = await ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
  keyring = new Keyring({ type: 'sr25519' });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/// The bytes the bridge authorities sign: tag ++ genesis hash ++ authority set id ++ SCALE.
async function signingHash(attestationBytes) {
  const setId = await api.query.restaking.authoritySetId();
  return blake2AsU8a(u8aConcat(
    stringToU8a('ballast/relay/v1'),
    api.genesisHash.toU8a(),
    setId.toU8a(),
    attestationBytes,
  ));
}

/// `restaking.submitAttestation` of `messages` with the signatures of the authorities at
/// `signers` (index into the bridge set).
async function attestation(nonce, messages, signers) {
  const unsigned = api.tx.restaking.submitAttestation({ nonce, timestamp: Date.now(), messages }, []);
  const encoded = unsigned.args[0];
  const hash = await signingHash(encoded.toU8a());
  const bridge = ['//Alice', '//Bob', '//Charlie'].map((s) => keyring.addFromUri(s));
  const signatures = signers.map((i) => [i, bridge[i].sign(hash)]);
  return api.tx.restaking.submitAttestation(encoded, signatures);
}

test('a threshold of the bridge registers an operator; a minority and a replay are refused', async () => {
  const ferdie = keyring.addFromUri('//Ferdie');
  const eve = keyring.addFromUri('//Eve');
  const register = [{ OperatorRegistered: { operator: eve.address, stake: 50_000_000n * E18 } }];
  assert.equal((await view(api, 'Restaking', 'operator', [eve.address])).isNone, true);

  // One authority of three is not the relay speaking.
  const minority = await signAndFinalize(api, await attestation(1, register, [0]), ferdie);
  assert.equal(minority.error, 'restaking.ThresholdNotMet');

  // Alice and Charlie sign; Ferdie, who is no authority, relays it and pays nothing.
  const before = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
  const tx = await attestation(1, register, [0, 2]);
  const { events, error } = await signAndFinalize(api, tx, ferdie);
  assert.equal(error, undefined);
  const applied = findEvent(events, api.events.restaking.AttestationApplied);
  assert.equal(applied.data.nonce.toNumber(), 1);
  const registered = findEvent(events, api.events.restaking.OperatorRegistered);
  assert.equal(registered.data.operator.toString(), eve.address);
  const paid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
  assert.equal(paid.data.actualFee.toBigInt(), 0n, 'a valid attestation is fee-less');
  const after = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
  assert.equal(after, before);

  const operator = (await view(api, 'Restaking', 'operator', [eve.address])).unwrap();
  assert.equal(operator.stake.toBigInt(), 50_000_000n * E18);
  assert.equal(operator.optedIn.isTrue, false, 'she has not opted in: she does not validate');

  // The same signed attestation again is a replay.
  const replay = await signAndFinalize(api, tx, ferdie);
  assert.equal(replay.error, 'restaking.StaleNonce');
  // The security budget counts the active set only: Eve adds nothing until she validates.
  const security = await view(api, 'Restaking', 'security');
  assert.equal(security.costOfCorruption.toBigInt(), 1_000_000_000n * E18);
  assert.ok(security.attestationAge.isSome, 'the last attestation is dated');
});

test('the validator has a GRANDPA key-ownership proof, so its equivocations can be reported', async () => {
  const ed = new Keyring({ type: 'ed25519' });
  const aliceGrandpa = ed.addFromUri('//Alice').publicKey;
  const setId = await api.call.grandpaApi.currentSetId();
  // @polkadot/api hands back the runtime's whole SCALE output, `Option<OpaqueKeyOwnershipProof>`,
  // as bytes; inside the opaque wrapper is pallet-session's membership proof:
  // (session, trie nodes, validator count).
  const ownership = async (key) => {
    const output = await api.call.grandpaApi.generateKeyOwnershipProof(setId, key);
    return api.createType('Option<Bytes>', output.unwrap().toU8a(true));
  };
  const proof = await ownership(aliceGrandpa);
  assert.equal(proof.isSome, true, 'a proof for the session validator');
  const opaque = proof.unwrap();
  const membership = api.createType('(u32, Vec<Bytes>, u32)', opaque.toU8a(true));
  const session = (await api.query.session.currentIndex()).toNumber();
  assert.equal(membership[0].toNumber(), session);
  assert.ok(membership[1].length > 0);
  assert.equal(membership[2].toNumber(), 1, 'one validator on the development chain');
  // Reports go to pallet-offences, whose handler is pallet-restaking.
  assert.ok(api.query.offences?.reports, 'the offences pallet is in the runtime');
});
