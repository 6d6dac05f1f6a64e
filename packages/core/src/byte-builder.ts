/** Below this many bytes a copy is a JS loop: a native copy costs more to call than it saves. */
const NATIVE_COPY_FROM = 48;

/**
 * Bytes being gathered for one write: text, byte ranges of other buffers and integers appended in
 * place into one reused buffer. The gateway's hot path assembles the lines it forwards here from
 * the bytes it read (an argument object, a reply around its id) without decoding them to strings
 * and encoding them again.
 */
export class ByteBuilder {
  private buf: Buffer;
  length = 0;

  constructor(private readonly initialBytes = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; a long text is measured rather than tripled.
    this.room(text.length > 16 * 1024 ? Buffer.byteLength(text) : text.length * 3);
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  /** Appends `src[start, end)`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    const buf = this.buf;
    let at = this.length;
    if (n >= NATIVE_COPY_FROM) buf.set(src.subarray(start, end), at);
    else for (let i = start; i < end; i++) buf[at++] = src[i] as number;
    this.length += n;
  }

  /** Appends all of `src` (a constant piece of text made once); a whole array is copied without a view of it. */
  all(src: Uint8Array): void {
    const n = src.length;
    this.room(n);
    const buf = this.buf;
    let at = this.length;
    if (n >= NATIVE_COPY_FROM) buf.set(src, at);
    else for (let i = 0; i < n; i++) buf[at++] = src[i] as number;
    this.length += n;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Appends a safe integer's decimal digits (its JSON). */
  integer(n: number): void {
    if ((n | 0) === n && n >= 0) {
      // Call numbers and most ids: 32-bit integer arithmetic, cheaper than floating point.
      this.room(10);
      const buf = this.buf;
      let width = 1;
      for (let x = n; x >= 10; x = (x / 10) | 0) width++;
      let at = this.length + width;
      this.length = at;
      do {
        const q = (n / 10) | 0;
        buf[--at] = 48 + n - q * 10;
        n = q;
      } while (n > 0);
      return;
    }
    if (!Number.isSafeInteger(n)) {
      this.text(String(n));
      return;
    }
    this.room(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.length++] = 0x2d;
      n = -n;
    }
    let width = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) width++;
    let at = this.length + width;
    this.length = at;
    do {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  /**
   * The bytes gathered so far, to write, and an empty builder. The builder reuses its buffer
   * unless `kept` says the bytes handed out are still held (a write that did not complete at once).
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.length = 0;
    // A buffer grown for one huge message is not kept for the small ones that follow.
    if (this.buf.length > 4 * this.initialBytes) this.buf = Buffer.allocUnsafe(this.initialBytes);
    return out;
  }

  /** The bytes last taken are still held by their reader: gather the next ones elsewhere. */
  kept(): void {
    this.buf = Buffer.allocUnsafe(this.initialBytes);
  }

  /** The text gathered so far (for tests and diagnostics). */
  toString(): string {
    return this.buf.toString('utf8', 0, this.length);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}
