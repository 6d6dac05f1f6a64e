import { sameBytes } from './json-scan.js';

/**
 * Strings decoded from bytes, kept by their bytes: reading the same bytes again gives the same
 * string object, without decoding it again, and with the hash a `Map` lookup computed for it
 * last time. A small direct-mapped table; a collision just replaces the older entry.
 */
export class RecentStrings {
  private readonly keys: (Uint8Array | undefined)[];
  private readonly values: string[];
  private readonly mask: number;
  /** The longest byte length kept; longer text is decoded every time. */
  private readonly maxBytes: number;

  /** `slots` is rounded up to a power of two. */
  constructor(slots: number, maxBytes = 128) {
    let size = 1;
    while (size < slots) size *= 2;
    this.keys = new Array<Uint8Array | undefined>(size).fill(undefined);
    this.values = new Array<string>(size).fill('');
    this.mask = size - 1;
    this.maxBytes = maxBytes;
  }

  /** `buf[start, end)` decoded as UTF-8. */
  read(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length === 0) return '';
    if (length > this.maxBytes) return buf.toString('utf8', start, end);
    const slot = (length * 31 + (buf[start] as number) * 7 + (buf[end - 1] as number) + (buf[start + (length >> 1)] as number) * 3) & this.mask;
    const key = this.keys[slot];
    if (key !== undefined && sameBytes(buf, start, end, key)) return this.values[slot] as string;
    const value = buf.toString('utf8', start, end);
    this.keys[slot] = new Uint8Array(buf.subarray(start, end)); // a copy: the chunk it came from is not kept
    this.values[slot] = value;
    return value;
  }
}
