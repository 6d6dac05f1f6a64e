import type { CallToolResultLike, ForwardHandle, ForwardOptions, ForwardSink, ProgressUpdate, RawReply, ToolArguments } from '@crosspoint/core';
import { mapCallError, sessionFacts } from './call-errors.js';
import type { CallSink } from './direct-caller.js';
import { deliverText } from './raw-reply.js';
import { turnTime } from './turn-clock.js';
import type { InFlight } from './client-router.js';
import type { McpSession } from './mcp-session.js';
import type { ServerStats } from './server-stats.js';

export type { ForwardHandle, ForwardOptions, ForwardSink };

/** What a forwarded call reports back to the subsystem that started it. */
export interface ForwardingOwner {
  readonly name: string;
  readonly stats: ServerStats;
  /** The call is over: free its concurrency slot, in-flight count and its client's record (if it has one). */
  finished(client: InFlight | undefined): void;
}

/**
 * One `tools/call` on the synchronous forwarding path: the same bookkeeping as
 * `McpSessionSubsystem.invoke` (counters, latency window, error mapping with the stderr tail,
 * timeouts counted) but driven by callbacks from the `DirectCaller` instead of a chain of promises.
 * The object is at once the caller's sink, the caller's cancel handle and the `DirectCaller`'s sink.
 */
export class ForwardedCall implements CallSink, ForwardHandle {
  private id = 0;
  private cancelled = false;
  private readonly started = turnTime();

  constructor(
    private readonly owner: ForwardingOwner,
    private readonly session: McpSession,
    private readonly tool: string,
    private readonly timeoutMs: number,
    private readonly sink: ForwardSink,
    /** Its client's record in the subsystem's client router, if it has a client. */
    private readonly clientToken: InFlight | undefined,
    /** The caller's record of failures (`ForwardOptions.onError`). */
    private readonly onError: ForwardOptions['onError'],
  ) {}

  /** Sends the call; its outcome may reach the sink before this returns (a write that failed). */
  start(args: ToolArguments, wantsProgress: boolean): this {
    this.id = this.session.forward(this.tool, args, this.timeoutMs, wantsProgress, this, this.started);
    return this;
  }

  result(result: CallToolResultLike): void {
    if (typeof result !== 'object' || result === null) {
      this.error(new Error('the server answered without a result object'));
      return;
    }
    this.succeeded(result.isError === true);
    this.sink.result(result);
  }

  /** A result still as text (an object, checked by the scanner). */
  resultText(reply: RawReply): void {
    this.succeeded(reply.isError);
    deliverText(this.sink, reply);
  }

  private succeeded(isError: boolean): void {
    const stats = this.owner.stats;
    this.owner.finished(this.clientToken);
    stats.recordLatency(turnTime() - this.started);
    if (isError) stats.errors++;
  }

  error(err: Error): void {
    const session = this.session;
    const mapped = mapCallError(err, {
      server: this.owner.name,
      tool: this.tool,
      timeoutMs: this.timeoutMs,
      cancelled: this.cancelled,
      ...sessionFacts(session),
    });
    const stats = this.owner.stats;
    this.owner.finished(this.clientToken);
    stats.errors++;
    if (mapped.code === 'TOOL_TIMEOUT') stats.timeouts++;
    this.onError?.(this.tool, mapped);
    this.sink.error(mapped);
  }

  progress(update: ProgressUpdate): void {
    this.sink.progress(update);
  }

  cancel(reason?: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.session.abortForwarded(this.id, String(reason ?? 'cancelled'));
  }
}
