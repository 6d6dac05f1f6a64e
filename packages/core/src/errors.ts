/**
 * One error family for the whole gateway. Every error carries a stable string `code` that callers
 * (and models reading tool results) can branch on, plus the usual `cause` chain.
 */
export const ERROR_CODES = [
  'TOOL_NOT_FOUND',
  'INVALID_ARGUMENTS',
  'INVALID_DESCRIPTOR',
  'INVALID_NAME',
  'DUPLICATE_PREFIX',
  'SUBSYSTEM_NOT_FOUND',
  'SUBSYSTEM_UNAVAILABLE',
  'TOOL_TIMEOUT',
  'CANCELLED',
  /** In-flight call rejected because its subsystem disconnected or shut down under it. */
  'DISCONNECTED',
  'CONFIG_INVALID',
  'DOWNSTREAM_EXITED',
  'DOWNSTREAM_ERROR',
  'DEVICE_ERROR',
  'SERIAL_PORT_BUSY',
  'SERIAL_PORT_NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'MESSAGE_TOO_LARGE',
  'TOOL_FAILED',
  'INTERNAL',
  /** A resource URI or prompt name nobody serves. */
  'RESOURCE_NOT_FOUND',
  'PROMPT_NOT_FOUND',
  /** The subsystem (or the client, for a server-to-client request) lacks the capability asked for. */
  'NOT_SUPPORTED',
] as const;

export type KnownErrorCode = (typeof ERROR_CODES)[number];
/** Known codes autocomplete; plugins may add their own SCREAMING_SNAKE codes. */
export type ErrorCode = KnownErrorCode | (string & {});

export interface CrosspointErrorOptions {
  cause?: unknown;
  /** Extra machine-readable facts (e.g. `{ stderrTail: [...] }`); must be JSON-serializable. */
  details?: Record<string, unknown>;
}

export class CrosspointError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: CrosspointErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrosspointError';
    this.code = code;
    this.details = options.details;
  }
}

/** True for a CrosspointError, also across duplicated copies of this package (duck-typed on `code`). */
export function isCrosspointError(err: unknown, code?: ErrorCode): err is CrosspointError {
  if (!(err instanceof Error)) return false;
  const c = (err as { code?: unknown }).code;
  if (typeof c !== 'string' || err.name !== 'CrosspointError') return false;
  return code === undefined || c === code;
}

/** The code of any error: a CrosspointError's own, `CANCELLED` for aborts, else `TOOL_FAILED`. */
export function errorCodeOf(err: unknown): ErrorCode {
  if (isCrosspointError(err)) return err.code;
  if (err instanceof Error && err.name === 'AbortError') return 'CANCELLED';
  return 'TOOL_FAILED';
}

/** A readable one-line message for any thrown value. */
export function errorMessageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/**
 * The JSON-RPC error code to answer a client with: a downstream's own (`details.rpcCode`), else
 * the spec's for the kind of failure.
 */
export function rpcCodeOf(err: unknown): number {
  if (isCrosspointError(err)) {
    const own = err.details?.['rpcCode'];
    if (typeof own === 'number' && Number.isInteger(own)) return own;
    switch (err.code) {
      case 'INVALID_ARGUMENTS':
      case 'TOOL_NOT_FOUND':
      case 'PROMPT_NOT_FOUND':
        return -32602;
      case 'RESOURCE_NOT_FOUND':
        return -32002;
      case 'NOT_SUPPORTED':
        return -32601;
      default:
        return -32603;
    }
  }
  return -32603;
}
