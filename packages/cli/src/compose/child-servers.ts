import type { Logger } from '@crosspoint/aggregator';
import type { Subsystem } from '@crosspoint/core';
import type { RegisterOptions } from '@crosspoint/aggregator';
import type { LoadedConfig } from '../config/load-config.js';

export interface ChildServerContext {
  logger: Logger;
  /** Directory of the config file (relative `cwd`s resolve from here). */
  configDir: string;
  /** The environment crosspoint was started with (child servers may inherit parts of it). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface ChildServerRegistration {
  subsystem: Subsystem;
  options: RegisterOptions;
}

/**
 * The one place where `mcpServers` entries become subsystems (seam for `@crosspoint/mcp-proxy`).
 * Not wired yet: each entry is reported and skipped, so the rest of the bench still runs.
 */
export function createChildServers(servers: LoadedConfig['servers'], context: ChildServerContext): ChildServerRegistration[] {
  for (const server of servers) context.logger.warn(`mcpServers.${server.name}: child servers not wired yet (skipped)`);
  return [];
}
