import { errorCodeOf, errorMessageOf, rpcCodeOf } from '@crosspoint/core';

/**
 * A protocol-level error for a request handler. The SDK sends `code`, `message` and `data` as
 * given (throwing its McpError would prefix the message twice).
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

export const INVALID_PARAMS = -32602;

/**
 * Any failure of a routed request as the JSON-RPC error a client gets: the code from
 * `rpcCodeOf` (a downstream's own, or the spec's for the kind), a readable message, and our
 * stable string code in `data.code` (`SUBSYSTEM_UNAVAILABLE`, `RESOURCE_NOT_FOUND`…).
 */
export function toJsonRpcError(err: unknown): JsonRpcError {
  if (err instanceof JsonRpcError) return err;
  return new JsonRpcError(rpcCodeOf(err), errorMessageOf(err), { code: errorCodeOf(err) });
}
