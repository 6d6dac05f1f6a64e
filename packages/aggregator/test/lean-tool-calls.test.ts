import { FakeSubsystem } from '@crosspoint/testing';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { FederationAggregator, createSessionFactory } from '../src/index.js';
import { until } from './helpers.js';

// The session front answers plain tools/call on its lean path: raw JSON-RPC here, so every
// reply (or its absence) is seen exactly as a client would see it.
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rawSession(allowTools?: string[]) {
  const alpha = new FakeSubsystem({ name: 'alpha' });
  const aggregator = new FederationAggregator({ version: '1.0.0' });
  aggregator.register(alpha);
  await aggregator.start();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const session = await createSessionFactory(aggregator)(serverSide, allowTools ? { allowTools } : {});
  const received: JSONRPCMessage[] = [];
  clientSide.onmessage = (m) => void received.push(m);
  await clientSide.start();
  cleanups.push(async () => {
    await session.close();
    await aggregator.shutdown();
  });
  const send = (m: Record<string, unknown>) => clientSide.send({ jsonrpc: '2.0', ...m } as JSONRPCMessage);
  const reply = async (id: string | number) => {
    await until(() => received.some((m) => 'id' in m && m.id === id && !('method' in m)));
    return received.find((m) => 'id' in m && m.id === id && !('method' in m)) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
  };
  await send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
  await reply(0);
  await send({ method: 'notifications/initialized' });
  return { alpha, received, send, reply };
}

describe('lean tools/call path', () => {
  it('answers calls with the same results as before, string and number ids alike', async () => {
    const s = await rawSession();
    await s.send({ id: 'a1', method: 'tools/call', params: { name: 'alpha_add', arguments: { a: 2, b: 5 } } });
    await s.send({ id: 7, method: 'tools/call', params: { name: 'alpha_echo', arguments: { text: 'hi' } } });
    expect((await s.reply('a1')).result?.['structuredContent']).toEqual({ sum: 7 });
    expect((await s.reply(7)).result?.['structuredContent']).toEqual({ text: 'hi' });
  });

  it('rejects malformed params with -32602 and keeps serving', async () => {
    const s = await rawSession();
    await s.send({ id: 1, method: 'tools/call', params: { arguments: {} } });
    await s.send({ id: 2, method: 'tools/call', params: { name: 'alpha_echo', arguments: [1, 2] } });
    expect((await s.reply(1)).error?.code).toBe(-32602);
    expect((await s.reply(2)).error?.code).toBe(-32602);
    await s.send({ id: 3, method: 'tools/call', params: { name: 'alpha_echo', arguments: { text: 'ok' } } });
    expect((await s.reply(3)).result?.['isError']).toBeUndefined();
  });

  it('sends progress under the caller\'s own token, and no progress without one', async () => {
    const s = await rawSession();
    await s.send({ id: 4, method: 'tools/call', params: { name: 'alpha_sleep', arguments: { ms: 40 }, _meta: { progressToken: 'mine-1' } } });
    await s.reply(4);
    const progress = s.received.filter((m) => 'method' in m && m.method === 'notifications/progress') as unknown as Array<{ params: { progressToken: unknown; progress: number } }>;
    expect(progress.map((p) => [p.params.progressToken, p.params.progress])).toEqual([['mine-1', 1], ['mine-1', 2], ['mine-1', 3], ['mine-1', 4]]);
    await s.send({ id: 5, method: 'tools/call', params: { name: 'alpha_sleep', arguments: { ms: 40 } } });
    await s.reply(5);
    expect(s.received.filter((m) => 'method' in m && m.method === 'notifications/progress')).toHaveLength(4);
  });

  it('a cancelled call is aborted downstream and gets no response', async () => {
    const s = await rawSession();
    const invoke = jest.spyOn(s.alpha, 'invoke');
    await s.send({ id: 6, method: 'tools/call', params: { name: 'alpha_sleep', arguments: { ms: 5000 } } });
    await until(() => s.alpha.calls.length === 1);
    const signal = invoke.mock.calls[0]?.[2]?.signal;
    expect(signal?.aborted).toBe(false);
    await s.send({ method: 'notifications/cancelled', params: { requestId: 6, reason: 'user gave up' } });
    await until(() => signal?.aborted === true);
    await s.send({ id: 8, method: 'tools/call', params: { name: 'alpha_echo', arguments: { text: 'after' } } });
    await s.reply(8);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.received.some((m) => 'id' in m && m.id === 6)).toBe(false);
  });

  it('finds a running call by its id whatever the id looks like, even after many others lapped it', async () => {
    const s = await rawSession();
    const invoke = jest.spyOn(s.alpha, 'invoke');
    const ids = [1, 'long-a', -3, 2 ** 40, 999_999];
    for (const id of ids) await s.send({ id, method: 'tools/call', params: { name: 'alpha_sleep', arguments: { ms: 5000 } } });
    await until(() => s.alpha.calls.length === ids.length);
    // 300 short calls in between: integer ids that land on every slot of the running-call table many times.
    for (let id = 2; id < 302; id++) await s.send({ id, method: 'tools/call', params: { name: 'alpha_echo', arguments: { text: String(id) } } });
    await s.reply(301);
    const signals = invoke.mock.calls.slice(0, ids.length).map((c) => c[2]?.signal);
    expect(signals.map((x) => x?.aborted)).toEqual(ids.map(() => false));
    for (const id of ids) await s.send({ method: 'notifications/cancelled', params: { requestId: id, reason: 'done waiting' } });
    await until(() => signals.every((x) => x?.aborted === true));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.received.filter((m) => 'id' in m && ids.includes(m.id as string | number))).toEqual([]);
  });

  it('keeps token scopes on the lean path', async () => {
    const s = await rawSession(['alpha_echo']);
    await s.send({ id: 9, method: 'tools/call', params: { name: 'alpha_add', arguments: { a: 1, b: 1 } } });
    const r = await s.reply(9);
    expect(r.result?.['isError']).toBe(true);
    expect(JSON.stringify(r.result?.['content'])).toContain('FORBIDDEN');
  });

  it('leaves calls with other metadata to the SDK handler, which answers them the same way', async () => {
    const s = await rawSession();
    const meta = { progressToken: 'p', 'io.modelcontextprotocol/related-task': { taskId: 't1' } };
    await s.send({ id: 10, method: 'tools/call', params: { name: 'alpha_add', arguments: { a: 20, b: 22 }, _meta: meta } });
    expect((await s.reply(10)).result?.['structuredContent']).toEqual({ sum: 42 });
  });
});
