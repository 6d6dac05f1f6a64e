/**
 * @crosspoint/mcp-proxy — ordinary MCP servers as supervised Crosspoint subsystems.
 *
 * Layers (each usable alone):
 * 1. `spawnChildLink`: a child in its own process group + an SDK Transport over its stdio
 *    (non-JSON stdout lines skipped and kept), bounded stderr ring, escalating group stop.
 * 2. `McpSessionSubsystem`: a Subsystem over any transport factory (`connect`), forwarding calls
 *    untouched with progress, timeouts and cancellation, supervised by policy with backoff; and the
 *    rest of the MCP surface (resources, prompts, completions, logging, tasks, and the child's
 *    sampling/elicitation/roots requests routed to a front client) through `ProxySurface`.
 * 3. `createChildServerSubsystem`: layer 1 + 2 for one `mcpServers` entry, with its process
 *    group recorded in a state file; `reapOrphans` cleans up after a gateway killed by SIGKILL.
 */
export {
  childServerConfigSchema,
  parseChildServerConfig,
  parseSupervisionSettings,
  supervisionSettingsSchema,
  type ChildServerConfig,
  type ChildServerConfigInput,
  type RestartPolicy,
} from './config.js';
export { createChildServerSubsystem, type ChildServerOptions } from './child-server-subsystem.js';
export { startServers, type StartReport } from './start-all.js';
export { McpSessionSubsystem, type McpSessionSubsystemOptions, type Restartable } from './mcp-session-subsystem.js';
export {
  McpSession,
  PROXY_CLIENT_CAPABILITIES,
  type McpSessionOptions,
  type SessionCallOptions,
  type SessionEnd,
  type SessionRequestOptions,
} from './mcp-session.js';
export { ClientRouter, CLIENT_REQUEST_METHODS, InFlight, missingCapability } from './client-router.js';
export { ProxySurface, type ProxySurfaceDeps } from './proxy-surface.js';
export { SessionCatalogs, type CatalogGroup, type CatalogKind, type SessionCatalogsDeps } from './session-catalogs.js';
export { FORWARDABLE_CAPABILITIES, declares, surfaceOf } from './surface-capabilities.js';
export { mapRequestError, type RequestErrorContext } from './request-errors.js';
export { type ForwardHandle, type ForwardOptions, type ForwardSink } from './forwarded-call.js';
export type { SupervisionSettings } from './supervision-settings.js';
export type { ConnectDownstream, DownstreamTransport, ProxyLogger } from './downstream.js';
export { spawnChildLink, type ChildLink, type ChildLinkOptions, type ExitInfo } from './child-link.js';
export { NdjsonTransport, type NdjsonTransportOptions } from './ndjson-transport.js';
export { fastToolCalls, type ToolCallHandler } from './fast-tool-calls.js';
export { LineRing } from './line-ring.js';
export { resolveCommand, checkWorkingDirectory } from './resolve-command.js';
export { reapOrphans, type ReapOptions, type ReapReport } from './reap-orphans.js';
export { forgetGroup, readGroupRecords, recordGroup, type GroupRecord } from './state-file.js';
export { ServerStats } from './server-stats.js';
