import { CrosspointError, type InvokeOptions, type Subsystem } from '@crosspoint/core';
import { CallCancellation } from './cancellation.js';

/** `InvokeOptions` plus the fronts' cheaper cancellation handle (used instead of `signal`). */
export type GatewayInvokeOptions = InvokeOptions & { cancellation?: CallCancellation };

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
  options: GatewayInvokeOptions & { timeoutMs: number },
): Promise<unknown> {
  const outer = options.signal;
  const cancellation = options.cancellation;
  if (outer?.aborted || cancellation?.aborted) return Promise.reject(new CrosspointError('CANCELLED', `${tool} was cancelled`));
  const inner = new CallCancellation();
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      cancellation?.onAbort(undefined);
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
    cancellation?.onAbort(onAbort);
    // The subsystem gets the signal the contract promises, made only if it reads it, and the
    // cheaper hook that the child-server forwarding path watches instead (see CallCancellation).
    const forwarded: GatewayInvokeOptions = {
      timeoutMs: options.timeoutMs,
      cancellation: inner,
      get signal() {
        return inner.signal;
      },
    };
    if (options.client) forwarded.client = options.client;
    if (options.task) forwarded.task = options.task;
    const onProgress = options.onProgress;
    if (onProgress) {
      // Progress proves the work is alive: the deadline restarts, as it does for a child server's own timeout.
      forwarded.onProgress = (update) => {
        if (settled) return;
        timer.refresh();
        onProgress(update);
      };
    }
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(subsystem.invoke(tool, args, forwarded));
    } catch (err) {
      running = Promise.reject(err); // a subsystem that throws instead of rejecting
    }
    running.then(
      (value) => settle(() => resolve(value)),
      (err: unknown) => settle(() => reject(err)),
    );
  });
}
