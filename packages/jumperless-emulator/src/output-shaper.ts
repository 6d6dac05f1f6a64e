/** How the emulated USB link delivers the board's output. */
export interface LinkShape {
  /** Delay before output reaches the host, in ms. Default 0. */
  latencyMs?: number;
  /** Extra random delay 0..jitterMs per chunk (order is always kept). Default 0. */
  jitterMs?: number;
  /** Cut output into chunks of 1..N bytes, splitting UTF-8 sequences too. Default: no splitting. */
  splitWrites?: number | false;
  random?: () => number;
}

/**
 * Delays and splits the board's output like a USB CDC link would, keeping byte order.
 * Setting changes apply to later output.
 */
export class OutputShaper {
  shape: LinkShape;
  private nextAt = 0;
  private readonly queue: Array<{ at: number; piece: Buffer }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: (chunk: Buffer) => void,
    shape: LinkShape = {},
  ) {
    this.shape = shape;
  }

  push(chunk: Buffer): void {
    const { latencyMs = 0, jitterMs = 0, splitWrites = false } = this.shape;
    const random = this.shape.random ?? Math.random;
    if (!splitWrites && latencyMs === 0 && jitterMs === 0 && this.queue.length === 0) {
      this.sink(chunk);
      return;
    }
    const pieces: Buffer[] = [];
    if (splitWrites && splitWrites > 0) {
      for (let i = 0; i < chunk.length; ) {
        const n = 1 + Math.floor(random() * splitWrites);
        pieces.push(chunk.subarray(i, i + n));
        i += n;
      }
    } else pieces.push(chunk);
    for (const piece of pieces) {
      // Order is kept: a piece never leaves before the one queued ahead of it.
      this.nextAt = Math.max(this.nextAt, Date.now() + latencyMs + random() * jitterMs);
      this.queue.push({ at: this.nextAt, piece });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const first = this.queue[0] as { at: number };
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      while (this.queue.length > 0 && (this.queue[0] as { at: number }).at <= now) this.sink((this.queue.shift() as { piece: Buffer }).piece);
      this.schedule();
    }, Math.max(0, first.at - Date.now()));
  }

  /** Drops everything not yet delivered (the cable was pulled). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.nextAt = 0;
  }
}
