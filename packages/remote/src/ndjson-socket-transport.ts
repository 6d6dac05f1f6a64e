import type { Duplex } from 'node:stream';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CrosspointError } from '@crosspoint/core';
import { LineLengthGuard } from './line-limit.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface NdjsonSocketTransportOptions {
  /** Longest accepted line in bytes; a longer one gets an error line and the socket is closed. */
  maxMessageBytes?: number;
  /** Answer an unparsable line with a JSON-RPC -32700 error (server side) instead of only reporting it. */
  replyToInvalidLines?: boolean;
  /** Bytes already read from the socket that belong to this transport (e.g. after an auth line). */
  initialData?: Buffer;
}

/**
 * MCP over a byte stream (a TCP socket): one JSON-RPC message per line, framed with the SDK's
 * ReadBuffer/serializeMessage. Messages that arrive before start() are queued, so the session can be
 * connected asynchronously without losing the client's first frames. send() resolves once the bytes
 * are handed to the kernel, so a slow peer slows the sender down instead of growing memory.
 */
export class NdjsonSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly readBuffer = new ReadBuffer({ maxBufferSize: Number.MAX_SAFE_INTEGER });
  private readonly guard: LineLengthGuard;
  private readonly maxBytes: number;
  private queue: JSONRPCMessage[] | undefined = [];
  private closed = false;
  private socketClosed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly options: NdjsonSocketTransportOptions = {},
  ) {
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.guard = new LineLengthGuard(this.maxBytes);
    socket.on('data', this.onData);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
    if (options.initialData && options.initialData.length > 0) this.onData(options.initialData);
  }

  async start(): Promise<void> {
    const queued = this.queue;
    if (queued === undefined) throw new Error('NdjsonSocketTransport already started');
    this.queue = undefined;
    for (const m of queued) this.onmessage?.(m);
    // The peer may have gone while the session was being connected: tell the session now.
    if (this.socketClosed) this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || this.socket.destroyed || !this.socket.writable) {
      return Promise.reject(new CrosspointError('DISCONNECTED', 'tcp: connection is closed'));
    }
    return new Promise((resolve, reject) => {
      this.socket.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Writes a message without a promise (the synchronous forwarding path); dropped once closed (a
   * failed write surfaces as the socket's error). No backpressure wait: callers queue at most one
   * answer per call their client sent.
   */
  sendNow(message: JSONRPCMessage): void {
    this.sendJsonNow(JSON.stringify(message));
  }

  /** `sendNow` for a message its caller serialized (JSON text, no newline). */
  sendJsonNow(json: string): void {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(`${json}\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.socket.end();
    // A peer that never reads would hold end() forever: give it a moment, then drop it.
    const timer = setTimeout(() => this.socket.destroy(), 2000);
    timer.unref();
    await new Promise<void>((resolve) => (this.socket.destroyed ? resolve() : this.socket.once('close', () => resolve())));
    clearTimeout(timer);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.closed) return;
    const tooLong = this.guard.accept(chunk);
    if (tooLong !== undefined) {
      this.rejectOversized();
      return;
    }
    this.readBuffer.append(chunk);
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.readBuffer.readMessage();
      } catch (err) {
        this.reportInvalid(err);
        continue;
      }
      if (message === null) break;
      if (this.queue) this.queue.push(message);
      else this.onmessage?.(message);
      if (this.closed) break;
    }
  };

  private rejectOversized(): void {
    const err = new CrosspointError('MESSAGE_TOO_LARGE', `tcp: a message exceeded the ${this.maxBytes}-byte limit; closing this connection`);
    this.readBuffer.clear();
    this.onerror?.(err);
    this.socket.end(serializeMessage({ jsonrpc: '2.0', id: null, error: { code: -32600, message: err.message, data: { code: err.code } } } as unknown as JSONRPCMessage));
    const timer = setTimeout(() => this.socket.destroy(), 1000);
    timer.unref();
    this.closed = true;
  }

  private reportInvalid(err: unknown): void {
    const message = `tcp: invalid JSON-RPC line ignored (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    this.onerror?.(new CrosspointError('INVALID_ARGUMENTS', message, { cause: err }));
    if (this.options.replyToInvalidLines && this.socket.writable) {
      this.socket.write(serializeMessage({ jsonrpc: '2.0', id: null, error: { code: -32700, message } } as unknown as JSONRPCMessage));
    }
  }

  private readonly onSocketError = (err: Error): void => {
    // ECONNRESET and friends end in 'close' too; report once, the close handler finishes up.
    this.onerror?.(err);
  };

  private readonly onSocketClose = (): void => {
    this.closed = true;
    this.socketClosed = true;
    this.socket.off('data', this.onData);
    this.readBuffer.clear();
    if (this.queue === undefined) this.onclose?.();
  };
}
