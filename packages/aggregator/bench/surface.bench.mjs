// resources/read, prompts/get and resources/list through a gateway session vs the same subsystem
// called in-process and vs a plain SDK Server answering the same requests (both over the SDK's
// in-memory transport, so the numbers are routing + SDK cost, not I/O).
// Method: targets alternate inside each round; the median of ROUNDS rounds is reported.
import { FakeSurfaceSubsystem } from '@crosspoint/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { GetPromptRequestSchema, ListResourcesRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { FederationAggregator, createSessionFactory } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const LISTS = Number(process.env.BENCH_LISTS ?? 30);
const RESOURCES = 1000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6;

const resources = (n) => Array.from({ length: n }, (_, i) => ({ uri: `demo://r/${i}`, name: `r${i}`, mimeType: 'text/plain' }));
const surface = (name, n) => new FakeSurfaceSubsystem({ name, resources: resources(n), prompts: [{ name: 'greet' }] });

async function connected(clientSide) {
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(clientSide);
  return client;
}

/** A plain SDK server answering from one subsystem: the floor a gateway cannot beat. */
async function directClient(sub) {
  const server = new Server({ name: 'direct', version: '0' }, { capabilities: { resources: {}, prompts: {} } });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [...sub.resources()] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (r) => sub.readResource(r.params.uri));
  server.setRequestHandler(GetPromptRequestSchema, async (r) => sub.getPrompt(r.params.name, r.params.arguments ?? {}));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  return { client: await connected(clientSide), close: () => server.close() };
}

async function gatewayClient(subs) {
  const aggregator = new FederationAggregator();
  for (const s of subs) aggregator.register(s);
  await aggregator.start();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const session = await createSessionFactory(aggregator)(serverSide, { label: 'bench' });
  const client = await connected(clientSide);
  return { aggregator, client, close: async () => (await session.close(), await aggregator.shutdown()) };
}

async function measure(targets, count) {
  const stats = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  for (const fn of Object.values(targets)) for (let i = 0; i < 30; i++) await fn(); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(targets);
    if (round % 2) order.reverse();
    for (const [name, fn] of order) {
      const lat = [];
      for (let i = 0; i < count; i++) {
        const t0 = now();
        await fn();
        lat.push(now() - t0);
      }
      stats[name].push(median(lat));
    }
  }
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, median(v)]));
}

async function main() {
  const alone = surface('alpha', 10);
  await alone.connect();
  const direct = await directClient(alone);
  const gw = await gatewayClient([surface('alpha', 10), surface('beta', 10)]);
  const read = await measure(
    {
      'subsystem.readResource (in-process)': () => alone.readResource('demo://r/1'),
      'aggregator.surface.readResource (in-process)': () => gw.aggregator.surface.readResource('alpha+demo://r/1'),
      'plain SDK server (in-memory)': () => direct.client.readResource({ uri: 'demo://r/1' }),
      'gateway session (in-memory)': () => gw.client.readResource({ uri: 'alpha+demo://r/1' }),
    },
    CALLS,
  );
  const prompt = await measure(
    {
      'plain SDK server (in-memory)': () => direct.client.getPrompt({ name: 'greet' }),
      'gateway session (in-memory)': () => gw.client.getPrompt({ name: 'alpha_greet' }),
    },
    CALLS,
  );
  await Promise.all([direct.close(), gw.close(), alone.shutdown()]);

  const big = surface('alpha', RESOURCES);
  await big.connect();
  const directList = await directClient(big);
  const gwList = await gatewayClient([surface('alpha', RESOURCES / 2), surface('beta', RESOURCES / 2)]);
  if ((await gwList.client.listResources()).resources.length !== RESOURCES) throw new Error('gateway did not list every resource in one page');
  const list = await measure(
    {
      'plain SDK server (in-memory)': () => directList.client.listResources(),
      'gateway session, two subsystems (in-memory)': () => gwList.client.listResources(),
    },
    LISTS,
  );
  await Promise.all([directList.close(), gwList.close(), big.shutdown()]);

  const f = (x) => x.toFixed(3);
  const table = (title, stats) => [title, '', '| target | median ms |', '|---|---|', ...Object.entries(stats).map(([k, v]) => `| ${k} | ${f(v)} |`), ''];
  console.log(
    [
      ...table(`### resources/read (${CALLS} sequential reads per round, median of ${ROUNDS} rounds)`, read),
      ...table(`### prompts/get (${CALLS} sequential per round, median of ${ROUNDS} rounds)`, prompt),
      ...table(`### resources/list of ${RESOURCES} resources (one page, ${LISTS} listings per round, median of ${ROUNDS} rounds)`, list),
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
