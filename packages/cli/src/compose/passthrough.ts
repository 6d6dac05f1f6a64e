import type { LoadedConfig } from '../config/load-config.js';

/**
 * Passthrough mode serves exactly one downstream (an `mcpServers` entry or a native plugin) with no
 * prefix and no gateway tools, so a client cannot tell the gateway from the server behind it.
 * `undefined` when the config fits, else what is wrong and what to do. The embedded demo bench has
 * two subsystems of its own, so it never fits.
 */
export function passthroughProblem(loaded: LoadedConfig): string | undefined {
  if (loaded.source.file === undefined) {
    return 'passthrough needs a config with exactly one downstream (one mcpServers entry or one plugin subsystem); none was given, and the demo bench is not served in passthrough mode';
  }
  const names = passthroughCandidates(loaded);
  if (names.length === 1) return undefined;
  const which = names.length === 0 ? 'none is configured (or all are disabled)' : `${names.length} are configured (${names.join(', ')})`;
  return `passthrough serves exactly one downstream, but ${which}; keep one mcpServers entry or one subsystem (set "disabled": true on the others), or serve without passthrough`;
}

/** The enabled downstreams, by their config path. */
export function passthroughCandidates(loaded: LoadedConfig): string[] {
  const plugins = Object.entries(loaded.config?.subsystems ?? {})
    .filter(([, entry]) => !entry.disabled)
    .map(([prefix]) => `subsystems.${prefix}`);
  return [...plugins, ...loaded.servers.map((s) => s.name)];
}

/** `--passthrough` wins; else the config's `passthrough` field; off by default. */
export function passthroughWanted(flag: boolean | undefined, loaded: LoadedConfig): boolean {
  return flag === true || loaded.config?.passthrough === true;
}
