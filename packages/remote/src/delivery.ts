import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isCrosspointError } from '@crosspoint/core';

/**
 * Whether a failed send certainly did not reach the remote, so the message may be sent again on the
 * next link without running anything twice: our transports refusing to write on a closed link
 * (DISCONNECTED), a refused TCP connection, or an HTTP 404 (the gateway does not know that session and
 * ran nothing). Anything else (a connection reset mid-request…) is ambiguous.
 */
export function certainlyNotDelivered(err: unknown): boolean {
  if (isCrosspointError(err, 'DISCONNECTED')) return true;
  if (err instanceof StreamableHTTPError && err.code === 404) return true;
  // Duck-typed: fetch errors may come from another realm (undici's TypeError under a VM).
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

/** A one-line description of any thrown value, the causes' messages included (fetch hides them there). */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const message = typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
    if (message && !parts.includes(message)) parts.push(message);
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}
