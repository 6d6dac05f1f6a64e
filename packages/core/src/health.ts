/** Coarse verdict that a person or a model can act on. */
export type HealthLevel = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
export const HEALTH_LEVELS: readonly HealthLevel[] = ['healthy', 'degraded', 'unhealthy', 'unknown'];

/**
 * Lifecycle state of a subsystem (a supervised child server, a serial link...).
 * - `stopped`: not connected yet, or shut down on purpose.
 * - `starting`: connecting / spawning; tools may not be known yet.
 * - `running`: connected and its tool list is known.
 * - `idle`: stopped after an idle period; starts again on demand.
 * - `restarting`: lost and coming back by itself (backoff in progress).
 * - `dead`: exited and will not be restarted by policy (e.g. `temporary`).
 * - `failed`: gave up after repeated failures; needs a manual restart.
 * - `unreachable`: alive but not answering (health check timed out, remote refused, board unplugged).
 */
export type SubsystemState =
  | 'stopped'
  | 'starting'
  | 'running'
  | 'idle'
  | 'restarting'
  | 'dead'
  | 'failed'
  | 'unreachable';
export const SUBSYSTEM_STATES: readonly SubsystemState[] = [
  'stopped',
  'starting',
  'running',
  'idle',
  'restarting',
  'dead',
  'failed',
  'unreachable',
];

export interface HealthStatus {
  level: HealthLevel;
  state: SubsystemState;
  /** Epoch milliseconds of the last sign of life (a reply, a byte, a ping answer). */
  lastSeen?: number;
  /** Latency of the last round trip, in milliseconds. */
  latencyMs?: number;
  /** Version of what is behind the subsystem (firmware, downstream server), if known. */
  version?: string;
  /** One human sentence on why the level is not `healthy`. */
  message?: string;
  /** Subsystem-specific facts (counters, port path, server info). JSON-serializable. */
  details?: Record<string, unknown>;
}

/** The level that usually goes with a state; subsystems may refine it. */
export function levelForState(state: SubsystemState): HealthLevel {
  switch (state) {
    case 'running':
    case 'idle':
      return 'healthy';
    case 'starting':
    case 'restarting':
      return 'degraded';
    case 'dead':
    case 'failed':
    case 'unreachable':
      return 'unhealthy';
    case 'stopped':
      return 'unknown';
  }
}

/** Overall level of a set: the worst of its members (unknown counts as degraded when mixed). */
export function worstLevel(levels: Iterable<HealthLevel>): HealthLevel {
  let seen = false;
  let worst = 0;
  const rank: Record<HealthLevel, number> = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 };
  for (const l of levels) {
    seen = true;
    worst = Math.max(worst, rank[l]);
  }
  if (!seen) return 'unknown';
  return (Object.keys(rank) as HealthLevel[]).find((k) => rank[k] === worst) ?? 'unknown';
}
