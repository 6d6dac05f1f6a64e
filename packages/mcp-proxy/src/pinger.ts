import type { McpSession } from './mcp-session.js';

/**
 * Sends MCP `ping` to a live session at an interval; one ping in flight at most. A ping that is
 * not answered in time means the server is alive but useless (hung): `onHung` decides what to do.
 */
export class Pinger {
  lastPingMs: number | undefined;
  lastSeen: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {}

  start(session: McpSession, isCurrent: () => boolean, onHung: () => void): void {
    this.stop();
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.inFlight || !isCurrent()) return;
      this.inFlight = true;
      const t0 = performance.now();
      session
        .ping(this.timeoutMs)
        .then(
          () => {
            this.lastPingMs = Math.round((performance.now() - t0) * 1000) / 1000;
            this.lastSeen = Date.now();
          },
          () => {
            if (isCurrent() && !session.closed) onHung();
          },
        )
        .finally(() => {
          this.inFlight = false;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Restart delay after `failures` consecutive failures: base, 2×base, 4×base… capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), maxMs);
}
