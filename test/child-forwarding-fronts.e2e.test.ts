import { join } from 'node:path';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { fixtureEntry } from './fixtures/child-servers/paths';
import { CallToolResultSchema, FIXTURES, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, type FrontName, WebSocketImpl, connectRemote, startDaemon } from './helpers/remote-daemon';

// End-to-end: child servers behind the network fronts of the built `crosspoint serve`, where the
// synchronous forwarding path writes through the fronts' own (asynchronous) transports: progress
// must reach the caller under its token (on HTTP, on the call's own stream), and a child's sampling
// request during a call must reach the client that made the call.
jest.setTimeout(90_000);

const text = (r: unknown): string => (r as { content: Array<{ text?: string }> }).content.map((c) => c.text ?? '').join('\n');

let cfg: ReturnType<typeof writeConfig>;
let daemon: Daemon;

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig({
    startupDeadlineMs: 30_000,
    mcpServers: {
      fx: fixtureEntry([]),
      surf: { command: process.execPath, args: [join(FIXTURES, 'surface-server.mjs')], ping: { intervalMs: 0 } },
    },
  });
  daemon = await startDaemon(['--config', cfg.file, '--ws', '127.0.0.1:0', '--http', '127.0.0.1:0'], ['ws', 'http'], { CROSSPOINT_STATE_DIR: join(cfg.dir, 'state') });
});
afterAll(async () => {
  await daemon?.stop();
  cfg?.remove();
});

describe.each(['ws', 'http'] as FrontName[])('child servers over the %s front', (front) => {
  it('answers a call with progress under the caller\'s token, and routes the child\'s sampling request to the caller', async () => {
    const client = await connectRemote(daemon.urls[front] as string, { capabilities: { sampling: {} } });
    try {
      client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: `from ${front}` }, model: 'test' }));
      expect(text(await client.callTool({ name: 'fx_echo', arguments: { text: 'hi' } }))).toBe('hi');
      const seen: number[] = [];
      const slow = await client.callTool({ name: 'fx_slow', arguments: { ms: 800, steps: 4 } }, CallToolResultSchema, { onprogress: (p) => seen.push(p.progress) });
      expect(text(slow)).toBe('slept 800');
      // The SDK client may drop progress that arrives in the same chunk as the result: an unbroken run from 1.
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen).toEqual(seen.map((_, i) => i + 1));
      expect(text(await client.callTool({ name: 'surf_ask_model', arguments: { question: 'who?' } }))).toBe(`model said: from ${front}`);
    } finally {
      await client.close();
    }
  });
});

describe('child replies over the ws front', () => {
  it('carry the child\'s own text with only the id changed (the result is not serialized again)', async () => {
    const socket = new WebSocketImpl(daemon.urls.ws as string, 'mcp');
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(data.toString()));
    await new Promise((resolve, reject) => {
      socket.on('open', () => resolve(undefined));
      socket.on('error', reject);
    });
    try {
      const send = (m: Record<string, unknown>) => socket.send(JSON.stringify({ jsonrpc: '2.0', ...m }));
      const frameFor = async (id: number) => {
        for (let i = 0; i < 500; i++) {
          const f = frames.find((x) => (JSON.parse(x) as { id?: unknown }).id === id);
          if (f) return f;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`no frame for ${id}`);
      };
      send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
      await frameFor(1);
      send({ method: 'notifications/initialized' });
      send({ id: 2, method: 'tools/call', params: { name: 'fx_echo', arguments: { text: 'as written' } } });
      // The TypeScript SDK child writes result, jsonrpc, id; the gateway's own serializer writes jsonrpc, id, result.
      expect(await frameFor(2)).toBe('{"result":{"content":[{"type":"text","text":"as written"}]},"jsonrpc":"2.0","id":2}');
    } finally {
      socket.terminate();
    }
  });
});
