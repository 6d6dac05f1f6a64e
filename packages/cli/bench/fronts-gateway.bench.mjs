// Per-call latency (p50/p99) and sequential throughput through the real `crosspoint serve` process:
// the same gateway daemon reached over its WebSocket, TCP and Streamable HTTP fronts, against
// `crosspoint serve` over stdio, with the same plugin tool (dyn_multiply) behind all of them.
// Method: every round visits every target in turn (alternating); each target's numbers are the
// median over rounds.
// Run: pnpm bench fronts-gateway   (or: node packages/cli/bench/fronts-gateway.bench.mjs after a build)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createClientTransport } from '@crosspoint/remote';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const TOKEN = 'bench-token-0123456789abcdef';
const here = fileURLToPath(new URL('.', import.meta.url));
const CLI = join(here, '..', 'dist', 'bin.js');
const PLUGIN = join(here, '..', '..', '..', 'test', 'fixtures', 'dynamic-plugin.mjs');

const dir = mkdtempSync(join(tmpdir(), 'crosspoint-bench-'));
const config = join(dir, 'crosspoint.json');
writeFileSync(config, JSON.stringify({ subsystems: { dyn: { package: PLUGIN } } }));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CROSSPOINT_')));

/** The daemon with every front on a free loopback port; resolves with the URLs it prints. */
async function startDaemon() {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--ws', '127.0.0.1:0', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0'], {
    env: { ...env, CROSSPOINT_TOKEN: TOKEN, CROSSPOINT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const urls = {};
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => {
      stderr += c;
      for (const m of stderr.matchAll(/^\[crosspoint\] listening: ((ws|tcp|http):\/\/\S+)$/gm)) urls[m[2]] = m[1];
      if (urls.ws && urls.tcp && urls.http) resolve();
    });
    child.once('exit', (code) => reject(new Error(`daemon exited ${code}: ${stderr}`)));
  });
  return { child, urls };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(client) {
  const times = new Array(CALLS);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    await client.callTool({ name: 'dyn_multiply', arguments: { a: i, b: 2 } });
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), rate: CALLS / totalS };
}

const daemon = await startDaemon();
const targets = [];
for (const front of ['ws', 'tcp', 'http']) {
  const client = new Client({ name: `bench-${front}`, version: '0' });
  await client.connect(createClientTransport(daemon.urls[front], { token: TOKEN }));
  targets.push({ name: `crosspoint serve, ${front} front`, client });
}
const stdioClient = new Client({ name: 'bench-stdio', version: '0' });
await stdioClient.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'serve', '--config', config], env: { ...env, CROSSPOINT_LOG_LEVEL: 'warn' }, stderr: 'ignore' }));
targets.unshift({ name: 'crosspoint serve, stdio', client: stdioClient });

for (const t of targets) await measure(t.client); // warm-up (JIT, connections)
const results = new Map(targets.map((t) => [t.name, []]));
for (let r = 0; r < ROUNDS; r++) for (const t of targets) results.get(t.name).push(await measure(t.client));

console.log(`\n### crosspoint serve: per-call latency over each front vs stdio (${CALLS} sequential calls × ${ROUNDS} rounds, median of rounds)\n`);
console.log('| target | p50 (µs) | p99 (µs) | calls/s (sequential) |');
console.log('|---|---:|---:|---:|');
for (const t of targets) {
  const rs = results.get(t.name);
  console.log(`| ${t.name} | ${median(rs.map((x) => x.p50)).toFixed(0)} | ${median(rs.map((x) => x.p99)).toFixed(0)} | ${median(rs.map((x) => x.rate)).toFixed(0)} |`);
}
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}; the gateway and the clients are separate processes on one machine.`);

await Promise.allSettled(targets.map((t) => t.client.close()));
daemon.child.kill('SIGTERM');
await new Promise((r) => daemon.child.once('exit', r));
rmSync(dir, { recursive: true, force: true });
