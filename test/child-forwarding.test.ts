import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FederationAggregator, NdjsonStreamTransport, createSessionFactory } from '@crosspoint/aggregator';
import type { ClientChannel } from '@crosspoint/core';
import { McpSessionSubsystem, createChildServerSubsystem } from '@crosspoint/mcp-proxy';
import { fixtureEntry } from './fixtures/child-servers/paths';

// The synchronous forwarding path for plain tools/call to a child server, in-process over the
// stdio front's real transport and real child processes. Every test checks that the call took
// the synchronous path (`McpSessionSubsystem.invoke` never ran) or, where it must not, that it
// fell back; and that what the client sees is what the ordinary path gives.
jest.setTimeout(60_000);

const SURFACE_SERVER = join(__dirname, 'fixtures', 'surface-server.mjs');
type Reply = { id?: unknown; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { code: number; message: string } };
const textOf = (r: Reply) => ((r.result?.['content'] as Array<{ text?: string }> | undefined) ?? []).map((c) => c.text ?? '').join('');

async function until<T>(cond: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let slowPath: jest.SpyInstance;
beforeEach(() => {
  slowPath = jest.spyOn(McpSessionSubsystem.prototype, 'invoke');
});
afterEach(async () => {
  slowPath.mockRestore();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function gateway(servers: Record<string, Record<string, unknown>>, allowTools?: string[], clientCapabilities: Record<string, unknown> = {}) {
  const aggregator = new FederationAggregator({ version: '1.0.0' });
  const subsystems: Record<string, McpSessionSubsystem> = {};
  for (const [name, entry] of Object.entries(servers)) {
    subsystems[name] = createChildServerSubsystem(name, entry as never, { baseEnv: process.env, baseDir: __dirname });
    aggregator.register(subsystems[name]);
  }
  await aggregator.start();
  cleanups.push(() => aggregator.shutdown());
  const toGateway = new PassThrough();
  const fromGateway = new PassThrough();
  const session = await createSessionFactory(aggregator)(new NdjsonStreamTransport(toGateway, fromGateway), allowTools ? { allowTools } : {});
  cleanups.push(() => session.close());
  const received: Reply[] = [];
  const lines: string[] = [];
  let buffer = '';
  fromGateway.setEncoding('utf8');
  fromGateway.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      lines.push(buffer.slice(0, nl));
      received.push(JSON.parse(buffer.slice(0, nl)) as Reply);
      buffer = buffer.slice(nl + 1);
    }
  });
  const line = (text: string) => void toGateway.write(`${text}\n`);
  const send = (m: Record<string, unknown>) => line(JSON.stringify({ jsonrpc: '2.0', ...m }));
  const replyTo = (id: string | number) => until(() => received.find((m) => m.id === id && m.method === undefined), `the reply to ${id}`);
  const call = (id: string | number, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>) =>
    send({ id, method: 'tools/call', params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) } });
  send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: clientCapabilities, clientInfo: { name: 't', version: '0' } } });
  await replyTo(0);
  send({ method: 'notifications/initialized' });
  return { aggregator, subsystems, received, lines, send, line, call, replyTo };
}

const statusOf = async (g: Awaited<ReturnType<typeof gateway>>, name: string) => (await g.aggregator.status()).subsystems.find((s) => s.name === name);
const tempLog = () => join(tmpdir(), `xp-forwarding-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);

describe('synchronous forwarding of tools/call to a child server', () => {
  it('answers plain calls without the ordinary path, string and number ids alike, and counts them', async () => {
    const g = await gateway({ fx: fixtureEntry([]) });
    g.call('a', 'fx_echo', { text: 'hello' });
    g.call(7, 'fx_add', { a: 2, b: 5 });
    g.call('e', 'fx_bad-result', {});
    expect(textOf(await g.replyTo('a'))).toBe('hello');
    expect(textOf(await g.replyTo(7))).toBe('7');
    expect((await g.replyTo('e')).result?.['isError']).toBe(true);
    expect(slowPath).not.toHaveBeenCalled();
    const details = (await g.subsystems['fx']!.healthCheck()).details as { calls: number; errors: number; inFlight: number; latencyMs: { samples: number } };
    expect(details).toMatchObject({ calls: 3, errors: 1, inFlight: 0, latencyMs: { samples: 3 } });
  });

  it('passes the child\'s reply on as the child wrote it, with only the top-level id changed', async () => {
    const g = await gateway({ fx: fixtureEntry([]) });
    g.call(7, 'fx_echo', { text: 'as written' });
    await g.replyTo(7);
    // The TypeScript SDK child writes result, jsonrpc, id (our own serializer writes jsonrpc, id, result).
    expect(g.lines.find((l) => l.endsWith('"id":7}'))).toBe('{"result":{"content":[{"type":"text","text":"as written"}]},"jsonrpc":"2.0","id":7}');
    // An "id" inside the result that looks like ours is the result's own: untouched.
    g.call('r', 'fx_record', { id: 'crosspoint-1' });
    const record = await g.replyTo('r');
    expect(record.result?.['structuredContent']).toEqual({ id: 'crosspoint-1', value: 1.5 });
    expect(g.lines.find((l) => l.includes('"structuredContent"'))).toBe('{"result":{"content":[{"type":"text","text":"record"}],"structuredContent":{"id":"crosspoint-1","value":1.5}},"jsonrpc":"2.0","id":"r"}');
    expect(slowPath).not.toHaveBeenCalled();
  });

  it('sends progress under the caller\'s token, keeps a call alive past its timeout while it progresses, and times out a silent one', async () => {
    const g = await gateway({ fx: fixtureEntry([], { timeoutMs: 700 }) });
    g.call('p', 'fx_slow', { ms: 1600, steps: 8 }, { progressToken: 'mine' });
    g.call('s', 'fx_slow', { ms: 1600, steps: 8 });
    expect(textOf(await g.replyTo('p'))).toBe('slept 1600');
    const progress = g.received.filter((m) => m.method === 'notifications/progress');
    expect(progress.length).toBe(8);
    expect(progress.every((m) => m.params?.['progressToken'] === 'mine')).toBe(true);
    const silent = await g.replyTo('s');
    expect(silent.result?.['isError']).toBe(true);
    expect(textOf(silent)).toContain('TOOL_TIMEOUT');
    expect(slowPath).not.toHaveBeenCalled();
    const status = await statusOf(g, 'fx');
    expect(status?.recentErrors.map((e) => e.code)).toEqual(['TOOL_TIMEOUT']);
    expect((status?.details as { timeouts: number }).timeouts).toBe(1);
  });

  it('cancels downstream on notifications/cancelled and sends no response', async () => {
    const log = tempLog();
    appendFileSync(log, '');
    cleanups.push(() => rmSync(log, { force: true }));
    const g = await gateway({ fx: fixtureEntry(['--log', log]) });
    g.call('c', 'fx_slow', { ms: 3000, steps: 3 });
    await until(() => readFileSync(log, 'utf8').includes('called slow'), 'the child to start the call');
    g.send({ method: 'notifications/cancelled', params: { requestId: 'c', reason: 'changed my mind' } });
    await until(() => /cancelled crosspoint-\d+/.test(readFileSync(log, 'utf8')), 'the child to see the cancellation');
    g.call('after', 'fx_echo', { text: 'still here' });
    expect(textOf(await g.replyTo('after'))).toBe('still here');
    await new Promise((r) => setTimeout(r, 200));
    expect(g.received.some((m) => m.id === 'c')).toBe(false);
    expect((await statusOf(g, 'fx'))?.recentErrors.map((e) => e.code)).toEqual(['CANCELLED']);
    expect(slowPath).not.toHaveBeenCalled();
  });

  it('fails a call in flight with DOWNSTREAM_EXITED and the stderr tail when the child dies', async () => {
    const g = await gateway({ fx: fixtureEntry(['--crash-after', '1']) });
    g.call('x', 'fx_echo', { text: 'boom' });
    const reply = await g.replyTo('x');
    expect(reply.result?.['isError']).toBe(true);
    expect(textOf(reply)).toContain('DOWNSTREAM_EXITED');
    expect(textOf(reply)).toContain('boom: crashing on echo call 1');
    expect(slowPath).not.toHaveBeenCalled();
  });

  it('leaves a down server to the ordinary path (SUBSYSTEM_UNAVAILABLE) and keeps scopes and discovery tools', async () => {
    const g = await gateway({ fx: fixtureEntry([]), other: fixtureEntry([]) }, ['fx_*', 'tools_*']);
    g.call('denied', 'other_echo', { text: 'no' });
    expect(textOf(await g.replyTo('denied'))).toContain('FORBIDDEN');
    g.call('search', 'tools_search', { query: 'echo' });
    expect((await g.replyTo('search')).result?.['isError']).toBeUndefined();
    expect(slowPath).not.toHaveBeenCalled();
    await g.subsystems['fx']!.disconnect();
    g.call('down', 'fx_echo', { text: 'x' });
    expect(textOf(await g.replyTo('down'))).toContain('SUBSYSTEM_UNAVAILABLE');
  });

  it('falls back to the queueing path when the server has no free slot, and serves both calls in order', async () => {
    const g = await gateway({ fx: fixtureEntry([], { maxConcurrency: 1 }) });
    g.call('first', 'fx_slow', { ms: 300, steps: 1 });
    g.call('second', 'fx_echo', { text: 'queued' });
    expect(textOf(await g.replyTo('first'))).toBe('slept 300');
    expect(textOf(await g.replyTo('second'))).toBe('queued');
    expect(slowPath).toHaveBeenCalledTimes(1);
    expect(g.received.findIndex((m) => m.id === 'first')).toBeLessThan(g.received.findIndex((m) => m.id === 'second'));
  });

  it('still answers malformed input as before: -32602 for bad params, -32700 for a bad line, then serves', async () => {
    const g = await gateway({ fx: fixtureEntry([]) });
    g.call('arr', 'fx_echo', [1, 2] as unknown as Record<string, unknown>);
    g.line('{"jsonrpc":"2.0","id":"broken",');
    expect((await g.replyTo('arr')).error?.code).toBe(-32602);
    expect((await until(() => g.received.find((m) => m.error?.code === -32700), 'a parse error')).id).toBeNull();
    g.call('ok', 'fx_echo', { text: 'fine' });
    expect(textOf(await g.replyTo('ok'))).toBe('fine');
  });

  it('asks the calling session\'s client when the child wants sampling during a forwarded call', async () => {
    const g = await gateway({ surf: { command: process.execPath, args: [SURFACE_SERVER], ping: { intervalMs: 0 } } }, undefined, { sampling: {} });
    g.call('ask', 'surf_ask_model', { question: 'meaning?' });
    const question = await until(() => g.received.find((m) => m.method === 'sampling/createMessage'), 'the sampling request');
    g.send({ id: question.id, result: { role: 'assistant', content: { type: 'text', text: 'forty-two' }, model: 'test' } });
    expect(textOf(await g.replyTo('ask'))).toBe('model said: forty-two');
    expect(slowPath).not.toHaveBeenCalled();
  });

  it('routes the child\'s sampling request during a forwarded call to the calling client', async () => {
    const g = await gateway({ surf: { command: process.execPath, args: [SURFACE_SERVER], ping: { intervalMs: 0 } } });
    const asked: string[] = [];
    const client: ClientChannel = {
      label: 'test client',
      capabilities: { sampling: {} },
      open: true,
      request: async (method) => {
        asked.push(method);
        return { role: 'assistant', content: { type: 'text', text: 'forty-two' }, model: 'test' };
      },
    };
    const entry = g.aggregator.catalog().byWire.get('surf_ask_model');
    const outcome = new Promise<unknown>((resolve, reject) => {
      const handle = entry && g.aggregator.tryForward(entry, { question: 'meaning?' }, false, client, { result: resolve, error: reject, progress: () => {} });
      if (!handle) reject(new Error('the call was not forwarded'));
    });
    expect(JSON.stringify(await outcome)).toContain('model said: forty-two');
    expect(asked).toEqual(['sampling/createMessage']);
    expect(slowPath).not.toHaveBeenCalled();
  });
});
