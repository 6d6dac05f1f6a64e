import { CrosspointError } from '@crosspoint/core';

/** Why a wait on the wire ended without its answer. */
export type WaitFailure = 'inactivity' | 'aborted' | 'lost';

export class WaitError extends Error {
  constructor(
    readonly reason: WaitFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  check: () => boolean;
  fail: (e: WaitError) => void;
}

/**
 * The receive side of the serial link: every byte is buffered (a listener is always attached,
 * the firmware drops output if nobody reads), and at most one waiter looks for a pattern in it.
 * The waiter's inactivity timer restarts on every byte received.
 */
export class ReceiveBuffer {
  data = Buffer.alloc(0);
  lastByteAt = 0;
  private waiter: Waiter | undefined;

  push(chunk: Buffer): void {
    this.data = this.data.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.data, chunk]);
    this.lastByteAt = Date.now();
    this.waiter?.check();
  }

  /** Drops what was received so far and returns it (for diagnostics). */
  take(): string {
    const t = this.data.toString('utf8');
    this.data = Buffer.alloc(0);
    return t;
  }

  /** Ends the current wait, if any, with the given failure. */
  failWaiter(reason: WaitFailure, message: string): void {
    this.waiter?.fail(new WaitError(reason, message));
  }

  /**
   * Resolves with `match(data)` once it returns something other than undefined.
   * Rejects after `inactivityMs` without a byte, on abort, or when `failWaiter` is called.
   */
  waitFor<T>(match: (data: Buffer) => T | undefined, inactivityMs: number, signal?: AbortSignal): Promise<T> {
    if (this.waiter) return Promise.reject(new CrosspointError('INTERNAL', 'jumperless: two waits on one wire'));
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => done(() => reject(new WaitError('inactivity', `no reply for ${inactivityMs} ms`))), inactivityMs);
      };
      const onAbort = () => done(() => reject(new WaitError('aborted', 'aborted')));
      const done = (fn: () => void) => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = undefined;
        fn();
      };
      const check = (): boolean => {
        const r = match(this.data);
        if (r === undefined) {
          arm();
          return false;
        }
        done(() => resolve(r));
        return true;
      };
      this.waiter = { check, fail: (e) => done(() => reject(e)) };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }
}
