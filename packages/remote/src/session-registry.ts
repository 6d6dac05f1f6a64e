import type { SessionHandle } from './session-types.js';

/** A place held for a session being connected; attach the session or release the place. */
export interface SessionSlot {
  attach(handle: SessionHandle): void;
  release(): void;
}

/**
 * Counts live sessions across every front against one cap, and closes them all on shutdown.
 * A slot is taken before the (asynchronous) session factory runs, so concurrent connects cannot
 * overshoot the cap; a session that ends frees its slot.
 */
export class SessionRegistry {
  private readonly live = new Set<SessionHandle>();
  private pending = 0;
  private shuttingDown = false;

  constructor(readonly maxSessions: number) {
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError(`maxSessions must be a positive integer, got ${maxSessions}`);
  }

  /** Live sessions plus those being connected. */
  get size(): number {
    return this.live.size + this.pending;
  }

  /** A slot, or undefined when the cap is reached or the fronts are closing. */
  reserve(): SessionSlot | undefined {
    if (this.shuttingDown || this.size >= this.maxSessions) return undefined;
    this.pending++;
    let done = false;
    return {
      attach: (handle) => {
        if (done) return;
        done = true;
        this.pending--;
        if (this.shuttingDown) {
          void handle.close().catch(() => undefined);
          return;
        }
        this.live.add(handle);
        void handle.closed.then(
          () => this.live.delete(handle),
          () => this.live.delete(handle),
        );
      },
      release: () => {
        if (done) return;
        done = true;
        this.pending--;
      },
    };
  }

  /** Frees a live session's slot now, before its (asynchronous) close settles: for evicting one to make room. */
  forget(handle: SessionHandle): void {
    this.live.delete(handle);
  }

  /** Refuses new sessions and closes every live one. */
  async closeAll(): Promise<void> {
    this.shuttingDown = true;
    await Promise.allSettled([...this.live].map((h) => h.close()));
    this.live.clear();
  }
}
