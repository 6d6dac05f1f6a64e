import { PassThrough } from 'node:stream';
import { ByteBuilder, type CallToolResultLike, JsonText, type RawReply } from '@crosspoint/core';
import { DirectCaller, splitTransport } from '../src/direct-caller.js';
import { NdjsonTransport } from '../src/ndjson-transport.js';

// Replies to forwarded calls over NDJSON: a plain reply travels on as text (never parsed); one the
// scanner cannot place (here, an escaped key) still reaches the same call, parsed; a sink that
// cannot take text gets the parsed result either way.

async function link() {
  const fromChild = new PassThrough();
  const toChild = new PassThrough();
  const transport = new NdjsonTransport(fromChild, toChild);
  const caller = new DirectCaller(
    (m) => transport.send(m),
    () => transport.lineOutput(),
  );
  const outer = splitTransport(transport, caller);
  const forSdk: unknown[] = [];
  outer.onmessage = (m) => forSdk.push(m);
  await outer.start();
  const written: string[] = [];
  toChild.setEncoding('utf8');
  toChild.on('data', (s: string) => written.push(...s.split('\n').filter(Boolean)));
  const lastId = async () => {
    await new Promise((r) => setImmediate(r));
    return (JSON.parse(written[written.length - 1] as string) as { id: string }).id;
  };
  return { caller, fromChild, toChild, forSdk, lastId, written };
}

type Outcome = { text?: RawReply; parsed?: CallToolResultLike; error?: Error };
const textSink = (out: Outcome) => ({ result: (r: CallToolResultLike) => (out.parsed = r), resultText: (r: RawReply) => (out.text = r), error: (e: Error) => (out.error = e), progress: () => {} });

describe('DirectCaller over NDJSON', () => {
  it('hands a plain reply on as text with its id cut out', async () => {
    const { caller, fromChild, lastId } = await link();
    const out: Outcome = {};
    caller.forward('echo', { text: 'hi' }, 10_000, false, textSink(out));
    const id = await lastId();
    fromChild.write(`{"result":{"content":[{"type":"text","text":"1.50"}],"isError":true},"jsonrpc":"2.0","id":"${id}"}\n`);
    await new Promise((r) => setImmediate(r));
    expect(out.parsed).toBeUndefined();
    expect(out.text && `${out.text.before}5${out.text.after}`).toBe('{"result":{"content":[{"type":"text","text":"1.50"}],"isError":true},"jsonrpc":"2.0","id":5}');
    expect(out.text?.isError).toBe(true);
    expect(out.text?.parse()).toEqual({ content: [{ type: 'text', text: '1.50' }], isError: true });
  });

  it('parses a reply the scanner leaves alone, and still answers the right call', async () => {
    const { caller, fromChild, lastId, forSdk } = await link();
    const out: Outcome = {};
    caller.forward('echo', { text: 'hi' }, 10_000, false, textSink(out));
    const id = await lastId();
    fromChild.write(`{"\\u0072esult":{"content":[]},"jsonrpc":"2.0","id":"${id}"}\n`);
    await new Promise((r) => setImmediate(r));
    expect(out).toEqual({ parsed: { content: [] } });
    expect(forSdk).toEqual([]);
  });

  it('gives a sink without resultText the parsed result, and leaves the SDK its own (numbered) replies', async () => {
    const { caller, fromChild, lastId, forSdk } = await link();
    const results: CallToolResultLike[] = [];
    caller.forward('echo', {}, 10_000, false, { result: (r) => results.push(r), error: () => {}, progress: () => {} });
    const id = await lastId();
    // Near misses of our id answer nothing (and are not the SDK's either).
    const leadingZero = id.replace(/(\d+)$/, '0$1');
    fromChild.write(`{"result":{"content":["x"]},"jsonrpc":"2.0","id":"${id}0x"}\n{"result":{"content":["y"]},"jsonrpc":"2.0","id":" ${id}"}\n`);
    fromChild.write(`{"result":{"content":["z"]},"jsonrpc":"2.0","id":"${leadingZero}"}\n{"jsonrpc":"2.0","id":"${leadingZero}","result":{"content":["z"]},"x":1}\n`);
    fromChild.write(`{"result":{"content":[]},"jsonrpc":"2.0","id":"${id}"}\n{"result":{"tools":[]},"jsonrpc":"2.0","id":"someone-else"}\n{"result":{},"jsonrpc":"2.0","id":3}\n`);
    await new Promise((r) => setImmediate(r));
    expect(results).toEqual([{ content: [] }]);
    // A string id is never the SDK client's (it numbers its requests): an unknown one is dropped as late.
    expect(forSdk).toEqual([{ result: {}, jsonrpc: '2.0', id: 3 }]);
  });

  it('writes the reply addressed to another id as bytes, number or string, byte for byte', async () => {
    const { caller, fromChild, lastId } = await link();
    const out: Outcome = {};
    caller.forward('echo', {}, 10_000, false, textSink(out));
    const id = await lastId();
    const body = '{"result":{"content":[{"type":"text","text":"héllo 🔌"}]},"jsonrpc":"2.0","id":';
    fromChild.write(`${body}"${id}"}\n`);
    await new Promise((r) => setImmediate(r));
    const bytes = new ByteBuilder(8);
    out.text?.writeTo(bytes, -17);
    bytes.byte(0x20);
    out.text?.writeTo(bytes, 'a"b');
    expect(bytes.toString()).toBe(`${body}-17} ${body}"a\\"b"}`);
  });

  it('sends arguments that arrived as bytes as they are, and anything else serialized', async () => {
    const { caller, written } = await link();
    const client = Buffer.from('{"jsonrpc":"2.0","id":1,"params":{"arguments":{"path":"/tmp/é","n":[1,2.5e3]}}}');
    const start = client.indexOf('{"path"');
    const end = client.indexOf('}}}') + 1;
    caller.forward('read', new JsonText(client, start, end), 10_000, false, textSink({}));
    caller.forward('read', new JsonText('{"n":1}'), 10_000, true, textSink({}));
    caller.forward('read', { n: 2 }, 10_000, false, textSink({}));
    await new Promise((r) => setImmediate(r));
    const sent = written.map((l) => JSON.parse(l) as { id: string; params: { name: string; arguments: unknown; _meta?: { progressToken: string } } });
    expect(sent.map((m) => m.params.arguments)).toEqual([{ path: '/tmp/é', n: [1, 2500] }, { n: 1 }, { n: 2 }]);
    expect(written[0]).toContain('"arguments":{"path":"/tmp/é","n":[1,2.5e3]}'); // not re-serialized
    expect(sent[1]?.params._meta?.progressToken).toBe(sent[1]?.id);
    expect(new Set(sent.map((m) => m.id)).size).toBe(3);
  });

  it('fails a call whose arguments cannot be serialized without writing half a line', async () => {
    const { caller, written } = await link();
    const out: Outcome = {};
    caller.forward('echo', { n: 1n } as unknown as Record<string, unknown>, 10_000, false, textSink(out));
    caller.forward('echo', { n: 1 }, 10_000, false, textSink({}));
    await new Promise((r) => setImmediate(r));
    expect(out.error?.message).toMatch(/BigInt/);
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({ method: 'tools/call', params: { arguments: { n: 1 } } });
    expect(caller.inFlight).toBe(1);
  });

  it('never overwrites what a stream still holds: lines sent over several turns to a paused reader arrive intact', async () => {
    const fromChild = new PassThrough();
    const toChild = new PassThrough(); // keeps what it is given until read
    const transport = new NdjsonTransport(fromChild, toChild);
    const caller = new DirectCaller(
      (m) => transport.send(m),
      () => transport.lineOutput(),
    );
    splitTransport(transport, caller);
    await transport.start();
    for (let turn = 0; turn < 5; turn++) {
      caller.forward(`tool${turn}`, { turn }, 10_000, false, textSink({}));
      await new Promise((r) => setImmediate(r));
    }
    const lines = (toChild.read() as Buffer).toString().split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { params: { name: string; arguments: unknown } }).params)).toEqual(
      [0, 1, 2, 3, 4].map((turn) => ({ name: `tool${turn}`, arguments: { turn } })),
    );
  });
});
