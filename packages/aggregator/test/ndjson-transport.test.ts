import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { NdjsonStreamTransport, decodeCursor, encodeCursor } from '../src/index.js';

function setup(maxLineBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const written: unknown[] = [];
  let buffer = '';
  output.on('data', (c: Buffer) => {
    buffer += c.toString();
    for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
      written.push(JSON.parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
    }
  });
  const transport = new NdjsonStreamTransport(input, output, maxLineBytes ? { maxLineBytes } : {});
  const received: JSONRPCMessage[] = [];
  transport.onmessage = (m) => received.push(m);
  return { input, output, transport, received, written };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('NdjsonStreamTransport', () => {
  it('delivers messages split across chunks and several per chunk', async () => {
    const { input, transport, received } = setup();
    await transport.start();
    input.write('{"jsonrpc":"2.0","id":1,"method":"pi');
    input.write('ng"}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\r\n');
    await tick();
    expect(received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    await transport.close();
  });

  it('answers a line that is not JSON with -32700 and keeps going', async () => {
    const { input, transport, received, written } = setup();
    await transport.start();
    input.write('this is not json\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await tick();
    expect(written).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringContaining('Parse error') } }]);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
    await transport.close();
  });

  it('answers JSON that is not JSON-RPC with -32600, echoing a readable id', async () => {
    const { input, transport, written } = setup();
    await transport.start();
    input.write('{"id":7,"hello":"world"}\n[1,2]\n');
    await tick();
    expect(written).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32600, message: expect.any(String) } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.any(String) } },
    ]);
    await transport.close();
  });

  it('drops an over-long line with an error and recovers at the next newline', async () => {
    const { input, transport, received, written } = setup(64);
    await transport.start();
    input.write(`{"jsonrpc":"2.0","id":1,"method":"${'x'.repeat(100)}`);
    input.write('"}\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    await tick();
    expect(written).toHaveLength(1);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 3, method: 'ping' }]);
    await transport.close();
  });

  it('closes when the input ends', async () => {
    const { input, transport } = setup();
    const closed = new Promise<void>((r) => (transport.onclose = r));
    await transport.start();
    input.end();
    await expect(closed).resolves.toBeUndefined();
  });
});

describe('cursors', () => {
  it('round-trip, and anything else is -32602', () => {
    expect(decodeCursor(encodeCursor(100), 250)).toBe(100);
    expect(decodeCursor(undefined, 5)).toBe(0);
    expect(() => decodeCursor('garbage', 250)).toThrow(expect.objectContaining({ code: -32602 }));
    expect(() => decodeCursor(encodeCursor(900), 250)).toThrow(expect.objectContaining({ code: -32602 }));
  });
});
