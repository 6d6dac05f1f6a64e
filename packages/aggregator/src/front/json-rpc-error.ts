/**
 * A protocol-level error for a request handler. The SDK sends `code` and `message` as given
 * (throwing its McpError would prefix the message twice).
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

export const INVALID_PARAMS = -32602;
