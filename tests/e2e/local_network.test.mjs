// Four validators (Alice, Bob, Charlie, Dave) on `--chain local`, each its own process and base
// path: finality survives one validator down, a restarted validator catches up to the same
// finalized chain, and a node restarted on its old base path has every finalized block.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Node, generateNodeKey, tempDir, waitFor } from './lib/node.mjs';

const names = ['alice', 'bob', 'charlie', 'dave'];
const nodes = [];

after(async () => {
  await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
});

async function startNetwork() {
  let bootnode;
  for (const name of names) {
    const args = ['--chain', 'local', `--${name}`, '--validator'];
    if (bootnode) args.push('--bootnodes', bootnode);
    const basePath = tempDir(name);
    const peerId = generateNodeKey(basePath, 'local');
    const node = await Node.start(name, args, { basePath });
    nodes.push(node);
    assert.equal(await node.rpc('system_localPeerId'), peerId, `${name} uses its generated key`);
    if (!bootnode) bootnode = `/ip4/127.0.0.1/tcp/${node.ports.p2p}/p2p/${peerId}`;
  }
}

/** Waits until every node in `group` has finalized at least `n`. */
async function allFinalized(group, n, timeoutMs = 180_000) {
  await waitFor(`${group.map((x) => x.name).join(', ')} to finalize block ${n}`, async () => {
    const fs = await Promise.all(group.map((x) => x.finalized()));
    return fs.every((f) => f.number >= n);
  }, timeoutMs, 1000);
}

/** The hash of block `n` on `node`. */
const hashAt = (node, n) => node.rpc('chain_getBlockHash', [n]);

test('four validators finalize; one down, finality goes on; restarted, it catches up; restarted alone, nothing is lost', { timeout: 900_000 }, async (t) => {
  await startNetwork();
  const [alice, bob, charlie, dave] = nodes;

  await t.test('all four finalize', async () => {
    await allFinalized(nodes, 3);
    const peers = await alice.rpc('system_health');
    assert.equal(peers.peers, 3);
  });

  await t.test('with Dave killed, the other three keep finalizing', async () => {
    await dave.stop('SIGKILL');
    const start = (await alice.finalized()).number;
    await allFinalized([alice, bob, charlie], start + 3);
  });

  await t.test('Dave restarted on his base path catches up to the same finalized hash', async () => {
    await dave.spawn();
    const target = (await alice.finalized()).number + 2;
    await allFinalized(nodes, target);
    const hashes = await Promise.all(nodes.map((n) => hashAt(n, target)));
    assert.equal(new Set(hashes).size, 1, `all four agree on block ${target}: ${hashes}`);
  });

  await t.test('stopped and restarted alone, a node still has every finalized block', async () => {
    const last = Math.min(...(await Promise.all(nodes.map((n) => n.finalized()))).map((f) => f.number));
    const expected = [];
    for (let n = 0; n <= last; n++) expected.push(await hashAt(alice, n));
    await Promise.all(nodes.map((n) => n.stop()));
    await bob.spawn();
    const f = await bob.finalized();
    assert.ok(f.number >= last, `finalized ${f.number} >= ${last} after restart`);
    for (let n = 0; n <= last; n++) {
      assert.equal(await hashAt(bob, n), expected[n], `block ${n} after restart`);
      const block = await bob.rpc('chain_getBlock', [expected[n]]);
      assert.ok(block, `block ${n} body is stored`);
    }
  });
});
