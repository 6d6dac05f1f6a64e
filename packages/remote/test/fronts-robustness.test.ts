import { request } from 'node:http';
import { connect } from 'node:net';
import { TOKEN, connectClient, startRig, textOf, waitFor, type Rig } from './helpers.js';
import { INIT, INITIALIZED, httpRequest, line, openRawTcp, openRawWs, slowCall, upgradeStatus, wsMessages } from './raw-clients.js';

const auth = { authorization: `Bearer ${TOKEN}` };
const MAX = 64 * 1024;

describe('size limits: one client is refused, the others keep working', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ maxMessageBytes: MAX });
  });
  afterAll(() => rig.fronts.close());

  it('WebSocket: an oversized frame closes that client with 1009', async () => {
    const bystander = await connectClient(rig, 'ws');
    try {
      const ws = await openRawWs(rig.url('ws'), { headers: auth });
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      ws.on('error', () => undefined);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(MAX) } }));
      expect(await closed).toBe(1009);
      expect(textOf(await bystander.client.callTool({ name: 'echo', arguments: { text: 'alive' } }))).toBe('alive');
    } finally {
      await bystander.close();
    }
  });

  it('HTTP: an oversized body gets 413', async () => {
    const bystander = await connectClient(rig, 'http');
    try {
      const res = await httpRequest(rig.url('http'), {
        headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ ...INIT, params: { ...INIT.params, pad: 'x'.repeat(MAX) } }),
      });
      expect(res.status).toBe(413);
      expect(textOf(await bystander.client.callTool({ name: 'echo', arguments: { text: 'alive' } }))).toBe('alive');
    } finally {
      await bystander.close();
    }
  });

  it('HTTP: a chunked body growing past the limit gets 413 too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(rig.url('http'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('x'.repeat(MAX / 4));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('TCP: an oversized line gets an error line and that connection is closed', async () => {
    const bystander = await connectClient(rig, 'tcp');
    try {
      const raw = await openRawTcp(rig.url('tcp'));
      raw.socket.write(line({ jsonrpc: '2.0', id: 'crosspoint-auth', method: 'crosspoint/auth', params: { token: TOKEN } }));
      await waitFor(() => raw.lines.length === 1, 'auth ack');
      raw.socket.write(line({ ...INIT, params: { ...INIT.params, pad: 'x'.repeat(MAX) } }));
      await raw.closed;
      expect(raw.lines[1]).toMatchObject({ error: { data: { code: 'MESSAGE_TOO_LARGE' } } });
      expect(textOf(await bystander.client.callTool({ name: 'echo', arguments: { text: 'alive' } }))).toBe('alive');
    } finally {
      await bystander.close();
    }
  });

  it('TCP: an invalid line gets a -32700 reply and the session goes on', async () => {
    const raw = await openRawTcp(rig.url('tcp'));
    try {
      raw.socket.write(line({ jsonrpc: '2.0', id: 'crosspoint-auth', method: 'crosspoint/auth', params: { token: TOKEN } }));
      raw.socket.write('this is not json\n' + line(INIT));
      await waitFor(() => raw.lines.length >= 3, 'parse error and initialize reply');
      expect(raw.lines).toEqual(expect.arrayContaining([expect.objectContaining({ error: expect.objectContaining({ code: -32700 }) }), expect.objectContaining({ id: 1, result: expect.anything() })]));
    } finally {
      raw.socket.destroy();
    }
  });
});

describe('early frames', () => {
  it('frames sent right after the handshake, before the session is connected, are all answered', async () => {
    const rig = await startRig({}, { connectDelayMs: 100 }); // a slow session factory
    try {
      const ws = await openRawWs(rig.url('ws'), { headers: auth });
      const got = wsMessages(ws);
      for (const m of [INIT, INITIALIZED, { jsonrpc: '2.0', id: 2, method: 'tools/list' }]) ws.send(JSON.stringify(m));
      await waitFor(() => got.length === 2, 'initialize and tools/list answers');
      expect(got).toEqual([expect.objectContaining({ id: 1, result: expect.anything() }), expect.objectContaining({ id: 2, result: expect.objectContaining({ tools: expect.any(Array) }) })]);
      ws.close();

      const raw = await openRawTcp(rig.url('tcp'));
      // Auth, initialize and a request in one segment: nothing after the auth line may be lost.
      raw.socket.write([{ jsonrpc: '2.0', id: 'crosspoint-auth', method: 'crosspoint/auth', params: { token: TOKEN } }, INIT, INITIALIZED, { jsonrpc: '2.0', id: 2, method: 'tools/list' }].map(line).join(''));
      await waitFor(() => raw.lines.length === 3, 'auth ack, initialize and tools/list answers');
      expect(raw.lines.map((l) => (l as { id: unknown }).id)).toEqual(['crosspoint-auth', 1, 2]);
      raw.socket.destroy();
    } finally {
      await rig.fronts.close();
    }
  });
});

describe('a client killed mid-call leaves no in-flight work behind', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ httpOptions: { idleSessionTimeoutMs: 300 } });
  });
  afterAll(() => rig.fronts.close());

  it('WebSocket: socket dropped without a close handshake', async () => {
    const aborted = rig.fixture.aborted();
    const ws = await openRawWs(rig.url('ws'), { headers: auth });
    for (const m of [INIT, INITIALIZED, slowCall(2)]) ws.send(JSON.stringify(m));
    await rig.fixture.waitForInFlight(1);
    ws.terminate();
    await rig.fixture.waitForInFlight(0);
    expect(rig.fixture.aborted()).toBe(aborted + 1);
    await waitFor(() => rig.fronts.sessionCount() === 0, 'session released');
  });

  it('TCP: connection reset mid-call', async () => {
    const aborted = rig.fixture.aborted();
    const raw = await openRawTcp(rig.url('tcp'));
    raw.socket.write([{ jsonrpc: '2.0', id: 'crosspoint-auth', method: 'crosspoint/auth', params: { token: TOKEN } }, INIT, INITIALIZED, slowCall(2)].map(line).join(''));
    await rig.fixture.waitForInFlight(1);
    raw.socket.resetAndDestroy();
    await rig.fixture.waitForInFlight(0);
    expect(rig.fixture.aborted()).toBe(aborted + 1);
    await waitFor(() => rig.fronts.sessionCount() === 0, 'session released');
  });

  it('HTTP: the session of a vanished client is closed once idle, aborting its call', async () => {
    const aborted = rig.fixture.aborted();
    const c = await connectClient(rig, 'http');
    const call = c.client.callTool({ name: 'slow', arguments: { steps: 10_000, delayMs: 50 } });
    call.catch(() => undefined);
    await rig.fixture.waitForInFlight(1);
    await c.client.close(); // drops every stream without DELETE, like a killed process
    await rig.fixture.waitForInFlight(0);
    expect(rig.fixture.aborted()).toBe(aborted + 1);
    await waitFor(() => rig.fronts.sessionCount() === 0, 'session released');
  });
});

describe('session cap, keep-alive, shutdown', () => {
  it('refuses sessions beyond maxSessions on every front', async () => {
    const rig = await startRig({ maxSessions: 1 });
    try {
      const first = await connectClient(rig, 'ws');
      expect(await upgradeStatus(rig.url('ws'), auth)).toBe(503);
      await expect(connectClient(rig, 'tcp')).rejects.toThrow(/SESSION_LIMIT|sessions/);
      const http = await httpRequest(rig.url('http'), { headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(INIT) });
      expect(http.status).toBe(503);
      await first.close();
      await waitFor(() => rig.fronts.sessionCount() === 0, 'slot freed');
      const second = await connectClient(rig, 'tcp');
      await second.close();
    } finally {
      await rig.fronts.close();
    }
  });

  it('HTTP: at the cap, the least recently used session with nothing open makes room; one with an open stream does not', async () => {
    const rig = await startRig({ maxSessions: 1, httpOptions: { evictIdleAfterMs: 0 } });
    try {
      const first = await connectClient(rig, 'http'); // the SDK client keeps a GET stream open: in use
      await first.client.listTools();
      const refused = await httpRequest(rig.url('http'), { headers: { ...auth, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(INIT) });
      expect(refused.status).toBe(503);
      await first.client.close(); // drops its streams without DELETE, as the SDK's close() does
      // The server notices the dropped stream a moment later; until then the old session is still in use.
      let second: Awaited<ReturnType<typeof connectClient>> | undefined;
      for (let i = 0; i < 50 && !second; i++) {
        second = await connectClient(rig, 'http').catch(async (err: unknown) => {
          expect(String(err)).toMatch(/session limit/);
          await new Promise((r) => setTimeout(r, 50));
          return undefined;
        });
      }
      if (!second) throw new Error('no room was made for the second client');
      expect(textOf(await second.client.callTool({ name: 'echo', arguments: { text: 'room made' } }))).toContain('room made');
      expect(rig.fronts.sessionCount()).toBe(1);
      await second.close();
    } finally {
      await rig.fronts.close();
    }
  });

  it('TCP: connections that never authenticate are capped and timed out', async () => {
    const rig = await startRig({ tcpOptions: { maxPendingAuth: 2, authTimeoutMs: 300 } });
    try {
      const idle = await Promise.all([openRawTcp(rig.url('tcp')), openRawTcp(rig.url('tcp'))]);
      const third = await openRawTcp(rig.url('tcp'));
      await third.closed; // dropped on arrival
      expect(third.lines).toEqual([]);
      for (const c of idle) await c.closed; // timed out with an error line
      expect(idle[0]!.lines[0]).toMatchObject({ error: { data: { code: 'UNAUTHORIZED' } } });
      const ok = await connectClient(rig, 'tcp');
      await ok.close();
    } finally {
      await rig.fronts.close();
    }
  });

  it('a malformed WebSocket handshake does not hold a session slot', async () => {
    const rig = await startRig({ maxSessions: 1 });
    try {
      const u = new URL(rig.url('ws'));
      const reply = await new Promise<string>((resolve, reject) => {
        const s = connect({ host: u.hostname, port: Number(u.port) }, () => {
          s.write(
            `GET /mcp HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-valid-key\r\nSec-WebSocket-Protocol: mcp\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
          );
        });
        let got = '';
        s.setEncoding('utf8');
        s.on('data', (d: string) => (got += d));
        s.on('close', () => resolve(got));
        s.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      await waitFor(() => rig.fronts.sessionCount() === 0, 'slot released');
      const c = await connectClient(rig, 'ws');
      await c.close();
    } finally {
      await rig.fronts.close();
    }
  });

  it('drops a WebSocket peer that stops reading instead of buffering for it', async () => {
    const rig = await startRig({ wsOptions: { maxBufferedBytes: 256 * 1024 } });
    try {
      const ws = await openRawWs(rig.url('ws'), { headers: auth });
      ws.on('error', () => undefined);
      ws.send(JSON.stringify(INIT));
      ws.send(JSON.stringify(INITIALIZED));
      await waitFor(() => rig.fixture.sessionCount() === 1, 'session open');
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.pause(); // the peer stops reading; the kernel buffers fill, then ws's own buffer grows
      const big = 'y'.repeat(512 * 1024);
      for (let i = 0; i < 64; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'echo', arguments: { text: big } } }));
      await waitFor(() => rig.fixture.sessionCount() === 0, 'stuck peer dropped');
      ws.terminate();
    } finally {
      await rig.fronts.close();
    }
  });

  it('terminates a WebSocket peer that stops answering pings', async () => {
    const rig = await startRig({ wsOptions: { pingIntervalMs: 100 } });
    try {
      const ws = await openRawWs(rig.url('ws'), { headers: auth, autoPong: false });
      wsMessages(ws);
      ws.send(JSON.stringify(INIT));
      await waitFor(() => rig.fixture.sessionCount() === 1, 'session open');
      const closed = new Promise<void>((r) => ws.once('close', () => r()));
      await closed;
      await waitFor(() => rig.fixture.sessionCount() === 0, 'session closed');
      // A peer that does answer stays connected across several ping periods.
      const live = await connectClient(rig, 'ws');
      await new Promise((r) => setTimeout(r, 400));
      expect(textOf(await live.client.callTool({ name: 'echo', arguments: { text: 'pong' } }))).toBe('pong');
      await live.close();
    } finally {
      await rig.fronts.close();
    }
  });

  it('close() ends every session and stops listening', async () => {
    const rig = await startRig();
    const clients = await Promise.all((['ws', 'tcp', 'http'] as const).map((f) => connectClient(rig, f)));
    const calls = clients.map((c) => c.client.callTool({ name: 'slow', arguments: { steps: 10_000, delayMs: 50 } }).catch((e: unknown) => e));
    await rig.fixture.waitForInFlight(3);
    await rig.fronts.close();
    await rig.fixture.waitForInFlight(0);
    expect(rig.fixture.sessionCount()).toBe(0);
    expect(rig.fronts.sessionCount()).toBe(0);
    await Promise.all(calls);
    await Promise.all(clients.map((c) => c.client.close()));
    await expect(upgradeStatus(rig.url('ws'), auth)).rejects.toThrow(/ECONNREFUSED/);
  });
});
