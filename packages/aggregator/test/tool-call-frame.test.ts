import { acceptedMutants, pick, seededRandom } from '@crosspoint/testing';
import { scanToolCall } from '../src/front/tool-call-frame.js';

// The stdio front hands plain tools/call lines to the forwarding path without JSON.parse, with the
// arguments as the client's text, so the scanner must agree with JSON.parse: what it accepts parses,
// to the same id, name, arguments and progress token; every plain call it is shown, written any way
// JSON allows, it accepts. Checked on generated and mutated lines.

const STRINGS = ['', 'a', 'hello bench', 'é ü 中文 🎉', 'quote " and \\ backslash', 'line\nbreak', '\u0000', 'name', 'arguments', '"id":1'];
const ws = (rand: () => number) => (rand() < 0.8 ? '' : pick(rand, [' ', '\t', '\r', '  ']));

function value(rand: () => number, depth: number): string {
  const r = rand();
  if (depth > 4 || r < 0.5) return pick(rand, [JSON.stringify(pick(rand, STRINGS)), '"\\u00e9\\n\\/"', '0', '-1.5e3', '12', 'true', 'false', 'null']);
  const items = Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
  if (r < 0.7) return `[${items.map((v) => ws(rand) + v + ws(rand)).join(',')}]`;
  return object(rand, items.map((v) => [pick(rand, STRINGS), v]));
}

function object(rand: () => number, members: Array<[string, string]>): string {
  return `{${members.map(([k, v]) => `${ws(rand)}${JSON.stringify(k)}${ws(rand)}:${ws(rand)}${v}${ws(rand)}`).join(',')}}`;
}

const shuffle = <T>(rand: () => number, xs: T[]) => xs.sort(() => rand() - 0.5);

/** A plain call with members in random order and spacing; arguments and _meta sometimes left out. */
function call(rand: () => number, n: number): string {
  // Integer ids in every form JSON allows (read from their digits or, for the rest, as Number reads them).
  const numeric = pick(rand, [String(n), `-${n}`, '-0', '1e3', '10.0', '2E+1', '123456789012345', '9007199254740991', '-9007199254740991']);
  const id = rand() < 0.5 ? numeric : JSON.stringify(`req-${n}`);
  const params: Array<[string, string]> = [['name', JSON.stringify(pick(rand, ['echo', 'bench_echo', 'é-tool']))]];
  if (rand() < 0.8) params.push(['arguments', object(rand, Array.from({ length: Math.floor(rand() * 3) }, () => [pick(rand, STRINGS), value(rand, 1)]))]);
  if (rand() < 0.3) params.push(['_meta', rand() < 0.5 ? `{"progressToken":${rand() < 0.5 ? 7 : '"tok"'}}` : '{}']);
  const top: Array<[string, string]> = [
    ['jsonrpc', '"2.0"'],
    ['id', id],
    ['method', '"tools/call"'],
    ['params', object(rand, shuffle(rand, params))],
  ];
  return ws(rand) + object(rand, shuffle(rand, top)) + ws(rand);
}

/** A call written compactly as clients most often write it: the SDK's member order or JSON-RPC first. */
function compactCall(rand: () => number, n: number): string {
  const id = rand() < 0.5 ? String(n) : JSON.stringify(`req-${n}`);
  const name = JSON.stringify(pick(rand, ['echo', 'bench_echo', 'é-tool']));
  let params = `{"name":${name}`;
  if (rand() < 0.8) params += `,"arguments":${object(rand, Array.from({ length: Math.floor(rand() * 3) }, () => [pick(rand, STRINGS), value(rand, 1)]))}`;
  if (rand() < 0.3) params += `,"_meta":{"progressToken":${rand() < 0.5 ? 7 : '"tok"'}}`;
  params += '}';
  return rand() < 0.5 ? `{"method":"tools/call","params":${params},"jsonrpc":"2.0","id":${id}}` : `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":${params}}`;
}

type Seen = { id: unknown; name: unknown; args: unknown; progressToken: unknown };

function reference(line: string): Seen | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isId = (v: unknown) => typeof v === 'string' || Number.isSafeInteger(v);
  if (!isObj(m) || Object.keys(m).sort().join() !== 'id,jsonrpc,method,params' || m['jsonrpc'] !== '2.0' || m['method'] !== 'tools/call' || !isId(m['id'])) return undefined;
  const p = m['params'];
  if (!isObj(p) || typeof p['name'] !== 'string' || Object.keys(p).some((k) => !['name', 'arguments', '_meta'].includes(k))) return undefined;
  if ('arguments' in p && !isObj(p['arguments'])) return undefined;
  const meta = p['_meta'];
  if (meta !== undefined && (!isObj(meta) || Object.keys(meta).some((k) => k !== 'progressToken') || ('progressToken' in meta && !isId(meta['progressToken'])))) return undefined;
  return { id: m['id'], name: p['name'], args: p['arguments'] ?? null, progressToken: (meta as { progressToken?: unknown } | undefined)?.progressToken };
}

function scan(line: string): Seen | undefined {
  const buf = Buffer.from(line);
  const f = scanToolCall(buf, 0, buf.length);
  return f && { id: f.id, name: f.name, args: f.argsStart < 0 ? null : JSON.parse(buf.toString('utf8', f.argsStart, f.argsEnd)), progressToken: f.progressToken };
}

/** What mutations insert: JSON's structural characters, escapes, a control character, a non-ASCII one. */
const MUTATIONS = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', 't', 'x', '\u0001', 'é'];

/** Each mutated line the scanner accepted reads as JSON.parse reads it; enough were accepted to mean something. */
function expectMutantsReadAsJsonParse(accepted: Array<{ line: string; got: Seen }>): void {
  // The reference reads the bytes the gateway sees (a mutation may split a surrogate pair, which UTF-8 cannot carry).
  for (const { line, got } of accepted) expect({ line, frame: got }).toEqual({ line, frame: reference(Buffer.from(line).toString()) });
  expect(accepted.length).toBeGreaterThan(1000);
}

describe('scanToolCall', () => {
  it('accepts every plain call, in any key order and spacing, with what JSON.parse reads', () => {
    const rand = seededRandom(3);
    for (let n = 0; n < 3000; n++) {
      const line = call(rand, n);
      const expected = reference(line);
      expect(expected).toBeDefined();
      expect({ line, frame: scan(line) }).toEqual({ line, frame: expected });
    }
  });

  it('reads compact calls in the common member orders (their fast path) as JSON.parse does, mutated or not', () => {
    const rand = seededRandom(5);
    for (let n = 0; n < 3000; n++) {
      const line = compactCall(rand, n);
      expect({ line, frame: scan(line) }).toEqual({ line, frame: reference(line) });
    }
    expectMutantsReadAsJsonParse(acceptedMutants(rand, (n) => compactCall(rand, n), MUTATIONS, scan));
  });

  it('never accepts what JSON.parse rejects or reads differently (mutated calls)', () => {
    const rand = seededRandom(4);
    expectMutantsReadAsJsonParse(acceptedMutants(rand, (n) => call(rand, n), MUTATIONS, scan));
  });

  it('leaves everything else to the ordinary path', () => {
    const no = (line: string) => expect(scanToolCall(Buffer.from(line), 0, Buffer.byteLength(line))).toBeUndefined();
    no('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}');
    no('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","task":{"ttl":1}}}'); // a task
    no('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","_meta":{"progressToken":1,"x":2}}}'); // other _meta
    no('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}'); // no name
    no('{"jsonrpc":"2.0","id":1.5,"method":"tools/call","params":{"name":"a"}}'); // not an integer id
    no('{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/call","params":{"name":"a"}}'); // not a safe integer
    no('{"jsonrpc":"2.0","id":1e400,"method":"tools/call","params":{"name":"a"}}');
    no('{"jsonrpc":"2.0","method":"tools/call","params":{"name":"a"}}'); // a notification
    no('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a\\u0062"}}'); // an escaped name
    no('{"jsonrpc":"2.0","id":1,"id":2,"method":"tools/call","params":{"name":"a"}}'); // a duplicate
    no('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","arguments":[]}}');
  });
});
