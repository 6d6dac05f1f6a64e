import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Gives every request its own AbortSignal, linked to the caller's for as long as the request (body
 * included) is open. The SDK's Streamable HTTP client passes one connection-wide signal to every fetch
 * and undici leaves a listener on it per request until GC, so a long-lived link (a bridge running all
 * day) piles up thousands of listeners; with this, the shared signal holds one per open request.
 */
export function isolateAbortSignals(base: FetchLike): FetchLike {
  return async (input, init) => {
    const parent = init?.signal;
    if (!parent || parent.aborted) return base(input, init);
    const child = new AbortController();
    const onAbort = (): void => child.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      parent.removeEventListener('abort', onAbort);
    };
    let res: Response;
    try {
      res = await base(input, { ...init, signal: child.signal });
    } catch (err) {
      release();
      throw err;
    }
    if (!res.body || NULL_BODY_STATUSES.has(res.status)) {
      release();
      return res;
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (err) {
          release();
          controller.error(err);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
