import { CrosspointError, type InvokeOptions, type Subsystem } from '@crosspoint/core';

/**
 * Calls a subsystem with a deadline the gateway enforces itself, so a subsystem that ignores
 * `timeoutMs` or `signal` cannot hang a session: on expiry the call rejects `TOOL_TIMEOUT` and
 * the subsystem's signal is aborted; a caller's abort rejects `CANCELLED` at once. Each progress
 * report restarts the deadline (only when the caller listens for progress).
 */
export function invokeWithTimeout(
  subsystem: Subsystem,
  tool: string,
  args: Record<string, unknown>,
  options: InvokeOptions & { timeoutMs: number },
): Promise<unknown> {
  const outer = options.signal;
  if (outer?.aborted) return Promise.reject(new CrosspointError('CANCELLED', `${tool} was cancelled`));
  const inner = new AbortController();
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      inner.abort();
      settle(() => reject(new CrosspointError('CANCELLED', `${tool} was cancelled`)));
    };
    const timer = setTimeout(() => {
      inner.abort();
      settle(() => reject(new CrosspointError('TOOL_TIMEOUT', `${tool} timed out after ${options.timeoutMs} ms`)));
    }, options.timeoutMs);
    timer.unref?.();
    outer?.addEventListener('abort', onAbort, { once: true });
    const forwarded: InvokeOptions = { signal: inner.signal, timeoutMs: options.timeoutMs };
    const onProgress = options.onProgress;
    if (onProgress) {
      // Progress proves the work is alive: the deadline restarts, as it does for a child server's own timeout.
      forwarded.onProgress = (update) => {
        if (settled) return;
        timer.refresh();
        onProgress(update);
      };
    }
    Promise.resolve()
      .then(() => subsystem.invoke(tool, args, forwarded))
      .then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(err)),
      );
  });
}
