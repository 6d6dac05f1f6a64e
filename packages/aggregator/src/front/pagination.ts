import { INVALID_PARAMS, JsonRpcError } from './json-rpc-error.js';

export const DEFAULT_PAGE_SIZE = 1000;

/** Opaque to clients: base64url of `{ o: offset }`. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** Reads a cursor back; anything we did not issue is a -32602 error. */
export function decodeCursor(cursor: string | undefined, total: number): number {
  if (cursor === undefined) return 0;
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > total) {
    throw new JsonRpcError(INVALID_PARAMS, `Invalid cursor "${cursor.slice(0, 40)}": start again without a cursor`);
  }
  return offset;
}

/** One page of a list and the cursor of the next, if any. */
export function page<T>(items: readonly T[], cursor: string | undefined, pageSize: number): { items: T[]; nextCursor?: string } {
  const start = decodeCursor(cursor, items.length);
  const end = Math.min(items.length, start + pageSize);
  const slice = start === 0 && end === items.length ? (items as T[]) : items.slice(start, end);
  return end < items.length ? { items: slice, nextCursor: encodeCursor(end) } : { items: slice };
}
