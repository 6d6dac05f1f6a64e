import type { ConnectSession, Logger } from '@crosspoint/aggregator';
import { type FrontsOptions, type RunningFronts, assertSafeBind, parseHostPort, startFronts } from '@crosspoint/remote';
import type { ServeFronts } from '../args.js';
import type { CrosspointConfig } from '../config/schema.js';
import type { ResolvedToken } from './tokens.js';

export const FRONT_NAMES = ['ws', 'tcp', 'http'] as const;
export type FrontName = (typeof FRONT_NAMES)[number];

export interface NetworkFronts {
  /** URLs a client on this machine can use (the bound ports, also with port 0). */
  urls: RunningFronts['urls'];
  sessionCount(): number;
  /** Stops listening and closes every network session. */
  close(): Promise<void>;
}

/** The `HOST:PORT` of each front: the command line wins over the config, front by front. */
export function chooseFronts(config: CrosspointConfig['fronts'], cli: ServeFronts | undefined): Partial<Record<FrontName, string>> {
  const chosen: Partial<Record<FrontName, string>> = {};
  for (const name of FRONT_NAMES) {
    const value = cli?.[name] ?? config?.[name];
    if (value !== undefined) chosen[name] = value;
  }
  return chosen;
}

/**
 * Everything `startFronts` needs except the session factory, validated: addresses parsed, and a
 * non-loopback bind without a token refused. Throws CONFIG_INVALID (the remote package's message,
 * which says how to set a token); `crosspoint check` runs the same planning.
 */
export function planFronts(
  chosen: Partial<Record<FrontName, string>>,
  config: CrosspointConfig['fronts'],
  tokens: readonly ResolvedToken[],
): Omit<FrontsOptions, 'connectSession'> {
  const plan: Omit<FrontsOptions, 'connectSession'> = {};
  for (const name of FRONT_NAMES) {
    const value = chosen[name];
    if (value === undefined) continue;
    const spec = parseHostPort(value, `--${name} / fronts.${name}`);
    assertSafeBind(name, spec, tokens.length > 0);
    plan[name] = spec;
  }
  if (tokens.length) plan.tokens = tokens.map((t) => ({ token: t.token, ...(t.allowTools ? { allowTools: t.allowTools } : {}) }));
  if (config?.maxSessions !== undefined) plan.maxSessions = config.maxSessions;
  if (config?.maxMessageBytes !== undefined) plan.maxMessageBytes = config.maxMessageBytes;
  if (config?.allowedHosts) plan.allowedHosts = config.allowedHosts;
  if (config?.allowedOrigins) plan.allowedOrigins = config.allowedOrigins;
  if (config?.wsPingIntervalMs !== undefined) plan.wsOptions = { pingIntervalMs: config.wsPingIntervalMs };
  if (config?.httpIdleSessionTimeoutMs !== undefined) plan.httpOptions = { idleSessionTimeoutMs: config.httpIdleSessionTimeoutMs };
  return plan;
}

/**
 * The one place where `fronts` / `auth` become listening TCP / WebSocket / HTTP fronts. Returns
 * undefined when no front is configured; rejects (CONFIG_INVALID, EADDRINUSE…) before anything
 * keeps listening when one cannot start.
 */
export async function startNetworkFronts(
  plan: Omit<FrontsOptions, 'connectSession'>,
  connectSession: ConnectSession,
  logger: Logger,
): Promise<NetworkFronts | undefined> {
  if (!plan.tcp && !plan.ws && !plan.http) return undefined;
  const running = await startFronts({ ...plan, connectSession, logger });
  return { urls: running.urls, sessionCount: () => running.sessionCount(), close: () => running.close() };
}
