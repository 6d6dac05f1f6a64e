import { JSON_RPC_BYTES, JsonScanner, OBJECT_END, RecentStrings, asciiBytes, bytesAt as at } from '@crosspoint/core';

/**
 * A client's line recognised as a plain `tools/call` request without building it: `{"jsonrpc":
 * "2.0","id":…,"method":"tools/call","params":{"name":"…","arguments":{…},"_meta":{"progressToken":
 * …}}}` in any key order and spacing (`arguments` and `_meta` optional), the whole line checked to
 * be valid JSON. The arguments stay text: they go to the server as the client wrote them.
 */
export interface ToolCallFrame {
  id: string | number;
  name: string;
  /** The arguments object's bytes `[argsStart, argsEnd)`; -1 when the call has none. */
  argsStart: number;
  argsEnd: number;
  progressToken: string | number | undefined;
}

/** A client calls the same few tools again and again: their names are decoded once (and hashed once, for the catalog's lookup). */
const recentNames = new RecentStrings(64);

/** One scanner for every line: scans never overlap (each runs to its end synchronously). */
const scanner = new JsonScanner(Buffer.alloc(0), 0);

const { jsonrpc: JSONRPC, id: ID, version: VERSION, head: RPC_HEAD } = JSON_RPC_BYTES;
const METHOD = asciiBytes('method');
const PARAMS = asciiBytes('params');
const NAME = asciiBytes('name');
const ARGUMENTS = asciiBytes('arguments');
const META = asciiBytes('_meta');
const PROGRESS_TOKEN = asciiBytes('progressToken');
const TOOLS_CALL = asciiBytes('"tools/call"');

// The two ways clients most often write a call, compact: the SDK's (method, params, jsonrpc, id)
// and the JSON-RPC-first one (jsonrpc, id, method, params). Their fixed bytes are compared as a
// whole instead of key by key.
const SDK_HEAD = asciiBytes('{"method":"tools/call","params":{"name":');
const SDK_TAIL = asciiBytes('},"jsonrpc":"2.0","id":');
const RPC_METHOD = asciiBytes(',"method":"tools/call","params":{"name":');
const ARGUMENTS_MEMBER = asciiBytes(',"arguments":');
const META_MEMBER = asciiBytes(',"_meta":{"progressToken":');

/**
 * Reads a string (no escapes) or integer id or progress token at `at` into `frame[field]`; returns
 * the position after it, or -1.
 */
function readId(s: JsonScanner, buf: Buffer, at: number, frame: ToolCallFrame, field: 'id' | 'progressToken'): number {
  if (buf[at] === 0x22) {
    const next = s.scanString(at);
    if (next < 0 || s.escaped) return -1;
    frame[field] = buf.toString('utf8', at + 1, next - 1);
    return next;
  }
  const first = buf[at] as number;
  if (first >= 0x31 && first <= 0x39) {
    // The common id, a plain positive integer: checked and read in one pass over its digits.
    let n = first - 48;
    let i = at + 1;
    for (; i < s.end; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    const after = i < s.end ? buf[i] : undefined;
    if (i - at <= 15 && after !== 0x2e && after !== 0x65 && after !== 0x45) {
      frame[field] = n;
      return i;
    }
  }
  const next = s.scanNumber(at);
  if (next < 0) return -1;
  const value = integerAt(buf, at, next);
  if (!Number.isSafeInteger(value)) return -1;
  frame[field] = value;
  return next;
}

/** The number written at `[at, end)` (valid JSON): a plain integer of up to 15 digits is read from its bytes. */
function integerAt(buf: Buffer, at: number, end: number): number {
  const negative = buf[at] === 0x2d;
  const first = negative ? at + 1 : at;
  if (end - first > 15) return Number(buf.toString('latin1', at, end));
  let n = 0;
  for (let i = first; i < end; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return Number(buf.toString('latin1', at, end)); // a fraction or an exponent
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/** The members of `params` (from its `{` at `at`) into `frame`: a name is required; the position after it, or -1. */
function scanParams(s: JsonScanner, buf: Buffer, at: number, frame: ToolCallFrame): number {
  let seen = 0;
  for (let k = s.openObject(at); k !== OBJECT_END; ) {
    const v = s.readKey(k);
    let next = -1;
    if (v < 0) return -1;
    if (s.keyIs(NAME) && !(seen & 1) && buf[v] === 0x22) {
      seen |= 1;
      next = s.scanString(v);
      if (s.escaped) return -1;
      frame.name = recentNames.read(buf, v + 1, next - 1);
    } else if (s.keyIs(ARGUMENTS) && !(seen & 2) && buf[v] === 0x7b) {
      seen |= 2;
      next = s.scanValue(v);
      frame.argsStart = v;
      frame.argsEnd = next;
    } else if (s.keyIs(META) && !(seen & 4)) {
      seen |= 4;
      next = scanMeta(s, buf, v, frame);
    }
    k = s.nextMember(next);
    if (k === -1) return -1;
  }
  return seen & 1 ? s.after : -1;
}

/** `_meta` holding at most a progress token; the position after it, or -1. */
function scanMeta(s: JsonScanner, buf: Buffer, at: number, frame: ToolCallFrame): number {
  for (let k = s.openObject(at); k !== OBJECT_END; ) {
    const v = s.readKey(k);
    if (v < 0 || !s.keyIs(PROGRESS_TOKEN) || frame.progressToken !== undefined) return -1;
    k = s.nextMember(readId(s, buf, v, frame, 'progressToken'));
    if (k === -1) return -1;
  }
  return s.after;
}

/**
 * `buf[start, end)` as a plain `tools/call`, or `undefined` for anything else (another method,
 * other keys such as `task`, other `_meta`, a duplicate or escaped key, an escaped name, invalid
 * JSON): such lines take the ordinary path (decode, `JSON.parse`, the SDK's checks).
 */
export function scanToolCall(buf: Buffer, start: number, end: number): ToolCallFrame | undefined {
  const frame = scanCompactCall(scanner.reset(buf, end), buf, start, end) ?? scanCall(scanner.reset(buf, end), buf, start, end);
  scanner.release();
  return frame;
}

/**
 * A call written compactly in one of the two common member orders, or `undefined` (then the general
 * scan decides). Only the fixed bytes are taken on trust; every value is scanned as usual.
 */
function scanCompactCall(s: JsonScanner, buf: Buffer, start: number, end: number): ToolCallFrame | undefined {
  const frame: ToolCallFrame = { id: '', name: '', argsStart: -1, argsEnd: -1, progressToken: undefined };
  let i: number;
  const idFirst = at(buf, start, end, RPC_HEAD);
  if (idFirst) {
    i = readId(s, buf, start + RPC_HEAD.length, frame, 'id');
    if (i < 0 || !at(buf, i, end, RPC_METHOD)) return undefined;
    i += RPC_METHOD.length;
  } else if (at(buf, start, end, SDK_HEAD)) i = start + SDK_HEAD.length;
  else return undefined;
  if (buf[i] !== 0x22) return undefined;
  const nameEnd = s.scanString(i);
  if (nameEnd < 0 || s.escaped) return undefined;
  frame.name = recentNames.read(buf, i + 1, nameEnd - 1);
  i = nameEnd;
  if (at(buf, i, end, ARGUMENTS_MEMBER)) {
    i += ARGUMENTS_MEMBER.length;
    if (buf[i] !== 0x7b) return undefined;
    frame.argsStart = i;
    i = frame.argsEnd = s.scanValue(i);
    if (i < 0) return undefined;
  }
  if (at(buf, i, end, META_MEMBER)) {
    i = readId(s, buf, i + META_MEMBER.length, frame, 'progressToken');
    if (i < 0 || buf[i] !== 0x7d) return undefined;
    i++;
  }
  if (idFirst) {
    if (buf[i] !== 0x7d || buf[i + 1] !== 0x7d) return undefined;
    i += 2;
  } else {
    if (!at(buf, i, end, SDK_TAIL)) return undefined;
    i = readId(s, buf, i + SDK_TAIL.length, frame, 'id');
    if (i < 0 || buf[i] !== 0x7d) return undefined;
    i++;
  }
  return s.skipSpace(i) === end ? frame : undefined;
}

function scanCall(s: JsonScanner, buf: Buffer, start: number, end: number): ToolCallFrame | undefined {
  const frame: ToolCallFrame = { id: '', name: '', argsStart: -1, argsEnd: -1, progressToken: undefined };
  let seen = 0;
  for (let k = s.openObject(s.skipSpace(start)); k !== OBJECT_END; ) {
    const v = s.readKey(k);
    let next = -1;
    if (v < 0) return undefined;
    if (s.keyIs(ID) && !(seen & 1)) {
      seen |= 1;
      next = readId(s, buf, v, frame, 'id');
    } else if (s.keyIs(METHOD) && !(seen & 2)) {
      seen |= 2;
      next = s.scanWord(v, TOOLS_CALL);
    } else if (s.keyIs(PARAMS) && !(seen & 4)) {
      seen |= 4;
      next = scanParams(s, buf, v, frame);
    } else if (s.keyIs(JSONRPC) && !(seen & 8)) {
      seen |= 8;
      next = s.scanWord(v, VERSION);
    }
    k = s.nextMember(next);
    if (k === -1) return undefined;
  }
  return seen === 15 && s.skipSpace(s.after) === end ? frame : undefined;
}
