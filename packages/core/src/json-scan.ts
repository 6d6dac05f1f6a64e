/**
 * A JSON scanner over bytes: it checks text against the grammar of RFC 8259 (exactly what
 * `JSON.parse` accepts) and reports positions, without building values or decoding strings. The
 * gateway uses it to recognise the common messages of its hot path (a plain `tools/call`, a plain
 * reply) and pass their JSON on as text. Each `scan*` method takes the position of a token's first
 * byte and returns the position just after it, or -1 where the text is not valid JSON.
 */

/** What `openObject` and `nextMember` return when the object has no more members. */
export const OBJECT_END = -2;

/** How deep values may nest before a scan gives up (-1), like a parser refusing absurd depth. */
export const MAX_SCAN_DEPTH = 256;

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

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');

/** The containers open during a scan (1: object, 2: array); one for all scans, which never overlap. */
const stack = new Uint8Array(MAX_SCAN_DEPTH);

/** The bytes of an ASCII word, for `sameBytes` (keys and literals the gateway looks for). */
export function asciiBytes(text: string): Uint8Array {
  return ascii(text);
}

/** `word` is written at `buf[at…]`, before `end`. */
export function bytesAt(buf: Uint8Array, at: number, end: number, word: Uint8Array): boolean {
  const n = word.length;
  if (at + n > end) return false;
  for (let i = 0; i < n; i++) if (buf[at + i] !== word[i]) return false;
  return true;
}

/**
 * The bytes of the JSON-RPC envelope that every scanner of messages looks for: the `jsonrpc` and
 * `id` keys, the version value, and the envelope's compact opening `{"jsonrpc":"2.0","id":`.
 */
export const JSON_RPC_BYTES = {
  jsonrpc: ascii('jsonrpc'),
  id: ascii('id'),
  version: ascii('"2.0"'),
  head: ascii('{"jsonrpc":"2.0","id":'),
} as const;

export function sameBytes(buf: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  const n = word.length;
  if (end - start !== n) return false;
  for (let i = 0; i < n; i++) if (buf[start + i] !== word[i]) return false;
  return true;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= ZERO && b <= NINE;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

export class JsonScanner {
  /** Whether the string just scanned held an escape (set by `scanString`). */
  escaped = false;
  /** Set by `scanValue` when the watched key of the outermost object had the value `true`. */
  watchedTrue = false;

  private readonly idle: Uint8Array;

  constructor(
    public buf: Uint8Array,
    public end: number,
  ) {
    this.idle = buf;
  }

  /**
   * Lets go of the text scanned last (back to the text it was made with), so a reused scanner does
   * not keep a large line alive. Make a reused one with empty text of the kind it will scan (a
   * `Buffer`): one kind of array keeps its byte reads monomorphic.
   */
  release(): void {
    this.buf = this.idle;
    this.end = 0;
  }

  /** Points the scanner at other text (one scanner serves many scans, which never overlap). */
  reset(buf: Uint8Array, end: number): this {
    this.buf = buf;
    this.end = end;
    this.escaped = false;
    this.watchedTrue = false;
    this.after = -1;
    this.keyStart = -1;
    this.keyEnd = -1;
    return this;
  }

  skipSpace(at: number): number {
    const { buf, end } = this;
    for (; at < end; at++) {
      const b = buf[at];
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
    }
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
          if (i + 4 >= end || !isHex(buf[i + 1]) || !isHex(buf[i + 2]) || !isHex(buf[i + 3]) || !isHex(buf[i + 4])) return -1;
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
    else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
    else return -1;
    if (buf[i] === DOT) {
      const digits = ++i;
      while (i < end && isDigit(buf[i])) i++;
      if (i === digits) return -1;
    }
    if (buf[i] === 0x65 || buf[i] === 0x45) {
      i++;
      if (buf[i] === PLUS || buf[i] === MINUS) i++;
      const digits = i;
      while (i < end && isDigit(buf[i])) i++;
      if (i === digits) return -1;
    }
    return i;
  }

  scanWord(at: number, word: Uint8Array): number {
    return at + word.length <= this.end && sameBytes(this.buf, at, at + word.length, word) ? at + word.length : -1;
  }

  /**
   * Any value, nesting iteratively (an explicit stack, so a hostile depth cannot overflow ours).
   * `watchKey`: when the value is an object, notes in `watchedTrue` whether its own member of that
   * name (written without escapes) is `true`.
   */
  scanValue(at: number, watchKey?: Uint8Array): number {
    const { buf, end } = this;
    this.watchedTrue = false;
    let depth = 0;
    let i = at;
    for (;;) {
      // A value starts at i. (Compact JSON has no spaces: skipSpace only when one could be there.)
      if ((buf[i] as number) <= 0x20) i = this.skipSpace(i);
      if (i >= end) return -1;
      const b = buf[i] as number;
      if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === MAX_SCAN_DEPTH) return -1;
        stack[depth++] = b === OPEN_BRACE ? 1 : 2;
        i++;
        if ((buf[i] as number) <= 0x20) i = this.skipSpace(i);
        if (buf[i] === (b === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
        } else {
          if (b === OPEN_BRACE) {
            i = this.scanKey(i, depth === 1 ? watchKey : undefined);
            if (i < 0) return -1;
          }
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
      // After a value: close containers, or go on to the next element or member.
      for (;;) {
        if (depth === 0) return i;
        if ((buf[i] as number) <= 0x20) i = this.skipSpace(i);
        const c = buf[i];
        const inObject = stack[depth - 1] === 1;
        if (c === COMMA) {
          i++;
          if (inObject) {
            if ((buf[i] as number) <= 0x20) i = this.skipSpace(i);
            i = this.scanKey(i, depth === 1 ? watchKey : undefined);
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

  /** Where the object whose members are being walked ended (set when `openObject`/`nextMember` return `OBJECT_END`). */
  after = -1;
  /** The key just read by `readKey`: `[keyStart, keyEnd)`, quotes excluded. */
  keyStart = -1;
  keyEnd = -1;

  /**
   * Walking an object's members, without a callback per member:
   * `for (let k = s.openObject(at); k !== OBJECT_END; k = s.nextMember(valueEnd))`, where `k` (-1:
   * invalid) is a key's position for `readKey`. Keys with escapes are refused by `readKey`: callers
   * match keys by their bytes.
   */
  openObject(at: number): number {
    if (this.buf[at] !== OPEN_BRACE) return -1;
    const i = this.skipSpace(at + 1);
    if (this.buf[i] !== CLOSE_BRACE) return i;
    this.after = i + 1;
    return OBJECT_END;
  }

  /** After a member's value (`at`, -1 passes through): the next key's position, or `OBJECT_END`. */
  nextMember(at: number): number {
    if (at < 0) return -1;
    const i = this.skipSpace(at);
    if (this.buf[i] === COMMA) return this.skipSpace(i + 1);
    if (this.buf[i] !== CLOSE_BRACE) return -1;
    this.after = i + 1;
    return OBJECT_END;
  }

  /** Reads the key at `at` (no escapes) into `keyStart`/`keyEnd`; returns its value's position, or -1. */
  readKey(at: number): number {
    if (at < 0 || this.buf[at] !== QUOTE) return -1;
    const end = this.scanString(at);
    if (end < 0 || this.escaped) return -1;
    const colon = this.skipSpace(end);
    if (this.buf[colon] !== COLON) return -1;
    this.keyStart = at + 1;
    this.keyEnd = end - 1;
    return this.skipSpace(colon + 1);
  }

  /** The key just read is `word`. */
  keyIs(word: Uint8Array): boolean {
    return sameBytes(this.buf, this.keyStart, this.keyEnd, word);
  }

  /** A member's key and its colon; returns the position after the colon. */
  private scanKey(at: number, watchKey: Uint8Array | undefined): number {
    if (this.buf[at] !== QUOTE) return -1;
    const after = this.scanString(at);
    if (after < 0) return -1;
    const colon = this.buf[after] === COLON ? after : this.skipSpace(after);
    if (this.buf[colon] !== COLON) return -1;
    // A key written twice: the last one counts, as in JSON.parse.
    if (watchKey && !this.escaped && sameBytes(this.buf, at + 1, after - 1, watchKey)) this.watchedTrue = this.scanWord(this.skipSpace(colon + 1), TRUE) > 0;
    return colon + 1;
  }
}

