import type { ConnectSession, Logger } from '@crosspoint/aggregator';
import type { LoadedConfig } from '../config/load-config.js';

export interface NetworkFronts {
  /** Stops listening and closes every network session. */
  close(): Promise<void>;
}

/**
 * The one place where `fronts` / `auth` become listening TCP / WebSocket / HTTP fronts (seam for
 * `@crosspoint/remote`: `startFronts({ connectSession, tcp: parseHostPort(...), tokens: readTokens(...) })`).
 * Not wired yet: configured fronts are reported and nothing listens.
 */
export async function startNetworkFronts(
  loaded: LoadedConfig,
  _connectSession: ConnectSession,
  logger: Logger,
): Promise<NetworkFronts | undefined> {
  const fronts = loaded.config?.fronts;
  const configured = fronts ? (['tcp', 'ws', 'http'] as const).filter((k) => fronts[k] !== undefined) : [];
  if (configured.length) logger.warn(`fronts.${configured.join(', fronts.')}: network fronts not wired yet (not listening)`);
  return undefined;
}
