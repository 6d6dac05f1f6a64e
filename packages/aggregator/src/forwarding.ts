import { type ClientChannel, DEFAULT_TOOL_TIMEOUT_MS, type ForwardHandle, type ForwardOptions, type ForwardSink, type ForwardingSubsystem, type ToolArguments } from '@crosspoint/core';
import type { CatalogEntry } from './catalog.js';
import type { Registration } from './registration.js';

export type { ForwardHandle, ForwardOptions, ForwardSink, ForwardingSubsystem };

function canForward(subsystem: object): subsystem is ForwardingSubsystem {
  return typeof (subsystem as Partial<ForwardingSubsystem>).forwardCall === 'function';
}

/**
 * `FederationAggregator.invoke` for a subsystem that can forward synchronously: the same deadline
 * (per-tool override, descriptor, default) and the same recent-errors record; a down subsystem, or
 * one without the path, is left to `invoke` (`undefined`), which answers as it always has.
 */
export function forwardThrough(
  reg: Registration,
  entry: CatalogEntry,
  args: ToolArguments,
  progress: boolean,
  client: ClientChannel | undefined,
  sink: ForwardSink,
): ForwardHandle | undefined {
  if (reg.isDown || !canForward(reg.subsystem)) return undefined;
  const tool = entry.tool;
  // One object of one shape per call: this path runs for every call, and its cost shows.
  const options: ForwardOptions = { timeoutMs: reg.timeoutFor(tool) ?? entry.descriptor.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, progress, client, onError: reg.recordError };
  return reg.subsystem.forwardCall(tool, args, options, sink);
}
