// tools/call latency and tools/list time: through `crosspoint serve` (SDK Client → stdio → gateway)
// vs the same subsystem called in-process and vs a direct stdio MCP server with the same tools.
// Method: targets alternate inside each round; the median of ROUNDS rounds is reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { FederationAggregator } from '../dist/index.js';
import { createSubsystem } from './bench-plugin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'cli', 'dist', 'bin.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const LISTS = Number(process.env.BENCH_LISTS ?? 30);
const LIST_TOOLS = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function stdioClient(command, args) {
  const transport = new StdioClientTransport({ command, args, env: getDefaultEnvironment(), stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  return client;
}

function gatewayConfig(count) {
  const dir = mkdtempSync(join(tmpdir(), 'crosspoint-bench-'));
  const file = join(dir, 'crosspoint.json');
  writeFileSync(file, JSON.stringify({ subsystems: { b: { package: join(here, 'bench-plugin.mjs'), options: { count } } } }));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function main() {
  // Call latency targets: each is a function making one `echo` call.
  const subsystem = createSubsystem({ count: 1 });
  await subsystem.connect();
  const aggregator = new FederationAggregator();
  aggregator.register(createSubsystem({ count: 1 }));
  await aggregator.start();
  const callCfg = gatewayConfig(1);
  const direct = await stdioClient(process.execPath, [join(here, 'direct-server.mjs'), '1']);
  const gateway = await stdioClient(process.execPath, [cli, 'serve', '--config', callCfg.file]);
  const args = { text: 'hello bench' };
  const callTargets = {
    'subsystem.invoke (in-process)': () => subsystem.invoke('echo', args),
    'aggregator.invoke (in-process)': () => aggregator.invoke('b.echo', args),
    'direct stdio MCP server': () => direct.callTool({ name: 'echo', arguments: args }),
    'crosspoint serve (stdio gateway)': () => gateway.callTool({ name: 'b_echo', arguments: args }),
  };
  const callStats = Object.fromEntries(Object.keys(callTargets).map((k) => [k, { p50: [], p99: [] }]));
  for (const fn of Object.values(callTargets)) for (let i = 0; i < 50; i++) await fn(); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(callTargets);
    if (round % 2) order.reverse();
    for (const [name, fn] of order) {
      const lat = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = now();
        await fn();
        lat.push(now() - t0);
      }
      callStats[name].p50.push(pct(lat, 50));
      callStats[name].p99.push(pct(lat, 99));
    }
  }
  await Promise.all([direct.close(), gateway.close(), aggregator.shutdown(), subsystem.shutdown()]);
  callCfg.remove();

  // tools/list of 1,000 tools: gateway (998 plugin tools + its 2 own = 1,000) vs one direct server.
  const listCfg = gatewayConfig(LIST_TOOLS - 2);
  const directList = await stdioClient(process.execPath, [join(here, 'direct-server.mjs'), String(LIST_TOOLS)]);
  const gatewayList = await stdioClient(process.execPath, [cli, 'serve', '--config', listCfg.file]);
  const listTargets = {
    'direct stdio MCP server': directList,
    'crosspoint serve (stdio gateway)': gatewayList,
  };
  for (const [name, c] of Object.entries(listTargets)) {
    const r = await c.listTools();
    if (r.tools.length !== LIST_TOOLS || r.nextCursor) throw new Error(`${name} listed ${r.tools.length} tools in one page, expected ${LIST_TOOLS}`);
    for (let i = 0; i < 5; i++) await c.listTools();
  }
  const listStats = Object.fromEntries(Object.keys(listTargets).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(listTargets);
    if (round % 2) order.reverse();
    for (const [name, c] of order) {
      const times = [];
      for (let i = 0; i < LISTS; i++) {
        const t0 = now();
        await c.listTools();
        times.push(now() - t0);
      }
      listStats[name].push(median(times));
    }
  }
  await Promise.all([directList.close(), gatewayList.close()]);
  listCfg.remove();

  const f = (x) => x.toFixed(3);
  const lines = [
    `### tools/call latency (\`echo\`, ${CALLS} sequential calls per round, median of ${ROUNDS} rounds)`,
    '',
    '| target | p50 ms | p99 ms |',
    '|---|---|---|',
    ...Object.entries(callStats).map(([k, v]) => `| ${k} | ${f(median(v.p50))} | ${f(median(v.p99))} |`),
    '',
    `### tools/list of ${LIST_TOOLS} tools (one page; median per listing over ${LISTS} listings, median of ${ROUNDS} rounds)`,
    '',
    '| target | ms per tools/list | ratio to direct |',
    '|---|---|---|',
  ];
  const floor = median(listStats['direct stdio MCP server']);
  for (const [k, v] of Object.entries(listStats)) lines.push(`| ${k} | ${f(median(v))} | ${(median(v) / floor).toFixed(2)}× |`);
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
