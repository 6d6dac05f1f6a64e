// The gateway's own CPU per forwarded tools/call, without I/O: the real stdio front, session,
// aggregator and child-server subsystem in this process, connected to a real echo child, but the
// hot loop drives both ends by hand: request lines go into the front's input handler in batches,
// what the gateway writes to the child is captured, and replies written the way an SDK child
// writes them go into the child link's input handler. No syscalls, no scheduling: the number it
// prints moves only with the gateway's code, so small changes can be compared (the end-to-end
// proxy bench is dominated by the machine's noise at that scale).
// Run: pnpm bench hot-path   (or: node --expose-gc packages/cli/bench/hot-path.bench.mjs after a build)
import { PassThrough, Writable } from 'node:stream';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FederationAggregator, NdjsonStreamTransport, createSessionFactory } from '@crosspoint/aggregator';
import { createChildServerSubsystem } from '@crosspoint/mcp-proxy';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = Number(process.env.BENCH_BATCH ?? 8); // calls per read, as measured at 64 in flight
const CALLS = Number(process.env.BENCH_HOT_CALLS ?? 400_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const subsystem = createChildServerSubsystem('bench', { command: process.execPath, args: [join(here, '..', '..', 'mcp-proxy', 'bench', 'echo-server.mjs')], ping: { intervalMs: 0 } }, { baseEnv: process.env, baseDir: here });
const aggregator = new FederationAggregator({ version: '1.0.0' });
aggregator.register(subsystem);
await aggregator.start();

// The front: its input is fed by hand, its output collected.
let toClient = [];
/**
 * What the kernel does with a write: the bytes are copied out (a string is encoded on the way, as
 * Node does). The harness then reads that copy as text, whatever the gateway wrote.
 */
const scratch = Buffer.alloc(1 << 20);
const kernelCopy = (data) => (typeof data === 'string' ? scratch.latin1Slice(0, scratch.utf8Write(data, 0)) : scratch.latin1Slice(0, data.copy(scratch, 0)));
const output = new Writable({ write: (chunk, _enc, done) => done() });
output.write = (data) => (toClient.push(kernelCopy(data)), true);
const front = new NdjsonStreamTransport(new PassThrough(), output);
front['copiesOnWrite'] = true; // as it is for stdout, a pipe: the harness copies what is written at once
const session = await createSessionFactory(aggregator)(front, {});
const frontIn = (buf) => front['onData'](buf);
const frontFlush = () => front['flush']();

const lineOf = (m) => `${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`;
frontIn(Buffer.from(lineOf({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })));
await new Promise((r) => setTimeout(r, 50));
frontIn(Buffer.from(lineOf({ method: 'notifications/initialized' })));
await new Promise((r) => setTimeout(r, 50));
frontFlush();
toClient = [];

// The child link: what the gateway writes to it is captured; replies are fed to its input handler.
const link = subsystem['supervisor'].session.transport;
let toChild = [];
link['output'].write = (data) => (toChild.push(kernelCopy(data)), true);
const childIn = (buf) => link['onData'](buf);
const childFlush = () => link['flushOutgoing']();

const requests = [];
for (let b = 0; b < 64; b++) {
  let text = '';
  for (let i = 0; i < BATCH; i++) text += lineOf({ id: b * BATCH + i + 1, method: 'tools/call', params: { name: 'bench_echo', arguments: { text: 'hello bench' } } });
  requests.push(Buffer.from(text));
}
const ID = /"id":"([^"]+)"/g; // the gateway's own ids are the only string ids in what it writes
/** The replies an SDK child writes to the requests the gateway sent (result, jsonrpc, id). */
function replies(text) {
  let out = '';
  for (const m of text.matchAll(ID)) out += `{"result":{"content":[{"type":"text","text":"hello bench"}]},"jsonrpc":"2.0","id":"${m[1]}"}\n`;
  return Buffer.from(out);
}

let answered = 0;
function batch(b) {
  frontIn(requests[b % requests.length]);
  childFlush();
  const sent = toChild.join('');
  toChild = [];
  childIn(replies(sent));
  frontFlush();
  for (const chunk of toClient) for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) answered++;
  toClient = [];
}

/** The harness alone (building and reading the same text), to subtract. */
function harnessOnly(b) {
  const req = requests[b % requests.length].toString();
  let fake = '';
  for (let i = 0; i < BATCH; i++) fake += `{"jsonrpc":"2.0","id":"crosspoint-${b * BATCH + i}","method":"tools/call","params":{"name":"echo","arguments":{"text":"hello bench"}}}\n`;
  const rep = replies(fake).toString();
  for (let i = rep.indexOf('\n'); i !== -1; i = rep.indexOf('\n', i + 1)) answered--;
  return req.length;
}

/** Runs `fn` for CALLS calls; yields to the event loop now and then, as a real gateway does between reads (the flushes it schedules run then). */
async function measure(fn, calls = CALLS) {
  const batches = Math.round(calls / BATCH);
  globalThis.gc?.();
  const t0 = process.cpuUsage();
  for (let b = 0; b < batches; b++) {
    fn(b);
    if (b % 32 === 31) await new Promise(setImmediate);
  }
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / (batches * BATCH);
}

await measure(batch, 160_000); // warm up (JIT)
const gateway = [];
const harness = [];
for (let r = 0; r < ROUNDS; r++) {
  answered = 0;
  gateway.push(await measure(batch));
  if (answered !== Math.round(CALLS / BATCH) * BATCH) throw new Error(`expected ${CALLS} answers, got ${answered}`);
  harness.push(await measure(harnessOnly));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n### Gateway CPU per forwarded tools/call, no I/O (${ROUNDS} rounds of ${CALLS} calls in batches of ${BATCH}, median; Node ${process.version})\n`);
console.log('| measured | µs per call |\n|---|---|');
console.log(`| gateway + harness | ${median(gateway).toFixed(3)} |`);
console.log(`| harness alone | ${median(harness).toFixed(3)} |`);
console.log(`| **gateway** | **${(median(gateway) - median(harness)).toFixed(3)}** |`);

await session.close();
await aggregator.shutdown();
process.exit(0);
