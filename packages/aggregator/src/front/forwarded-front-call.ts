import type { CallToolResultLike, CrosspointError, ProgressUpdate, RawReply, ToolArguments } from '@crosspoint/core';
import { errorToCallToolResult } from '@crosspoint/core';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ForwardHandle, ForwardSink } from '../forwarding.js';

/** Starts a plain `tools/call` on the synchronous path, or returns `undefined` (then take the ordinary one). */
export type ForwardToolCall = (
  name: string,
  args: ToolArguments,
  progress: boolean,
  sink: ForwardSink,
  /** The client's JSON-RPC id of the call (questions for the client during the call travel with it on the HTTP front). */
  id: RequestId,
) => ForwardHandle | undefined;

/** What a front call needs of its session's transport adapter. */
export interface FrontCallOwner {
  /** Writes one message to the client; `relatedRequestId` ties a notification to its request (HTTP streams). */
  write(message: JSONRPCMessage, relatedRequestId?: RequestId): void;
  /** Writes one serialized message (JSON text) answering request `answers`, if the transport can. */
  readonly writeJson?: (json: string, answers: RequestId) => void;
  /** Writes a downstream's reply addressed to `id` as bytes, if the transport can (the stdio front). */
  readonly writeReply?: (reply: RawReply, id: string | number) => void;
  /** The call is over (answered or cancelled): forget it. */
  finished(id: RequestId, call: FrontCall): void;
}

/**
 * One client's `tools/call` on the synchronous forwarding path, seen from the front: the sink of
 * the forwarded call and the session's handle on it. It answers as the ordinary path does: the
 * result as the server sent it, a failure as an `isError` result, progress under the caller's own
 * token, and nothing at all once the client cancelled the request.
 */
export class FrontCall implements ForwardSink {
  aborted = false;
  handle: ForwardHandle | undefined;

  constructor(
    private readonly owner: FrontCallOwner,
    private readonly id: RequestId,
    private readonly name: string,
    private readonly token: string | number | undefined,
  ) {}

  result(result: CallToolResultLike): void {
    this.owner.finished(this.id, this);
    if (!this.aborted) this.owner.write({ jsonrpc: '2.0', id: this.id, result: result as Record<string, unknown> });
  }

  /** The downstream's own text with our client's id: the result is neither parsed nor serialized again. */
  resultText(reply: RawReply): void {
    const owner = this.owner;
    owner.finished(this.id, this);
    if (this.aborted) return;
    if (owner.writeReply) {
      owner.writeReply(reply, this.id);
      return;
    }
    // A number's JSON is its string (and String() is the faster of the two).
    const id = typeof this.id === 'number' ? String(this.id) : JSON.stringify(this.id);
    if (owner.writeJson) owner.writeJson(`${reply.before}${id}${reply.after}`, this.id);
    else owner.write({ jsonrpc: '2.0', id: this.id, result: reply.parse() as Record<string, unknown> });
  }

  error(err: CrosspointError): void {
    this.owner.finished(this.id, this);
    if (!this.aborted) this.owner.write({ jsonrpc: '2.0', id: this.id, result: errorToCallToolResult(err, this.name) as unknown as Record<string, unknown> });
  }

  progress(update: ProgressUpdate): void {
    if (this.aborted || this.token === undefined) return;
    this.owner.write({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: this.token, ...update } }, this.id);
  }

  /** The client cancelled it or the session closed: cancel downstream; no response will be sent. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.handle?.cancel(reason);
  }
}
