import { ErrorCode as JsonRpcCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { CrosspointError, isCrosspointError } from '@crosspoint/core';
import type { DownstreamTransport } from './downstream.js';
import type { McpSession, SessionEnd } from './mcp-session.js';

/** What a failure's mapping needs to know of the session it happened on. */
export interface SessionFacts {
  transport: DownstreamTransport;
  /** Why the session ended, if it did; `undefined` while it lives or when it was lost. */
  end: SessionEnd | undefined;
  sessionClosed: boolean;
}

export function sessionFacts(session: Pick<McpSession, 'transport' | 'end' | 'closed'>): SessionFacts {
  return { transport: session.transport, end: session.end, sessionClosed: session.closed };
}

/** The failure came from the connection going away, not from the server's answer. */
export function connectionLost(err: unknown, facts: SessionFacts): boolean {
  const code = err instanceof McpError ? err.code : undefined;
  return facts.sessionClosed || code === JsonRpcCode.ConnectionClosed || (err instanceof Error && err.message === 'Not connected');
}

export interface CallErrorContext extends SessionFacts {
  server: string;
  tool: string;
  timeoutMs: number;
  /** The caller aborted the call. */
  cancelled: boolean;
}

/** How many stderr lines go into an error. */
const STDERR_TAIL_LINES = 20;

function exitText(t: DownstreamTransport): string {
  const e = t.exitInfo;
  if (!e) return 'the connection closed';
  return e.signal ? `the process was killed by ${e.signal}` : `the process exited with code ${e.code}`;
}

/**
 * Maps a failed downstream call to the gateway's error family. The order matters: a caller's
 * abort and our own planned stop must not be reported as a crash, and vice versa.
 */
export function mapCallError(err: unknown, ctx: CallErrorContext): CrosspointError {
  const { server, tool } = ctx;
  if (ctx.cancelled) return new CrosspointError('CANCELLED', `${server}.${tool} was cancelled`, { cause: err });
  if (isCrosspointError(err)) return err;
  const code = err instanceof McpError ? err.code : undefined;
  if (connectionLost(err, ctx)) {
    if (ctx.end === 'planned') {
      return new CrosspointError('DISCONNECTED', `call interrupted: ${server} was stopped while ${tool} was running`, { cause: err });
    }
    const stderrTail = ctx.transport.stderrTail?.(STDERR_TAIL_LINES) ?? [];
    const why = ctx.end === 'hung' ? 'it stopped answering pings and was killed' : exitText(ctx.transport);
    return new CrosspointError('DOWNSTREAM_EXITED', `${server}: ${why} while ${tool} was running; it will not be retried`, {
      cause: err,
      details: { stderrTail, exit: ctx.transport.exitInfo ?? null },
    });
  }
  if (code === JsonRpcCode.RequestTimeout) {
    return new CrosspointError('TOOL_TIMEOUT', `${server}.${tool} timed out after ${ctx.timeoutMs} ms without progress`, { cause: err });
  }
  if (code === JsonRpcCode.InvalidParams) {
    return new CrosspointError('INVALID_ARGUMENTS', `${server}.${tool}: ${(err as McpError).message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CrosspointError('DOWNSTREAM_ERROR', `${server}.${tool} failed downstream: ${message}`, {
    cause: err,
    details: code === undefined ? {} : { jsonrpcCode: code, data: (err as McpError).data ?? null },
  });
}

/**
 * A remote that refuses our credentials will refuse them again: report `unreachable` with the
 * reason instead of restarting in a loop. Recognises our own codes, the SDK's `UnauthorizedError`
 * and HTTP-status errors (`code`/`status` 401 or 403) anywhere in the cause chain.
 */
export function classifyAuthFailure(err: unknown): { state: 'unreachable'; reason: string } | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const status = (e as { status?: unknown }).status ?? (e as { code?: unknown }).code;
    const auth =
      isCrosspointError(e, 'UNAUTHORIZED') || isCrosspointError(e, 'FORBIDDEN') || e.name === 'UnauthorizedError' || status === 401 || status === 403;
    if (auth) return { state: 'unreachable', reason: `refused by the remote (${status === 403 ? 'HTTP 403 forbidden' : status === 401 ? 'HTTP 401 unauthorized' : e.message}); fix the credentials, then restart it` };
  }
  return undefined;
}
