import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RPC_UNAUTHORIZED } from '@crosspoint/remote';
import { FIXTURES, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, WebSocketImpl, connectRemote, runCliAsync, startDaemon } from './helpers/remote-daemon';
import type { Client } from '../packages/cli/test/support/sdk';

// End-to-end: tokens, scopes, safe binds and the daemon's lifecycle, with the built CLI.
jest.setTimeout(90_000);

const MAIN_TOKEN = 'main-token-0123456789abcdef';
const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
const FILE_TOKEN = 'file-token-0123456789abcdef';

let cfg: ReturnType<typeof writeConfig>;
let daemon: Daemon;
const clients: Client[] = [];
const sessionsOpened = () => (daemon.stderr().match(/session opened/g) ?? []).length;

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig({
    subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } },
    auth: { tokens: [{ token: VIEWER_TOKEN, allowTools: ['dyn_multiply'] }] },
  });
  const tokenFile = join(cfg.dir, 'token');
  writeFileSync(tokenFile, `${FILE_TOKEN}\n`);
  chmodSync(tokenFile, 0o644);
  daemon = await startDaemon(
    ['--config', cfg.file, '--ws', '127.0.0.1:0', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--token-file', tokenFile],
    ['ws', 'tcp', 'http'],
    { CROSSPOINT_TOKEN: MAIN_TOKEN },
  );
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await daemon?.stop();
  cfg?.remove();
});

async function client(url: string, token: string): Promise<Client> {
  const c = await connectRemote(url, { token });
  clients.push(c);
  return c;
}

describe('tokens', () => {
  it('every front refuses a missing or wrong token before any session exists', async () => {
    const before = sessionsOpened();
    const http = await fetch(daemon.urls.http as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '0' } } }),
    });
    expect(http.status).toBe(401);
    await http.body?.cancel();
    const wsStatus = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocketImpl(daemon.urls.ws as string, 'mcp', { headers: { authorization: 'Bearer wrong-token-0123456789' } });
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode);
        socket.terminate();
      });
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(wsStatus).toBe(401);
    // Without a token the client sends no auth line; the gateway answers the first line with -32040 and hangs up.
    await expect(connectRemote(daemon.urls.tcp as string)).rejects.toMatchObject({ code: RPC_UNAUTHORIZED });
    await expect(connectRemote(daemon.urls.tcp as string, { token: 'wrong-token-0123456789' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(connectRemote(daemon.urls.http as string, { token: 'wrong-token-0123456789' })).rejects.toThrow(/401/);
    expect(sessionsOpened()).toBe(before);
  });

  it('accepts CROSSPOINT_TOKEN and the --token-file token on every front', async () => {
    for (const url of Object.values(daemon.urls)) {
      for (const token of [MAIN_TOKEN, FILE_TOKEN]) {
        const c = await client(url, token);
        expect((await c.callTool({ name: 'dyn_multiply', arguments: { a: 2, b: 21 } })).structuredContent).toEqual({ product: 42 });
        expect((await c.listTools()).tools.map((t) => t.name)).toContain('crosspoint_status');
      }
    }
  });

  it('a scoped token lists and calls only its tools', async () => {
    const viewer = await client(daemon.urls.ws as string, VIEWER_TOKEN);
    expect((await viewer.listTools()).tools.map((t) => t.name)).toEqual(['dyn_multiply']);
    expect((await viewer.callTool({ name: 'dyn_multiply', arguments: { a: 3, b: 3 } })).structuredContent).toEqual({ product: 9 });
    const denied = await viewer.callTool({ name: 'dyn_add_tool', arguments: { name: 'sneaky' } }).then(
      (r) => (r.isError ? JSON.stringify(r.content) : 'allowed'),
      (e: Error) => e.message,
    );
    expect(denied).not.toBe('allowed');
    const admin = await client(daemon.urls.tcp as string, MAIN_TOKEN);
    expect((await admin.listTools()).tools.map((t) => t.name)).not.toContain('dyn_sneaky');
  });

  it('tools --url presents CROSSPOINT_TOKEN or --token-file, and reports a refused one (exit 1)', async () => {
    const ok = await runCliAsync(['tools', '--url', daemon.urls.http as string], { CROSSPOINT_TOKEN: VIEWER_TOKEN });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^dyn_multiply\s+Multiplies two numbers\.\n1 tools\n$/);
    const wrong = join(cfg.dir, 'wrong-token');
    writeFileSync(wrong, 'wrong-token-0123456789\n', { mode: 0o600 });
    const refused = await runCliAsync(['call', 'dyn_multiply', '{"a":1,"b":1}', '--url', daemon.urls.ws as string, '--token-file', wrong]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cannot reach the gateway at ws:.*refused the token \(401\)/);
  });

  it('warns about a token file others can read, and never prints a token', () => {
    expect(daemon.stderr()).toContain('is readable by other users; run `chmod 600');
    expect(daemon.stderr()).toContain('clients must present the token');
    for (const t of [MAIN_TOKEN, VIEWER_TOKEN, FILE_TOKEN]) expect(daemon.stderr()).not.toContain(t);
  });
});

describe('safe binds', () => {
  it('serve refuses a non-loopback bind without a token, saying how to set one', async () => {
    const r = await runCliAsync(['serve', '--ws', '0.0.0.0:0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('refusing to serve ws on 0.0.0.0:0 without a token');
    expect(r.stderr).toContain('CROSSPOINT_TOKEN');
  });

  it('a port already in use: a clear message and exit 1, with no URL announced', async () => {
    const port = new URL(daemon.urls.tcp as string).port;
    const r = await runCliAsync(['serve', '--config', cfg.file, '--ws', '127.0.0.1:0', '--tcp', `127.0.0.1:${port}`], { CROSSPOINT_TOKEN: MAIN_TOKEN });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot start the network fronts: .*EADDRINUSE/);
    expect(r.stderr).not.toContain('listening:');
  });

  it('check reports the same problem from the config, and passes once a token is configured', async () => {
    const c = writeConfig({ fronts: { ws: '0.0.0.0:7420', allowedHosts: ['bench', 'bench.tailnet.ts.net'] } });
    try {
      const bad = await runCliAsync(['check', '--config', c.file]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('fronts: remote: refusing to serve ws on 0.0.0.0:7420 without a token');
      const ok = await runCliAsync(['check', '--config', c.file], { CROSSPOINT_TOKEN: MAIN_TOKEN });
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const missing = await runCliAsync(['check', '--config', c.file, '--token-file', join(c.dir, 'nope')]);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/--token-file: token file .*nope could not be read \(ENOENT\)/);
    } finally {
      c.remove();
    }
  });

  it('check rejects a malformed front address and host name', async () => {
    const c = writeConfig({ fronts: { tcp: 'localhost', allowedHosts: ['bad host'] } });
    try {
      const r = await runCliAsync(['check', '--config', c.file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('fronts.tcp: must be "HOST:PORT"');
      expect(r.stderr).toContain('fronts.allowedHosts[0]: must be a host name');
    } finally {
      c.remove();
    }
  });
});

describe('daemon lifecycle', () => {
  it('keeps serving after its stdin closes, and exits 0 on SIGTERM', async () => {
    const c = writeConfig({ subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } } });
    try {
      const d = await startDaemon(['--config', c.file, '--ws', '127.0.0.1:0'], ['ws']);
      const ended = new Promise<void>((resolve) => d.child.stdin?.end(resolve));
      await ended;
      // A session opened after EOF proves the process did not take stdin's end as its cue to exit.
      const cl = await connectRemote(d.urls.ws as string);
      expect((await cl.callTool({ name: 'dyn_multiply', arguments: { a: 7, b: 6 } })).structuredContent).toEqual({ product: 42 });
      expect(d.child.exitCode).toBeNull();
      const inflight = cl.callTool({ name: 'dyn_slow_count', arguments: { n: 10_000 } }).catch((e: unknown) => e);
      expect(await d.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(d.stderr()).toContain('signal received: shutting down');
      expect(d.stderr()).not.toContain('stdin closed');
      // Ended either way: an error result (the call was cancelled) or the link closing under it.
      const outcome = await inflight;
      expect(outcome instanceof Error || (outcome as { isError?: boolean }).isError === true).toBe(true);
      await cl.close();
    } finally {
      c.remove();
    }
  });

  it('with --stdio it also serves stdio and stops when stdin closes', async () => {
    const c = writeConfig({ subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } } });
    try {
      const d = await startDaemon(['--config', c.file, '--tcp', '127.0.0.1:0', '--stdio'], ['tcp']);
      d.child.stdin?.end();
      expect(await d.exited).toEqual({ code: 0, signal: null });
      expect(d.stderr()).toContain('stdin closed: shutting down');
    } finally {
      c.remove();
    }
  });
});
