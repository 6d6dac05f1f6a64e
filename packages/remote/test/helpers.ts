import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ListRootsRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createClientTransport, createFixtureSessions, startFronts, type FixtureOptions, type FixtureSessions, type FrontsOptions, type RunningFronts } from '@crosspoint/remote';

export type FrontName = 'tcp' | 'ws' | 'http';
export const FRONTS: FrontName[] = ['ws', 'tcp', 'http'];
export const TOKEN = 'bench-token-0123456789';
export const SCOPED_TOKEN = 'viewer-token-abcdef';

export interface Rig {
  fixture: FixtureSessions;
  fronts: RunningFronts;
  url(front: FrontName): string;
}

/** Starts every front on 127.0.0.1 port 0 with the fixture session factory. */
export async function startRig(overrides: Partial<FrontsOptions> = {}, fixtureOptions: FixtureOptions = {}): Promise<Rig> {
  const fixture = createFixtureSessions(fixtureOptions);
  const fronts = await startFronts({
    connectSession: fixture.connectSession,
    tcp: { port: 0 },
    ws: { port: 0 },
    http: { port: 0 },
    tokens: [{ token: TOKEN }, { token: SCOPED_TOKEN, allowTools: ['meter_*', 'echo'] }],
    ...overrides,
  });
  return {
    fixture,
    fronts,
    url: (front) => {
      const u = fronts.urls[front];
      if (!u) throw new Error(`front ${front} not started`);
      return u;
    },
  };
}

/** The client transport a real user of that front would use: ours for tcp/ws, the SDK's for http. */
export function clientTransport(rig: Rig, front: FrontName, token: string | null): Transport {
  if (front === 'http') {
    return new StreamableHTTPClientTransport(new URL(rig.url('http')), {
      requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} },
    });
  }
  return createClientTransport(rig.url(front), token === null ? {} : { token });
}

export interface ConnectedClient {
  client: Client;
  listChanged: () => number;
  close(): Promise<void>;
}

/** Connects an SDK client; `token: null` presents none. */
export async function connectClient(rig: Rig, front: FrontName, token: string | null = TOKEN): Promise<ConnectedClient> {
  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: { roots: {} } });
  client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: `file:///bench/${front}`, name: front }] }));
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  const transport = clientTransport(rig, front, token);
  await client.connect(transport);
  const close = async (): Promise<void> => {
    // An HTTP client ends its session with DELETE (closing only drops its streams).
    if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => undefined);
    await client.close();
  };
  return { client, listChanged: () => listChanged, close };
}

/** Polls `cond` until true (no fixed sleeps in tests). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? '').join('');
}
