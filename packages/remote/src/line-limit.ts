/**
 * Tracks NDJSON line lengths across chunks so an oversized line is caught as soon as it grows past
 * the limit, before it is buffered whole (pure; the socket transport feeds it every chunk).
 */
export class LineLengthGuard {
  private partial = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Accounts for `chunk`; returns the length of the first line that exceeds the limit, else undefined. */
  accept(chunk: Uint8Array): number | undefined {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        this.partial += chunk.length - start;
        return this.partial > this.maxLineBytes ? this.partial : undefined;
      }
      const lineLength = this.partial + (nl - start);
      if (lineLength > this.maxLineBytes) return lineLength;
      this.partial = 0;
      start = nl + 1;
    }
  }
}
