/**
 * Reads a downstream's line as bytes and recognises a plain successful reply, `{"jsonrpc":"2.0",
 * "id":"…","result":{…}}` in any key order, without building it: the whole line is checked to be
 * one valid JSON value by the grammar of RFC 8259 (what `JSON.parse` accepts), and the positions
 * of the id's string are kept so the reply can go on as text with another id. Anything else
 * (another shape, a duplicate or escaped top-level key, invalid JSON, nesting deeper than
 * `MAX_DEPTH`) is `undefined`: such lines take the ordinary path (decode, `JSON.parse`).
 */
export interface ReplyFrame {
  /** The id string's bytes, quotes included: `[idStart, idEnd)`. */
  idStart: number;
  idEnd: number;
  /** The result has `"isError": true` (only a key written without escapes counts). */
  isError: boolean;
}

const MAX_DEPTH = 256;
/** The containers open while scanning (1: object, 2: array); one for all scans, which never overlap. */
const stack = new Uint8Array(MAX_DEPTH);

// Byte values.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

const KEY_JSONRPC = Buffer.from('jsonrpc');
const KEY_ID = Buffer.from('id');
const KEY_RESULT = Buffer.from('result');
const KEY_IS_ERROR = Buffer.from('isError');
const VALUE_2_0 = Buffer.from('"2.0"');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Which top-level key a key's bytes are (0: another). */
const enum TopKey {
  Other = 0,
  Jsonrpc = 1,
  Id = 2,
  Result = 3,
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function sameBytes(buf: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word[i]) return false;
  return true;
}

function isHex(b: number): boolean {
  return (b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/**
 * A scanner over one line. Each `scan*` method takes the position of a value's first byte and
 * returns the position just after it, or -1 when the text is not valid JSON there.
 */
class Scanner {
  /** Whether the string just scanned held an escape (set by `scanString`). */
  escaped = false;
  isError = false;

  constructor(
    private readonly buf: Buffer,
    private readonly end: number,
  ) {}

  skipSpace(at: number): number {
    const { buf, end } = this;
    while (at < end && isSpace(buf[at] as number)) at++;
    return at;
  }

  /** `at` is on the opening quote. */
  scanString(at: number): number {
    const { buf, end } = this;
    this.escaped = false;
    for (let i = at + 1; i < end; i++) {
      const b = buf[i] as number;
      if (b === QUOTE) return i + 1;
      if (b < 0x20) return -1;
      if (b === BACKSLASH) {
        this.escaped = true;
        const e = buf[++i];
        if (e === 0x75 /* u */) {
          if (i + 4 >= end || !isHex(buf[i + 1] as number) || !isHex(buf[i + 2] as number) || !isHex(buf[i + 3] as number) || !isHex(buf[i + 4] as number)) return -1;
          i += 4;
        } else if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) {
          return -1;
        }
      }
    }
    return -1;
  }

  scanNumber(at: number): number {
    const { buf, end } = this;
    let i = at;
    if (buf[i] === MINUS) i++;
    if (i >= end) return -1;
    if (buf[i] === ZERO) i++;
    else if ((buf[i] as number) >= 0x31 && (buf[i] as number) <= NINE) while (i < end && (buf[i] as number) >= ZERO && (buf[i] as number) <= NINE) i++;
    else return -1;
    if (buf[i] === DOT) {
      const digits = ++i;
      while (i < end && (buf[i] as number) >= ZERO && (buf[i] as number) <= NINE) i++;
      if (i === digits) return -1;
    }
    if (buf[i] === LOWER_E || buf[i] === UPPER_E) {
      i++;
      if (buf[i] === PLUS || buf[i] === MINUS) i++;
      const digits = i;
      while (i < end && (buf[i] as number) >= ZERO && (buf[i] as number) <= NINE) i++;
      if (i === digits) return -1;
    }
    return i;
  }

  scanWord(at: number, word: Buffer): number {
    return at + word.length <= this.end && sameBytes(this.buf, at, at + word.length, word) ? at + word.length : -1;
  }

  /**
   * Any value, nesting iteratively (an explicit stack, so a hostile depth cannot overflow ours).
   * `watchIsError`: this value is the reply's result, whose own `isError` key is noted.
   */
  scanValue(at: number, watchIsError: boolean): number {
    const { buf, end } = this;
    let depth = 0;
    let i = at;
    for (;;) {
      // A value starts at i.
      i = this.skipSpace(i);
      if (i >= end) return -1;
      const b = buf[i] as number;
      if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === MAX_DEPTH) return -1;
        stack[depth++] = b === OPEN_BRACE ? 1 : 2;
        i = this.skipSpace(i + 1);
        const close = b === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (buf[i] === close) {
          depth--;
          i++;
        } else if (b === OPEN_BRACE) {
          i = this.scanKey(i, watchIsError && depth === 1);
          if (i < 0) return -1;
          continue;
        } else {
          continue;
        }
      } else if (b === QUOTE) {
        i = this.scanString(i);
      } else if (b === 0x74 /* t */) {
        i = this.scanWord(i, TRUE);
      } else if (b === 0x66 /* f */) {
        i = this.scanWord(i, FALSE);
      } else if (b === 0x6e /* n */) {
        i = this.scanWord(i, NULL);
      } else {
        i = this.scanNumber(i);
      }
      if (i < 0) return -1;
      // After a value: close containers or move to the next member.
      for (;;) {
        if (depth === 0) return i;
        i = this.skipSpace(i);
        const c = buf[i];
        const inObject = stack[depth - 1] === 1;
        if (c === COMMA) {
          i++;
          if (inObject) {
            i = this.scanKey(this.skipSpace(i), watchIsError && depth === 1);
            if (i < 0) return -1;
          }
          break;
        }
        if (c === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
          continue;
        }
        return -1;
      }
    }
  }

  /** A member's key and colon; returns the position after the colon. Notes `isError: true` when asked. */
  private scanKey(at: number, watch: boolean): number {
    if (this.buf[at] !== QUOTE) return -1;
    const after = this.scanString(at);
    if (after < 0) return -1;
    const colon = this.skipSpace(after);
    if (this.buf[colon] !== COLON) return -1;
    // (A result with the key twice counts as an error if either says so: it only feeds a counter.)
    if (watch && !this.escaped && sameBytes(this.buf, at + 1, after - 1, KEY_IS_ERROR) && this.scanWord(this.skipSpace(colon + 1), TRUE) > 0) this.isError = true;
    return colon + 1;
  }

  /** The top-level key at `[start, end)` (quotes included), if one of the three a reply has. */
  topKey(start: number, end: number): TopKey {
    const buf = this.buf;
    if (sameBytes(buf, start + 1, end - 1, KEY_ID)) return TopKey.Id;
    if (sameBytes(buf, start + 1, end - 1, KEY_RESULT)) return TopKey.Result;
    if (sameBytes(buf, start + 1, end - 1, KEY_JSONRPC)) return TopKey.Jsonrpc;
    return TopKey.Other;
  }
}

/** Recognises `buf[start, end)` as a plain successful reply with a string id (see `ReplyFrame`). */
export function scanReplyFrame(buf: Buffer, start: number, end: number): ReplyFrame | undefined {
  const s = new Scanner(buf, end);
  let i = s.skipSpace(start);
  if (buf[i] !== OPEN_BRACE) return undefined;
  i = s.skipSpace(i + 1);
  let seen = 0; // bit per top-level key
  let idStart = -1;
  let idEnd = -1;
  for (;;) {
    if (buf[i] !== QUOTE) return undefined;
    const keyEnd = s.scanString(i);
    if (keyEnd < 0 || s.escaped) return undefined;
    const key = s.topKey(i, keyEnd);
    if (key === TopKey.Other || seen & (1 << key)) return undefined;
    seen |= 1 << key;
    i = s.skipSpace(keyEnd);
    if (buf[i] !== COLON) return undefined;
    i = s.skipSpace(i + 1);
    const valueStart = i;
    if (key === TopKey.Jsonrpc) {
      i = s.scanWord(i, VALUE_2_0);
    } else if (key === TopKey.Id) {
      if (buf[i] !== QUOTE) return undefined;
      i = s.scanString(i);
      if (i < 0 || s.escaped) return undefined;
      idStart = valueStart;
      idEnd = i;
    } else {
      if (buf[i] !== OPEN_BRACE) return undefined;
      i = s.scanValue(i, true);
    }
    if (i < 0) return undefined;
    i = s.skipSpace(i);
    if (buf[i] === COMMA) {
      i = s.skipSpace(i + 1);
      continue;
    }
    if (buf[i] !== CLOSE_BRACE) return undefined;
    i = s.skipSpace(i + 1);
    if (i !== end || seen !== 0b1110) return undefined;
    return { idStart, idEnd, isError: s.isError };
  }
}
