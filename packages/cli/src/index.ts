export { runCli } from './main.js';
export { parseCommand, USAGE, UsageError, type Command, type RemoteTarget, type ServeFronts } from './args.js';
export type { CliIo } from './io.js';
export { CLI_VERSION } from './version.js';
export {
  configSchema,
  crosspointJsonSchema,
  GATEWAY_ONLY_SERVER_KEYS,
  MCP_SERVER_KEYS,
  type CrosspointConfig,
  type McpServerConfig,
  type SubsystemEntryConfig,
} from './config/schema.js';
export { defaultPrefix, findConfig, loadConfig, EMBEDDED_DEFAULT, type ConfigSource, type LoadedConfig } from './config/load-config.js';
export { expandEnv } from './config/expand-env.js';
export { formatProblem, type ConfigProblem } from './config/problems.js';
export { buildGateway, deferredFromEnv, type BuildOptions, type Gateway } from './compose/build-gateway.js';
export { createChildServers, splitServerEntry, type ChildServerContext, type ChildServerRegistration } from './compose/child-servers.js';
export { importPlugin, resolvePlugin, type CreateSubsystem, type PluginContext } from './compose/plugins.js';
export { readTokens, resolveClientToken, resolveServeTokens, type ResolvedToken, type ServeTokenSources } from './compose/tokens.js';
export { FRONT_NAMES, chooseFronts, planFronts, startNetworkFronts, type FrontName, type NetworkFronts } from './compose/network-fronts.js';
export { passthroughCandidates, passthroughProblem, passthroughWanted } from './compose/passthrough.js';
export { createDemoBench } from './demo/demo-bench.js';
