import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ByteBuilder } from '@crosspoint/core';
import { LineRing } from './line-ring.js';
import { type ReplyFrame, scanReplyFrame } from './reply-frame.js';

export interface NdjsonTransportOptions {
  /** Lines longer than this are dropped (and reported) instead of growing the buffer. Default 16 MiB. */
  maxLineBytes?: number;
  /** Also called for each line that is not a JSON-RPC message (a banner, a debug print). */
  onGarbage?: (line: string) => void;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * An SDK `Transport` over a pair of byte streams carrying newline-delimited JSON-RPC (MCP stdio
 * framing). Unlike the SDK's `ReadBuffer`, a line that is not JSON-RPC does not break the stream:
 * it is handed to `onGarbage` and the next line is read as usual. Incoming lines get only
 * `JSON.parse` and a shape check; the SDK `Protocol` classifies every message again anyway, so
 * a second schema pass per message would only cost time on the hot path.
 *
 * `onclose` is fired by whoever owns the streams (`closed()`), not on stream end alone: for a
 * child process, the exit of the process is the authoritative end.
 */
export class NdjsonTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  /** What is to be written this turn of the event loop: one write (one syscall) per turn, not one per message. */
  private readonly outgoing = new ByteBuilder();
  private flushScheduled = false;
  private buffered = 0;
  private started = false;
  private isClosed = false;
  private readonly maxLineBytes: number;
  /** The output is a socket or pipe (see `flushOutgoing`). */
  private readonly copiesOnWrite: boolean;
  /**
   * Offered each line that is a plain successful reply with a string id (`scanReplyFrame`), before
   * it is decoded; returning true takes it (it never reaches `onmessage`).
   */
  onReplyFrame?: (line: Buffer, start: number, end: number, frame: ReplyFrame) => boolean;
  /** The last non-JSON-RPC lines, kept for diagnostics. */
  private readonly garbage = new LineRing(50, 16 * 1024);

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: NdjsonTransportOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.copiesOnWrite = output instanceof Socket;
  }

  /** Non-JSON lines seen on the input (newest last). */
  garbageTail(n?: number): string[] {
    return this.garbage.tail(n);
  }

  get garbageCount(): number {
    return this.garbage.total;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('NdjsonTransport already started');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onStreamError);
    this.output.on('error', this.onStreamError);
  }

  /**
   * Queues a message; all messages sent in one turn of the event loop leave in a single write.
   * One syscall per batch instead of one per message is what lets a busy gateway keep up with a
   * byte relay that forwards whole chunks.
   */
  async send(message: JSONRPCMessage): Promise<void> {
    this.sendNow(message);
    // Respect backpressure: a peer that stops reading must not make us buffer without bound.
    if (this.output.writableNeedDrain) await this.drained();
  }

  /**
   * Queues a message without a promise (the synchronous forwarding path); throws once closed.
   * No backpressure wait: its callers bound what they queue (the concurrency gate).
   */
  sendNow(message: JSONRPCMessage): void {
    this.sendText(serializeMessage(message));
  }

  /** `sendNow` for a message its caller serialized (one line, ending in a newline). */
  sendText(line: string): void {
    this.lineOutput().text(line);
  }

  /**
   * Where to append whole lines (newline included) to send now, as bytes: they leave with the
   * other messages of this turn, in order. Throws once closed.
   */
  lineOutput(): ByteBuilder {
    if (this.isClosed) throw new Error('transport closed');
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushOutgoing);
    }
    return this.outgoing;
  }

  protected readonly flushOutgoing = () => {
    this.flushScheduled = false;
    if (this.outgoing.length === 0 || this.output.destroyed) return;
    this.output.write(this.outgoing.take());
    // Bytes written to a socket or pipe are copied by the kernel unless the write did not complete
    // at once; any other stream may keep them: then the next ones are gathered elsewhere.
    if (!this.copiesOnWrite || this.output.writableLength !== 0) this.outgoing.kept();
  };

  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.output.off('drain', onDrain);
        this.output.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('transport closed while writing'));
      this.output.once('drain', onDrain);
      this.output.once('close', onClose);
    });
  }

  /** Closes the streams (for a child: the escalating stop), then fires `onclose`. */
  async close(): Promise<void> {
    await this.closeStreams();
    this.closed();
  }

  /** Ends the output; subclasses owning a process override this. */
  protected async closeStreams(): Promise<void> {
    this.flushOutgoing();
    this.output.end();
  }

  /** Marks the transport closed and fires `onclose` once. */
  closed(): void {
    if (this.isClosed) return;
    this.flush();
    this.isClosed = true;
    this.input.off('data', this.onData);
    this.onclose?.();
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  private readonly onStreamError = (err: Error) => {
    // EPIPE after the child died is expected; the exit handler reports it.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    this.onerror?.(err);
  };

  private readonly onData = (chunk: Buffer) => {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      if (this.buffered === 0) {
        this.handleLine(chunk, start, nl); // decoded in place: no Buffer view per line
      } else {
        this.chunks.push(chunk.subarray(start, nl));
        const line = Buffer.concat(this.chunks, this.buffered + nl - start);
        this.chunks = [];
        this.buffered = 0;
        this.handleLine(line, 0, line.length);
      }
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.buffered + rest.length > this.maxLineBytes) {
        this.skip(`<line over ${this.maxLineBytes} bytes dropped>`);
        this.chunks = [];
        this.buffered = 0;
        return;
      }
      this.chunks.push(rest);
      this.buffered += rest.length;
    }
  };

  private flush(): void {
    if (this.buffered > 0) {
      const line = Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
      this.handleLine(line, 0, line.length);
    }
  }

  private skip(line: string): void {
    this.garbage.push(line);
    this.options.onGarbage?.(line);
  }

  /** Handles the line `raw[start, end)`. */
  private handleLine(raw: Buffer, start: number, end: number): void {
    // CRLF framing: drop the CR before decoding, not by copying the decoded string.
    if (end > start && raw[end - 1] === CARRIAGE_RETURN) end--;
    if (end === start) return;
    if (this.onReplyFrame) {
      const frame = scanReplyFrame(raw, start, end);
      try {
        if (frame && this.onReplyFrame(raw, start, end, frame)) return;
      } catch (err) {
        this.onerror?.(err instanceof Error ? err : new Error(String(err)));
        return;
      }
    }
    const line = raw.toString('utf8', start, end);
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.skip(line);
      return;
    }
    if (!isJsonRpcShaped(message)) {
      this.skip(line);
      return;
    }
    try {
      this.onmessage?.(message);
    } catch (err) {
      this.onerror?.(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

function isJsonRpcShaped(value: unknown): value is JSONRPCMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { jsonrpc?: unknown }).jsonrpc === '2.0';
}
