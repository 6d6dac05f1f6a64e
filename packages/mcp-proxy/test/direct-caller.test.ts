import { PassThrough } from 'node:stream';
import type { CallToolResultLike, RawReply } from '@crosspoint/core';
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
    (line) => transport.sendText(line),
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
  return { caller, fromChild, forSdk, lastId };
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
});
