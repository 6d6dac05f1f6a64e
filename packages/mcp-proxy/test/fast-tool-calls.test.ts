import { PassThrough } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { InvokeOptions } from '@crosspoint/core';
import { NdjsonTransport, fastToolCalls } from '@crosspoint/mcp-proxy';

/** A front over in-memory streams: we write client messages in and read the front's replies out. */
async function front(handle: Parameters<typeof fastToolCalls>[1]) {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const server = new Server({ name: 'front', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 't', inputSchema: { type: 'object' as const } }] }));
  await server.connect(fastToolCalls(new NdjsonTransport(toServer, fromServer), handle));
  const seen: Array<Record<string, unknown>> = [];
  let buf = '';
  fromServer.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      seen.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
    }
  });
  const send = (m: Record<string, unknown>) => toServer.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
  const waitFor = async (pred: (m: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const hit = seen.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('message not seen');
  };
  return { send, seen, waitFor, close: () => server.close() };
}

describe('fastToolCalls', () => {
  it('answers tools/call itself and leaves every other method to the SDK server', async () => {
    const calls: Array<[string, unknown]> = [];
    const f = await front(async (name, args) => {
      calls.push([name, args]);
      return { content: [{ type: 'text', text: `ran ${name}` }] };
    });
    f.send({ id: 'a', method: 'tools/list', params: {} });
    f.send({ id: 7, method: 'tools/call', params: { name: 'x.y', arguments: { n: 1 } } });
    expect(await f.waitFor((m) => m['id'] === 'a')).toMatchObject({ result: { tools: [{ name: 't' }] } });
    expect(await f.waitFor((m) => m['id'] === 7)).toEqual({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'ran x.y' }] } });
    expect(calls).toEqual([['x.y', { n: 1 }]]);
    await f.close();
  });

  it("reports progress under the caller's token and honours cancellation without replying", async () => {
    let seenOptions: InvokeOptions | undefined;
    const f = await front(
      (_name, _args, options) =>
        new Promise((resolve) => {
          seenOptions = options;
          options.onProgress?.({ progress: 1, total: 2 });
          options.signal?.addEventListener('abort', () => resolve({ content: [] }));
        }),
    );
    f.send({ id: 9, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 'tok-1' } } });
    expect(await f.waitFor((m) => m['method'] === 'notifications/progress')).toMatchObject({ params: { progressToken: 'tok-1', progress: 1, total: 2 } });
    f.send({ method: 'notifications/cancelled', params: { requestId: 9, reason: 'user' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(seenOptions?.signal?.aborted).toBe(true);
    expect(f.seen.some((m) => m['id'] === 9)).toBe(false);
    await f.close();
  });

  it('turns a throwing handler into a JSON-RPC error', async () => {
    const f = await front(async () => {
      throw Object.assign(new Error('nope'), { code: -32602 });
    });
    f.send({ id: 1, method: 'tools/call', params: { name: 'x' } });
    expect(await f.waitFor((m) => m['id'] === 1)).toMatchObject({ error: { code: -32602, message: 'nope' } });
    await f.close();
  });
});
