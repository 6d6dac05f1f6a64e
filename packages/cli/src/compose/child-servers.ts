import type { Logger, RegisterOptions } from '@crosspoint/aggregator';
import type { Subsystem } from '@crosspoint/core';
import type { LoadedConfig } from '../config/load-config.js';
import { GATEWAY_ONLY_SERVER_KEYS, MCP_SERVER_KEYS, type McpServerConfig } from '../config/schema.js';

export interface ChildServerContext {
  logger: Logger;
  /** Directory of the config file (relative `cwd`s resolve from here). */
  configDir: string;
  /** The environment crosspoint was started with (child servers inherit it, `env` laid over). */
  env: Readonly<Record<string, string | undefined>>;
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
 * The one place where `mcpServers` entries become subsystems (seam for `@crosspoint/mcp-proxy`).
 * Not wired yet: each entry is reported and skipped, so the rest of the bench still runs.
 */
export function createChildServers(servers: LoadedConfig['servers'], context: ChildServerContext): ChildServerRegistration[] {
  for (const server of servers) context.logger.warn(`mcpServers.${server.name}: child servers not wired yet (skipped)`);
  return [];
}
