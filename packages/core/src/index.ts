export {
  CrosspointError,
  ERROR_CODES,
  errorCodeOf,
  errorMessageOf,
  isCrosspointError,
  rpcCodeOf,
  type CrosspointErrorOptions,
  type ErrorCode,
  type KnownErrorCode,
} from './errors.js';
export {
  HEALTH_LEVELS,
  SUBSYSTEM_STATES,
  levelForState,
  worstLevel,
  type HealthLevel,
  type HealthStatus,
  type SubsystemState,
} from './health.js';
export {
  SUBSYSTEM_NAME_PATTERN,
  type CancellationHook,
  type InvokeOptions,
  type ProgressUpdate,
  type Subsystem,
  type SubsystemEvents,
} from './subsystem.js';
export {
  DEFAULT_TOOL_TIMEOUT_MS,
  MCP_TOOL_NAME,
  NATIVE_TOOL_NAME,
  effectiveTimeout,
  validateToolDescriptor,
  type JsonSchema,
  type NamingRule,
  type ToolAnnotations,
  type ToolDescriptor,
} from './tool-descriptor.js';
export {
  isRawToolResult,
  rawToolResult,
  type CallToolResultLike,
  type RawToolResult,
  type ToolOutput,
} from './tool-output.js';
export { errorToCallToolResult, toCallToolResult } from './tool-result.js';
export { defineNativeTool, formatZodIssues, type NativeTool, type NativeToolSpec } from './native-tool.js';
export {
  DEFAULT_WIRE_MAX_LENGTH,
  WireMap,
  buildWireMap,
  internalName,
  stableHash,
  type WireCollision,
  type WireFormatOptions,
  type WireMapReport,
  type WireShortening,
  type WireStyle,
} from './wire-format.js';
export {
  LOG_LEVELS,
  logLevelPasses,
  type ClientCapabilitiesLike,
  type ClientChannel,
  type ClientNotificationMethod,
  type ClientRequestMethod,
  type CompleteRequestLike,
  type CompleteResultLike,
  type CompletionReference,
  type GetPromptResultLike,
  type LogMessage,
  type McpLogLevel,
  type PromptArgumentDescriptor,
  type PromptDescriptor,
  type ReadResourceResultLike,
  type RequestOptions,
  type ResourceContents,
  type ResourceDescriptor,
  type ResourceTemplateDescriptor,
  type SubsystemSurface,
  type SurfaceCapabilities,
  type SurfaceEvents,
  type TaskRequestMethod,
} from './surface.js';
export { JsonText, type ForwardHandle, type ForwardOptions, type ForwardSink, type ForwardingSubsystem, type RawReply, type ToolArguments } from './forwarding.js';
export { JSON_RPC_BYTES, JsonScanner, MAX_SCAN_DEPTH, OBJECT_END, asciiBytes, bytesAt, sameBytes } from './json-scan.js';
export { RecentStrings } from './recent-strings.js';
export { ByteBuilder } from './byte-builder.js';
export { IdTable } from './id-table.js';
