import { CrosspointError, type RequestOptions } from '@crosspoint/core';

/** JSON-RPC code the SDK uses for a request that timed out. */
const REQUEST_TIMEOUT_RPC_CODE = -32001;

/**
 * Runs a routed surface request with a deadline the gateway enforces itself (as it does for tool
 * calls), so a subsystem that never answers cannot hold a client's request forever: on expiry it
 * rejects `REQUEST_TIMEOUT` (-32001) and the signal the subsystem got is aborted; the caller's own
 * abort rejects `CANCELLED` at once.
 */
export function withDeadline<T>(what: string, timeoutMs: number, options: RequestOptions, run: (options: RequestOptions) => Promise<T>): Promise<T> {
  const outer = options.signal;
  if (outer?.aborted) return Promise.reject(new CrosspointError('CANCELLED', `${what} was cancelled`));
  const inner = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      inner.abort(outer?.reason);
      settle(() => reject(new CrosspointError('CANCELLED', `${what} was cancelled`)));
    };
    const timer = setTimeout(() => {
      const err = new CrosspointError('REQUEST_TIMEOUT', `${what} timed out after ${timeoutMs} ms`, { details: { rpcCode: REQUEST_TIMEOUT_RPC_CODE } });
      inner.abort(err);
      settle(() => reject(err));
    }, timeoutMs);
    timer.unref?.();
    outer?.addEventListener('abort', onAbort, { once: true });
    let running: Promise<T>;
    try {
      running = Promise.resolve(run({ ...options, signal: inner.signal, timeoutMs }));
    } catch (err) {
      running = Promise.reject(err); // a subsystem that throws instead of rejecting
    }
    running.then(
      (value) => settle(() => resolve(value)),
      (err: unknown) => settle(() => reject(err)),
    );
  });
}
