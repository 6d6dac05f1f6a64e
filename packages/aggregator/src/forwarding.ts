import {
  type CallToolResultLike,
  type CrosspointError,
  DEFAULT_TOOL_TIMEOUT_MS,
  type ForwardHandle,
  type ForwardOptions,
  type ForwardSink,
  type ForwardingSubsystem,
  type ProgressUpdate,
  type RawReply,
  errorCodeOf,
  errorMessageOf,
} from '@crosspoint/core';
import type { RecentErrors } from './recent-errors.js';
import type { Registration } from './registration.js';

export type { ForwardHandle, ForwardOptions, ForwardSink, ForwardingSubsystem };

function canForward(subsystem: object): subsystem is ForwardingSubsystem {
  return typeof (subsystem as Partial<ForwardingSubsystem>).forwardCall === 'function';
}

/** Records a failed call in its subsystem's recent-errors ring, as `invoke` does, then passes it on. */
class RecordingSink implements ForwardSink {
  constructor(
    private readonly errors: RecentErrors,
    private readonly tool: string,
    private readonly sink: ForwardSink,
  ) {}

  result(result: CallToolResultLike, raw?: RawReply): void {
    this.sink.result(result, raw);
  }

  error(err: CrosspointError): void {
    this.errors.add({ at: Date.now(), tool: this.tool, code: errorCodeOf(err), message: errorMessageOf(err) });
    this.sink.error(err);
  }

  progress(update: ProgressUpdate): void {
    this.sink.progress(update);
  }
}

/**
 * `FederationAggregator.invoke` for a subsystem that can forward synchronously: the same deadline
 * (per-tool override, descriptor, default) and the same recent-errors record; a down subsystem, or
 * one without the path, is left to `invoke` (`undefined`), which answers as it always has.
 */
export function forwardThrough(
  reg: Registration,
  tool: string,
  descriptorTimeoutMs: number | undefined,
  args: Record<string, unknown>,
  options: ForwardOptions,
  sink: ForwardSink,
): ForwardHandle | undefined {
  if (reg.isDown || !canForward(reg.subsystem)) return undefined;
  const timeoutMs = options.timeoutMs ?? reg.timeoutFor(tool) ?? descriptorTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const forwarded: ForwardOptions = { timeoutMs, progress: options.progress };
  if (options.client) forwarded.client = options.client;
  return reg.subsystem.forwardCall(tool, args, forwarded, new RecordingSink(reg.errors, tool, sink));
}
