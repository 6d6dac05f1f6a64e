import { CrosspointError, type McpLogLevel, type RequestOptions, type Subsystem, errorMessageOf, isCrosspointError, LOG_LEVELS } from '@crosspoint/core';

/** Identifies one front session to the shared surface (any unique object). */
export type SessionKey = object;

/**
 * Downstream resource subscriptions shared by every session: one downstream subscription per
 * (subsystem, URI) is held while at least one session wants it, and released when the last one
 * unsubscribes or closes.
 */
export class ResourceSubscriptions {
  private readonly held = new Map<string, { sessions: Set<SessionKey>; ready: Promise<void>; subsystem: Subsystem; uri: string }>();

  constructor(private readonly warn: (message: string) => void) {}

  async subscribe(session: SessionKey, prefix: string, uri: string, subsystem: Subsystem, options: RequestOptions): Promise<void> {
    const key = `${prefix}\u0000${uri}`;
    let entry = this.held.get(key);
    if (!entry) {
      if (!subsystem.subscribeResource) throw new CrosspointError('NOT_SUPPORTED', `${prefix} does not support resource subscriptions`);
      const ready = subsystem.subscribeResource(uri, options);
      entry = { sessions: new Set(), ready, subsystem, uri };
      this.held.set(key, entry);
      const created = entry;
      ready.catch(() => {
        if (this.held.get(key) === created) this.held.delete(key);
      });
    }
    entry.sessions.add(session);
    await entry.ready;
  }

  async unsubscribe(session: SessionKey, prefix: string, uri: string): Promise<void> {
    const key = `${prefix}\u0000${uri}`;
    const entry = this.held.get(key);
    if (!entry?.sessions.delete(session) || entry.sessions.size > 0) return;
    this.held.delete(key);
    await entry.subsystem.unsubscribeResource?.(entry.uri);
  }

  /** Drops every subscription of a closed session; downstream releases run in the background. */
  release(session: SessionKey): void {
    for (const [key, entry] of [...this.held]) {
      if (!entry.sessions.delete(session) || entry.sessions.size > 0) continue;
      this.held.delete(key);
      void Promise.resolve(entry.subsystem.unsubscribeResource?.(entry.uri)).catch((err: unknown) => {
        // A server that is stopping or down takes its subscriptions with it: nothing to report.
        if (isCrosspointError(err, 'DISCONNECTED') || isCrosspointError(err, 'SUBSYSTEM_UNAVAILABLE')) return;
        this.warn(`unsubscribing ${entry.uri} after the last session left failed: ${errorMessageOf(err)}`);
      });
    }
  }

  /** How many sessions hold (prefix, uri); for tests and status. */
  holders(prefix: string, uri: string): number {
    return this.held.get(`${prefix}\u0000${uri}`)?.sessions.size ?? 0;
  }
}

/**
 * The log level each session asked for with `logging/setLevel`. Subsystems are shared, so each
 * gets the most verbose level any open session asked for; a session that never asked does not
 * count (it receives whatever the subsystems send). When the sessions that asked all close, the
 * subsystems keep the last level applied (MCP has no way to unset a level).
 */
export class SessionLogLevels {
  private readonly levels = new Map<SessionKey, { level: McpLogLevel; reaches: ((prefix: string) => boolean) | undefined }>();

  /** `reaches`: the subsystems the session's level applies to (a scoped session's); all when absent. */
  set(session: SessionKey, level: McpLogLevel, reaches?: (prefix: string) => boolean): void {
    this.levels.set(session, { level, reaches });
  }

  of(session: SessionKey): McpLogLevel | undefined {
    return this.levels.get(session)?.level;
  }

  drop(session: SessionKey): void {
    this.levels.delete(session);
  }

  /** The most verbose level any open session whose level reaches `prefix` asked for, if any did. */
  effective(prefix: string): McpLogLevel | undefined {
    let best: number | undefined;
    for (const { level, reaches } of this.levels.values()) {
      if (reaches && !reaches(prefix)) continue;
      const i = LOG_LEVELS.indexOf(level);
      if (best === undefined || i < best) best = i;
    }
    return best === undefined ? undefined : LOG_LEVELS[best];
  }
}
