/**
 * Resolves after `ms`. By default the timer does not keep the process alive; pass `keepAlive`
 * where a caller awaits the result and nothing else may hold the event loop (a lock wait or an
 * orphan kill at CLI start): an unref'ed timer there would let Node exit mid-await.
 */
export function delay(ms: number, keepAlive = false): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    if (!keepAlive) t.unref();
  });
}

/** Polls `condition` every `everyMs` until it holds or `timeoutMs` passes; resolves to whether it held. */
export async function waitFor(condition: () => boolean, timeoutMs: number, everyMs = 20, keepAlive = false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await delay(Math.min(everyMs, Math.max(1, deadline - Date.now())), keepAlive);
  }
  return true;
}

/** Resolves with the promise's value, or with `undefined` after `ms` (timer unref'ed). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
