import { ErrorCode as JsonRpcCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { CrosspointError, isCrosspointError } from '@crosspoint/core';
import { type SessionFacts, connectionLost } from './call-errors.js';

export interface RequestErrorContext extends SessionFacts {
  server: string;
  /** The forwarded method (`resources/read`…), for messages. */
  method: string;
  /** What it was about (`demo://x`, a prompt name…), for messages. */
  subject?: string;
  timeoutMs: number;
  cancelled: boolean;
}

/** The MCP spec's code for an unknown resource. */
export const RESOURCE_NOT_FOUND_RPC = -32002;

/** The SDK prefixes `McpError` messages with "MCP error <code>: "; the child's own words are after it. */
export function downstreamMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // A child on the SDK often prefixes its own message the same way: strip every repeat.
  return err instanceof McpError ? message.replace(/^(MCP error -?\d+: )+/, '') : message;
}

/**
 * Maps a failed surface request (resources, prompts, completions, tasks) to the gateway's error
 * family, like `mapCallError` does for tool calls: a caller's abort is `CANCELLED`, our planned stop
 * `DISCONNECTED`, a child that died `DOWNSTREAM_EXITED` with its stderr tail, our timeout
 * `REQUEST_TIMEOUT`; a JSON-RPC error from the child keeps its code in `details.rpcCode` (so the
 * client gets the same code) and becomes `RESOURCE_NOT_FOUND` for -32002, else `DOWNSTREAM_ERROR`.
 */
export function mapRequestError(err: unknown, ctx: RequestErrorContext): CrosspointError {
  const what = `${ctx.server}: ${ctx.method}${ctx.subject !== undefined ? ` ${ctx.subject}` : ''}`;
  if (ctx.cancelled) return new CrosspointError('CANCELLED', `${what} was cancelled`, { cause: err });
  if (isCrosspointError(err)) return err;
  const code = err instanceof McpError ? err.code : undefined;
  if (connectionLost(err, ctx)) {
    if (ctx.end === 'planned') return new CrosspointError('DISCONNECTED', `${what} interrupted: the server was stopped`, { cause: err });
    const exit = ctx.transport.exitInfo;
    const why =
      ctx.end === 'hung'
        ? 'it stopped answering pings and was killed'
        : !exit
          ? 'the connection closed'
          : exit.signal
            ? `the process was killed by ${exit.signal}`
            : `the process exited with code ${exit.code}`;
    return new CrosspointError('DOWNSTREAM_EXITED', `${what} failed: ${why} before answering; it will not be retried`, {
      cause: err,
      details: { stderrTail: ctx.transport.stderrTail?.(20) ?? [], exit: exit ?? null },
    });
  }
  if (code === JsonRpcCode.RequestTimeout) {
    return new CrosspointError('REQUEST_TIMEOUT', `${what} got no answer within ${ctx.timeoutMs} ms`, {
      cause: err,
      details: { rpcCode: JsonRpcCode.RequestTimeout },
    });
  }
  const message = downstreamMessage(err);
  if (code === undefined) return new CrosspointError('DOWNSTREAM_ERROR', `${what} failed: ${message}`, { cause: err });
  const details = { rpcCode: code, ...((err as McpError).data !== undefined ? { data: (err as McpError).data } : {}) };
  const family = code === RESOURCE_NOT_FOUND_RPC ? 'RESOURCE_NOT_FOUND' : 'DOWNSTREAM_ERROR';
  return new CrosspointError(family, `${what} failed: ${message}`, { cause: err, details });
}
