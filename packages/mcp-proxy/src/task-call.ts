import { CrosspointError, type InvokeOptions, type ToolOutput, rawToolResult } from '@crosspoint/core';
import { mapCallError, sessionFacts } from './call-errors.js';
import type { McpSession } from './mcp-session.js';
import type { ProxySurface } from './proxy-surface.js';
import { declares } from './surface-capabilities.js';

export interface TaskCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /** The client's `params.task` (e.g. `{ ttl }`). */
  task: Record<string, unknown>;
  options: InvokeOptions;
  timeoutMs: number;
}

/**
 * A task-augmented `tools/call`: sent through the SDK client with `params.task` (not the lean
 * path, whose results must be `CallToolResult`s) and resolved with `rawToolResult(CreateTaskResult)`
 * untouched. A server that does not declare `tasks.requests.tools.call` gets a plain call, as the
 * `InvokeOptions.task` contract says (the gateway should not have offered it a task).
 */
export async function invokeAsTask(session: McpSession, surface: ProxySurface, call: TaskCall): Promise<ToolOutput> {
  const { server, tool, args, task, options, timeoutMs } = call;
  const signal = options.signal;
  const taskParams = declares(session.capabilities, 'tasks.requests.tools.call') ? { task } : {};
  if (signal?.aborted) throw new CrosspointError('CANCELLED', `${server}.${tool} was cancelled`);
  const token = options.client ? surface.router.enter(options.client) : undefined;
  try {
    const result = await session.request('tools/call', { name: tool, arguments: args, ...taskParams }, { timeoutMs, signal });
    return rawToolResult(result as Parameters<typeof rawToolResult>[0]);
  } catch (err) {
    throw mapCallError(err, {
      server,
      tool,
      timeoutMs,
      cancelled: signal?.aborted === true,
      ...sessionFacts(session),
    });
  } finally {
    if (token) surface.router.leave(token);
  }
}
