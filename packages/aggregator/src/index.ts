export { FederationAggregator } from './aggregator.js';
export { DEFAULT_STARTUP_DEADLINE_MS, type FederationAggregatorOptions, type StartOptions } from './options.js';
export { buildCatalog, type Catalog, type CatalogEntry, type CatalogSource, type McpTool } from './catalog.js';
export { GATEWAY_PREFIX, createGatewaySubsystem, type GatewayToolsHost } from './gateway-tools.js';
export { createStreamLogger, silentLogger, type LogLevel, type Logger, type StreamLoggerOptions } from './logger.js';
export { NativeSubsystem, type NativeCallContext, type NativeSubsystemOptions, type NativeToolEntry } from './native-subsystem.js';
export { RecentErrors, type RecentError } from './recent-errors.js';
export type { RegisterOptions } from './registration.js';
export { isRestartable, type Restartable } from './restartable.js';
export { summarizeStart, type GatewayStatus, type StartSummary, type SubsystemStatus } from './status.js';
export { compileToolFilter, type ToolFilter } from './tool-filter.js';
export { invokeWithTimeout } from './timed-invoke.js';
export { Bm25Index, tokenize, type Bm25Document, type Bm25Hit } from './discovery/bm25.js';
export {
  DISCOVERY_TOOLS,
  DISCOVERY_TOOL_NAMES,
  DiscoveryIndex,
  TOOLS_DESCRIBE_MANY,
  TOOLS_SEARCH,
  type SearchResult,
} from './discovery/discovery-tools.js';
export { DEFERRED_CLIENT_CAPABILITY, decideDeferred, type DeferralInputs, type DeferredSetting } from './front/deferral.js';
export { JsonRpcError } from './front/json-rpc-error.js';
export { InitializeHookTransport, type InitializeHook } from './front/initialize-hook.js';
export { NdjsonStreamTransport, type NdjsonTransportOptions } from './front/ndjson-transport.js';
export { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from './front/pagination.js';
export { serveStdio, type ServeStdioOptions } from './front/serve-stdio.js';
export {
  createSessionFactory,
  type ConnectSession,
  type SessionFactoryOptions,
  type SessionHandle,
  type SessionInfo,
} from './front/session-factory.js';
export { FederatedSurface, type SurfaceHost } from './surface/federated-surface.js';
export { buildSurfaceCatalog, readSurfaceSource, type PromptEntry, type SurfaceCatalog, type SurfaceSource } from './surface/surface-catalog.js';
export {
  RELATED_TASK_META,
  namespaceTaskId,
  namespaceUri,
  rewriteTaskIds,
  splitNamespacedTaskId,
  splitNamespacedUri,
} from './surface/namespacing.js';
export { ALL_SESSION_CAPABILITIES, declaredCapabilities, unionCapabilities, type FederatedCapabilities } from './surface/capabilities.js';
export { ResourceSubscriptions, SessionLogLevels, type SessionKey } from './surface/session-registry.js';
export { TASK_RESULT_WAIT_MS, TaskRouter } from './surface/task-router.js';
export { withDeadline } from './surface/deadline.js';
export { DEFAULT_CLIENT_REQUEST_TIMEOUT_MS, SessionClientChannel } from './front/client-channel.js';
export type { RequestRoutedTransport } from './front/open-requests.js';
export { attachSessionSurface, type SessionSurfaceContext } from './front/session-surface.js';
export { passthroughIdentity, type PassthroughIdentity } from './front/passthrough-identity.js';
export { runTaskToolCall, type TaskCallRequest } from './front/task-call.js';
export { toJsonRpcError } from './front/json-rpc-error.js';
export { executionOf } from './catalog.js';
export { FederatedSurfaceMembers } from './surface/surface-members.js';
export type { ForwardHandle, ForwardOptions, ForwardSink, ForwardingSubsystem } from './forwarding.js';
