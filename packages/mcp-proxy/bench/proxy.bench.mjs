// tools/call latency and throughput through the real gateway (`crosspoint serve` with an mcpServers
// entry for the echo child) vs a direct stdio client (the floor) and a zero-work byte relay (the
// floor of any out-of-process gateway), in one run; the bare proxy library as a breakdown row.
// Method: targets alternate within each round; the median over ROUNDS rounds is reported.
// Run: pnpm bench proxy   (or: node packages/mcp-proxy/bench/proxy.bench.mjs after a build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const child = [node, join(here, 'echo-server.mjs')];
const cli = join(here, '..', '..', 'cli', 'dist', 'bin.js');
const work = mkdtempSync(join(tmpdir(), 'xp-proxy-bench-'));
const config = join(work, 'crosspoint.json');
writeFileSync(config, JSON.stringify({ mcpServers: { bench: { command: child[0], args: child.slice(1), ping: { intervalMs: 0 } } } }));
const gatewayEnv = { ...process.env, CROSSPOINT_STATE_DIR: join(work, 'state') };
const TARGETS = {
  direct: child,
  relay: [node, join(here, 'relay.mjs'), ...child],
  // The same relay with its child in a session of its own, as the gateway starts children (see relay.mjs).
  'relay (child in own session)': [node, join(here, 'relay.mjs'), '--own-session', ...child],
  // The floors of any gateway, step by step (floor-relay.mjs): framing lines, then rewriting ids, then checking messages.
  'floor: lines': [node, join(here, 'floor-relay.mjs'), 'lines', ...child],
  'floor: ids': [node, join(here, 'floor-relay.mjs'), 'ids', ...child],
  'floor: checked': [node, join(here, 'floor-relay.mjs'), 'checked', ...child],
  // BENCH_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the gateway's node.
  crosspoint: [node, ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? []), cli, 'serve', '--config', config],
  // Breakdown rows: the proxy library alone behind a bare SDK Server (lean tools/call path, then the SDK's own).
  'proxy library': [node, join(here, 'proxy-server.mjs'), ...child],
  'proxy library, SDK front': [node, join(here, 'proxy-server.mjs'), '--sdk-calls', ...child],
};
// A/B of two builds in one run: BENCH_BEFORE_CLI=<another checkout>/packages/cli/dist/bin.js adds
// "crosspoint (before)", alternating with the others. BENCH_TARGETS=relay,crosspoint,... keeps only those rows.
if (process.env.BENCH_BEFORE_CLI) TARGETS['crosspoint (before)'] = [node, process.env.BENCH_BEFORE_CLI, 'serve', '--config', config];
if (process.env.BENCH_TARGETS) {
  const keep = new Set(process.env.BENCH_TARGETS.split(',').map((t) => t.trim()));
  for (const name of Object.keys(TARGETS)) if (!keep.has(name) && name !== 'crosspoint (before)') delete TARGETS[name];
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LEVELS = process.env.BENCH_LEVELS ? process.env.BENCH_LEVELS.split(',').map(Number) : [1, 16, 64];
const CALLS = { 1: 4000, 16: 8000, 64: Number(process.env.BENCH_CALLS_64 ?? 48000) };
const WARMUP = 1000;

/** CPU time (user + system) of a process so far, in µs (clock ticks of 10 ms); NaN without /proc. */
function cpuOf(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return NaN;
  }
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A lean NDJSON JSON-RPC client, so the client's own cost is small and the same for every target. */
async function open([cmd, ...args], stateDir = 'state') {
  // The gateway's banner goes to a buffer, shown only if it fails to start.
  const quiet = args.includes('serve');
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', quiet ? 'pipe' : 'inherit'], env: { ...gatewayEnv, CROSSPOINT_STATE_DIR: join(work, stateDir) } });
  let stderr = '';
  proc.stderr?.on('data', (c) => (stderr += c));
  // A target that dies before the bench closes it (or never starts) fails the bench at once,
  // instead of leaving its calls waiting for ever.
  let closing = false;
  proc.once('exit', (code, signal) => {
    if (closing) return;
    process.stderr.write(`${cmd} ${args.join(' ')} exited (${signal ?? code})\n${stderr}`);
    process.exit(1);
  });
  const waiting = new Map();
  let buf = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (s) => {
    buf += s;
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line);
      const done = waiting.get(msg.id);
      if (done) {
        waiting.delete(msg.id);
        done(msg);
      }
    }
  });
  let id = 0;
  const request = (method, params) =>
    new Promise((resolve) => {
      const i = ++id;
      waiting.set(i, resolve);
      proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: i, method, params }) + '\n');
    });
  const init = await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  if (!init.result) throw new Error(`initialize failed: ${JSON.stringify(init)}`);
  proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  const list = await request('tools/list', {});
  const tool = list.result.tools.find((t) => t.name === 'echo' || t.name.endsWith('echo')).name;
  return {
    /** CPU time (user + system) of the target process so far, in µs; NaN without /proc. */
    cpuMicros: () => cpuOf(proc.pid),
    /** The same for the processes it started (the echo child behind a relay or gateway). */
    childCpuMicros: () => childrenOf(proc.pid).reduce((sum, pid) => sum + cpuOf(pid), 0),
    call: () => request('tools/call', { name: tool, arguments: { text: 'hello bench' } }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        proc.once('exit', resolve);
        proc.stdin.end();
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

async function load(client, inFlight, total) {
  const lat = new Float64Array(total);
  let next = 0;
  const cpu0 = client.cpuMicros();
  const child0 = client.childCpuMicros();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const s = performance.now();
      const r = await client.call();
      if (!r.result || r.result.isError) throw new Error(`call failed: ${JSON.stringify(r)}`);
      lat[i] = performance.now() - s;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = performance.now() - t0;
  const cpu = (client.cpuMicros() - cpu0) / total;
  // The whole pipeline: this client, the target and its child (for direct, the target is the child).
  const own = process.cpuUsage(own0);
  const pipeline = cpu + (client.childCpuMicros() - child0) / total + (own.user + own.system) / total;
  lat.sort();
  const q = (p) => lat[Math.min(total - 1, Math.floor(p * total))] * 1000;
  return { p50: q(0.5), p99: q(0.99), rps: total / (elapsed / 1000), cpu, pipeline };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {}; // target -> level -> [{p50,p99,rps}]
const clients = {};
for (const [name, cmd] of Object.entries(TARGETS)) {
  clients[name] = await open(cmd, `state-${Object.keys(clients).length}`);
  await load(clients[name], 16, WARMUP);
  results[name] = Object.fromEntries(LEVELS.map((l) => [l, []]));
}
// All rounds of a level run back to back, each level in its own steady state: when levels were
// interleaved (every level-64 run right after a mostly idle level-1 run) the gateway's throughput at
// 64 in flight read about 10 points of the relay's higher than in a steady run.
for (const level of LEVELS) {
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.keys(TARGETS);
    if (round % 2) order.reverse();
    for (const name of order) {
      globalThis.gc?.();
      results[name][level].push(await load(clients[name], level, CALLS[level]));
    }
  }
}
await Promise.all(Object.values(clients).map((c) => c.close()));
rmSync(work, { recursive: true, force: true });

const fmt = (x, d = 0) => x.toFixed(d);
const rows = [];
for (const level of LEVELS) {
  for (const name of Object.keys(TARGETS)) {
    const rs = results[name][level];
    const cpu = name === 'direct' ? '–' : fmt(median(rs.map((r) => r.cpu)), 1);
    const pipeline = fmt(median(rs.map((r) => r.pipeline)), 1);
    rows.push(`| ${level} | ${name} | ${fmt(median(rs.map((r) => r.p50)))} | ${fmt(median(rs.map((r) => r.p99)))} | ${fmt(median(rs.map((r) => r.rps)))} | ${cpu} | ${pipeline} |`);
  }
}
const m = (name, level, key) => median(results[name][level].map((r) => r[key]));
const checks = !(results.relay && results.crosspoint && LEVELS.includes(1) && LEVELS.includes(64)) ? [] : [
  ['p50 at 1 in flight ≤ relay + 20 µs', m('crosspoint', 1, 'p50'), m('relay', 1, 'p50') + 20, 'µs'],
  ['p99 at 1 in flight ≤ 1.3 × relay', m('crosspoint', 1, 'p99'), 1.3 * m('relay', 1, 'p99'), 'µs'],
  ['throughput at 64 in flight ≥ 0.95 × relay', m('crosspoint', 64, 'rps'), 0.95 * m('relay', 64, 'rps'), 'calls/s'],
];
// Linux's autogroup scheduling gives each session (each child the gateway starts, see relay.mjs) its own share of the CPU.
let autogroup = 'unknown';
try {
  autogroup = readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1' ? 'on' : 'off';
} catch {}
console.log(`\n### Child MCP server: tools/call through \`crosspoint serve\` (${ROUNDS} rounds, median; Node ${process.version}, ${(await import('node:os')).cpus().length} cores, autogroup scheduling ${autogroup})\n`);
console.log('| in flight | target | p50 µs | p99 µs | calls/s | middle process CPU µs/call | whole pipeline CPU µs/call |\n|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log('\n| target check | crosspoint | limit | met |\n|---|---|---|---|');
for (const [what, got, limit, unit] of checks) {
  const ok = what.includes('≥') ? got >= limit : got <= limit;
  console.log(`| ${what} | ${fmt(got)} ${unit} | ${fmt(limit)} ${unit} | ${ok ? 'yes' : 'no'} |`);
}
// Each round measures every target back to back, so a round's ratio to the relay is little moved by
// the machine's load drifting between rounds (the medians per target above are).
const paired = (name, level) => median(results[name][level].map((r, i) => r.rps / results.relay[level][i].rps));
if (results.relay && LEVELS.includes(64)) {
  const others = Object.keys(TARGETS).filter((t) => t !== 'relay' && t !== 'direct');
  console.log(`\nThroughput at 64 in flight relative to the relay, median of the per-round ratios: ${others.map((t) => `${t} ${paired(t, 64).toFixed(3)}×`).join(', ')}`);
}
