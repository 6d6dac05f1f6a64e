import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCResultResponse, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isCrosspointError } from '@crosspoint/core';

/** The remote refused our credentials: retrying cannot help. */
export const isRefusal = (err: unknown): err is Error => isCrosspointError(err, 'UNAUTHORIZED') || isCrosspointError(err, 'FORBIDDEN');

/**
 * Ends a link. An HTTP session outlives its streams, so it is ended explicitly (DELETE, best effort):
 * the gateway then cancels whatever that session still had running.
 */
export async function closeLink(link: Transport): Promise<void> {
  if (link instanceof StreamableHTTPClientTransport) await link.terminateSession().catch(() => undefined);
  await link.close().catch(() => undefined);
}

/**
 * Catches the remote's answer to the bridge's own initialize (sent after a reconnect) out of the
 * message stream, so it never reaches the IDE.
 */
export class InitializeReplay {
  readonly id: string;
  private settle: ((reply: JSONRPCMessage | Error) => void) | undefined;
  private readonly answer: Promise<JSONRPCMessage | Error>;

  constructor(seq: number) {
    this.id = `crosspoint-bridge-init-${seq}`;
    this.answer = new Promise((resolve) => (this.settle = resolve));
  }

  /** True when `message` was the awaited answer (and is consumed). */
  offer(message: JSONRPCMessage): boolean {
    if (!this.settle || !('id' in message) || message.id !== this.id || 'method' in message) return false;
    this.settle(message);
    this.settle = undefined;
    return true;
  }

  fail(err: Error): void {
    this.settle?.(err);
    this.settle = undefined;
  }

  /** Sends initialize with the IDE's params and resolves the remote's result, or throws. */
  async run(link: Transport, params: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
    const timer = setTimeout(() => this.fail(new Error('the remote did not answer initialize in time')), timeoutMs);
    try {
      await link.send({ jsonrpc: '2.0', id: this.id, method: 'initialize', params: params as Record<string, unknown> });
      const reply = await this.answer;
      if (reply instanceof Error) throw reply;
      if (!isJSONRPCResultResponse(reply)) throw new Error(`the remote refused initialize: ${JSON.stringify((reply as { error?: unknown }).error)}`);
      return reply.result;
    } finally {
      clearTimeout(timer);
    }
  }
}
