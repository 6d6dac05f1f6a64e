import {
  type ConnectSession,
  DEFAULT_STARTUP_DEADLINE_MS,
  type DeferredSetting,
  FederationAggregator,
  type Logger,
  createSessionFactory,
} from '@crosspoint/aggregator';
import { errorMessageOf } from '@crosspoint/core';
import type { LoadedConfig } from '../config/load-config.js';
import { createDemoBench } from '../demo/demo-bench.js';
import { createDemoBoard } from '../demo/demo-board.js';
import { CLI_VERSION } from '../version.js';
import { createChildServers } from './child-servers.js';
import { reapChildOrphans } from './reap-children.js';
import { childStateFileFrom } from './state-location.js';
import { importPlugin } from './plugins.js';

export interface Gateway {
  aggregator: FederationAggregator;
  connectSession: ConnectSession;
  startupDeadlineMs: number;
  /** True when running the embedded demo bench (no config found). */
  demo: boolean;
  /** Plugins that could not be loaded (already logged); the rest of the bench runs. */
  failures: Array<{ name: string; reason: string }>;
}

export interface BuildOptions {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /**
   * Serve the one downstream as it is (checked beforehand with `passthroughProblem`): no prefixes,
   * no gateway tools, no demo. Default: the config's `passthrough` field (already checked on load).
   */
  passthrough?: boolean;
}

/** `CROSSPOINT_DEFERRED`: 1/true/yes/on or 0/false/no/off; anything else is ignored with a warning. */
export function deferredFromEnv(value: string | undefined, logger: Logger): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  logger.warn(`CROSSPOINT_DEFERRED="${value}" is not understood (use 1/true/yes/on or 0/false/no/off); ignored`);
  return undefined;
}

/** Config → a ready-to-start gateway: aggregator, its subsystems, and the session factory. */
export async function buildGateway(loaded: LoadedConfig, options: BuildOptions): Promise<Gateway> {
  const config = loaded.config ?? {};
  const { logger } = options;
  const passthrough = options.passthrough ?? config.passthrough === true;
  const aggregator = new FederationAggregator({
    version: CLI_VERSION,
    logger,
    ...(config.wireFormat ? { wireFormat: config.wireFormat } : {}),
    ...(passthrough ? { passthrough: true } : {}),
  });
  const demo = loaded.source.file === undefined && !passthrough;
  if (demo) {
    aggregator.register(createDemoBoard(options.env['JUMPERLESS_PORT']));
    aggregator.register(createDemoBench());
  }
  const failures: Gateway['failures'] = [];
  for (const [prefix, entry] of Object.entries(config.subsystems ?? {})) {
    if (entry.disabled) continue;
    try {
      const create = await importPlugin(entry.package, loaded.dir);
      const subsystem = await create(entry.options ?? {}, { prefix, logger, configDir: loaded.dir });
      aggregator.register(subsystem, {
        prefix,
        ...(entry.tools ? { tools: entry.tools } : {}),
        ...(entry.timeouts ? { timeouts: entry.timeouts } : {}),
        ...(entry.timeoutMs ? { timeoutMs: entry.timeoutMs } : {}),
      });
    } catch (err) {
      const reason = errorMessageOf(err);
      failures.push({ name: prefix, reason });
      logger.error(`subsystems.${prefix}: not loaded: ${reason}`);
    }
  }
  if (loaded.servers.length > 0) {
    // Before anything is spawned: groups left by a gateway that died are stopped first.
    const stateFile = childStateFileFrom(options.env);
    await reapChildOrphans(stateFile, logger);
    const children = createChildServers(loaded.servers, {
      logger,
      configDir: loaded.dir,
      env: options.env,
      stateFile,
      version: CLI_VERSION,
      onFailure: (name, reason) => failures.push({ name, reason }),
    });
    for (const child of children) {
      try {
        aggregator.register(child.subsystem, child.options);
      } catch (err) {
        const reason = errorMessageOf(err);
        failures.push({ name: child.options.prefix ?? child.subsystem.name, reason });
        logger.error(`mcpServers: ${reason}`);
      }
    }
  }
  const envDeferred = deferredFromEnv(options.env['CROSSPOINT_DEFERRED'], logger);
  let deferred: DeferredSetting | undefined = envDeferred ?? config.deferred;
  if (passthrough && deferred !== undefined && deferred !== false) {
    // Discovery tools would replace the server's own tool list: passthrough shows it as it is.
    logger.warn('discovery mode (deferred / CROSSPOINT_DEFERRED) is ignored in passthrough mode: the server\'s tools are listed as they are');
    deferred = undefined;
  }
  const connectSession = createSessionFactory(aggregator, {
    serverInfo: { name: 'crosspoint', version: CLI_VERSION },
    logger,
    ...(config.pageSize ? { pageSize: config.pageSize } : {}),
    ...(deferred !== undefined ? { deferred } : {}),
  });
  return { aggregator, connectSession, startupDeadlineMs: config.startupDeadlineMs ?? DEFAULT_STARTUP_DEADLINE_MS, demo, failures };
}
