// Per-call latency (p50/p99) and throughput of the network fronts vs stdio and vs the SDK's own
// Streamable HTTP server transport, all with the same fixture server behind them, in one run.
// Method: every round visits every target in turn (alternating), each target's numbers are the
// median over rounds; the HTTP front/direct ratios are taken per round, then their median.
// Run: pnpm bench remote   (or: node --expose-gc packages/remote/bench/fronts.bench.mjs after a build)
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Duplex, PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { NdjsonSocketTransport, createClientTransport, createFixtureSessions, runStdioBridge, startFronts } from '../dist/index.js';

// The SDK's HTTP client shares one AbortSignal across requests and undici leaves a listener per request
// on it (our client link isolates them; the reference client here is the SDK's own): keep the noise out.
let listenerWarnings = 0;
process.removeAllListeners('warning');
process.on('warning', (w) => (w.name === 'MaxListenersExceededWarning' ? listenerWarnings++ : console.error(w)));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SEQUENTIAL = Number(process.env.BENCH_CALLS ?? 1000);
const CONCURRENT_TOTAL = 2000;
const CONCURRENCY = 16;
const TOKEN = 'bench-token';

/** The SDK's Streamable HTTP server transport straight on node:http, no gate: the reference. */
async function startSdkHttp(connectSession) {
  const transports = new Map();
  const server = createServer(async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    let t = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!t) {
      t = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => transports.set(id, t) });
      await connectSession(t, { label: 'sdk-http' });
    }
    await t.handleRequest(req, res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/mcp`,
    close: async () => {
      await Promise.allSettled([...transports.values()].map((t) => t.close()));
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

async function connect(transport) {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const echo = (client, i) => client.callTool({ name: 'echo', arguments: { text: `hello ${i}` } });

async function sequential(client, n) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await echo(client, i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  samples.sort();
  return { p50: samples[Math.floor(n * 0.5)], p99: samples[Math.floor(n * 0.99)] };
}

async function concurrent(client, total, width) {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) await echo(client, next++);
    }),
  );
  return total / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fixture = createFixtureSessions();
const fronts = await startFronts({ connectSession: fixture.connectSession, tcp: { port: 0 }, ws: { port: 0 }, http: { port: 0 }, tokens: [{ token: TOKEN }] });
const sdkHttp = await startSdkHttp(fixture.connectSession);
const stdioFixture = fileURLToPath(new URL('./stdio-fixture.mjs', import.meta.url));

// `crosspoint connect` in-process: an IDE client on a pipe pair, the bridge, the WebSocket front.
const ideToBridge = new PassThrough();
const bridgeToIde = new PassThrough();
const bridge = runStdioBridge(fronts.urls.ws, { token: TOKEN, stdin: ideToBridge, stdout: bridgeToIde });
const idePipes = Duplex.from({ readable: bridgeToIde, writable: ideToBridge });

const targets = [
  { name: 'stdio (child process)', client: await connect(new StdioClientTransport({ command: process.execPath, args: [stdioFixture] })) },
  { name: 'TCP front', client: await connect(createClientTransport(fronts.urls.tcp, { token: TOKEN })) },
  { name: 'WebSocket front', client: await connect(createClientTransport(fronts.urls.ws, { token: TOKEN })) },
  { name: 'stdio bridge → WebSocket front (crosspoint connect)', client: await connect(new NdjsonSocketTransport(idePipes)) },
  // Both HTTP rows use the SDK's own client, so the difference is the server side only.
  { name: 'Streamable HTTP front', client: await connect(new StreamableHTTPClientTransport(new URL(fronts.urls.http), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } })) },
  { name: 'SDK Streamable HTTP, direct', client: await connect(new StreamableHTTPClientTransport(new URL(sdkHttp.url))) },
];

for (const t of targets) {
  t.p50 = [];
  t.p99 = [];
  t.rate = [];
  await sequential(t.client, 200); // warm-up
}
for (let round = 0; round < ROUNDS; round++) {
  for (const t of targets) {
    const { p50, p99 } = await sequential(t.client, SEQUENTIAL);
    t.p50.push(p50);
    t.p99.push(p99);
    t.rate.push(await concurrent(t.client, CONCURRENT_TOTAL, CONCURRENCY));
  }
}

const fmt = (x) => x.toFixed(0);
const rows = targets.map((t) => ({ name: t.name, p50: median(t.p50), p99: median(t.p99), rate: median(t.rate) }));
const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
console.log(`\n### remote fronts: echo tool call, client and gateway on one machine (loopback)\n`);
console.log(`Node ${process.version}, ${ROUNDS} rounds alternating targets, ${SEQUENTIAL} sequential calls (latency) + ${CONCURRENT_TOTAL} calls at concurrency ${CONCURRENCY} (throughput) per round; medians over rounds.\n`);
console.log('| transport | p50 µs | p99 µs | calls/s (16 in flight) |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.rate)} |`);
// Paired per round (the two ran back to back), then the median: robust to load that shifts between rounds.
const front = targets.find((t) => t.name === 'Streamable HTTP front');
const direct = targets.find((t) => t.name === 'SDK Streamable HTTP, direct');
const ratio = median(front.p50.map((x, i) => x / direct.p50[i]));
const ratioRate = median(direct.rate.map((x, i) => x / front.rate[i]));
console.log(`\nTargets: WebSocket p50 ≤ 200 µs → ${fmt(byName['WebSocket front'].p50)} µs (${byName['WebSocket front'].p50 <= 200 ? 'met' : 'NOT met'}); ` +
  `Streamable HTTP front ≤ 1.1× SDK direct (median of per-round ratios) → p50 latency ${ratio.toFixed(2)}×, time per call at 16 in flight ${ratioRate.toFixed(2)}× ` +
  `(${ratio <= 1.1 && ratioRate <= 1.1 ? 'met' : 'NOT met'}).`);

if (listenerWarnings) console.log(`\n(${listenerWarnings} MaxListenersExceededWarning from the SDK's HTTP client were counted and hidden.)`);
ideToBridge.end();
await bridge.done;
idePipes.destroy();
for (const t of targets) await t.client.close();
await fronts.close();
await sdkHttp.close();
