import { Socket } from 'node:net';
import { ByteBuilder } from '@crosspoint/core';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { isPlainJsonRpcMessage } from './json-rpc-shape.js';
import { type ToolCallFrame, scanToolCall } from './tool-call-frame.js';

export interface NdjsonTransportOptions {
  /** Longest accepted line; a longer one is answered with -32600 and dropped. Default 16 MiB. */
  maxLineBytes?: number;
}

type Input = NodeJS.ReadableStream;
type Output = NodeJS.WritableStream;

/**
 * Newline-delimited JSON-RPC over a pair of streams (stdio). Unlike the SDK's stdio server
 * transport it answers garbage instead of dropping it: a line that is not JSON gets a -32700
 * parse error, JSON that is not a JSON-RPC message a -32600 (both with `id: null` unless the
 * request's id could be read), and it closes when the input ends.
 */
export class NdjsonStreamTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private closed = false;
  private readonly maxLineBytes: number;
  /** Lines sent in this turn of the event loop; they leave in one write (one syscall, not one per message). */
  private readonly outgoing = new ByteBuilder();
  /** The output is a socket or pipe (see `flush`). */
  private readonly copiesOnWrite: boolean;
  private flushScheduled = false;
  /**
   * Offered each line that is a plain `tools/call` (`scanToolCall`), before it is decoded;
   * returning true takes it (it never reaches `onmessage`).
   */
  onToolCall?: (frame: ToolCallFrame, line: Buffer) => boolean;
  /** Set while the output's buffer is full; settles on 'drain' (or close). */
  private drained: Promise<void> | undefined;

  constructor(
    private readonly input: Input,
    private readonly output: Output,
    options: NdjsonTransportOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.copiesOnWrite = output instanceof Socket;
  }

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('close', this.onEnd);
    this.input.on('error', this.onStreamError);
    this.output.on('error', this.onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    this.write(JSON.stringify(message));
    // The reader is behind: senders wait for 'drain' instead of buffering without bound.
    if (this.drained) await this.drained;
  }

  /**
   * Queues a message without a promise (the synchronous forwarding path); dropped once closed.
   * No backpressure wait: what such callers queue is bounded by the calls their client sent.
   */
  sendNow(message: JSONRPCMessage): void {
    if (!this.closed) this.write(JSON.stringify(message));
  }

  /** `sendNow` for a message its caller serialized (JSON text, no newline). */
  sendJsonNow(json: string): void {
    if (!this.closed) this.write(json);
  }

  /**
   * Where to append one message as bytes (then its newline, 0x0a) to send now, with the others of
   * this turn, in order; `undefined` once closed.
   */
  lineOutput(): ByteBuilder | undefined {
    if (this.closed) return undefined;
    this.scheduleFlush();
    return this.outgoing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('close', this.onEnd);
    this.input.off('error', this.onStreamError);
    this.output.off('error', this.onStreamError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.pending = [];
    this.onclose?.();
  }

  /** Queues a message (JSON text); it leaves with the others of this event-loop turn, each on its own line. */
  private write(json: string): void {
    this.outgoing.text(json);
    this.outgoing.byte(0x0a);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.outgoing.length === 0) return;
    const data = this.outgoing.take();
    const out = this.output as Output & { writableEnded?: boolean; destroyed?: boolean; writableLength?: number };
    if (out.writableEnded || out.destroyed) return;
    const sent = out.write(data);
    // Bytes written to a socket or pipe are copied by the kernel unless the write did not complete
    // at once; any other stream may keep them: then the next ones are gathered elsewhere.
    if (!this.copiesOnWrite || out.writableLength !== 0) this.outgoing.kept();
    if (!sent && !this.drained) {
      // The reader is behind: senders wait for 'drain' instead of buffering without bound.
      this.drained = new Promise((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          this.drained = undefined;
          resolve();
        };
        out.once('drain', done);
        out.once('close', done);
      });
    }
  };

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Lines are decoded straight from the chunk by offsets: no Buffer view per line.
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      const from = start;
      start = nl + 1;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      let line = data;
      let lineStart = from;
      let end = nl;
      if (this.pendingBytes) {
        line = Buffer.concat([...this.pending, data.subarray(from, nl)]);
        lineStart = 0;
        end = line.length;
        this.pending = [];
        this.pendingBytes = 0;
      }
      // CRLF framing: the CR is dropped before decoding rather than by a regex on the string.
      if (end > lineStart && line[end - 1] === 13) end--;
      if (!this.takeToolCall(line, lineStart, end)) this.handleLine(line.toString('utf8', lineStart, end));
      if (this.closed) return;
    }
    if (start > 0) data = data.subarray(start);
    if (data.length === 0 || this.discarding) return;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      this.reject(null, -32600, `Invalid Request: message longer than ${this.maxLineBytes} bytes`);
    }
  };

  /** Offers the line to `onToolCall` if it is a plain tools/call; true if taken. */
  private takeToolCall(line: Buffer, start: number, end: number): boolean {
    if (!this.onToolCall) return false;
    const frame = scanToolCall(line, start, end);
    try {
      return frame !== undefined && this.onToolCall(frame, line);
    } catch (err) {
      this.onerror?.(err as Error);
      return true;
    }
  }

  private handleLine(line: string): void {
    if (line.length === 0) return;
    const first = line.charCodeAt(0); // trim() only when the line could be all whitespace
    if ((first <= 32 || first >= 0x80) && line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.reject(null, -32700, `Parse error: ${(err as Error).message}`);
      return;
    }
    let message: JSONRPCMessage;
    if (isPlainJsonRpcMessage(value)) message = value;
    else {
      const parsed = JSONRPCMessageSchema.safeParse(value);
      if (!parsed.success) {
        const id = (value as { id?: unknown } | null)?.id;
        this.reject(typeof id === 'string' || typeof id === 'number' ? id : null, -32600, 'Invalid Request: not a JSON-RPC 2.0 message');
        return;
      }
      message = parsed.data;
    }
    try {
      this.onmessage?.(message);
    } catch (err) {
      this.onerror?.(err as Error);
    }
  }

  private reject(id: string | number | null, code: number, message: string): void {
    this.onerror?.(new Error(message));
    this.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }));
  }

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onStreamError = (err: Error): void => {
    this.onerror?.(err);
    void this.close();
  };
}
