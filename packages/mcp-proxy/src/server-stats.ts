const WINDOW = 1024;

/** Per-server counters and a latency window, for `healthCheck().details`. Cheap to update per call. */
export class ServerStats {
  starts = 0;
  restarts = 0;
  failures = 0;
  calls = 0;
  errors = 0;
  timeouts = 0;
  lastExit: { code: number | null; signal: string | null; at: number } | null = null;
  /** Epoch ms when the current run reached `running`. */
  runningSince: number | null = null;
  private readonly latencies = new Float64Array(WINDOW);
  private filled = 0;
  private next = 0;

  recordLatency(ms: number): void {
    this.latencies[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
    if (this.filled < WINDOW) this.filled++;
  }

  /** p50 / p99 over the last 1024 calls, in ms (null before the first call). */
  latency(): { p50: number | null; p99: number | null; samples: number } {
    if (this.filled === 0) return { p50: null, p99: null, samples: 0 };
    const sorted = Array.from(this.latencies.subarray(0, this.filled)).sort((a, b) => a - b);
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
    return { p50: at(0.5), p99: at(0.99), samples: this.filled };
  }

  snapshot(now = Date.now()): Record<string, unknown> {
    return {
      starts: this.starts,
      restarts: this.restarts,
      failures: this.failures,
      calls: this.calls,
      errors: this.errors,
      timeouts: this.timeouts,
      lastExit: this.lastExit,
      uptimeMs: this.runningSince === null ? 0 : now - this.runningSince,
      latencyMs: this.latency(),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
