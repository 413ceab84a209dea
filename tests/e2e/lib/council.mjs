// The risk council at work: a motion to schedule a change through the risk timelock, its votes,
// its close, and the change taking effect once the timelock's delay has passed.

import assert from 'node:assert/strict';
import { findEvent, signAndFinalize } from './tx.mjs';
import { waitFor } from './node.mjs';

/// Carries `call` through the council: `proposer` proposes `riskTimelock.schedule(call)` with a
/// threshold of `ayes.length`, each of `ayes` votes for it, `proposer` closes it. Resolves with
/// the change's id and the block it takes effect in.
export async function scheduleByCouncil(api, call, proposer, ayes) {
  const proposal = api.tx.riskTimelock.schedule(call);
  const length = proposal.method.encodedLength;
  const proposed = await signAndFinalize(
    api, api.tx.riskCouncil.propose(ayes.length, proposal, length), proposer);
  assert.equal(proposed.error, undefined);
  const { proposalIndex, proposalHash } = findEvent(proposed.events, api.events.riskCouncil.Proposed).data;
  const votes = await Promise.all(ayes.map((m) =>
    signAndFinalize(api, api.tx.riskCouncil.vote(proposalHash, proposalIndex, true), m)));
  votes.forEach(({ error }) => assert.equal(error, undefined));
  const bound = { refTime: 5_000_000_000n, proofSize: 1_000_000n };
  const closed = await signAndFinalize(
    api, api.tx.riskCouncil.close(proposalHash, proposalIndex, bound, length), proposer);
  assert.equal(closed.error, undefined);
  const executed = findEvent(closed.events, api.events.riskCouncil.Executed);
  assert.ok(executed?.data.result.isOk, 'the motion passed and scheduled the change');
  const scheduled = findEvent(closed.events, api.events.riskTimelock.Scheduled).data;
  return { id: scheduled.id.toNumber(), enactAt: scheduled.enactAt.toNumber(), blockHash: closed.blockHash };
}

/// Waits until block `enactAt` is finalized; resolves with its hash and the change's outcome
/// (`riskTimelock.Enacted`'s result, `'Ok'` or the module error's `section.name`).
export async function enacted(api, { id, enactAt }) {
  await waitFor(`block #${enactAt} (the change takes effect) is finalized`, async () => {
    const head = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    return head.number.toNumber() >= enactAt;
  }, 120_000);
  const blockHash = (await api.rpc.chain.getBlockHash(enactAt)).toHex();
  const events = await (await api.at(blockHash)).query.system.events();
  const event = events.map(({ event }) => event)
    .find((e) => api.events.riskTimelock.Enacted.is(e) && e.data.id.toNumber() === id);
  assert.ok(event, `change ${id} ran in block #${enactAt}`);
  const { result } = event.data;
  const outcome = result.isOk ? 'Ok' : (({ section, name }) => `${section}.${name}`)(
    api.registry.findMetaError(result.asErr.asModule));
  return { blockHash, outcome };
}
