import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode as JsonRpcCode, type JSONRPCMessage, McpError } from '@modelcontextprotocol/sdk/types.js';
import { type ByteBuilder, type CallToolResultLike, IdTable, JsonText, type ProgressUpdate, type RawReply, type ToolArguments } from '@crosspoint/core';
import type { CancellationHook } from './cancellation-hook.js';
import { DeadlineSweep } from './deadline-sweep.js';
import { NdjsonTransport } from './ndjson-transport.js';
import { TextReply, deliverText } from './raw-reply.js';
import type { ReplyFrame } from './reply-frame.js';

/** Where one forwarded call's outcome goes: exactly one of `result` / `error`, once; `progress` before it. */
export interface CallSink {
  result(result: CallToolResultLike): void;
  /** Takes a result still as text (see `RawReply`); a sink without it gets `result(reply.parse())`. */
  resultText?(reply: RawReply): void;
  error(err: Error): void;
  progress(update: ProgressUpdate): void;
}

/** Long enough that every id is over V8's 10-character limit for interning parsed strings. */
const ID_PREFIX = 'crosspoint-';
const ID_PREFIX_BYTES = Buffer.from(ID_PREFIX, 'latin1');
/** What follows a request's arguments up to its call number, and what ends the line. */
const CALL_TAIL = Buffer.from(`},"id":"${ID_PREFIX}`, 'latin1');
const LINE_END = Buffer.from('"}\n', 'latin1');

/** Our id for call number `seq` (pending calls are kept by the number: no string to hash per call). */
function idText(seq: number): string {
  return `${ID_PREFIX}${seq}`;
}

/** The call number in one of our ids (written as we write them: no leading zero), or -1 for any other text. */
function seqOf(id: string): number {
  if (!id.startsWith(ID_PREFIX) || id.length > ID_PREFIX.length + 15 || id.charCodeAt(ID_PREFIX.length) === 48) return -1;
  let n = 0;
  for (let i = ID_PREFIX.length; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return id.length > ID_PREFIX.length ? n : -1;
}

/** `seqOf` for an id's bytes `[start, end)` (quotes excluded); -2 when the text does not even start like ours. */
function seqOfBytes(buf: Buffer, start: number, end: number): number {
  const digits = start + ID_PREFIX_BYTES.length;
  if (end < digits) return -2;
  for (let i = 0; i < ID_PREFIX_BYTES.length; i++) if (buf[start + i] !== ID_PREFIX_BYTES[i]) return -2;
  if (end === digits || end - digits > 15 || buf[digits] === 48) return -1;
  let n = 0;
  for (let i = digits; i < end; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
/** Tool names whose request text is kept; past it the cache starts over (a server with more tools than this is rare). */
const MAX_CACHED_HEADS = 1024;

class PendingCall {
  /** `performance.now()` time after which the call times out; moved on each progress report. */
  deadline: number;

  constructor(
    /** The call's number; its id on the wire is `idText(seq)`. */
    readonly seq: number,
    readonly sink: CallSink,
    readonly timeoutMs: number,
    readonly hook: CancellationHook | undefined,
    startedAt: number,
  ) {
    this.deadline = startedAt + timeoutMs;
  }
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Adapts a promise's resolve/reject (and a progress callback) to a `CallSink`. */
class PromiseSink implements CallSink {
  constructor(
    readonly result: (result: CallToolResultLike) => void,
    readonly error: (err: Error) => void,
    private readonly onProgress: ((update: ProgressUpdate) => void) | undefined,
  ) {}

  progress(update: ProgressUpdate): void {
    this.onProgress?.(update);
  }
}

export interface DirectCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Watched instead of `signal` when given. */
  cancellation?: CancellationHook;
  onProgress?: (update: ProgressUpdate) => void;
}

/**
 * The hot path of forwarding: `tools/call` requests sent on the transport without the SDK
 * `Protocol`'s per-message schema passes, and their responses matched by id before the SDK sees
 * them. Our ids (and progress tokens) are strings (`"crosspoint-1"`, `"crosspoint-2"`…), which the
 * SDK `Client` sharing the transport never uses: it numbers its requests. (Strings rather than
 * negative numbers: servers that parse ids as unsigned integers exist; every JSON-RPC server takes
 * strings. At least 11 characters: V8's `JSON.parse` interns shorter string values, so short
 * unique ids would cost every call a string-table insert, here and in a Node child.)
 * Semantics match `Protocol.request`: the timeout restarts on each progress
 * report, an abort or timeout sends `notifications/cancelled` downstream, and closing the transport
 * fails every pending call at once with `ConnectionClosed`.
 *
 * Two ways in: `call` (a promise) and `forward` (a `CallSink`, no promise: the synchronous path).
 * Deadlines share one timer (`DeadlineSweep`).
 */
export class DirectCaller {
  /** By call number: array slots, no hashing or table rebuilds per call. */
  private readonly pending = new IdTable<PendingCall>();
  private readonly deadlines = new DeadlineSweep<PendingCall>(
    () => this.pending.valueList(),
    (p) => this.cancel(p.seq, 'timeout', new McpError(JsonRpcCode.RequestTimeout, 'Request timed out', { timeout: p.timeoutMs })),
  );
  private seq = 0;
  /** The bytes of a `tools/call` request before its arguments, per tool name (see `writeRequest`). */
  private readonly heads = new Map<string, Buffer>();

  /**
   * `send` is the transport's; `lines`, if the transport has a synchronous output of whole lines
   * (queued, not awaited), is used by `forward` so a call costs no promise and no message object.
   */
  constructor(
    private readonly send: (message: JSONRPCMessage) => Promise<void>,
    private readonly lines?: () => ByteBuilder,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  call(name: string, args: Record<string, unknown>, options: DirectCallOptions): Promise<CallToolResultLike> {
    const { cancellation: hook, onProgress, timeoutMs } = options;
    const signal = hook ? undefined : options.signal;
    return new Promise<CallToolResultLike>((resolve, reject) => {
      if (hook ? hook.aborted : signal?.aborted) return reject(new McpError(JsonRpcCode.RequestTimeout, 'aborted before sending'));
      const p = this.register(new PromiseSink(resolve, reject, onProgress), timeoutMs, hook);
      const id = p.seq;
      if (hook) {
        hook.onAbort((reason) => this.cancel(id, String(reason ?? 'cancelled'), new McpError(JsonRpcCode.RequestTimeout, 'cancelled')));
      } else if (signal) {
        p.signal = signal;
        p.onAbort = () => this.cancel(id, String(signal.reason ?? 'cancelled'), new McpError(JsonRpcCode.RequestTimeout, 'cancelled'));
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.send(this.request(id, name, args, onProgress !== undefined)).catch((err: unknown) => {
        if (this.settle(id)) reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  /**
   * Sends a call whose outcome goes to `sink`, synchronously; returns its id, which `abort` takes.
   * Progress is asked for (and reaches `sink.progress`) only when `wantsProgress`. `startedAt`
   * (`performance.now()`), when the caller has read the clock already, starts the timeout.
   */
  forward(name: string, args: ToolArguments, timeoutMs: number, wantsProgress: boolean, sink: CallSink, startedAt = performance.now()): number {
    const id = this.register(sink, timeoutMs, undefined, startedAt).seq;
    if (this.lines) {
      try {
        this.writeRequest(id, name, args, wantsProgress);
      } catch (err) {
        if (this.settle(id)) sink.error(err instanceof Error ? err : new Error(String(err)));
      }
    } else {
      this.send(this.request(id, name, args, wantsProgress)).catch((err: unknown) => {
        if (this.settle(id)) sink.error(err instanceof Error ? err : new Error(String(err)));
      });
    }
    return id;
  }

  /** Cancels a forwarded call: `notifications/cancelled` downstream, its sink gets an error now. */
  abort(id: number, reason: string): void {
    this.cancel(id, reason, new McpError(JsonRpcCode.RequestTimeout, 'cancelled'));
  }

  /** Takes the messages that belong to our calls; returns false for everything else (the SDK's). */
  claim(message: JSONRPCMessage): boolean {
    const m = message as { id?: unknown; method?: unknown; params?: { progressToken?: unknown }; result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (typeof m.id === 'string' && m.method === undefined) {
      const seq = seqOf(m.id);
      const p = this.pending.get(seq);
      if (p && this.settle(seq)) {
        if (m.error) p.sink.error(new McpError(m.error.code, m.error.message, m.error.data));
        else p.sink.result(m.result as CallToolResultLike);
      }
      return true; // ours even when late (after a timeout or cancel)
    }
    if (m.method === 'notifications/progress' && typeof m.params?.progressToken === 'string') {
      const p = this.pending.get(seqOf(m.params.progressToken));
      if (p) {
        p.deadline = performance.now() + p.timeoutMs; // progress keeps the call alive
        const { progress, total, message } = m.params as { progress: number; total?: number; message?: string };
        p.sink.progress({ progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) });
      }
      return true;
    }
    return false;
  }

  /**
   * Takes a plain reply line to one of our calls (`NdjsonTransport.onReplyFrame`) without parsing
   * it: the result goes on as text. False for an id that is not ours (the line then takes the
   * ordinary path).
   */
  claimFrame(line: Buffer, start: number, end: number, frame: ReplyFrame): boolean {
    const seq = seqOfBytes(line, frame.idStart + 1, frame.idEnd - 1);
    if (seq === -2) return false;
    const p = this.pending.get(seq);
    if (p) {
      this.forget(p);
      deliverText(p.sink, new TextReply(line, start, end, frame));
    }
    return true; // ours even when late (after a timeout or cancel)
  }

  /** The transport closed: every pending call fails now, none is retried. */
  closeAll(): void {
    const err = new McpError(JsonRpcCode.ConnectionClosed, 'Connection closed');
    for (const p of this.pending.valueList()) if (this.settle(p.seq)) p.sink.error(err);
    this.deadlines.stop();
  }

  private register(sink: CallSink, timeoutMs: number, hook: CancellationHook | undefined, startedAt = performance.now()): PendingCall {
    const p = new PendingCall(++this.seq, sink, timeoutMs, hook, startedAt);
    this.pending.set(p.seq, p);
    this.deadlines.watch(p.deadline);
    return p;
  }

  /**
   * A `tools/call` request as one line, written as bytes so that the arguments are the only part
   * that may need serializing per call: the bytes before them are kept per tool, the id goes last,
   * and arguments that arrived as bytes are copied as they are.
   */
  private writeRequest(seq: number, name: string, args: ToolArguments, wantsProgress: boolean): void {
    // Serialized first: a throw (a BigInt, a cycle) must not leave half a line behind.
    const json = args instanceof JsonText ? (args.bytes ? undefined : args.json) : JSON.stringify(args);
    const out = (this.lines as () => ByteBuilder)();
    if (wantsProgress) out.text(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":${JSON.stringify(name)},"_meta":{"progressToken":"${idText(seq)}"},"arguments":`);
    else out.all(this.headOf(name));
    if (json === undefined) {
      const bytes = args as JsonText;
      out.bytes(bytes.bytes as Buffer, bytes.start, bytes.end);
    } else out.text(json);
    out.all(CALL_TAIL);
    out.integer(seq);
    out.all(LINE_END);
  }

  private headOf(name: string): Buffer {
    let head = this.heads.get(name);
    if (head === undefined) {
      if (this.heads.size >= MAX_CACHED_HEADS) this.heads.clear();
      head = Buffer.from(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":${JSON.stringify(name)},"arguments":`);
      this.heads.set(name, head);
    }
    return head;
  }

  private request(seq: number, name: string, toolArgs: ToolArguments, wantsProgress: boolean): JSONRPCMessage {
    const id = idText(seq);
    const args = toolArgs instanceof JsonText ? toolArgs.parse() : toolArgs;
    const params = wantsProgress ? { name, arguments: args, _meta: { progressToken: id } } : { name, arguments: args };
    return { jsonrpc: '2.0', id, method: 'tools/call', params };
  }

  private cancel(seq: number, reason: string, err: Error): void {
    const p = this.pending.get(seq);
    if (!p || !this.settle(seq)) return;
    this.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: idText(seq), reason } }).catch(() => {});
    p.sink.error(err);
  }

  private settle(seq: number): boolean {
    const p = this.pending.get(seq);
    if (!p) return false;
    this.forget(p);
    return true;
  }

  /** A pending call is over: out of the table, its abort listener or hook removed. */
  private forget(p: PendingCall): void {
    this.pending.delete(p.seq);
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    p.hook?.onAbort(undefined);
  }
}

/**
 * A view of a transport for the SDK `Client` that hides the messages the `DirectCaller` claims,
 * so both share one connection without either seeing the other's traffic.
 */
export function splitTransport(inner: Transport, caller: DirectCaller): Transport {
  const outer: Transport = {
    start: () => inner.start(),
    send: (message, options) => inner.send(message, options),
    close: () => inner.close(),
  };
  inner.onmessage = (message, extra) => {
    if (!caller.claim(message)) outer.onmessage?.(message, extra);
  };
  // Over NDJSON, replies to our calls are taken as text, before they are decoded.
  if (inner instanceof NdjsonTransport) inner.onReplyFrame = (line, start, end, frame) => caller.claimFrame(line, start, end, frame);
  inner.onclose = () => {
    caller.closeAll();
    outer.onclose?.();
  };
  inner.onerror = (err) => outer.onerror?.(err);
  return outer;
}
