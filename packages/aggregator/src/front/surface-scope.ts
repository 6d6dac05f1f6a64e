import { CrosspointError } from '@crosspoint/core';
import type { FederationAggregator } from '../aggregator.js';

/**
 * What a session limited by `allowTools` (a scoped token) may see beyond tools: prompts whose wire
 * names its globs allow, and the resources, templates and log messages of the subsystems it may call
 * at least one tool of. A token scoped to `meter_*` must not read a file server's resources.
 */
export interface SurfaceScope {
  prompt(wire: string): boolean;
  prefix(prefix: string): boolean;
}

export function surfaceScope(aggregator: FederationAggregator, allowed: ((wire: string) => boolean) | undefined): SurfaceScope | undefined {
  if (!allowed) return undefined;
  let version = -1;
  let prefixes = new Set<string>();
  return {
    prompt: (wire) => allowed(wire),
    prefix: (prefix) => {
      const catalog = aggregator.catalog();
      if (catalog.version !== version) {
        version = catalog.version;
        prefixes = new Set(catalog.entries.filter((e) => allowed(e.wire)).map((e) => e.prefix));
      }
      return prefixes.has(prefix);
    },
  };
}

/** Throws FORBIDDEN unless the scope allows it (no scope: everything is allowed). */
export function requireScope(allowedHere: boolean, what: string): void {
  if (!allowedHere) throw new CrosspointError('FORBIDDEN', `this session may not use ${what} (its token is scoped to other tools)`);
}
