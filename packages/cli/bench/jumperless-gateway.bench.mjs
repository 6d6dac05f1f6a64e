// Per-call cost of a Jumperless tool through the whole gateway: `crosspoint serve` with the
// @crosspoint/jumperless plugin on a real pty (socat) to the emulator, driven by a lean NDJSON
// MCP client, against the emulator's own floor (the same raw-REPL program written straight to the
// pty) and the bridge alone in-process. Targets alternate, median of ROUNDS rounds.
// Run: pnpm bench jumperless-gateway (or node this file after a build).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSocat, startPtyEmulator } from '@crosspoint/jumperless-emulator';
import { JumperlessSubsystem, call, convert, program, py } from '@crosspoint/jumperless';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const { SerialPort } = createRequire(join(root, 'packages', 'jumperless', 'package.json'))('serialport');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = 1000;
const WARMUP = 30;

if (!findSocat(process.env.PATH)) {
  console.log('## Jumperless through the gateway\n\nskipped: socat is not installed');
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'jlgw-bench-'));
const pty = await startPtyEmulator({ linkPath: join(work, 'ttyJLV5port5'), emulatorOptions: { noiseVolts: 0 }, searchPath: process.env.PATH });
const code = program([], convert('float', call('dac_get', [py.int(0)])));
const config = join(work, 'crosspoint.json');
writeFileSync(config, JSON.stringify({ subsystems: { jumperless: { package: join(root, 'packages', 'jumperless'), options: { port: pty.path } } } }));

async function timeCalls(n, once) {
  const lat = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const mean = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  lat.sort((a, b) => a - b);
  return { mean, p50: lat[Math.floor(n * 0.5)], p99: lat[Math.floor(n * 0.99)] };
}

async function floorRound(n) {
  const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
  await new Promise((res, rej) => port.open((e) => (e ? rej(e) : res())));
  let buf = '';
  let wake = () => {};
  port.on('data', (d) => {
    buf += d.toString('latin1');
    wake();
  });
  const until = (s) =>
    new Promise((res) => {
      wake = () => {
        const i = buf.indexOf(s);
        if (i >= 0) {
          buf = buf.slice(i + s.length);
          wake = () => {};
          res();
        }
      };
      wake();
    });
  port.write('\r\x03\x03\r\x01');
  await until('raw REPL; CTRL-B to exit\r\n>');
  const once = async () => {
    port.write(`${code}\x04`);
    await until('\x04>');
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const stats = await timeCalls(n, once);
  await new Promise((r) => port.close(() => r()));
  return stats;
}

async function bridgeRound(n) {
  const s = new JumperlessSubsystem({ port: pty.path, emulated: true });
  await s.connect();
  const once = () => s.invoke('dac_get', { channel: 0 });
  for (let i = 0; i < WARMUP; i++) await once();
  const stats = await timeCalls(n, once);
  await s.shutdown();
  return stats;
}

/** `crosspoint serve` for one round (it owns the pty while it runs), a lean NDJSON client on its stdio. */
async function gatewayRound(n) {
  const proc = spawn(process.execPath, [join(root, 'packages', 'cli', 'dist', 'bin.js'), 'serve', '--config', config], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, CROSSPOINT_STATE_DIR: join(work, 'state') },
  });
  let stderr = '';
  proc.stderr.on('data', (c) => (stderr += c));
  const waiting = new Map();
  let buf = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (s) => {
    buf += s;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
      const msg = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      waiting.get(msg.id)?.(msg);
      waiting.delete(msg.id);
    }
  });
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve) => {
      const i = ++id;
      waiting.set(i, resolve);
      proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: i, method, params })}\n`);
    });
  await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  proc.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  await request('tools/list', {});
  const once = async () => {
    const r = await request('tools/call', { name: 'jumperless_dac_get', arguments: { channel: 0 } });
    if (!r.result || r.result.isError) throw new Error(`call failed: ${JSON.stringify(r)}\n${stderr}`);
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const stats = await timeCalls(n, once);
  await new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.stdin.end();
  });
  return stats;
}

const TARGETS = { floor: floorRound, bridge: bridgeRound, gateway: gatewayRound };
const results = { floor: [], bridge: [], gateway: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = Object.keys(TARGETS);
  if (r % 2) order.reverse();
  for (const name of order) results[name].push(await TARGETS[name](CALLS));
}
await pty.stop();
rmSync(work, { recursive: true, force: true });

const med = (rows, key) => median(rows.map((x) => x[key]));
const row = (name, rows) =>
  `| ${name} | ${med(rows, 'p50').toFixed(3)} | ${med(rows, 'p99').toFixed(3)} | ${med(rows, 'mean').toFixed(3)} | ${Math.round(1000 / med(rows, 'mean'))} |`;
const added = (key) => (med(results.gateway, key) - med(results.floor, key)).toFixed(3);
console.log(`## Jumperless through the gateway (crosspoint serve + plugin, pty + emulator)

\`dac_get\` round trips, ${CALLS} sequential calls per round, median of ${ROUNDS} alternating rounds (${WARMUP} warm-up calls each); Node ${process.version}.

| target | p50 ms | p99 ms | mean ms | calls/s |
|---|---:|---:|---:|---:|
${row('emulator floor (raw REPL written straight to the pty)', results.floor)}
${row('bridge in-process (JumperlessSubsystem.invoke)', results.bridge)}
${row('crosspoint serve: MCP tools/call over stdio → plugin → pty', results.gateway)}

Added by the whole gateway over the floor: **${added('p50')} ms at p50, ${added('mean')} ms on the mean per call** (target <= 0.5 ms).`);
