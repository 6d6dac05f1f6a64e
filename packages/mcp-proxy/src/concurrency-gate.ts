import PQueue from 'p-queue';

/**
 * Bounds the calls in flight to one child. A call that finds a free slot runs at once with no
 * queue entry (the common case on the hot path costs a counter increment); the others wait in
 * FIFO order in a p-queue of concurrency 1 whose single running task is "wait for the next free
 * slot", so aborting a waiting call removes it from the line.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly line = new PQueue({ concurrency: 1 });
  private handOver: (() => void) | undefined;

  constructor(private readonly max: number) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.line.size + this.line.pending;
  }

  /** `signal` may be a getter, called only if the call has to wait (the common case never needs one). */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal | (() => AbortSignal | undefined)): Promise<T> {
    if (this.active < this.max && this.line.size === 0 && this.line.pending === 0) this.active++;
    else {
      const s = typeof signal === 'function' ? signal() : signal;
      await this.line.add(() => this.nextSlot(s), s ? { signal: s } : {});
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Takes a free slot now if there is one and nobody waits (the synchronous path); pair with `release`. */
  tryEnter(): boolean {
    if (this.active >= this.max || this.line.size !== 0 || this.line.pending !== 0) return false;
    this.active++;
    return true;
  }

  /** Drops every waiting call (they reject with an AbortError); running ones finish. */
  clear(): void {
    this.line.clear();
  }

  private nextSlot(signal: AbortSignal | undefined): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.handOver = undefined;
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.handOver = () => {
        signal?.removeEventListener('abort', onAbort);
        this.handOver = undefined;
        this.active++;
        resolve();
      };
    });
  }

  /** Frees a slot taken by `tryEnter` (or by `run`, which releases its own). */
  release(): void {
    this.active--;
    this.handOver?.();
  }
}
