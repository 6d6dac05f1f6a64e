import type { Subsystem } from '@crosspoint/core';

/** What a passthrough session announces as its own: the single subsystem's server identity. */
export interface PassthroughIdentity {
  serverInfo?: { name: string; version: string; [key: string]: unknown };
  instructions?: string;
  /** The downstream's own capabilities, as it declared them. */
  capabilities?: Record<string, unknown>;
}

const HEALTH_BOUND_MS = 3000;

/**
 * Reads the server identity of a subsystem that fronts one MCP server. The Subsystem contract has
 * no member for it yet, so this looks (duck-typed) for `serverIdentity()` first, then for
 * `serverInfo` / `instructions` getters, then for the `serverInfo`, `instructions` and
 * `capabilities` the child-server subsystem reports in `healthCheck().details`. Missing pieces stay undefined (the gateway's own are used then).
 */
export async function passthroughIdentity(subsystem: Subsystem | undefined): Promise<PassthroughIdentity> {
  if (!subsystem) return {};
  const own = (subsystem as { serverIdentity?: () => PassthroughIdentity | undefined }).serverIdentity;
  if (typeof own === 'function') {
    try {
      return own.call(subsystem) ?? {};
    } catch {
      return {};
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const getters = subsystem as { serverInfo?: unknown; instructions?: unknown };
  const bound = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), HEALTH_BOUND_MS);
    timer.unref?.();
  });
  const health = await Promise.race([subsystem.healthCheck().catch(() => undefined), bound]).finally(() => clearTimeout(timer));
  const details = (health?.details ?? {}) as Record<string, unknown>;
  const out: PassthroughIdentity = {};
  // Getters on the subsystem (the child-server subsystem has them) win over the health details.
  const info = isServerInfo(getters.serverInfo) ? getters.serverInfo : details['serverInfo'];
  if (isServerInfo(info)) out.serverInfo = info;
  const instructions = typeof getters.instructions === 'string' ? getters.instructions : details['instructions'];
  if (typeof instructions === 'string') out.instructions = instructions;
  if (isObject(details['capabilities'])) out.capabilities = details['capabilities'];
  return out;
}

function isServerInfo(v: unknown): v is NonNullable<PassthroughIdentity['serverInfo']> {
  return isObject(v) && typeof v['name'] === 'string' && typeof v['version'] === 'string';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
