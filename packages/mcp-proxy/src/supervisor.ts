import { CrosspointError, type SubsystemState, type ToolDescriptor, errorMessageOf, isCrosspointError } from '@crosspoint/core';
import type { McpSession } from './mcp-session.js';
import { Pinger, backoffDelay } from './pinger.js';
import type { SupervisorDeps } from './supervision-settings.js';

/**
 * Keeps one downstream session alive by policy: states starting → running → restarting | dead |
 * failed (+ idle for lazy servers, unreachable when pings go unanswered), exponential backoff,
 * and a lock so that starts, stops and restarts never interleave.
 */
export class Supervisor {
  state: SubsystemState = 'stopped';
  reason: string | undefined;
  session: McpSession | undefined;
  /** The most recent session, kept for status after it ended. */
  lastSession: McpSession | undefined;
  tools: readonly ToolDescriptor[] = [];
  isShutdown = false;
  consecutiveFailures = 0;
  nextRestartAt: number | null = null;
  private startedAt: number | undefined;
  private enabled = false;
  private everStarted = false;
  private lock: Promise<unknown> = Promise.resolve();
  private starting: Promise<McpSession> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly pinger: Pinger;

  constructor(private readonly deps: SupervisorDeps) {
    this.pinger = new Pinger(deps.settings.ping.intervalMs, deps.settings.ping.timeoutMs);
  }

  /** Epoch ms of the last sign of life (start or ping answer). */
  get lastSeen(): number | undefined {
    return Math.max(this.pinger.lastSeen ?? 0, this.startedAt ?? 0) || undefined;
  }

  get lastPingMs(): number | undefined {
    return this.pinger.lastPingMs;
  }

  /** `connect()`: eager servers start now (rejecting with this attempt's error); lazy ones wait. */
  async enable(): Promise<void> {
    if (this.isShutdown) throw this.unavailable('has been shut down');
    this.enabled = true;
    if (this.session) return;
    if (this.deps.settings.lazy) {
      if (this.state === 'stopped') this.setState('idle', 'starts on first use');
      return;
    }
    await this.start();
  }

  async disable(final: 'stopped'): Promise<void> {
    this.enabled = false;
    this.clearTimers();
    await this.exclusive(() => this.stopCurrent());
    this.setState(final, this.isShutdown ? 'shut down' : 'disconnected');
    this.clearTools(); // stopped on purpose: its tools are not on offer until it is connected again
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    await this.disable('stopped');
  }

  async restart(): Promise<void> {
    if (this.isShutdown) throw this.unavailable('has been shut down');
    this.enabled = true;
    this.consecutiveFailures = 0;
    this.clearTimers();
    await this.exclusive(() => this.stopCurrent());
    await this.start();
  }

  /** The running session for a call, starting a lazy/idle server; else `SUBSYSTEM_UNAVAILABLE`. */
  async sessionForCall(): Promise<McpSession> {
    if (this.isShutdown) throw this.unavailable('has been shut down');
    if (this.session) return this.session;
    if (this.starting) return this.starting;
    if (this.enabled && this.state === 'idle') return this.start();
    throw this.unavailable(`is ${this.state}${this.reason ? ` (${this.reason})` : ''}`);
  }

  /** A listing of a lazy server that never ran starts it in the background. */
  noteListing(): void {
    if (this.deps.settings.lazy && this.enabled && this.state === 'idle' && !this.everStarted && !this.starting) {
      this.start().catch(() => {});
    }
  }

  /** Re-arms the idle timer of a lazy server (called around each call). */
  touch(): void {
    const ms = this.deps.settings.idleTimeoutMs;
    if (!this.deps.settings.lazy || ms === 0) return;
    // Twice per call on the hot path: restart the running countdown rather than make a new timer.
    if (this.idleTimer) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.deps.busy() || !this.session) return;
      void this.exclusive(() => this.stopCurrent()).then(() => {
        if (this.enabled && !this.isShutdown && !this.session) this.setState('idle', `stopped after ${ms} ms without calls`);
      });
    }, ms);
    this.idleTimer.unref();
  }

  start(): Promise<McpSession> {
    this.starting ??= this.exclusive(() => this.attempt()).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async attempt(): Promise<McpSession> {
    if (this.session) return this.session;
    if (this.isShutdown || !this.enabled) throw this.unavailable(this.isShutdown ? 'has been shut down' : 'is not connected');
    this.clearRestartTimer();
    this.setState('starting');
    let session: McpSession;
    try {
      session = await this.deps.open((s) => this.onLost(s), () => this.onToolsChanged());
      if (session.closed) throw new CrosspointError('DOWNSTREAM_EXITED', 'exited right after listing its tools');
    } catch (err) {
      this.onStartFailed(err);
      const tail = isCrosspointError(err) ? err.details : undefined;
      throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.deps.name} could not start: ${errorMessageOf(err)}`, {
        cause: err,
        ...(tail ? { details: tail } : {}),
      });
    }
    if (this.isShutdown || !this.enabled) {
      await session.close('planned');
      throw this.unavailable('was stopped while starting');
    }
    const stats = this.deps.stats;
    this.session = this.lastSession = session;
    stats.starts++;
    if (this.everStarted) stats.restarts++;
    this.everStarted = true;
    stats.runningSince = this.startedAt = Date.now();
    const changed = JSON.stringify(this.tools) !== JSON.stringify(session.tools);
    this.tools = session.tools;
    this.setState('running');
    if (changed) this.deps.emitToolsChanged();
    this.pinger.start(session, () => session === this.session, () => this.onHung(session, this.deps.settings.ping.timeoutMs));
    this.touch();
    return session;
  }

  private onStartFailed(err: unknown): void {
    this.deps.stats.failures++;
    const fixed = this.deps.classifyStartError?.(err);
    if (fixed) {
      this.setState(fixed.state, fixed.reason);
      this.clearTools();
      return;
    }
    this.scheduleRestart(`failed to start: ${errorMessageOf(err)}`);
  }

  /** The session ended without us asking: crash, exit, dropped connection. */
  private onLost(session: McpSession): void {
    if (session !== this.session) return; // planned stops detach the session first
    const stats = this.deps.stats;
    this.session = undefined;
    this.stopPing();
    const exit = session.transport.exitInfo;
    stats.lastExit = exit ? { code: exit.code, signal: exit.signal, at: exit.at } : null;
    stats.failures++;
    this.forgetIfStable();
    const why = exit ? (exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`) : 'connection lost';
    const policy = this.deps.settings.restart;
    const normal = exit !== undefined && exit.code === 0 && exit.signal === null;
    if (policy === 'temporary' || (policy === 'transient' && normal)) {
      this.setState('dead', `${why}; not restarted (restart policy "${policy}")`);
      this.clearTools();
      return;
    }
    this.scheduleRestart(why);
  }

  /** A live session stopped answering pings: kill it and restart with backoff, staying `unreachable`. */
  private onHung(session: McpSession, timeoutMs: number): void {
    this.session = undefined;
    this.stopPing();
    this.deps.stats.failures++;
    this.forgetIfStable();
    const reason = `did not answer ping within ${timeoutMs} ms`;
    this.deps.logger?.warn?.(`${this.deps.name}: ${reason}; restarting`);
    void session.close('hung').then(() => {
      const exit = session.transport.exitInfo;
      if (exit) this.deps.stats.lastExit = { code: exit.code, signal: exit.signal, at: exit.at };
    });
    this.scheduleRestart(reason, 'unreachable');
  }

  private forgetIfStable(): void {
    const since = this.deps.stats.runningSince;
    if (since !== null && Date.now() - since >= this.deps.settings.backoff.resetAfterMs) this.consecutiveFailures = 0;
    this.deps.stats.runningSince = null;
  }

  private scheduleRestart(reason: string, holdState: 'restarting' | 'unreachable' = 'restarting'): void {
    if (!this.enabled || this.isShutdown) return;
    this.consecutiveFailures++;
    const { maxFailures, backoff } = this.deps.settings;
    if (this.consecutiveFailures >= maxFailures) {
      this.setState('failed', `${reason}; gave up after ${this.consecutiveFailures} consecutive failures (use restart)`);
      this.clearTools();
      return;
    }
    const delayMs = backoffDelay(this.consecutiveFailures, backoff.baseMs, backoff.maxMs);
    this.nextRestartAt = Date.now() + delayMs;
    this.setState(holdState, `${reason}; restarting in ${delayMs} ms`);
    this.clearRestartTimer();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.nextRestartAt = null;
      this.start().catch(() => {});
    }, delayMs);
    this.restartTimer.unref();
  }

  private async stopCurrent(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.stopPing();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined; // a cleared timer cannot be refreshed: the next touch() makes a new one
    if (!s) return;
    this.deps.stats.runningSince = null;
    await s.close('planned');
    const exit = s.transport.exitInfo;
    if (exit) this.deps.stats.lastExit = { code: exit.code, signal: exit.signal, at: exit.at };
  }

  private onToolsChanged(): void {
    const s = this.session;
    if (!s) return;
    this.tools = s.tools;
    this.deps.emitToolsChanged();
  }

  private clearTools(): void {
    if (this.tools.length === 0) return;
    this.tools = [];
    this.deps.emitToolsChanged();
  }

  private setState(state: SubsystemState, reason?: string): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    if (state !== 'running' && reason) this.deps.logger?.info?.(`${this.deps.name} is ${state}: ${reason}`);
    this.deps.emitHealth();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }

  private stopPing(): void {
    this.pinger.stop();
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.nextRestartAt = null;
  }

  private clearTimers(): void {
    this.clearRestartTimer();
    this.stopPing();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private unavailable(what: string): CrosspointError {
    return new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.deps.name} ${what}`);
  }
}
