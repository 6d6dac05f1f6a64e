import { PassThrough, Writable } from 'node:stream';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { NdjsonStreamTransport } from '../src/index.js';
import { isPlainJsonRpcMessage } from '../src/front/json-rpc-shape.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('NdjsonStreamTransport output', () => {
  it('sends everything queued in one turn of the event loop as one write, in order', async () => {
    const output = new PassThrough();
    const write = jest.spyOn(output, 'write');
    const t = new NdjsonStreamTransport(new PassThrough(), output);
    await t.start();
    await Promise.all([1, 2, 3].map((id) => t.send({ jsonrpc: '2.0', id, result: {} })));
    await tick();
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(output.read())).toBe(['{"jsonrpc":"2.0","id":1,"result":{}}', '{"jsonrpc":"2.0","id":2,"result":{}}', '{"jsonrpc":"2.0","id":3,"result":{}}', ''].join('\n'));
    await t.close();
  });

  it('never overwrites what a stream still holds: batches of several turns reach a paused reader intact', async () => {
    const output = new PassThrough(); // keeps what it is given until read
    const t = new NdjsonStreamTransport(new PassThrough(), output);
    await t.start();
    for (let id = 1; id <= 4; id++) {
      t.sendJsonNow(`{"jsonrpc":"2.0","id":${id},"result":{"n":"${'é'.repeat(id)}"}}`);
      await tick();
    }
    const lines = String(output.read()).split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([1, 2, 3, 4].map((id) => ({ jsonrpc: '2.0', id, result: { n: 'é'.repeat(id) } })));
    await t.close();
  });

  it('sends bytes appended to its line output with the messages of the same turn, in order', async () => {
    const output = new PassThrough();
    const t = new NdjsonStreamTransport(new PassThrough(), output);
    await t.start();
    t.sendJsonNow('{"jsonrpc":"2.0","id":1,"result":{}}');
    const out = t.lineOutput();
    out?.text('{"jsonrpc":"2.0","id":');
    out?.integer(2);
    out?.all(Buffer.from(',"result":{}}\n'));
    t.sendJsonNow('{"jsonrpc":"2.0","id":3,"result":{}}');
    await tick();
    expect(String(output.read())).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc":"2.0","id":2,"result":{}}\n{"jsonrpc":"2.0","id":3,"result":{}}\n');
    await t.close();
    expect(t.lineOutput()).toBeUndefined();
  });

  it('makes senders wait while the reader is behind, and lets them go on drain', async () => {
    const chunks: Buffer[] = [];
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        release = cb; // held until the test lets the reader catch up
      },
    });
    const t = new NdjsonStreamTransport(new PassThrough(), slow);
    await t.start();
    await t.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x'.repeat(200) } });
    await tick(); // the first batch goes out and fills the buffer
    let sent = false;
    const second = t.send({ jsonrpc: '2.0', id: 2, result: {} }).then(() => (sent = true));
    await tick();
    expect(sent).toBe(false);
    release?.();
    await tick();
    release?.();
    await second;
    expect(sent).toBe(true);
    await t.close();
  });

  it('flushes what is queued when closed', async () => {
    const output = new PassThrough();
    const t = new NdjsonStreamTransport(new PassThrough(), output);
    await t.start();
    void t.send({ jsonrpc: '2.0', id: 9, result: {} });
    await t.close();
    expect(String(output.read())).toBe('{"jsonrpc":"2.0","id":9,"result":{}}\n');
  });
});

describe('isPlainJsonRpcMessage', () => {
  const samples: unknown[] = [
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a', arguments: { x: 1 } } },
    { jsonrpc: '2.0', id: 'x', method: 'tools/call', params: { name: 'a', _meta: { progressToken: 't' } } },
    { jsonrpc: '2.0', id: 1.5, method: 'ping' },
    { jsonrpc: '2.0', id: null, method: 'ping' },
    { jsonrpc: '2.0', id: 1, method: 'ping', extra: true },
    { jsonrpc: '2.0', id: 1, method: 'ping', params: [1] },
    { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { progressToken: 1.5 } } },
    { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: 'x' } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3, reason: 'x' } },
    { jsonrpc: '2.0', method: 'notifications/x', id: undefined },
    { jsonrpc: '1.0', id: 1, method: 'ping' },
    { jsonrpc: '2.0', id: 1, result: {} },
    { jsonrpc: '2.0', id: 1, result: { _meta: {} } },
    { jsonrpc: '2.0', id: 1, result: [] },
    { jsonrpc: '2.0', id: 1, error: { code: -1, message: 'm' } },
    { jsonrpc: '2.0', id: 1 },
    [],
    null,
    'text',
  ];

  it('never accepts what the SDK schema rejects, and accepts the common messages unchanged', () => {
    for (const v of samples) {
      if (isPlainJsonRpcMessage(v)) {
        const parsed = JSONRPCMessageSchema.safeParse(v);
        expect({ v, ok: parsed.success }).toEqual({ v, ok: true });
        expect(parsed.data).toEqual(v);
      }
    }
    expect(samples.filter((v) => isPlainJsonRpcMessage(v))).toHaveLength(5);
  });
});
