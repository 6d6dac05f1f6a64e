/**
 * The MCP surface beyond tools: resources, prompts, completions, logging, tasks, and the requests a
 * subsystem may send back to the client it works for (sampling, elicitation, roots).
 *
 * Every member of `SubsystemSurface` is optional: a subsystem offers what it has, and the gateway
 * (which federates them) serves the union. Shapes follow the MCP spec's JSON, kept open
 * (`[key: string]: unknown`) so fields a newer spec adds pass through untouched.
 */

export interface ResourceDescriptor {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  [key: string]: unknown;
}

export interface ResourceTemplateDescriptor {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  [key: string]: unknown;
}

export interface ResourceContents {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
  [key: string]: unknown;
}

export interface ReadResourceResultLike {
  contents: ResourceContents[];
  [key: string]: unknown;
}

export interface PromptArgumentDescriptor {
  name: string;
  description?: string;
  required?: boolean;
  [key: string]: unknown;
}

export interface PromptDescriptor {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgumentDescriptor[];
  [key: string]: unknown;
}

export interface GetPromptResultLike {
  description?: string;
  messages: Array<{ role: string; content: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

export type CompletionReference = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

export interface CompleteRequestLike {
  ref: CompletionReference;
  argument: { name: string; value: string };
  context?: { arguments?: Record<string, string> };
}

export interface CompleteResultLike {
  completion: { values: string[]; total?: number; hasMore?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

/** RFC 5424 severities, as MCP names them, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export type McpLogLevel = (typeof LOG_LEVELS)[number];

/** True when a message at `level` passes a client's `minimum`. */
export function logLevelPasses(level: McpLogLevel, minimum: McpLogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minimum);
}

export interface LogMessage {
  level: McpLogLevel;
  logger?: string;
  data: unknown;
}

/** The MCP capabilities a subsystem offers beyond tools (what a server declares, tools excepted). */
export interface SurfaceCapabilities {
  resources?: { subscribe?: boolean; listChanged?: boolean };
  prompts?: { listChanged?: boolean };
  completions?: Record<string, never>;
  logging?: Record<string, never>;
  tasks?: Record<string, unknown>;
}

/** The methods a subsystem may call on the client it works for. */
export type ClientRequestMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';

/** The notifications a subsystem may pass on to the client it works for. */
export type ClientNotificationMethod = 'notifications/elicitation/complete';

/** The client-side capabilities a `ClientChannel` may have (as declared in the client's initialize). */
export interface ClientCapabilitiesLike {
  sampling?: Record<string, unknown>;
  elicitation?: Record<string, unknown>;
  roots?: { listChanged?: boolean };
  [key: string]: unknown;
}

/**
 * One front session's client, as seen by a subsystem: what it declared it can do, and a way to ask
 * it. The gateway passes the channel of the caller with every request it routes (`RequestOptions`),
 * so a subsystem that needs sampling mid-call asks the client whose call it is serving.
 */
export interface ClientChannel {
  /** For messages: `stdio`, `ws 100.64.0.7:51234`… */
  readonly label: string;
  readonly capabilities: ClientCapabilitiesLike;
  /** False once the session is gone; a closed channel rejects every request. */
  readonly open: boolean;
  request(method: ClientRequestMethod, params: Record<string, unknown>, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<unknown>;
  /** Tells the client something that follows one of its answers (a URL elicitation completed); never throws. */
  notify?(method: ClientNotificationMethod, params: Record<string, unknown>): Promise<void>;
}

/** Options of every surface request a gateway routes to a subsystem. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The client on whose behalf this request runs. */
  client?: ClientChannel;
}

/** A task-related request routed to the subsystem that owns the task (ids as that subsystem issued them). */
export type TaskRequestMethod = 'tasks/get' | 'tasks/result' | 'tasks/cancel' | 'tasks/list';

/**
 * The optional half of `Subsystem`. Catalog members (`resources()`, `prompts()`…) follow the rules of
 * `tools()`: synchronous, cheap, never throw, and a change is announced by the matching event.
 * Request members reject with a `CrosspointError`; one that carries `details.rpcCode` (a JSON-RPC
 * error code from a downstream server) is answered to the client with that code.
 */
export interface SubsystemSurface {
  /** What this subsystem offers now or may offer once up (a proxy declares what its server may offer). */
  surfaceCapabilities?(): SurfaceCapabilities;
  resources?(): readonly ResourceDescriptor[];
  resourceTemplates?(): readonly ResourceTemplateDescriptor[];
  readResource?(uri: string, options?: RequestOptions): Promise<ReadResourceResultLike>;
  subscribeResource?(uri: string, options?: RequestOptions): Promise<void>;
  unsubscribeResource?(uri: string, options?: RequestOptions): Promise<void>;
  prompts?(): readonly PromptDescriptor[];
  getPrompt?(name: string, args: Record<string, string>, options?: RequestOptions): Promise<GetPromptResultLike>;
  complete?(request: CompleteRequestLike, options?: RequestOptions): Promise<CompleteResultLike>;
  setLogLevel?(level: McpLogLevel): Promise<void>;
  /** The client's roots changed (`notifications/roots/list_changed`): tell whoever asked for them. */
  rootsChanged?(): void;
  /** Forwards a `tasks/*` request; results pass through untouched. */
  taskRequest?(method: TaskRequestMethod, params: Record<string, unknown>, options?: RequestOptions): Promise<Record<string, unknown>>;
}

/** Events of the surface, emitted by the subsystem like `toolsChanged`. */
export interface SurfaceEvents {
  resourcesChanged: [];
  promptsChanged: [];
  /** A subscribed resource changed (`notifications/resources/updated`). */
  resourceUpdated: [uri: string];
  /** A log message from the subsystem (a downstream's `notifications/message`). */
  log: [message: LogMessage];
  /** A task's status changed (`notifications/tasks/status` params, ids as the subsystem issued them). */
  taskStatus: [params: Record<string, unknown>];
}
