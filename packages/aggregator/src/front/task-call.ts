import { type ClientChannel, CrosspointError, type ProgressUpdate, toCallToolResult } from '@crosspoint/core';
import type { FederationAggregator } from '../aggregator.js';
import { executionOf } from '../catalog.js';
import type { SessionKey } from '../surface/session-registry.js';
import { JsonRpcError, toJsonRpcError } from './json-rpc-error.js';

export interface TaskCallRequest {
  name: string;
  args: Record<string, unknown>;
  /** The client's `params.task` (e.g. `{ ttl }`). */
  task: Record<string, unknown>;
  signal: AbortSignal;
  onProgress: ((update: ProgressUpdate) => void) | undefined;
  client: ClientChannel;
  /** The session's tool scope, if any. */
  allowed: ((wire: string) => boolean) | undefined;
}

/**
 * A task-augmented `tools/call`: the owner creates the task and answers a `CreateTaskResult`,
 * whose `taskId` is namespaced (`<prefix>:<id>`, none in passthrough mode) and recorded as this
 * session's. A tool whose `execution.taskSupport` is absent or `forbidden` is refused with -32601,
 * as the spec asks; other failures are JSON-RPC errors (a task call has no `isError` result).
 */
export async function runTaskToolCall(aggregator: FederationAggregator, session: SessionKey, call: TaskCallRequest): Promise<Record<string, unknown>> {
  try {
    let entry = aggregator.catalog().byWire.get(call.name);
    if (!entry) {
      await aggregator.whenReady();
      entry = aggregator.catalog().byWire.get(call.name);
    }
    if (!entry) throw new CrosspointError('TOOL_NOT_FOUND', `unknown tool "${call.name}"; list the tools to see what exists`);
    if (call.allowed && !call.allowed(call.name)) throw new CrosspointError('FORBIDDEN', `this session may not call "${call.name}"`);
    const support = executionOf(entry.descriptor)?.['taskSupport'];
    if (support !== 'optional' && support !== 'required') {
      throw new JsonRpcError(-32601, `${call.name} does not support task-augmented calls (its execution.taskSupport is ${JSON.stringify(support ?? 'forbidden')}); call it without "task"`);
    }
    const output = await aggregator.invoke(entry.internal, call.args, {
      signal: call.signal,
      client: call.client,
      task: call.task,
      ...(call.onProgress ? { onProgress: call.onProgress } : {}),
    });
    const result = toCallToolResult(output) as Record<string, unknown>;
    if (typeof result['task'] !== 'object' || result['task'] === null) {
      throw new CrosspointError('DOWNSTREAM_ERROR', `${call.name} was called as a task but its subsystem answered without creating one`);
    }
    aggregator.surface.tasks.remember(session, result); // its id is already namespaced by the aggregator
    return result;
  } catch (err) {
    throw toJsonRpcError(err);
  }
}
