import type { CrosspointError } from './errors.js';
import type { ClientChannel } from './surface.js';
import type { ProgressUpdate } from './subsystem.js';
import type { CallToolResultLike } from './tool-output.js';
import type { ByteBuilder } from './byte-builder.js';

/**
 * The optional synchronous call path between a gateway and a subsystem that forwards calls to a
 * downstream (the child-server subsystem): no promise per layer, outcomes through callbacks. A
 * subsystem offering it still implements `invoke`; `forwardCall` may decline any call.
 */

/**
 * A successful reply still in the downstream's text (checked to be valid JSON, never parsed),
 * cut around its id: `before + <the caller's id as JSON> + after` is the same reply addressed to
 * the caller. A front writes that instead of parsing the result and serializing it again.
 */
export interface RawReply {
  readonly before: string;
  /** Ends the message; no newline. */
  readonly after: string;
  /** Appends `before + <id as JSON> + after` as bytes (no newline), without decoding the text. */
  writeTo(out: ByteBuilder, id: string | number): void;
  /** The result says `isError: true`. */
  readonly isError: boolean;
  /** The result as an object, for a sink that cannot use the text (parses it). */
  parse(): CallToolResultLike;
}

/**
 * Where one forwarded call's outcome goes: exactly one of `result` / `resultText` / `error`, once;
 * `progress` before it.
 */
export interface ForwardSink {
  result(result: CallToolResultLike): void;
  /** Takes a result still as text; a sink without it gets `result(reply.parse())`. */
  resultText?(reply: RawReply): void;
  error(err: CrosspointError): void;
  progress(update: ProgressUpdate): void;
}

/**
 * Tool arguments still as the client wrote them: one JSON object, already checked to be valid JSON
 * (the gateway's stdio front scans plain calls instead of parsing them), as text or as the bytes it
 * arrived in. A downstream that speaks JSON gets them as they are; bytes are decoded only if asked.
 */
export class JsonText {
  private text: string | undefined;
  /** The UTF-8 bytes `[start, end)` of `bytes`, when made from bytes. */
  readonly bytes: Buffer | undefined;
  readonly start: number;
  readonly end: number;

  constructor(json: string);
  constructor(bytes: Buffer, start: number, end: number);
  constructor(source: string | Buffer, start = 0, end = 0) {
    if (typeof source === 'string') {
      this.text = source;
      this.bytes = undefined;
      this.start = this.end = 0;
    } else {
      this.text = undefined;
      this.bytes = source;
      this.start = start;
      this.end = end;
    }
  }

  get json(): string {
    this.text ??= (this.bytes as Buffer).toString('utf8', this.start, this.end);
    return this.text;
  }

  /** The arguments as an object, for a path that needs one (parses the text). */
  parse(): Record<string, unknown> {
    return JSON.parse(this.json) as Record<string, unknown>;
  }
}

/** A forwarded call's arguments: an object, or the client's text of one. */
export type ToolArguments = Record<string, unknown> | JsonText;

/** A forwarded call in flight, as its caller holds it. */
export interface ForwardHandle {
  /** Cancels it (downstream too); its sink then gets a `CANCELLED` error. */
  cancel(reason?: unknown): void;
}

export interface ForwardOptions {
  /** The caller's deadline, restarted by each progress report. Default: the tool's own. */
  timeoutMs?: number;
  /** Whether the caller listens for progress (only then is the downstream asked for it). */
  progress: boolean;
  /** The client on whose behalf the call runs (the downstream's sampling/elicitation/roots requests go to it). */
  client?: ClientChannel | undefined;
  /**
   * Hears each failed call's error just before its sink does (the gateway's recent-errors record).
   * One function per caller, not one per call: the tool's name comes with the error.
   */
  onError?: ((tool: string, err: CrosspointError) => void) | undefined;
}

/**
 * Starts a call and reports through `sink`, or returns `undefined` when the call must take the
 * ordinary `invoke` path (not running, no free slot…). It enforces the deadline itself.
 */
export interface ForwardingSubsystem {
  forwardCall(tool: string, args: ToolArguments, options: ForwardOptions, sink: ForwardSink): ForwardHandle | undefined;
}
