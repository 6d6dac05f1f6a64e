import { PassThrough } from 'node:stream';
import { FakeSubsystem } from '@crosspoint/testing';
import { FederationAggregator, createSessionFactory, serveStdio } from '../src/index.js';

async function setup() {
  const aggregator = new FederationAggregator();
  aggregator.register(new FakeSubsystem({ name: 'alpha' }));
  await aggregator.start();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: unknown[] = [];
  let buf = '';
  stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  return { aggregator, stdin, stdout, lines, connect: createSessionFactory(aggregator) };
}

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } };

describe('serveStdio', () => {
  it('answers over the given streams and resolves when stdin ends', async () => {
    const { aggregator, stdin, stdout, lines, connect } = await setup();
    const served = serveStdio(connect, { stdin, stdout });
    stdin.write(`${JSON.stringify(initialize)}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'alpha_add', arguments: { a: 1, b: 1 } } })}\n`);
    const end = Date.now() + 5000;
    while (lines.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(lines[1]).toMatchObject({ id: 2, result: { structuredContent: { sum: 2 } } });
    stdin.end();
    await expect(served).resolves.toBeUndefined();
    await aggregator.shutdown();
  });

  it('resolves when its signal aborts', async () => {
    const { aggregator, stdin, stdout, connect } = await setup();
    const ac = new AbortController();
    const served = serveStdio(connect, { stdin, stdout, signal: ac.signal });
    ac.abort();
    await expect(served).resolves.toBeUndefined();
    await aggregator.shutdown();
  });
});
