import { createServer as createNetServer, connect } from 'node:net';
import { isCrosspointError } from '@crosspoint/core';
import { createFixtureSessions, startFronts } from '@crosspoint/remote';
import { TOKEN, connectClient, startRig, textOf, type Rig } from './helpers.js';
import { INIT, httpRequest, upgradeStatus } from './raw-clients.js';

const auth = { authorization: `Bearer ${TOKEN}` };

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('safe by default', () => {
  it.each(['tcp', 'ws', 'http'] as const)('refuses a non-loopback %s bind without a token, and listens on nothing', async (front) => {
    const port = await freePort();
    const fixture = createFixtureSessions();
    const attempt = startFronts({ connectSession: fixture.connectSession, ws: { port: 0 }, [front]: { host: '0.0.0.0', port } });
    await expect(attempt).rejects.toThrow(/CROSSPOINT_TOKEN.*--token-file/);
    await attempt.catch((err: unknown) => expect(isCrosspointError(err, 'CONFIG_INVALID')).toBe(true));
    expect(await refusesConnections(port)).toBe(true);
  });

  it('binds a non-loopback address when a token is set', async () => {
    const fixture = createFixtureSessions();
    const fronts = await startFronts({ connectSession: fixture.connectSession, ws: { host: '0.0.0.0', port: 0 }, tokens: [{ token: TOKEN }] });
    try {
      expect(fronts.ws?.address).toBe('0.0.0.0');
      expect(await upgradeStatus(fronts.urls.ws!, auth)).toBe(101);
    } finally {
      await fronts.close();
    }
  });

  it('binds 127.0.0.1 when no host is given', async () => {
    const fixture = createFixtureSessions();
    const fronts = await startFronts({ connectSession: fixture.connectSession, tcp: { port: 0 }, ws: { port: 0 }, http: { port: 0 } });
    try {
      expect([fronts.tcp?.address, fronts.ws?.address, fronts.http?.address]).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await fronts.close();
    }
  });
});

describe('Host / Origin checks (DNS rebinding)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ allowedHosts: ['bench.example'], allowedOrigins: ['https://viewer.example'] });
  });
  afterAll(() => rig.fronts.close());

  it('WebSocket: evil Host or Origin gets 403 and no session; allowed ones pass', async () => {
    const url = rig.url('ws');
    const port = new URL(url).port;
    const opened = rig.fixture.opened.length;
    expect(await upgradeStatus(url, { ...auth, host: `evil.example:${port}` })).toBe(403);
    expect(await upgradeStatus(url, { ...auth, origin: 'http://evil.example' })).toBe(403);
    expect(rig.fixture.opened.length).toBe(opened);
    expect(await upgradeStatus(url, { ...auth, host: `bench.example:${port}` })).toBe(101);
    expect(await upgradeStatus(url, { ...auth, origin: 'https://viewer.example' })).toBe(101);
    expect(await upgradeStatus(url, { ...auth, origin: `http://localhost:${port}` })).toBe(101);
  });

  it('HTTP: evil Host or Origin gets 403 before the transport sees the request', async () => {
    const url = rig.url('http');
    const port = new URL(url).port;
    const headers = { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const opened = rig.fixture.opened.length;
    const evilHost = await httpRequest(url, { headers: { ...headers, host: `evil.example:${port}` }, body: JSON.stringify(INIT) });
    expect(evilHost.status).toBe(403);
    const evilOrigin = await httpRequest(url, { headers: { ...headers, origin: 'http://evil.example' }, body: JSON.stringify(INIT) });
    expect(evilOrigin.status).toBe(403);
    expect(rig.fixture.opened.length).toBe(opened);
    const ok = await httpRequest(url, { headers: { ...headers, host: `bench.example:${port}` }, body: JSON.stringify(INIT) });
    expect(ok.status).toBe(200);
    expect(ok.headers['mcp-session-id']).toEqual(expect.any(String));
  });

  it('HTTP: 401 carries WWW-Authenticate and ?token= is accepted', async () => {
    const url = rig.url('http');
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const refused = await httpRequest(url, { headers, body: JSON.stringify(INIT) });
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(refused.body).not.toContain(TOKEN);
    const viaQuery = await httpRequest(`${url}?token=${TOKEN}`, { headers, body: JSON.stringify(INIT) });
    expect(viaQuery.status).toBe(200);
  });

  it('HTTP: a session answers only the token that opened it', async () => {
    const c = await connectClient(rig, 'http');
    try {
      await c.client.listTools();
      const sid = (c.client.transport as { sessionId?: string }).sessionId!;
      const other = await httpRequest(rig.url('http'), {
        headers: { authorization: 'Bearer viewer-token-abcdef', 'mcp-session-id': sid, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
      });
      expect(other.status).toBe(404);
      expect(textOf(await c.client.callTool({ name: 'echo', arguments: { text: 'still mine' } }))).toBe('still mine');
    } finally {
      await c.close();
    }
  });
});

describe('logging', () => {
  it('logs connections and refusals but never a token', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const rig = await startRig({ logger });
    try {
      for (const front of ['ws', 'tcp', 'http'] as const) {
        const c = await connectClient(rig, front);
        await c.close();
        await connectClient(rig, front, 'secret-wrong-token').then((x) => x.close(), () => undefined);
      }
      await httpRequest(`${rig.url('http')}?token=secret-query-token`, { headers: { 'content-type': 'application/json' }, body: '{}' });
      await upgradeStatus(`${rig.url('ws')}?token=secret-query-token`, {});
      expect(lines.some((l) => /session opened \(ws /.test(l))).toBe(true);
      expect(lines.filter((l) => /missing or wrong token|wrong token/.test(l)).length).toBeGreaterThanOrEqual(3);
      for (const secret of [TOKEN, 'viewer-token-abcdef', 'secret-wrong-token', 'secret-query-token']) {
        expect(lines.filter((l) => l.includes(secret))).toEqual([]);
      }
    } finally {
      await rig.fronts.close();
    }
  });
});
