import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { type ByteBuilder, IdTable, JsonText, type ProgressUpdate, type RawReply, type ToolArguments } from '@crosspoint/core';
import { CallCancellation } from '../cancellation.js';
import type { ForwardHandle } from '../forwarding.js';
import { FrontCall, type FrontCallOwner, type ForwardToolCall } from './forwarded-front-call.js';
import { NdjsonStreamTransport } from './ndjson-transport.js';
import type { ToolCallFrame } from './tool-call-frame.js';

/** The arguments of a call that sent none. */
const NO_ARGUMENTS = new JsonText('{}');

/** Runs one `tools/call`; resolves to its result (failures as `isError` results), never rejects. */
export type LeanToolCall = (
  name: string,
  args: Record<string, unknown>,
  /** The lean path's own cheap handle, or the SDK's per-request signal on the SDK's path. */
  cancel: CallCancellation | AbortSignal,
  onProgress: ((update: ProgressUpdate) => void) | undefined,
  /** The call's JSON-RPC id (questions for the client during the call travel with it on the HTTP front). */
  requestId?: RequestId,
) => Promise<CallToolResult>;

type CallParams = { name?: unknown; arguments?: unknown; task?: unknown; _meta?: Record<string, unknown> };

/** Only plain calls take the lean path; anything else (tasks, related-task metadata…) is the SDK's. */
function isPlainCall(params: CallParams): boolean {
  if (params.task !== undefined) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  for (const key in meta) if (key !== 'progressToken') return false;
  return true;
}

/**
 * The session front's hot path: a transport adapter under the SDK `Server` that answers plain
 * `tools/call` requests itself, so they skip the SDK's per-message schema passes and bookkeeping,
 * and passes every other message through. It keeps what the SDK does per call: progress goes out
 * under the caller's own token (tied to the request, for the HTTP front's streams); a
 * `notifications/cancelled` for a running call cancels it and no response is sent; bad
 * params get -32602; closing the transport aborts every running call.
 */
export class LeanToolCallTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  /** The calls running, by the client's id (integer ids in array slots: no hashing per call). */
  private readonly running = new IdTable<CallCancellation | FrontCall>();
  /** The owner side of the synchronous path's calls. */
  private readonly frontCalls: FrontCallOwner;

  /**
   * `forward`, when given, is tried first for each plain call: the synchronous path to a child
   * server (no promise per layer); when it declines, the call runs through `call` as before.
   */
  constructor(
    private readonly inner: Transport,
    private readonly call: LeanToolCall,
    private readonly forward?: ForwardToolCall,
  ) {
    // A transport with a synchronous write (the stdio front's) spares a promise per message.
    const sendNow = (inner as { sendNow?: (m: JSONRPCMessage) => void }).sendNow;
    const sendJsonNow = (inner as { sendJsonNow?: (json: string, answers?: RequestId) => void }).sendJsonNow;
    const lineOutput = (inner as { lineOutput?: () => ByteBuilder | undefined }).lineOutput;
    const running = this.running;
    this.frontCalls = {
      ...(typeof sendJsonNow === 'function' ? { writeJson: (json: string, answers: RequestId) => sendJsonNow.call(inner, json, answers) } : {}),
      ...(typeof lineOutput === 'function'
        ? {
            writeReply: (reply: RawReply, id: string | number) => {
              const out = lineOutput.call(inner);
              if (!out) return;
              reply.writeTo(out, id);
              out.byte(0x0a);
            },
          }
        : {}),
      write:
        typeof sendNow === 'function'
          ? (message) => sendNow.call(inner, message)
          : (message, relatedRequestId) => {
              inner.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId }).catch((err: unknown) => this.onerror?.(err instanceof Error ? err : new Error(String(err))));
            },
      finished: (id, call) => {
        if (running.get(id) === call) running.delete(id);
      },
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      const m = message as { id?: RequestId; method?: string; params?: Record<string, unknown> };
      if (m.method === 'tools/call' && m.id !== undefined && !this.running.has(m.id) && isPlainCall((m.params ?? {}) as CallParams)) {
        if (!this.forwardNow(m.id, (m.params ?? {}) as CallParams)) void this.serve(m.id, (m.params ?? {}) as CallParams);
        return;
      }
      if (m.method === 'notifications/cancelled') {
        const id = m.params?.['requestId'] as RequestId | undefined;
        const controller = id === undefined ? undefined : this.running.get(id);
        if (controller) {
          controller.abort(m.params?.['reason'] ?? 'cancelled by the client');
          return;
        }
      }
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (err) => this.onerror?.(err);
    this.inner.onclose = () => {
      for (const c of this.running.valueList()) c.abort('session closed');
      this.running.clear();
      this.onclose?.();
    };
    // The stdio front recognises plain calls in its bytes: they skip decoding and JSON.parse.
    if (this.forward && this.inner instanceof NdjsonStreamTransport) this.inner.onToolCall = this.forwardFrame;
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  /** A parsed plain call: the synchronous path if it can take it; false: use `serve`. */
  private forwardNow(id: RequestId, params: CallParams): boolean {
    const name = params.name;
    const args = params.arguments;
    if (typeof name !== 'string') return false;
    if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return false;
    const token = params._meta?.['progressToken'];
    return this.startForward(id, name, (args ?? {}) as Record<string, unknown>, typeof token === 'string' || typeof token === 'number' ? token : undefined);
  }

  /**
   * A plain call the stdio front recognised in its bytes (`scanToolCall`): forwarded with its
   * arguments as the client's text. False (not taken): the line goes the ordinary way.
   */
  private readonly forwardFrame = (frame: ToolCallFrame, line: Buffer): boolean => {
    if (this.running.has(frame.id)) return false;
    // The arguments stay bytes: a child server gets them as they are, never decoded here.
    const args = frame.argsStart < 0 ? NO_ARGUMENTS : new JsonText(line, frame.argsStart, frame.argsEnd);
    return this.startForward(frame.id, frame.name, args, frame.progressToken);
  };

  /** Starts the call on the synchronous path if it can take it; false: use `serve`. */
  private startForward(id: RequestId, name: string, args: ToolArguments, token: string | number | undefined): boolean {
    const forward = this.forward;
    if (!forward) return false;
    const call = new FrontCall(this.frontCalls, id, name, token);
    this.running.set(id, call);
    let handle: ForwardHandle | undefined;
    try {
      handle = forward(name, args, token !== undefined, call, id);
    } catch (err) {
      // Not expected (the path reports failures to the sink); the call may have started, so it is not retried.
      this.frontCalls.finished(id, call);
      this.frontCalls.write({ jsonrpc: '2.0', id, error: { code: -32603, message: err instanceof Error ? err.message : String(err) } });
      return true;
    }
    if (!handle) {
      this.frontCalls.finished(id, call);
      return false;
    }
    call.handle = handle;
    return true;
  }

  private async serve(id: RequestId, params: CallParams): Promise<void> {
    const cancellation = new CallCancellation();
    this.running.set(id, cancellation);
    let reply: JSONRPCMessage;
    try {
      if (typeof params.name !== 'string') {
        reply = { jsonrpc: '2.0', id, error: { code: -32602, message: 'Invalid params: tools/call needs a string "name"' } };
      } else if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null || Array.isArray(params.arguments))) {
        reply = { jsonrpc: '2.0', id, error: { code: -32602, message: 'Invalid params: tools/call "arguments" must be an object' } };
      } else {
        const token = params._meta?.['progressToken'];
        const onProgress =
          typeof token === 'string' || typeof token === 'number'
            ? (u: ProgressUpdate) => {
                if (cancellation.aborted) return;
                const note: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, ...u } };
                this.inner.send(note, { relatedRequestId: id }).catch(() => undefined);
              }
            : undefined;
        const args = (params.arguments ?? {}) as Record<string, unknown>;
        reply = { jsonrpc: '2.0', id, result: await this.call(params.name, args, cancellation, onProgress, id) };
      }
    } catch (err) {
      reply = { jsonrpc: '2.0', id, error: { code: -32603, message: err instanceof Error ? err.message : String(err) } };
    } finally {
      this.running.delete(id);
    }
    // A cancelled request gets no response (the spec asks the receiver not to send one).
    if (!cancellation.aborted) await this.inner.send(reply).catch((err: unknown) => this.onerror?.(err instanceof Error ? err : new Error(String(err))));
  }
}
