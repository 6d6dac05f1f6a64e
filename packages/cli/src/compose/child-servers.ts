import type { Logger, RegisterOptions } from '@crosspoint/aggregator';
import { CrosspointError, type Subsystem, errorMessageOf } from '@crosspoint/core';
import { type ChildServerConfigInput, McpSessionSubsystem, createChildServerSubsystem, parseSupervisionSettings } from '@crosspoint/mcp-proxy';
import { createClientTransport } from '@crosspoint/remote';
import type { LoadedConfig } from '../config/load-config.js';
import { GATEWAY_ONLY_SERVER_KEYS, MCP_SERVER_KEYS, type McpServerConfig } from '../config/schema.js';

export interface ChildServerContext {
  logger: Logger;
  /** Directory of the config file (relative `cwd`s resolve from here). */
  configDir: string;
  /** The environment crosspoint was started with (child servers inherit it, `env` laid over). */
  env: Readonly<Record<string, string | undefined>>;
  /** Where child process groups are recorded for orphan reaping; none: not recorded. */
  stateFile?: string;
  /** Told about an entry that cannot become a server (bad settings...); the others still run. */
  onFailure?: (name: string, reason: string) => void;
  /** Reported as each server's version. */
  version?: string;
}

export interface ChildServerRegistration {
  subsystem: Subsystem;
  options: RegisterOptions;
}

/**
 * Splits one `mcpServers` entry into what the child-server supervisor takes (command, args, env,
 * cwd, restart, timeouts, lazy, ...: every known key but the gateway's own) and how the gateway
 * registers it (prefix, tool filter). Keys of other clients (`alwaysAllow`...) are dropped here;
 * they were warned about when the config was loaded.
 */
export function splitServerEntry(server: LoadedConfig['servers'][number]): { child: Record<string, unknown>; register: RegisterOptions } {
  const child: Record<string, unknown> = {};
  const config = server.config as McpServerConfig & Record<string, unknown>;
  for (const key of MCP_SERVER_KEYS) {
    if ((GATEWAY_ONLY_SERVER_KEYS as readonly string[]).includes(key)) continue;
    if (config[key] !== undefined) child[key] = config[key];
  }
  return { child, register: { prefix: server.prefix, ...(config.tools ? { tools: config.tools } : {}) } };
}

/**
 * The one place where `mcpServers` entries become subsystems: a `command` entry is a supervised
 * child process, a `url` entry a supervised session to a remote MCP server (ws://, tcp://,
 * http(s)://). An entry that cannot be built fails alone, with its reason logged and passed to
 * `onFailure`; the rest of the bench still runs.
 */
export function createChildServers(servers: LoadedConfig['servers'], context: ChildServerContext): ChildServerRegistration[] {
  const out: ChildServerRegistration[] = [];
  for (const server of servers) {
    try {
      out.push(createChildServer(server, context));
    } catch (err) {
      const reason = errorMessageOf(err).replace(/^mcpServers\.[a-z0-9_]+: /, '');
      context.logger.error(`mcpServers.${server.name}: not started: ${reason}`);
      context.onFailure?.(server.prefix, reason);
    }
  }
  return out;
}

function createChildServer(server: LoadedConfig['servers'][number], context: ChildServerContext): ChildServerRegistration {
  const { child, register } = splitServerEntry(server);
  const { logger } = context;
  const version = context.version ? { version: context.version } : {};
  if (server.config.url === undefined) {
    const subsystem = createChildServerSubsystem(server.prefix, child as ChildServerConfigInput, {
      baseEnv: { ...context.env },
      baseDir: context.configDir,
      logger,
      ...(context.stateFile ? { stateFile: context.stateFile } : {}),
      ...version,
    });
    return { subsystem, options: register };
  }
  const url = server.config.url;
  if (server.config.type === 'sse') {
    throw new CrosspointError('CONFIG_INVALID', `the legacy SSE transport is not supported; point "url" at the server's Streamable HTTP endpoint (http(s)://…/mcp) or a ws:// or tcp:// gateway`);
  }
  const headers = server.config.headers;
  const transportOptions = headers ? { headers } : {};
  // Built once now only to reject a bad URL or scheme at start, not in a restart loop (constructing opens nothing).
  createClientTransport(url, transportOptions);
  const subsystem = new McpSessionSubsystem({
    name: server.prefix,
    ...version,
    settings: parseSupervisionSettings(server.prefix, child),
    logger,
    connect: async () => createClientTransport(url, transportOptions),
    describe: () => ({ url }),
  });
  return { subsystem, options: register };
}
