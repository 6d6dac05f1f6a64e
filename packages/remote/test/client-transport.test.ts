import { getEventListeners } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { isCrosspointError } from '@crosspoint/core';
import { createClientTransport, createFixtureSessions, startFronts } from '@crosspoint/remote';
import { FRONTS, TOKEN, startRig, textOf, type Rig } from './helpers.js';

async function connectError(url: string, options: Parameters<typeof createClientTransport>[1]): Promise<unknown> {
  const client = new Client({ name: 't', version: '1' });
  try {
    await client.connect(createClientTransport(url, options));
  } catch (err) {
    await client.close().catch(() => undefined);
    return err;
  }
  await client.close();
  throw new Error('connected, expected a refusal');
}

describe('createClientTransport', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.fronts.close());

  it.each(FRONTS)('%s: talks to the front with a token', async (front) => {
    const client = new Client({ name: 't', version: '1' });
    await client.connect(createClientTransport(rig.url(front), { token: TOKEN }));
    try {
      expect(textOf(await client.callTool({ name: 'echo', arguments: { text: front } }))).toBe(front);
    } finally {
      await client.close();
    }
  });

  it.each(FRONTS)('%s: a wrong token surfaces as UNAUTHORIZED', async (front) => {
    const err = await connectError(rig.url(front), { token: 'wrong' });
    expect(isCrosspointError(err, 'UNAUTHORIZED')).toBe(true);
    expect(String(err)).not.toContain('wrong');
  });

  it.each(['ws', 'http'] as const)('%s: a 403 (refused Origin) surfaces as FORBIDDEN', async (front) => {
    const err = await connectError(rig.url(front), { token: TOKEN, headers: { origin: 'http://evil.example' } });
    expect(isCrosspointError(err, 'FORBIDDEN')).toBe(true);
  });

  it('a ws:// URL without a path reaches /mcp', async () => {
    const client = new Client({ name: 't', version: '1' });
    await client.connect(createClientTransport(rig.url('ws').replace(/\/mcp$/, ''), { token: TOKEN }));
    try {
      expect((await client.listTools()).tools.length).toBe(5);
    } finally {
      await client.close();
    }
  });

  it('an unreachable remote surfaces as DISCONNECTED', async () => {
    const fixture = createFixtureSessions();
    const fronts = await startFronts({ connectSession: fixture.connectSession, tcp: { port: 0 }, ws: { port: 0 } });
    const urls = fronts.urls;
    await fronts.close();
    for (const url of [urls.tcp!, urls.ws!]) {
      const err = await connectError(url, {});
      expect(isCrosspointError(err, 'DISCONNECTED')).toBe(true);
    }
  });

  it('a TCP client with a token also works against a gateway without tokens', async () => {
    const fixture = createFixtureSessions();
    const fronts = await startFronts({ connectSession: fixture.connectSession, tcp: { port: 0 } });
    try {
      for (const options of [{ token: 'any' }, {}]) {
        const client = new Client({ name: 't', version: '1' });
        await client.connect(createClientTransport(fronts.urls.tcp!, options));
        expect((await client.listTools()).tools.length).toBe(5);
        await client.close();
      }
    } finally {
      await fronts.close();
    }
  });

  it('rejects bad URLs with CONFIG_INVALID', () => {
    for (const url of ['ftp://x/mcp', 'tcp://host', 'not a url']) {
      let err: unknown;
      try {
        createClientTransport(url);
      } catch (e) {
        err = e;
      }
      expect(isCrosspointError(err, 'CONFIG_INVALID')).toBe(true);
    }
  });
});

describe('HTTP client link', () => {
  it('does not pile up abort listeners on the connection-wide signal', async () => {
    const rig = await startRig();
    const client = new Client({ name: 't', version: '1' });
    const transport = createClientTransport(rig.url('http'), { token: TOKEN });
    await client.connect(transport);
    try {
      for (let i = 0; i < 60; i++) await client.callTool({ name: 'echo', arguments: { text: String(i) } });
      // The SDK keeps its controller private; reading it is the only way to count what is left on it.
      const signal = (transport as unknown as { _abortController?: AbortController })._abortController?.signal;
      expect(signal).toBeDefined();
      expect(getEventListeners(signal!, 'abort').length).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
      await rig.fronts.close();
    }
  });
});
