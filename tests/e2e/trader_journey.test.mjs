// The three kinds of users on one `ballast-node --dev`, from a wallet (@polkadot/api):
// the risk council lists an option and raises a haircut through timelocked motions; a trader
// deposits, buys the option from the LP vault, trades peer to peer and reads margin and a
// what-if through the runtime API; the oracle operator pushes a crash; the validator's keeper
// liquidates the trader; the insurance fund and the vault move as the loss waterfall says.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { Node, waitFor } from './lib/node.mjs';
import { findEvent, signAndFinalize } from './lib/tx.mjs';
import { view } from './lib/view.mjs';
import { enacted, scheduleByCouncil } from './lib/council.mjs';

const E18 = 10n ** 18n;
const USDC = { WithId: 1 };
const WETH = { WithId: 2 };
const BTC = 1;
const ETH = 2;
const BTC_PERP = 0;

let node;
let api;

before(async () => {
  await cryptoWaitReady();
  node = await Node.start('journey', ['--dev', '--tmp']);
  api = await ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const ok = async (promise) => {
  const r = await promise;
  assert.equal(r.error, undefined, r.error);
  return r;
};

test('council, trader, oracle operators and keeper, end to end', async (t) => {
  const keyring = new Keyring({ type: 'sr25519' });
  // Alice: validator (oracle operator, keeper) and councillor; Bob and Charlie: councillors;
  // Eve: the trader; Dave: her peer-to-peer counterparty; Ferdie: liquidity provider.
  const [alice, bob, charlie, dave, eve, ferdie] =
    ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((s) => keyring.addFromUri(s));
  const feed = (underlying, kind, value) => [{ underlying, kind }, value];
  const publish = (btc) => ok(signAndFinalize(api, api.tx.restaking.feedValues([
    feed(BTC, 'Spot', btc * E18), feed(BTC, 'ImpliedVol', 6n * E18 / 10n),
    feed(ETH, 'Spot', 3_000n * E18), feed(ETH, 'ImpliedVol', 7n * E18 / 10n), feed(100, 'Spot', E18),
  ]), alice));
  const margin = async (who, sub, at) => (await view(api, 'PortfolioMargin', 'margin', [who, sub], at)).unwrap();

  let option;
  await t.test('the council lists a BTC call by a timelocked motion while the trader funds her account', async () => {
    const expiry = Date.now() + 30 * 24 * 3_600_000;
    const listing = api.tx.portfolioMargin.listInstrument(BTC, {
      Option: { kind: 'Call', strike: 65_000n * E18, expiry },
    });
    const [change] = await Promise.all([
      scheduleByCouncil(api, listing, bob, [bob, charlie]),
      (async () => {
        await publish(60_000n);
        await ok(signAndFinalize(api, api.tx.utility.batchAll([
          api.tx.sharedCollateral.vaultDeposit(200_000_000_000n),  // 200,000 USDC into the LP vault
          api.tx.sharedCollateral.fundInsurance(100_000_000n),     // 100 USDC into the insurance fund
        ]), ferdie));
        await ok(signAndFinalize(api, api.tx.sharedCollateral.deposit(0, USDC, 10_000_000_000n), dave));
        // Eve: 800 USDC in subaccount 0 for a leveraged perpetual; 2,000 USDC and 1 WETH in
        // subaccount 1 for options.
        await ok(signAndFinalize(api, api.tx.utility.batchAll([
          api.tx.sharedCollateral.deposit(0, USDC, 800_000_000n),
          api.tx.sharedCollateral.openSubaccount(1),
          api.tx.sharedCollateral.deposit(1, USDC, 2_000_000_000n),
          api.tx.sharedCollateral.deposit(1, WETH, E18),
        ]), eve));
      })(),
    ]);
    // Nothing is listed before the delay has passed.
    const listedBefore = await (await api.at(change.blockHash)).query.portfolioMargin.instruments.entries();
    assert.equal(listedBefore.length, 2, 'only the two perpetuals');
    const { blockHash, outcome } = await enacted(api, change);
    assert.equal(outcome, 'Ok');
    const listed = (await (await api.at(blockHash)).query.portfolioMargin.instruments.entries())
      .map(([k, v]) => [k.args[0].toNumber(), v.unwrap()])
      .find(([, i]) => i.kind.isOption);
    assert.ok(listed, 'the call is listed once the timelock has passed');
    option = listed[0];
  });

  await t.test('the trader buys the call from the LP vault at the Black-Scholes mark plus spread', async () => {
    const size = E18 / 10n; // 0.1 BTC of calls
    const { events } = await ok(signAndFinalize(
      api, api.tx.portfolioMargin.tradeWithVault(1, option, size, 5_000n * E18), eve));
    const traded = findEvent(events, api.events.portfolioMargin.Traded).data;
    const price = traded.price.toBigInt();
    assert.ok(price > 0n && price < 5_000n * E18, `premium ${price / E18} per BTC`);
    const positions = await view(api, 'PortfolioMargin', 'positions', [eve.address, 1]);
    const [[position, greeks]] = positions.unwrap();
    assert.equal(position.instrument.toNumber(), option);
    assert.ok(greeks.delta.toBigInt() > 0n, 'a long call has positive delta');
  });

  await t.test('the trader buys a perpetual peer to peer from a signed order', async () => {
    const sign = (pair, fields) => {
      const order = api.createType('PalletPortfolioMarginOrder', {
        owner: pair.address, sub: 0, instrument: BTC_PERP, placedAt: Date.now() - 2_000, expiry: Date.now() + 3_600_000, ...fields,
      });
      const payload = u8aConcat(stringToU8a('ballast/order/v2'), api.genesisHash.toU8a(), order.toU8a());
      return { order, signature: { Sr25519: u8aToHex(pair.sign(payload)) } };
    };
    const maker = sign(dave, { size: -E18 / 10n, price: 60_000n * E18, nonce: 1 });
    const taker = sign(eve, { size: E18 / 10n, price: 60_100n * E18, nonce: 1 });
    const { events } = await ok(signAndFinalize(api, api.tx.portfolioMargin.matchOrders(maker, taker, E18 / 10n), ferdie));
    assert.equal(findEvent(events, api.events.portfolioMargin.OrdersMatched).data.price.toBigInt(), 60_000n * E18);
  });

  await t.test('the trader reads her margin and a what-if through the runtime API', async () => {
    const m = await margin(eve.address, 0);
    // Standard margin on 0.1 BTC perpetual at 60,000: maintenance 10% = 600, initial × 1.25.
    assert.equal(m.maintenance.toBigInt(), 600n * E18);
    assert.equal(m.initial.toBigInt(), 750n * E18);
    const equity = m.equity.toBigInt();
    assert.ok(equity > 790n * E18 && equity < 800n * E18, `800 USDC less fees: ${equity}`);
    // What if she bought 0.1 more? Margin doubles, above her equity: she would be refused.
    const w = (await view(api, 'PortfolioMargin', 'what_if', [eve.address, 0, BTC_PERP, E18 / 10n])).unwrap();
    assert.equal(w.initial.toBigInt(), 1_500n * E18);
    assert.ok(w.initial.toBigInt() > equity);
    const refused = await signAndFinalize(
      api, api.tx.portfolioMargin.tradeWithVault(0, BTC_PERP, E18 / 10n, 61_000n * E18), eve);
    assert.equal(refused.error, 'portfolioMargin.InitialMarginBreached');
  });

  await t.test('a council motion raises the WETH haircut; after the delay her margin reflects it', async () => {
    const config = (await api.query.sharedCollateral.collateralAssets(WETH)).unwrap().toJSON();
    assert.equal(config.haircut, 100_000_000, '10% at genesis');
    const update = api.tx.sharedCollateral.updateAsset(WETH, { ...config, haircut: 500_000_000 });
    const change = await scheduleByCouncil(api, update, bob, [bob, charlie]);
    const before = (await margin(eve.address, 1, change.blockHash)).equity.toBigInt();
    const { blockHash, outcome } = await enacted(api, change);
    assert.equal(outcome, 'Ok');
    const parent = (await api.rpc.chain.getHeader(blockHash)).parentHash.toHex();
    const delayEnd = (await margin(eve.address, 1, parent)).equity.toBigInt();
    const after = (await margin(eve.address, 1, blockHash)).equity.toBigInt();
    assert.equal(delayEnd, before, 'unchanged until the change takes effect');
    // 1 WETH at 3,000: 90% counted before, 50% after.
    assert.equal(before - after, 1_200n * E18);
  });

  await t.test('after a crash the keeper liquidates the trader and the waterfall pays for it', async (t) => {
    // Balances are kept in USDC units (6 decimals); the liquidation events report 18-decimal values.
    const value = (units) => units * 10n ** 12n;
    const insurance = async (at) => value((await view(api, 'SharedCollateral', 'insurance_fund', [], at)).toBigInt());
    const vault = async (at) => value((await (await api.at(at)).query.sharedCollateral.vault()).balance.toBigInt());
    const start = (await api.rpc.chain.getFinalizedHead()).toHex();
    const [insuranceBefore, vaultBefore] = [await insurance(start), await vault(start)];
    // BTC −10%: Eve's perpetual loses 600 of her ~795; nobody but the keeper acts.
    const crash = await publish(54_000n);
    const health = await view(api, 'Liquidation', 'health', [eve.address, 0], crash.blockHash);
    assert.ok(health.isOk, `health is known: ${health.toString()}`);
    assert.ok(health.asOk.toBigInt() < E18, 'health below 1 after the crash');
    const equity = (await margin(eve.address, 0, crash.blockHash)).equity.toBigInt();
    assert.ok(equity > 0n, 'she is still solvent');
    const end = await waitFor('the keeper auctions the lot and the vault takes it at the floor', async () => {
      const head = (await api.rpc.chain.getFinalizedHead()).toHex();
      const positions = (await (await api.at(head)).query.portfolioMargin.positions(eve.address, 0)).toJSON();
      return positions.length === 0 && head;
    }, 240_000);
    // Every liquidation event for her subaccount 0 from the crash to now.
    const from = (await api.rpc.chain.getHeader(crash.blockHash)).number.toNumber();
    const to = (await api.rpc.chain.getHeader(end)).number.toNumber();
    const seen = { started: [], taken: [], covered: [], keeper: 0 };
    for (let n = from; n <= to; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      seen.keeper += block.block.extrinsics.filter((x) => x.method.section === 'liquidation' && x.method.method === 'keeper').length;
      assert.equal(block.block.extrinsics.filter((x) => x.method.section === 'liquidation' && x.method.method === 'liquidate').length, 0);
      for (const { event } of await at.query.system.events()) {
        if (event.section !== 'liquidation' || event.data.who?.toString() !== eve.address || event.data.sub.toNumber() !== 0) continue;
        if (api.events.liquidation.AuctionStarted.is(event)) seen.started.push(event.data);
        if (api.events.liquidation.TakenByVault.is(event)) seen.taken.push(event.data);
        if (api.events.liquidation.DebtCovered.is(event)) seen.covered.push(event.data);
      }
    }
    assert.ok(seen.keeper >= 1, 'the validator\'s keeper transaction started it');
    assert.equal(seen.started.length, 1);
    assert.equal(seen.started[0].insolvent.isTrue, false);
    assert.equal(seen.taken.length, 1);
    const taken = seen.taken[0];
    const [discount, penalty, fee] = [taken.discount, taken.penalty, taken.liquidatorFee].map((v) => v.toBigInt());
    // Her ~195 of equity cannot pay the vault's 60% floor discount on 540 of maintenance: a
    // solvent account pays for its liquidation out of its own equity and never more, so the
    // discount is capped there, nothing is left for a penalty, she owes nothing and the
    // insurance fund pays nothing.
    assert.ok(discount + penalty + fee <= equity, `${discount} + ${penalty} + ${fee} ≤ her equity ${equity}`);
    assert.equal(seen.covered.length, 0, 'no debt to cover');
    const usdc = (v) => (Number(v / 10n ** 12n) / 1e6).toFixed(6);
    t.diagnostic(`liquidation: equity at the crash ${usdc(equity)}, floor discount to the vault ${usdc(discount)}, `
      + `penalty to the fund ${usdc(penalty)}, keeper ${usdc(fee)}`);
    assert.equal(await insurance(end), insuranceBefore + penalty, 'the fund only received');
    assert.equal(await vault(end), vaultBefore + discount);
    const debt = (await (await api.at(end)).query.sharedCollateral.debts([eve.address, 0])).toBigInt();
    assert.equal(debt, 0n, 'no debt is left behind');
    // Her options subaccount is untouched.
    assert.equal((await (await api.at(end)).query.portfolioMargin.positions(eve.address, 1)).length, 1);
  });
});
