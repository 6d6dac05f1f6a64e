import { FakeSubsystem } from '@crosspoint/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { type ConnectSession, FederationAggregator, type SessionFactoryOptions, type SessionInfo, createSessionFactory } from '../src/index.js';
import { tool, until } from './helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: SessionFactoryOptions = {}, subsystems: FakeSubsystem[] = [new FakeSubsystem({ name: 'alpha' })]) {
  const aggregator = new FederationAggregator({ listChangedDebounceMs: 20, version: '1.0.0' });
  for (const s of subsystems) aggregator.register(s);
  await aggregator.start();
  cleanups.push(() => aggregator.shutdown());
  const connect = createSessionFactory(aggregator, options);
  return { aggregator, connect };
}

async function client(connect: ConnectSession, info: SessionInfo = {}, capabilities: Record<string, unknown> = {}) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const session = await connect(serverSide, info);
  const c = new Client({ name: 'test', version: '0' }, { capabilities });
  await c.connect(clientSide);
  cleanups.push(async () => {
    await c.close();
    await session.close();
  });
  return { client: c, session };
}

describe('session front', () => {
  it('lists prefixed tools and calls them, results as structuredContent plus text', async () => {
    const { connect } = await setup();
    const { client: c } = await client(connect);
    expect(c.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toEqual(['crosspoint_status', 'crosspoint_restart', 'alpha_echo', 'alpha_add', 'alpha_sleep']);
    const r = await c.callTool({ name: 'alpha_add', arguments: { a: 1, b: 2 } });
    expect(r.structuredContent).toEqual({ sum: 3 });
    expect(r.content).toEqual([{ type: 'text', text: '{"sum":3}' }]);
    await expect(c.ping()).resolves.toEqual({});
  });

  it('turns unknown tools, invalid arguments and failures into isError results', async () => {
    const { connect } = await setup();
    const { client: c } = await client(connect);
    const unknown = await c.callTool({ name: 'alpha_nope', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(unknown._meta).toEqual({ 'crosspoint/error': { code: 'TOOL_NOT_FOUND' } });
    expect((unknown.content as Array<{ text: string }>)[0]?.text).toContain('alpha_nope');
    const invalid = await c.callTool({ name: 'alpha_add', arguments: { a: 'x' } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as Array<{ text: string }>)[0]?.text).toMatch(/^alpha_add failed \[INVALID_ARGUMENTS\]/);
  });

  it('paginates with opaque cursors and rejects an invalid cursor with -32602', async () => {
    const many = new FakeSubsystem({ name: 'many', tools: Array.from({ length: 25 }, (_, i) => tool(`t${String(i).padStart(2, '0')}`)) });
    const { connect } = await setup({ pageSize: 10 }, [many]);
    const { client: c } = await client(connect);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await c.listTools(cursor ? { cursor } : {});
      names.push(...r.tools.map((t) => t.name));
      cursor = r.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toHaveLength(27);
    expect(new Set(names).size).toBe(27);
    await expect(c.listTools({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: -32602 });
  });

  it('sends list_changed when a subsystem tools change', async () => {
    const a = new FakeSubsystem({ name: 'alpha' });
    const { connect } = await setup({}, [a]);
    const { client: c } = await client(connect);
    let changes = 0;
    c.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);
    await c.listTools();
    a.setTools([tool('fresh')]);
    await until(() => changes > 0);
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('alpha_fresh');
  });

  it('forwards progress under the caller token and cancels the subsystem call on abort', async () => {
    const a = new FakeSubsystem({ name: 'alpha' });
    const { connect } = await setup({}, [a]);
    const { client: c } = await client(connect);
    const aborted: string[] = [];
    const original = a.invoke.bind(a);
    jest.spyOn(a, 'invoke').mockImplementation((tool, args, options) => {
      options?.signal?.addEventListener('abort', () => aborted.push(tool));
      return original(tool, args, options);
    });
    const progress: number[] = [];
    const r = await c.callTool({ name: 'alpha_sleep', arguments: { ms: 40 } }, CallToolResultSchema, { onprogress: (p) => progress.push(p.progress) });
    expect(r.structuredContent).toEqual({ slept: 40 });
    await until(() => progress.length >= 3);
    const ac = new AbortController();
    const call = c.callTool({ name: 'alpha_sleep', arguments: { ms: 10_000 } }, CallToolResultSchema, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(call).rejects.toThrow();
    await until(() => aborted.includes('sleep'));
  });

  it('aborts in-flight calls when the session closes', async () => {
    const a = new FakeSubsystem({ name: 'alpha' });
    const { connect } = await setup({}, [a]);
    const { client: c, session } = await client(connect);
    const seen: string[] = [];
    const original = a.invoke.bind(a);
    jest.spyOn(a, 'invoke').mockImplementation((tool, args, options) => {
      options?.signal?.addEventListener('abort', () => seen.push('aborted'));
      return original(tool, args, options);
    });
    void c.callTool({ name: 'alpha_sleep', arguments: { ms: 10_000 } }).catch(() => undefined);
    await until(() => a.calls.length === 1);
    await session.close();
    await until(() => seen.includes('aborted'));
    await expect(session.closed).resolves.toBeUndefined();
  });

  it('serves many concurrent sessions on one aggregator, each told about catalog changes', async () => {
    const a = new FakeSubsystem({ name: 'alpha' });
    const { connect } = await setup({}, [a]);
    const sessions = await Promise.all([client(connect), client(connect), client(connect)]);
    const counts = [0, 0, 0];
    sessions.forEach((s, i) => s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void counts[i]!++));
    const results = await Promise.all(sessions.flatMap((s, i) => [1, 2, 3].map((b) => s.client.callTool({ name: 'alpha_add', arguments: { a: i, b } }))));
    expect(results.map((r) => (r.structuredContent as { sum: number }).sum)).toEqual([1, 2, 3, 2, 3, 4, 3, 4, 5]);
    a.setTools([tool('fresh')]);
    await until(() => counts.every((c) => c > 0));
    await sessions[0]!.session.close();
    expect((await sessions[1]!.client.listTools()).tools.map((t) => t.name)).toContain('alpha_fresh');
  });

  it('restricts discovery search to the session allowTools', async () => {
    const { connect } = await setup({ deferred: true });
    const { client: c } = await client(connect, { allowTools: ['alpha_echo'] });
    const r = await c.callTool({ name: 'tools_search', arguments: { query: 'adds two numbers echo text' } });
    expect((r.structuredContent as { results: Array<{ name: string }> }).results.map((x) => x.name)).toEqual(['alpha_echo']);
  });

  it('restricts a session to its allowTools globs', async () => {
    const { connect } = await setup();
    const { client: c } = await client(connect, { allowTools: ['alpha_e*'] });
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['alpha_echo']);
    const denied = await c.callTool({ name: 'alpha_add', arguments: { a: 1, b: 2 } });
    expect(denied._meta).toEqual({ 'crosspoint/error': { code: 'FORBIDDEN' } });
  });
});

describe('discovery (deferred) mode', () => {
  const meta = ['tools_search', 'tools_describe_many'];

  it('is off by default and advertised as off', async () => {
    const { connect } = await setup();
    const { client: c } = await client(connect);
    expect(c.getServerCapabilities()?.experimental).toEqual({ 'x-deferred-loading': { enabled: false }, 'x-discovery-tools': meta });
    expect((await c.listTools()).tools).toHaveLength(5);
  });

  it('turns on for a client declaring x-deferred-tools: only the two meta-tools, real tools still callable', async () => {
    const { connect } = await setup();
    const { client: c } = await client(connect, {}, { experimental: { 'x-deferred-tools': {} } });
    expect(c.getServerCapabilities()?.experimental?.['x-deferred-loading']).toEqual({ enabled: true });
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(meta);
    const search = await c.callTool({ name: 'tools_search', arguments: { query: 'add numbers' } });
    const results = (search.structuredContent as { results: Array<{ name: string }> }).results;
    expect(results[0]?.name).toBe('alpha_add');
    const described = await c.callTool({ name: 'tools_describe_many', arguments: { names: ['alpha_add', 'ghost'] } });
    expect(described.structuredContent).toMatchObject({ tools: [{ name: 'alpha_add', inputSchema: { type: 'object' } }], unknown: ['ghost'] });
    expect((await c.callTool({ name: 'alpha_add', arguments: { a: 2, b: 2 } })).structuredContent).toEqual({ sum: 4 });
  });

  it('turns on by gateway option, and automatically above a token size only when configured', async () => {
    const forced = await setup({ deferred: true });
    expect((await (await client(forced.connect)).client.listTools()).tools.map((t) => t.name)).toEqual(meta);
    const small = await setup({ deferred: { autoAboveTokens: 1_000_000 } });
    expect((await (await client(small.connect)).client.listTools()).tools).toHaveLength(5);
    const big = await setup({ deferred: { autoAboveTokens: 10 } });
    expect((await (await client(big.connect)).client.listTools()).tools.map((t) => t.name)).toEqual(meta);
  });
});
