import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI, CallToolResultSchema, FIXTURES, ToolListChangedNotificationSchema, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, type FrontName, WebSocketImpl, connectRemote, runCliAsync, startDaemon, waitFor } from './helpers/remote-daemon';
import type { Client } from '../packages/cli/test/support/sdk';

// End-to-end: the built `crosspoint serve --ws/--tcp/--http` as a daemon child process, driven by SDK
// clients over real loopback sockets; the same scenarios as over stdio, on every front.
jest.setTimeout(90_000);

const HOLD_PLUGIN = join(__dirname, 'helpers', 'remote-hold-plugin.mjs');
const config = {
  subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') }, hold: { package: HOLD_PLUGIN } },
  fronts: { maxMessageBytes: 64 * 1024 },
};

let cfg: ReturnType<typeof writeConfig>;
let daemon: Daemon;
const clients: Client[] = [];
async function client(front: FrontName, options: Parameters<typeof connectRemote>[1] = {}): Promise<Client> {
  const c = await connectRemote(daemon.urls[front] as string, options);
  clients.push(c);
  return c;
}
const text = (r: unknown): string => (r as { content: Array<{ text?: string }> }).content.map((c) => c.text ?? '').join('\n');

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig(config);
  daemon = await startDaemon(['--config', cfg.file, '--ws', '127.0.0.1:0', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0'], ['ws', 'tcp', 'http']);
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await daemon?.stop();
  cfg?.remove();
});

describe.each(['ws', 'tcp', 'http'] as const)('crosspoint serve over the %s front', (front) => {
  let c: Client;
  beforeAll(async () => {
    c = await client(front);
  });

  it('lists every subsystem under its prefix', async () => {
    expect(c.getServerVersion()).toEqual({ name: 'crosspoint', version: '0.1.0' });
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['crosspoint_status', 'crosspoint_restart', 'dyn_multiply', 'dyn_slow_count', 'hold_hold', 'hold_counts']));
  });

  it('routes a call and returns a tool error as an error result', async () => {
    expect((await c.callTool({ name: 'dyn_multiply', arguments: { a: 6, b: 7 } })).structuredContent).toEqual({ product: 42 });
    const bad = await c.callTool({ name: 'dyn_multiply', arguments: { a: 'six' } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('INVALID_ARGUMENTS');
  });

  it('forwards progress notifications', async () => {
    const seen: number[] = [];
    // Ten steps of 20 ms: on a loaded machine the last few may share a chunk with the result.
    const r = await c.callTool({ name: 'dyn_slow_count', arguments: { n: 10 } }, CallToolResultSchema, { onprogress: (p) => seen.push(p.progress) });
    expect(r.structuredContent).toEqual({ counted: 10 });
    // The SDK client handles notifications a microtask later than responses, so progress that
    // arrives in the same chunk as the result is dropped by the client: expect an unbroken run from 1.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
  });

  it('sends tools/list_changed when the catalog changes', async () => {
    const changed = new Promise<void>((resolve) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    await c.callTool({ name: 'dyn_add_tool', arguments: { name: `added_over_${front}` } });
    await changed;
    expect((await c.listTools()).tools.map((t) => t.name)).toContain(`dyn_added_over_${front}`);
  });
});

describe('sessions on several fronts', () => {
  it('share the same subsystems: a change made over WebSocket reaches an HTTP session', async () => {
    const ws = await client('ws');
    const http = await client('http');
    const changed = new Promise<void>((resolve) => http.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    await ws.callTool({ name: 'dyn_add_tool', arguments: { name: 'shared_tool' } });
    await changed;
    expect((await http.callTool({ name: 'dyn_shared_tool', arguments: {} })).structuredContent).toEqual({ added: 'shared_tool' });
    const [a, b] = await Promise.all([ws.callTool({ name: 'dyn_multiply', arguments: { a: 2, b: 2 } }), http.callTool({ name: 'dyn_multiply', arguments: { a: 3, b: 3 } })]);
    expect([a.structuredContent, b.structuredContent]).toEqual([{ product: 4 }, { product: 9 }]);
  });

  it('a WebSocket client declaring x-deferred-tools gets discovery mode; others on the same gateway do not', async () => {
    const deferred = await client('ws', { capabilities: { experimental: { 'x-deferred-tools': {} } } });
    expect(deferred.getServerCapabilities()?.experimental?.['x-deferred-loading']).toEqual({ enabled: true });
    expect((await deferred.listTools()).tools.map((t) => t.name)).toEqual(['tools_search', 'tools_describe_many']);
    const found = await deferred.callTool({ name: 'tools_search', arguments: { query: 'multiply two numbers', limit: 3 } });
    expect((found.structuredContent as { results: Array<{ name: string }> }).results[0]?.name).toBe('dyn_multiply');
    const plain = await client('tcp');
    expect(plain.getServerCapabilities()?.experimental?.['x-deferred-loading']).toEqual({ enabled: false });
  });
});

describe('robustness', () => {
  it('a client killed mid-call leaves no work running in the gateway', async () => {
    const observer = await client('tcp');
    const counts = async () => (await observer.callTool({ name: 'hold_counts', arguments: {} })).structuredContent as { active: number; cancelled: number };
    const before = await counts();
    const victim = spawn(process.execPath, [CLI, 'call', 'hold_hold', '--url', daemon.urls.ws as string], { stdio: 'ignore' });
    try {
      await waitFor(counts, (c) => c.active === before.active + 1);
    } finally {
      victim.kill('SIGKILL');
    }
    const after = await waitFor(counts, (c) => c.active === before.active);
    expect(after.cancelled).toBe(before.cancelled + 1);
  });

  it('an oversized WebSocket frame closes that connection with 1009; the gateway keeps serving others', async () => {
    const other = await client('ws');
    const code = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocketImpl(daemon.urls.ws as string, 'mcp');
      socket.on('open', () => socket.send('x'.repeat(200 * 1024)));
      socket.on('close', (c: number) => resolve(c));
      socket.on('error', () => undefined);
      setTimeout(() => reject(new Error('no close within 20 s')), 20_000).unref();
    });
    expect(code).toBe(1009);
    expect((await other.callTool({ name: 'dyn_multiply', arguments: { a: 5, b: 5 } })).structuredContent).toEqual({ product: 25 });
  });

  it('an oversized HTTP body gets 413; the gateway keeps serving others', async () => {
    const other = await client('http');
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(200 * 1024) } });
    const res = await fetch(daemon.urls.http as string, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
    expect(res.status).toBe(413);
    await res.body?.cancel();
    expect((await other.callTool({ name: 'dyn_multiply', arguments: { a: 4, b: 5 } })).structuredContent).toEqual({ product: 20 });
  });
});

describe('tools / call / restart --url against the running daemon', () => {
  it('lists the tools and calls one without starting a second gateway', async () => {
    const tools = await runCliAsync(['tools', '--json', '--url', daemon.urls.ws as string]);
    expect(tools.status).toBe(0);
    expect((JSON.parse(tools.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(expect.arrayContaining(['dyn_multiply', 'hold_counts']));
    const call = await runCliAsync(['call', 'dyn_multiply', '{"a":3,"b":4}', '--url', daemon.urls.tcp as string]);
    expect({ status: call.status, out: JSON.parse(call.stdout) }).toEqual({ status: 0, out: { product: 12 } });
    const failed = await runCliAsync(['call', 'dyn_multiply', '{"a":"x"}', '--url', daemon.urls.http as string]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('INVALID_ARGUMENTS');
  });

  it('restart --url calls crosspoint_restart on the daemon and reports its answer', async () => {
    const unknown = await runCliAsync(['restart', 'nosuch', '--url', daemon.urls.ws as string]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/crosspoint_restart failed .*nosuch/);
    // The fixture plugins manage their own lifecycle: the gateway's own refusal comes back.
    const refused = await runCliAsync(['restart', 'dyn', '--url', daemon.urls.tcp as string]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('crosspoint_restart failed [NOT_RESTARTABLE]: dyn cannot be restarted');
  });

  it('nothing listening: a clear error and exit code 1', async () => {
    const r = await runCliAsync(['tools', '--url', 'ws://127.0.0.1:1/mcp']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot reach the gateway at ws://127.0.0.1:1/mcp');
  });
});
