// Starting and stopping real ballast-node processes for end-to-end tests.
//
// Every node listens on 127.0.0.1 only, on ports the OS reports free, with mDNS and telemetry
// off. Every process started here is killed when the test process exits, also on failure.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

/** The ballast-node binary: $BALLAST_NODE, else the release build in $CARGO_TARGET_DIR. */
export function nodeBinary() {
  const candidates = [
    process.env.BALLAST_NODE,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'release', 'ballast-node'),
    join(homedir(), '.cache', 'ballast', 'target', 'release', 'ballast-node'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`ballast-node not found (looked at ${candidates.join(', ')}); run scripts/test.sh, which builds it`);
  }
  return found;
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `ballast-${prefix}-`));
}

/** One JSON-RPC call over HTTP. */
export async function rpc(port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(what, check, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

/**
 * Generates the persistent network key of a node on `chain` under `basePath`, as an operator
 * does with `ballast-node key generate-node-key`, and returns its peer id.
 */
export function generateNodeKey(basePath, chain) {
  const r = spawnSync(nodeBinary(), ['key', 'generate-node-key', '--base-path', basePath, '--chain', chain]);
  if (r.status !== 0) throw new Error(`generate-node-key failed: ${r.stderr}`);
  // The peer id is the last line the command prints (on stderr, after the key's path).
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('12D3'));
  if (lines.length !== 1) throw new Error(`no peer id in the output of generate-node-key: ${r.stdout}${r.stderr}`);
  return lines[0];
}

/** A running ballast-node. */
export class Node {
  constructor(name, args, ports, logFile) {
    this.name = name;
    this.args = args;
    this.ports = ports;
    this.logFile = logFile;
    this.child = null;
  }

  /** Starts a node. `extra` are more command-line arguments. */
  static async start(name, extra, { basePath } = {}) {
    const ports = { p2p: await freePort(), rpc: await freePort(), prometheus: await freePort() };
    const args = [
      ...extra,
      ...(basePath ? ['--base-path', basePath] : []),
      '--name', name,
      '--listen-addr', `/ip4/127.0.0.1/tcp/${ports.p2p}`,
      '--rpc-port', String(ports.rpc),
      '--prometheus-port', String(ports.prometheus),
      '--no-mdns',
      '--no-telemetry',
      // The default `pooling-copy-on-write` seals a memfd, which this CI's VM kernel now and
      // then refuses (EBUSY: "cannot add seals to the memfd"); plain pooling needs no memfd.
      '--wasmtime-instantiation-strategy', 'pooling',
    ];
    const logFile = join(tempDir(`log-${name}`), 'node.log');
    const node = new Node(name, args, ports, logFile);
    await node.spawn();
    return node;
  }

  async spawn() {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(nodeBinary(), this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.pipe(log);
    this.child.stderr.pipe(log);
    live.add(this.child);
    const child = this.child;
    child.on('exit', () => live.delete(child));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const ready = waitFor(`${this.name}'s RPC on port ${this.ports.rpc}`, async () => {
      if (child.exitCode !== null) return false;
      return rpc(this.ports.rpc, 'system_health');
    }, 120_000);
    const first = await Promise.race([ready, exited.then((e) => ({ exited: e }))]);
    if (first && first.exited) {
      await new Promise((resolve) => log.end(resolve));
      throw new Error(`${this.name} exited (${JSON.stringify(first.exited)}) before its RPC came up:\n${this.logTail()}`);
    }
  }

  /** The last lines of the node's log. */
  logTail(lines = 40) {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  get ws() {
    return `ws://127.0.0.1:${this.ports.rpc}`;
  }

  rpc(method, params) {
    return rpc(this.ports.rpc, method, params);
  }

  /** Number and hash of the latest finalized block. */
  async finalized() {
    const hash = await this.rpc('chain_getFinalizedHead');
    const header = await this.rpc('chain_getHeader', [hash]);
    return { number: parseInt(header.number, 16), hash };
  }

  /** Stops the node: SIGINT (graceful) by default, SIGKILL to simulate a crash. */
  async stop(signal = 'SIGINT') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timeout = sleep(30_000).then(() => 'timeout');
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Starts the same node again with the same arguments (and so the same base path). */
  async restart() {
    await this.stop();
    await this.spawn();
  }
}
