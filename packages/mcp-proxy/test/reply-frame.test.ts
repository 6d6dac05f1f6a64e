import { acceptedMutants, seededRandom } from '@crosspoint/testing';
import { scanReplyFrame } from '../src/reply-frame.js';

// The byte scanner decides which child replies travel on as text without JSON.parse, so it must
// agree with JSON.parse: whatever it accepts parses, to the same id and isError; every plain reply
// it is shown, written any way JSON allows, it accepts. Checked on generated and mutated lines.

const STRINGS = ['', 'a', 'hello bench', 'é ü 中文 🎉', 'quote " and \\ backslash', 'line\nbreak\ttab', '\u0000\u001f', 'id', 'isError', '"id":"x"', '}{][,:'];
const NUMBERS = ['0', '-0', '1', '-12', '3.25', '1e5', '1E-7', '-0.5e+10', '123456789012345678901234567890'];

function value(rand: () => number, depth: number): string {
  const r = rand();
  if (depth > 4 || r < 0.45) {
    const k = rand();
    if (k < 0.4) return JSON.stringify(STRINGS[Math.floor(rand() * STRINGS.length)]);
    if (k < 0.5) return escapedString(rand);
    if (k < 0.75) return NUMBERS[Math.floor(rand() * NUMBERS.length)] as string;
    return ['true', 'false', 'null'][Math.floor(rand() * 3)] as string;
  }
  const n = Math.floor(rand() * 4);
  const items = Array.from({ length: n }, () => value(rand, depth + 1));
  if (r < 0.7) return `[${items.map((v) => ws(rand) + v + ws(rand)).join(',')}]`;
  return object(rand, items);
}

function object(rand: () => number, values: string[], keys?: string[]): string {
  return `{${values.map((v, i) => `${ws(rand)}${JSON.stringify(keys?.[i] ?? STRINGS[Math.floor(rand() * STRINGS.length)])}${ws(rand)}:${ws(rand)}${v}${ws(rand)}`).join(',')}}`;
}

/** A string written with \u escapes and the short escapes JSON allows. */
function escapedString(rand: () => number): string {
  const parts = ['\\u0041', '\\u00e9', '\\ud83c\\udf89', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\"', '\\\\', 'plain'];
  return `"${Array.from({ length: 1 + Math.floor(rand() * 4) }, () => parts[Math.floor(rand() * parts.length)]).join('')}"`;
}

function ws(rand: () => number): string {
  return rand() < 0.8 ? '' : [' ', '\t', '\r', '  '][Math.floor(rand() * 4)] as string;
}

/** A plain reply with its members in a random order and random spacing. */
function reply(rand: () => number, id: string, isError?: boolean): string {
  const result = isError === undefined ? value(rand, 1) : `{"content":[],"isError":${isError}}`;
  const members: Array<[string, string]> = [
    ['jsonrpc', '"2.0"'],
    ['id', JSON.stringify(id)],
    ['result', result.startsWith('{') ? result : `{"v":${result}}`],
  ];
  members.sort(() => rand() - 0.5);
  return ws(rand) + object(rand, members.map((m) => m[1]), members.map((m) => m[0])) + ws(rand);
}

/** A reply written compactly as servers most often write it: the SDK's member order or JSON-RPC first. */
function compactReply(rand: () => number, id: string, isError?: boolean): string {
  const result = isError === undefined ? value(rand, 1) : `{"content":[],"isError":${isError}}`;
  const body = result.startsWith('{') ? result : `{"v":${result}}`;
  return rand() < 0.5 ? `{"result":${body},"jsonrpc":"2.0","id":${JSON.stringify(id)}}` : `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${body}}`;
}

function reference(line: string): { id: string; isError: boolean } | undefined {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const o = m as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  const result = o['result'];
  if (keys !== 'id,jsonrpc,result' || o['jsonrpc'] !== '2.0' || typeof o['id'] !== 'string') return undefined;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  return { id: o['id'], isError: (result as { isError?: unknown }).isError === true };
}

function scan(line: string) {
  const buf = Buffer.from(line);
  const frame = scanReplyFrame(buf, 0, buf.length);
  return frame && { id: JSON.parse(buf.toString('utf8', frame.idStart, frame.idEnd)) as string, isError: frame.isError };
}

/** What mutations insert: JSON's structural characters, escapes, a control character, a non-ASCII one. */
const MUTATIONS = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', 't', 'n', 'x', '\u0001', 'é'];

/** Each mutated line the scanner accepted reads as JSON.parse reads it; the mutations must leave plenty to compare. */
function expectMutantsReadAsJsonParse(accepted: Array<{ line: string; got: { id: string; isError: boolean } }>): void {
  // The reference reads the bytes the gateway sees (a mutation may split a surrogate pair, which UTF-8 cannot carry).
  for (const { line, got } of accepted) expect({ line, frame: got }).toEqual({ line, frame: reference(Buffer.from(line).toString()) });
  expect(accepted.length).toBeGreaterThan(1000);
}

describe('scanReplyFrame', () => {
  it('accepts every plain reply, in any key order and spacing, with the same id and isError as JSON.parse', () => {
    const rand = seededRandom(1);
    for (let n = 0; n < 3000; n++) {
      const isError = n % 3 === 0 ? n % 2 === 0 : undefined;
      const line = reply(rand, `crosspoint-${n}`, isError);
      const expected = reference(line);
      expect(expected).toBeDefined();
      expect({ line, frame: scan(line) }).toEqual({ line, frame: expected });
    }
  });

  it('reads compact replies in the common member orders (their fast path) as JSON.parse does, mutated or not', () => {
    const rand = seededRandom(5);
    for (let n = 0; n < 3000; n++) {
      const isError = n % 3 === 0 ? n % 2 === 0 : undefined;
      const line = compactReply(rand, `crosspoint-${n}`, isError);
      expect({ line, frame: scan(line) }).toEqual({ line, frame: reference(line) });
    }
    expectMutantsReadAsJsonParse(acceptedMutants(rand, () => compactReply(rand, 'crosspoint-7'), MUTATIONS, scan));
  });

  it('never accepts what JSON.parse rejects or reads differently (mutated replies)', () => {
    const rand = seededRandom(2);
    expectMutantsReadAsJsonParse(acceptedMutants(rand, () => reply(rand, 'crosspoint-7'), MUTATIONS, scan));
  });

  it('leaves to JSON.parse the replies it cannot place exactly, and everything that is not a plain reply', () => {
    const no = (line: string) => expect(scanReplyFrame(Buffer.from(line), 0, Buffer.byteLength(line))).toBeUndefined();
    no('{"jsonrpc":"2.0","\\u0069d":"crosspoint-1","result":{}}'); // an escaped key
    no('{"jsonrpc":"2.0","id":"crosspoint-\\u0031","result":{}}'); // an escaped id
    no('{"jsonrpc":"2.0","id":"crosspoint-1","id":"crosspoint-2","result":{}}'); // a duplicate key
    no('{"jsonrpc":"2.0","id":7,"result":{}}'); // a number id (not ours)
    no('{"jsonrpc":"2.0","id":"crosspoint-1","result":[]}'); // a result that is not an object
    no('{"jsonrpc":"2.0","id":"crosspoint-1","error":{"code":1,"message":"x"}}');
    no('{"jsonrpc":"2.0","id":"crosspoint-1","result":{},"method":"sampling/createMessage"}');
    no('{"jsonrpc":"1.0","id":"crosspoint-1","result":{}}');
    no('{"jsonrpc":"2.0","id":"crosspoint-1","result":{}} x');
    no(`{"jsonrpc":"2.0","id":"crosspoint-1","result":{"a":${"[".repeat(300)}${"]".repeat(300)}}}`); // deeper than it scans
  });
});
