import { cutReplyId } from '../src/raw-reply.js';

// A reply travels on as the child's own text only when the cut provably swaps the top-level id
// and nothing else; every other line must fall back (undefined) to serializing the parsed result.
const ID = 'crosspoint-42';
const cut = (line: string) => cutReplyId(line, JSON.parse(line) as object, ID);
const forCaller = (line: string, callerId: string | number) => {
  const raw = cut(line);
  return raw && `${raw.before}${JSON.stringify(callerId)}${raw.after}`;
};

describe('cutReplyId', () => {
  it('swaps the id of a TypeScript SDK reply (id last) and keeps the result text as written', () => {
    const line = '{"result":{"content":[{"type":"text","text":"1.50"}]},"jsonrpc":"2.0","id":"crosspoint-42"}';
    const out = forCaller(line, 7);
    expect(out).toBe('{"result":{"content":[{"type":"text","text":"1.50"}]},"jsonrpc":"2.0","id":7}');
    expect(JSON.parse(out!)).toEqual({ ...JSON.parse(line), id: 7 });
  });

  it('swaps the id of a Python SDK reply (jsonrpc, then id) and of one that starts with the id', () => {
    expect(forCaller('{"jsonrpc":"2.0","id":"crosspoint-42","result":{"content":[]}}', 'a"b')).toBe('{"jsonrpc":"2.0","id":"a\\"b","result":{"content":[]}}');
    expect(forCaller('{"id":"crosspoint-42","jsonrpc":"2.0","result":{}}', 3)).toBe('{"id":3,"jsonrpc":"2.0","result":{}}');
  });

  it('declines a reply with any other top-level key, so nothing of the child rides along', () => {
    expect(cut('{"result":{},"method":"sampling/createMessage","jsonrpc":"2.0","id":"crosspoint-42"}')).toBeUndefined();
    expect(cut('{"result":{},"error":{"code":1,"message":"x"},"jsonrpc":"2.0","id":"crosspoint-42"}')).toBeUndefined();
  });

  it('declines when an "id" member elsewhere makes the position ambiguous', () => {
    // A nested id written first: the only safe cut would need a parser.
    expect(cut('{"result":{"id":"crosspoint-42"},"jsonrpc":"2.0","id":"crosspoint-42"}')).toBeUndefined();
    // The top-level id in the middle, written with spaces, and a nested one of the same text.
    expect(cut('{"jsonrpc":"2.0","result":{"x":{"id":"crosspoint-42"}},"id" : "crosspoint-42"}')).toBeUndefined();
    // A duplicate top-level id after the first.
    expect(cut('{"jsonrpc":"2.0","id":"crosspoint-42","result":{},"id":"crosspoint-42"}')).toBeUndefined();
  });

  it('declines text it cannot place exactly: whitespace at the end, an escaped key, a longer id', () => {
    expect(cut('{"result":{},"jsonrpc":"2.0","id":"crosspoint-42"} ')).toBeUndefined();
    expect(cut('{"result":{},"jsonrpc":"2.0","\\u0069d":"crosspoint-42"}')).toBeUndefined();
    expect(cutReplyId('{"result":{},"jsonrpc":"2.0","id":"crosspoint-420"}', { result: {}, jsonrpc: '2.0', id: 'crosspoint-420' }, ID)).toBeUndefined();
  });
});
