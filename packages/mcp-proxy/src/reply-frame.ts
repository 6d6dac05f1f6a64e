import { JSON_RPC_BYTES, JsonScanner, OBJECT_END, asciiBytes, bytesAt as at } from '@crosspoint/core';

/**
 * A downstream's line recognised as a plain successful reply, `{"jsonrpc":"2.0","id":"…",
 * "result":{…}}` in any key order and spacing, without building it: the whole line is checked to be
 * one valid JSON value (`JsonScanner`), and the position of the id's string is kept so the reply
 * can go on as text with another id.
 */
export interface ReplyFrame {
  /** The id string's bytes, quotes included: `[idStart, idEnd)`. */
  idStart: number;
  idEnd: number;
  /** The result has `"isError": true` (only a key written without escapes counts). */
  isError: boolean;
}

/** One scanner for every line: scans never overlap (each runs to its end synchronously). */
const scanner = new JsonScanner(Buffer.alloc(0), 0);

const { jsonrpc: JSONRPC, id: ID, version: VERSION, head: RPC_HEAD } = JSON_RPC_BYTES;
const RESULT = asciiBytes('result');
const IS_ERROR = asciiBytes('isError');

// The two ways servers most often write a reply, compact: the TypeScript SDK's (result, jsonrpc,
// id) and the JSON-RPC-first one (jsonrpc, id, result). Their fixed bytes are compared as a whole.
const RESULT_HEAD = asciiBytes('{"result":');
const RESULT_TAIL = asciiBytes(',"jsonrpc":"2.0","id":');
const RESULT_MEMBER = asciiBytes(',"result":');

/**
 * `buf[start, end)` as a plain successful reply with a string id, or `undefined` for anything else
 * (another shape, a duplicate or escaped top-level key, an escaped id, invalid JSON, nesting deeper
 * than the scanner goes): such lines take the ordinary path (decode, `JSON.parse`).
 */
export function scanReplyFrame(buf: Buffer, start: number, end: number): ReplyFrame | undefined {
  const frame = scanCompactReply(scanner.reset(buf, end), buf, start, end) ?? scanReply(scanner.reset(buf, end), buf, start, end);
  scanner.release();
  return frame;
}


/**
 * A reply written compactly in one of the two common member orders, or `undefined` (then the
 * general scan decides). Only the fixed bytes are taken on trust; the result and id are scanned.
 */
function scanCompactReply(s: JsonScanner, buf: Buffer, start: number, end: number): ReplyFrame | undefined {
  let i: number;
  let idStart: number;
  let idEnd: number;
  let isError: boolean;
  if (at(buf, start, end, RESULT_HEAD)) {
    i = start + RESULT_HEAD.length;
    if (buf[i] !== 0x7b) return undefined;
    i = s.scanValue(i, IS_ERROR);
    isError = s.watchedTrue;
    if (i < 0 || !at(buf, i, end, RESULT_TAIL)) return undefined;
    idStart = i + RESULT_TAIL.length;
    if (buf[idStart] !== 0x22) return undefined;
    idEnd = s.scanString(idStart);
    if (idEnd < 0 || s.escaped || buf[idEnd] !== 0x7d) return undefined;
    i = idEnd + 1;
  } else if (at(buf, start, end, RPC_HEAD)) {
    idStart = start + RPC_HEAD.length;
    if (buf[idStart] !== 0x22) return undefined;
    idEnd = s.scanString(idStart);
    if (idEnd < 0 || s.escaped || !at(buf, idEnd, end, RESULT_MEMBER)) return undefined;
    i = idEnd + RESULT_MEMBER.length;
    if (buf[i] !== 0x7b) return undefined;
    i = s.scanValue(i, IS_ERROR);
    isError = s.watchedTrue;
    if (i < 0 || buf[i] !== 0x7d) return undefined;
    i++;
  } else return undefined;
  return s.skipSpace(i) === end ? { idStart, idEnd, isError } : undefined;
}

function scanReply(s: JsonScanner, buf: Buffer, start: number, end: number): ReplyFrame | undefined {
  let idStart = -1;
  let idEnd = -1;
  let isError = false;
  let seen = 0; // a bit per key: a duplicate is refused
  for (let k = s.openObject(s.skipSpace(start)); k !== OBJECT_END; ) {
    const at = s.readKey(k);
    let next = -1;
    if (at < 0) return undefined;
    if (s.keyIs(ID) && !(seen & 1) && buf[at] === 0x22) {
      seen |= 1;
      next = s.scanString(at);
      if (s.escaped) return undefined;
      idStart = at;
      idEnd = next;
    } else if (s.keyIs(RESULT) && !(seen & 2) && buf[at] === 0x7b) {
      seen |= 2;
      next = s.scanValue(at, IS_ERROR);
      isError = s.watchedTrue;
    } else if (s.keyIs(JSONRPC) && !(seen & 4)) {
      seen |= 4;
      next = s.scanWord(at, VERSION);
    }
    k = s.nextMember(next);
    if (k === -1) return undefined;
  }
  return seen === 7 && s.skipSpace(s.after) === end ? { idStart, idEnd, isError } : undefined;
}
