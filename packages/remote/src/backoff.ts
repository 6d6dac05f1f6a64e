/** Reconnection delays: exponential from `initialMs` up to `maxMs`, with ±20 % jitter. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

/** The delay before reconnection attempt `attempt` (0-based); `random` is injectable for tests. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, initial * factor ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
