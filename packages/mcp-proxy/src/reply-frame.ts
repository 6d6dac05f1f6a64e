import { JsonScanner, OBJECT_END, asciiBytes } from '@crosspoint/core';

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

const JSONRPC = asciiBytes('jsonrpc');
const ID = asciiBytes('id');
const RESULT = asciiBytes('result');
const IS_ERROR = asciiBytes('isError');
const VERSION = asciiBytes('"2.0"');

/**
 * `buf[start, end)` as a plain successful reply with a string id, or `undefined` for anything else
 * (another shape, a duplicate or escaped top-level key, an escaped id, invalid JSON, nesting deeper
 * than the scanner goes): such lines take the ordinary path (decode, `JSON.parse`).
 */
export function scanReplyFrame(buf: Buffer, start: number, end: number): ReplyFrame | undefined {
  const frame = scanReply(scanner.reset(buf, end), buf, start, end);
  scanner.release();
  return frame;
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
