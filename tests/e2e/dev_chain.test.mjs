// A single `ballast-node --dev --tmp`, driven by @polkadot/api as a wallet would.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { Node, nodeBinary, waitFor } from './lib/node.mjs';
import { findEvent, signAndFinalize } from './lib/tx.mjs';
import { view } from './lib/view.mjs';

let node;
let api;

before(async () => {
  await cryptoWaitReady();
  node = await Node.start('dev', ['--dev', '--tmp']);
  api = await ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

test('blocks are produced and finalized', async () => {
  const f = await waitFor('finalized block >= 3', async () => {
    const f = await node.finalized();
    return f.number >= 3 && f;
  }, 90_000);
  assert.ok(f.number >= 3);
});

test('chain properties give BLST, 12 decimals and SS58 prefix 42', async () => {
  const props = await node.rpc('system_properties');
  assert.deepEqual(props, { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'BLST' });
  assert.equal(api.registry.chainTokens[0], 'BLST');
  assert.equal(api.registry.chainDecimals[0], 12);
});

test('Prometheus serves block metrics', async () => {
  const text = await (await fetch(`http://127.0.0.1:${node.ports.prometheus}/metrics`)).text();
  assert.match(text, /substrate_block_height\{status="finalized"/);
});

test('the validator is a restaked operator and the security budget is readable through the runtime API', async () => {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const E18 = 10n ** 18n;
  const operator = (await view(api, 'Restaking', 'operator', [alice.address])).unwrap();
  assert.equal(operator.stake.toBigInt(), 10_000_000_000n * E18);
  assert.equal(operator.optedIn.isTrue, true);
  const security = await view(api, 'Restaking', 'security');
  // Alice's 10,000,000,000 restaked × the 10% oracle-deviation slash.
  assert.equal(security.costOfCorruption.toBigInt(), 1_000_000_000n * E18);
  assert.equal(security.marginFactor.toBigInt(), E18, 'ample security: margin unchanged');
  assert.equal(security.openInterestAllowed.isTrue, true);
  const validators = (await api.query.session.validators()).map((v) => v.toString());
  assert.deepEqual(validators, [alice.address]);
});

test('a signed transfer_keep_alive is included, finalized and moves exactly the amount plus fee', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const amount = 12_345_000_000_000n; // 12.345 BLST

  const before = await api.query.system.account.multi([alice.address, bob.address]);
  const [aliceBefore, bobBefore] = before.map((a) => a.data.free.toBigInt());

  const { blockHash, events, error } = await signAndFinalize(
    api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);
  assert.equal(error, undefined);

  // The block that includes it is finalized.
  const finalizedHead = await api.rpc.chain.getFinalizedHead();
  const included = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const finalized = (await api.rpc.chain.getHeader(finalizedHead)).number.toNumber();
  assert.ok(finalized >= included, `block ${included} is finalized (finalized head ${finalized})`);

  const transfer = findEvent(events, api.events.balances.Transfer);
  assert.ok(transfer, 'Transfer event emitted');
  assert.equal(transfer.data.amount.toBigInt(), amount);
  const feeEvent = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
  const fee = feeEvent.data.actualFee.toBigInt() + feeEvent.data.tip.toBigInt();
  assert.ok(fee > 0n, 'a fee was paid');

  const at = await api.at(blockHash);
  const afterTx = await at.query.system.account.multi([alice.address, bob.address]);
  const [aliceAfter, bobAfter] = afterTx.map((a) => a.data.free.toBigInt());
  assert.equal(bobAfter - bobBefore, amount, 'Bob received exactly the amount');
  assert.equal(aliceBefore - aliceAfter, amount + fee, 'Alice paid the amount and the fee');
});

test('OptionPricingApi in the node (wasm) gives the same bits as `ballast-node price` (native)', async () => {
  const rows = [
    ['call', '100', '100', '1', '0.2', '0.05'],
    ['put', '65000', '58500', '0.0833', '0.6', '0.05'],
    ['call', '100', '10000', '0.000001', '0.01', '0'],
    ['put', '1', '100', '5', '5', '0.05'],
  ];
  const csv = ['kind,S,K,T,sigma,r', ...rows.map((r) => r.join(','))].join('\n') + '\n';
  const native = execFileSync(nodeBinary(), ['price'], { input: csv }).toString().trim().split('\n').slice(1);
  const toRaw = (s) => {
    const [i, f = ''] = s.split('.');
    const neg = i.startsWith('-');
    const v = BigInt(i.replace('-', '') + f.padEnd(18, '0'));
    return neg ? -v : v;
  };
  const toDec = (raw) => {
    const neg = raw < 0n;
    const a = neg ? -raw : raw;
    const s = a.toString().padStart(19, '0');
    return `${neg ? '-' : ''}${s.slice(0, -18)}.${s.slice(-18)}`;
  };
  for (const [i, [kind, S, K, T, sigma, r]] of rows.entries()) {
    const inputs = {
      kind: kind === 'call' ? 'Call' : 'Put',
      spot: toRaw(S), strike: toRaw(K), time: toRaw(T), vol: toRaw(sigma), rate: toRaw(r),
    };
    const res = await api.call.optionPricingApi.price(inputs);
    assert.ok(res.isOk, `row ${i}: ${res.toString()}`);
    const g = res.asOk;
    const wasm = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho].map((x) => toDec(x.toBigInt()));
    assert.deepEqual(wasm, native[i].split(',').slice(6), `row ${i}`);
  }
});

test('a liquidity provider funds the LP vault from a wallet; a too-small deposit fails with its typed error', async () => {
  const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
  const amount = 10_000_000_000n; // 10,000 USDC (6 decimals)
  const usdcOf = async (at) => (await at.query.assets.account(1, charlie.address)).unwrap().balance.toBigInt();
  const before = await usdcOf(api);
  const vaultBefore = (await api.query.sharedCollateral.vault()).balance.toBigInt();

  const { blockHash, events, error } = await signAndFinalize(api, api.tx.sharedCollateral.vaultDeposit(amount), charlie);
  assert.equal(error, undefined);
  const deposited = findEvent(events, api.events.sharedCollateral.VaultDeposited);
  assert.equal(deposited.data.amount.toBigInt(), amount);
  assert.ok(deposited.data.shares.toBigInt() > 0n, 'shares were minted');
  const at = await api.at(blockHash);
  assert.equal(before - (await usdcOf(at)), amount, 'exactly the amount left the wallet');
  assert.equal((await at.query.sharedCollateral.vault()).balance.toBigInt() - vaultBefore, amount);
  assert.equal(
    (await at.query.sharedCollateral.vaultShares(charlie.address)).toBigInt(),
    deposited.data.shares.toBigInt(),
  );

  const tooSmall = await signAndFinalize(api, api.tx.sharedCollateral.vaultDeposit(1n), charlie);
  assert.equal(tooSmall.error, 'sharedCollateral.VaultDepositTooSmall');
});

test('two traders match signed orders through a relayer; a replay, an extreme size and a stranded subaccount are refused', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((s) => keyring.addFromUri(s));
  const E18 = 10n ** 18n;
  // Alice, the dev chain's oracle operator, publishes BTC 60,000 at 60% volatility and USDC 1.00.
  const feed = (underlying, kind, value) => [{ underlying, kind }, value];
  // Values enter only through restaking's checks: the oracle pallet's own call is disabled.
  assert.equal(api.tx.oracle, undefined);
  const fed = await signAndFinalize(api, api.tx.restaking.feedValues([
    feed(1, 'Spot', 60_000n * E18), feed(1, 'ImpliedVol', 6n * E18 / 10n), feed(100, 'Spot', E18),
  ]), alice);
  assert.equal(fed.error, undefined);
  for (const trader of [bob, charlie]) {
    const { error } = await signAndFinalize(
      api, api.tx.sharedCollateral.deposit(0, { WithId: 1 }, 10_000_000_000n), trader);
    assert.equal(error, undefined);
  }

  // Orders are signed as a wallet would: domain tag ++ genesis hash ++ SCALE(order).
  const sign = (pair, fields) => {
    const order = api.createType('PalletPortfolioMarginOrder', {
      owner: pair.address, sub: 0, instrument: 0, placedAt: Date.now() - 2_000, expiry: Date.now() + 3_600_000, ...fields,
    });
    const payload = u8aConcat(stringToU8a('ballast/order/v2'), api.genesisHash.toU8a(), order.toU8a());
    return { order, signature: { Sr25519: u8aToHex(pair.sign(payload)) } };
  };
  const maker = sign(bob, { size: -E18 / 10n, price: 60_000n * E18, nonce: 1 });
  const taker = sign(charlie, { size: E18 / 10n, price: 60_100n * E18, nonce: 1 });

  const { events, error } = await signAndFinalize(api, api.tx.portfolioMargin.matchOrders(maker, taker, E18 / 10n), dave);
  assert.equal(error, undefined);
  const matched = findEvent(events, api.events.portfolioMargin.OrdersMatched);
  assert.equal(matched.data.price.toBigInt(), 60_000n * E18, 'at the maker\'s price');
  // @polkadot/api's Struct is a Map, so the field `size` is exposed as `size_`; read the JSON.
  const sizeOf = async (who) => {
    const [position] = (await api.query.portfolioMargin.positions(who, 0)).toJSON();
    return BigInt.asIntN(128, BigInt(position.size));
  };
  assert.equal(await sizeOf(charlie.address), E18 / 10n);
  assert.equal(await sizeOf(bob.address), -E18 / 10n);

  const replay = await signAndFinalize(api, api.tx.portfolioMargin.matchOrders(maker, taker, E18 / 10n), dave);
  assert.equal(replay.error, 'portfolioMargin.OrderOverfilled');

  // Extreme arguments, run by the node's wasm runtime: the typed errors the native tests see
  // (runtime/src/tests.rs), never a wrapped value.
  const extreme = await signAndFinalize(
    api, api.tx.portfolioMargin.tradeWithVault(0, 0, -(2n ** 127n), 61_000n * E18), dave);
  assert.equal(extreme.error, 'portfolioMargin.SizeTooLarge');
  // A position in subaccount 16, which the collateral ledger does not keep, never opens.
  const stranded = sign(bob, { sub: 16, size: -E18 / 10n, price: 60_000n * E18, nonce: 2 });
  const other = sign(charlie, { size: E18 / 10n, price: 60_100n * E18, nonce: 2 });
  const refused = await signAndFinalize(api, api.tx.portfolioMargin.matchOrders(stranded, other, E18 / 10n), dave);
  assert.equal(refused.error, 'portfolioMargin.InvalidSubaccount');
});

test('after a crash the validator\'s keeper liquidates an under-margined trader with no outside liquidator', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, eve, ferdie] = ['//Alice', '//Eve', '//Ferdie'].map((s) => keyring.addFromUri(s));
  const E18 = 10n ** 18n;
  const feed = (underlying, kind, value) => [{ underlying, kind }, value];
  const publish = async (spot) => {
    const { error } = await signAndFinalize(api, api.tx.restaking.feedValues([
      feed(1, 'Spot', spot * E18), feed(1, 'ImpliedVol', 6n * E18 / 10n), feed(100, 'Spot', E18),
    ]), alice);
    assert.equal(error, undefined);
  };
  await publish(60_000n);
  // Vault capital to take the other side, and a trader at 1.07 × initial margin: 800 USDC
  // behind 0.1 BTC (initial 10% × 6,000 × 1.25 = 750).
  assert.equal((await signAndFinalize(api, api.tx.sharedCollateral.vaultDeposit(100_000_000_000n), ferdie)).error, undefined);
  assert.equal((await signAndFinalize(api, api.tx.sharedCollateral.deposit(0, { WithId: 1 }, 800_000_000n), eve)).error, undefined);
  const bought = await signAndFinalize(api, api.tx.portfolioMargin.tradeWithVault(0, 0, E18 / 10n, 61_000n * E18), eve);
  assert.equal(bought.error, undefined);
  const feesBefore = (await api.query.liquidation.accounting()).toJSON();

  // BTC −10%: equity ≈ 800 − 600 − fees < maintenance 540. Nobody calls `liquidate`.
  await publish(54_000n);
  await waitFor('the keeper starts an auction and the vault takes the lot at its floor', async () => {
    const positions = (await api.query.portfolioMargin.positions(eve.address, 0)).toJSON();
    return positions.length === 0;
  }, 180_000);
  const totals = (await api.query.liquidation.accounting()).toJSON();
  // She was solvent (~195 of equity against 540 of maintenance): her liquidation is paid out
  // of her equity, never by the insurance fund, and leaves her no debt.
  assert.equal(BigInt(totals.insurancePaid), BigInt(feesBefore.insurancePaid), 'the insurance fund paid nothing');
  assert.equal((await api.query.sharedCollateral.debts([eve.address, 0])).toBigInt(), 0n, 'she owes nothing');
  assert.equal((await api.query.liquidation.auctions([eve.address, 0])).isNone, true);
});
