import type { EventEmitter } from 'eventemitter3';
import type { HealthStatus } from './health.js';
import type { ClientChannel, SubsystemSurface, SurfaceEvents } from './surface.js';
import type { ToolDescriptor } from './tool-descriptor.js';
import type { ToolOutput } from './tool-output.js';

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * An optional, cheaper companion of `InvokeOptions.signal` for hot paths: a caller that has one
 * passes it so a forwarding layer needs neither an `AbortSignal` nor a listener on one per call.
 * It aborts whenever `signal` would; `signal` stays valid for everything else.
 */
export interface CancellationHook {
  readonly aborted: boolean;
  readonly reason?: unknown;
  /** Sets (or with `undefined`, clears) the one listener; it runs once, on abort. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void;
}

export interface InvokeOptions {
  /** Aborted when the caller cancels. The call must then reject with code `CANCELLED` promptly. */
  signal?: AbortSignal;
  /** Called for each progress report; a subsystem that reports progress keeps the call alive. */
  onProgress?: (update: ProgressUpdate) => void;
  /** Overrides the descriptor's timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /** See `CancellationHook`; subsystems may ignore it and watch `signal` instead. */
  cancellation?: CancellationHook;
  /** The client on whose behalf the call runs (for sampling, elicitation, roots mid-call). */
  client?: ClientChannel;
  /**
   * A task-augmented call (the client's `params.task`, e.g. `{ ttl }`): a subsystem that supports
   * tasks resolves with the raw `CreateTaskResult` wrapped by `rawToolResult`; others ignore it.
   */
  task?: Record<string, unknown>;
}

export interface SubsystemEvents extends SurfaceEvents {
  /** The list returned by `tools()` changed. Emit once per change; consumers debounce. */
  toolsChanged: [];
  /** The health level or state changed. */
  healthChanged: [status: HealthStatus];
}

/**
 * A piece of the bench that offers tools: a serial instrument, a child MCP server, a whole
 * federation of them. Everything the gateway serves goes through this contract.
 *
 * Rules every implementation keeps (the `@crosspoint/testing` contract suite checks them):
 *
 * - **Names.** `name` is the default prefix of its tools; a snake_case identifier
 *   (`^[a-z][a-z0-9_]*$`). `version` is a non-empty string.
 * - **`tools()` is synchronous and cheap**; it returns the current catalog and never throws.
 *   Before `connect()` resolves it returns what is known without I/O: a native subsystem whose
 *   tools are static returns them all; a proxy that must ask its downstream returns `[]`.
 *   After a change it emits `toolsChanged`.
 * - **`connect(args)`** brings the subsystem up. It may be called again after `disconnect()`.
 *   Calling it while connected resolves without effect.
 * - **`invoke` may run concurrently.** Callers do not serialize; a subsystem that must (one serial
 *   wire) queues internally. Arguments are validated before any I/O: bad ones reject with
 *   `INVALID_ARGUMENTS`, an unknown tool with `TOOL_NOT_FOUND`, a subsystem that is not up with
 *   `SUBSYSTEM_UNAVAILABLE`, an abort with `CANCELLED`, an expired timeout with `TOOL_TIMEOUT`.
 * - **In-flight calls on `disconnect()` or `shutdown()`** reject with a `CrosspointError` of code
 *   `DISCONNECTED` (distinguishable from `CANCELLED`: nobody asked for it); they never hang.
 * - **`shutdown()` is final and idempotent**: it releases every resource (processes, ports,
 *   timers); a second call resolves at once; afterwards `invoke` rejects `SUBSYSTEM_UNAVAILABLE`.
 * - **`healthCheck()` never throws**; an unhealthy subsystem reports it in the status.
 * - **Beyond tools** (resources, prompts, completions, logging, tasks) everything is optional:
 *   see `SubsystemSurface`.
 */
export interface Subsystem extends EventEmitter<SubsystemEvents>, SubsystemSurface {
  readonly name: string;
  readonly version: string;
  tools(): readonly ToolDescriptor[];
  connect(args?: Record<string, unknown>): Promise<void>;
  disconnect(): Promise<void>;
  healthCheck(): Promise<HealthStatus>;
  invoke(tool: string, args: Record<string, unknown>, options?: InvokeOptions): Promise<ToolOutput>;
  shutdown(): Promise<void>;
}

export const SUBSYSTEM_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
