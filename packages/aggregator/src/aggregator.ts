import {
  CrosspointError,
  DEFAULT_TOOL_TIMEOUT_MS,
  type HealthStatus,
  type InvokeOptions,
  SUBSYSTEM_NAME_PATTERN,
  type Subsystem,
  type ToolDescriptor,
  type ClientChannel,
  type ToolArguments,
  errorCodeOf,
  errorMessageOf,
  levelForState,
  worstLevel,
} from '@crosspoint/core';
import { type Catalog, type CatalogEntry, buildCatalog } from './catalog.js';
import { type ForwardHandle, type ForwardSink, forwardThrough } from './forwarding.js';
import { GATEWAY_PREFIX, createGatewaySubsystem } from './gateway-tools.js';
import { type Logger, silentLogger } from './logger.js';
import { type RegisterOptions, Registration } from './registration.js';
import { isRestartable } from './restartable.js';
import { type GatewayStatus, type StartSummary, boundedHealthCheck, gatewayStatus, subsystemStatus, summarizeStart } from './status.js';
import { DEFAULT_STARTUP_DEADLINE_MS, type FederationAggregatorOptions, type StartOptions } from './options.js';
import { FederatedSurface } from './surface/federated-surface.js';
import { FederatedSurfaceMembers } from './surface/surface-members.js';
import { type GatewayInvokeOptions, invokeWithTimeout } from './timed-invoke.js';

/**
 * Federates subsystems behind one catalog: each under a unique prefix, tools named `prefix.tool`
 * inside and mapped to wire names through the core `WireMap`, calls routed by lookup.
 * It is itself a `Subsystem` (its tools are the internal dotted names), so gateways nest.
 *
 * **Down-subsystem policy.** A subsystem that has been started and is down (stopped, failed,
 * dead, unreachable, restarting) keeps its tools listed, and calls to them answer at once with
 * `SUBSYSTEM_UNAVAILABLE` naming the state and the way out (`crosspoint_restart`). Clients that
 * ignore `list_changed` keep a stable catalog, and a model gets a clear reason instead of a
 * tool that silently vanished.
 *
 * The catalog is rebuilt only when something changes (a subsystem's `toolsChanged`, a
 * registration) and shared by every session, so listing costs a slice of a cached array.
 * Resources, prompts, completions, logging and tasks are federated by `surface`
 * (`FederatedSurface`); its events are emitted here, URIs and ids namespaced.
 *
 * **Passthrough mode** (`passthrough: true`): exactly one subsystem, no gateway tools, and no
 * prefixes anywhere (tools, prompts, URIs, task ids keep the downstream's names).
 */
export class FederationAggregator extends FederatedSurfaceMembers implements Subsystem {
  readonly name: string;
  readonly version: string;
  private readonly logger: Logger;
  private readonly registrations = new Map<string, Registration>();
  /** The same registrations in an array, for the loops on the call path. */
  private readonly registrationList: Registration[] = [];
  private cached: Catalog | undefined;
  private catalogVersion = 0;
  private changeTimer: NodeJS.Timeout | undefined;
  private readonly debounceMs: number;
  private readonly startedAt = Date.now();
  private startSummary: StartSummary | undefined;
  private readyPromise: Promise<void> | undefined;
  private closed = false;
  private lastLevel: HealthStatus['level'] | undefined;
  private announcedVersion = 0;
  readonly passthrough: boolean;
  /** Resources, prompts, completions, logging, tasks: the federated surface beyond tools. */
  readonly surface: FederatedSurface;

  constructor(private readonly options: FederationAggregatorOptions = {}) {
    super();
    this.name = options.name ?? 'crosspoint';
    this.version = options.version ?? '0.0.0';
    this.logger = options.logger ?? silentLogger;
    this.debounceMs = options.listChangedDebounceMs ?? 50;
    this.passthrough = options.passthrough === true;
    this.surface = new FederatedSurface({
      passthrough: this.passthrough,
      wireFormat: options.wireFormat ?? {},
      logger: this.logger,
      debounceMs: this.debounceMs,
      requestTimeoutMs: options.surfaceRequestTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
      registrations: () => this.registrations.values(),
      registration: (prefix) => this.registrations.get(prefix),
      emit: (event, ...args) => (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
      isClosed: () => this.closed,
    });
    if (options.gatewayTools !== false && !this.passthrough) {
      const own = createGatewaySubsystem({ version: this.version, status: () => this.status(), restart: (n) => this.restart(n) });
      this.register(own, { prefix: GATEWAY_PREFIX });
    }
  }

  /** Adds a subsystem. Throws `INVALID_NAME` or `DUPLICATE_PREFIX`; nothing is changed then. */
  register(subsystem: Subsystem, options: RegisterOptions = {}): void {
    const prefix = options.prefix ?? subsystem.name;
    if (!SUBSYSTEM_NAME_PATTERN.test(prefix)) {
      throw new CrosspointError('INVALID_NAME', `invalid subsystem prefix "${prefix}": use lowercase letters, digits and _ , starting with a letter`);
    }
    if (this.registrations.has(prefix)) {
      throw new CrosspointError('DUPLICATE_PREFIX', `a subsystem is already registered under "${prefix}"; give one of them another "prefix"`);
    }
    if (this.passthrough && this.registrations.size > 0) {
      throw new CrosspointError('CONFIG_INVALID', `passthrough mode serves exactly one subsystem; "${this.prefixes()[0]}" is already registered, so "${prefix}" cannot be`);
    }
    const reg = new Registration(subsystem, prefix, options);
    const onTools = () => {
      reg.dirty = true;
      this.scheduleChange();
    };
    reg.listen(onTools, (status) => this.onHealth(reg, status), this.surface.attach(reg));
    this.registrations.set(prefix, reg);
    this.registrationList.push(reg);
    this.invalidate();
    // Added to a running gateway (e.g. by a plugin loaded late): bring it up like the others.
    if (this.readyPromise && !this.closed) void this.connectOne(reg);
  }

  /** Registered prefixes, in registration order. */
  prefixes(): string[] {
    return [...this.registrations.keys()];
  }

  subsystem(prefix: string): Subsystem | undefined {
    return this.registrations.get(prefix)?.subsystem;
  }

  /** The current catalog snapshot; rebuilt only after a change. */
  catalog(): Catalog {
    if (this.cached && !this.anyDirty()) return this.cached;
    const sources = [...this.registrations.values()].map((r) => ({ prefix: r.prefix, tools: r.refresh(this.logger) }));
    const next = buildCatalog(sources, this.options.wireFormat ?? {}, this.catalogVersion + 1, { passthrough: this.passthrough });
    if (this.cached && next.fingerprint === this.cached.fingerprint) return this.cached;
    this.catalogVersion = next.version;
    this.cached = next;
    return next;
  }

  /** Over an array, not the Map's iterator: this runs on every call. */
  private anyDirty(): boolean {
    for (const r of this.registrationList) if (r.dirty) return true;
    return false;
  }

  tools(): readonly ToolDescriptor[] {
    return this.catalog().entries.map((e) => ({ ...e.descriptor, name: e.internal }));
  }

  /**
   * Connects every subsystem in parallel; one failing affects only itself. Resolves with a
   * summary once all have settled or the deadline passed (late ones are announced by a
   * catalog change when their tools arrive).
   */
  async start(options: StartOptions = {}): Promise<StartSummary> {
    const deadlineMs = options.deadlineMs ?? DEFAULT_STARTUP_DEADLINE_MS;
    const regs = [...this.registrations.values()];
    const attempts = regs.map((reg) => this.connectOne(reg));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
      timer.unref?.();
    });
    this.readyPromise = Promise.race([Promise.all(attempts).then(() => undefined), deadline]).finally(() => clearTimeout(timer));
    await this.readyPromise;
    const summary = summarizeStart(regs.filter((r) => r.prefix !== GATEWAY_PREFIX).map((r) => r.startResult()));
    this.startSummary = summary;
    this.logger.debug(`subsystems: ${summary.text}`);
    return summary;
  }

  /** Resolves when `start()` has settled (or its deadline passed); at once if never started. */
  whenReady(): Promise<void> {
    return this.readyPromise ?? Promise.resolve();
  }

  get summary(): StartSummary | undefined {
    return this.startSummary;
  }

  /** As a Subsystem: starts everything with the default deadline. */
  async connect(): Promise<void> {
    if (this.closed) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    await this.start();
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([...this.registrations.values()].map((r) => r.subsystem.disconnect()));
  }

  /** Shuts every subsystem down (in parallel, each failure logged), then stops emitting. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.changeTimer);
    this.surface.close();
    const regs = [...this.registrations.values()];
    const results = await Promise.allSettled(regs.map((r) => r.subsystem.shutdown()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.logger.warn(`${regs[i]?.prefix}: shutdown failed: ${errorMessageOf(r.reason)}`);
    });
    for (const r of regs) r.detach();
  }

  async healthCheck(): Promise<HealthStatus> {
    const s = await this.status();
    const levels = Object.fromEntries(s.subsystems.map((x) => [x.name, x.level]));
    return { level: s.gateway.level, state: this.closed ? 'stopped' : 'running', version: this.version, details: { subsystems: levels } };
  }

  /** Routes a call by its internal name (`prefix.tool`). Errors are recorded per subsystem. */
  async invoke(name: string, args: Record<string, unknown>, options: GatewayInvokeOptions = {}): Promise<unknown> {
    if (this.closed) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    const entry = this.catalog().byInternal.get(name);
    if (!entry) throw new CrosspointError('TOOL_NOT_FOUND', `no tool "${name}" in the catalog`);
    const reg = this.registrations.get(entry.prefix) as Registration;
    try {
      if (reg.isDown) throw reg.unavailable('its tools stay listed; ');
      const timeoutMs = options.timeoutMs ?? reg.timeoutFor(entry.tool) ?? entry.descriptor.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
      const output = await invokeWithTimeout(reg.subsystem, entry.tool, args ?? {}, { ...options, timeoutMs });
      return options.task ? this.surface.tasks.namespaceCreated(entry.prefix, output) : output;
    } catch (err) {
      reg.recordError(entry.tool, err);
      throw err;
    }
  }

  /**
   * The synchronous path of `invoke` for plain calls to subsystems that have one (child servers):
   * starts the call and reports to `sink`, or returns `undefined` and the caller uses `invoke`.
   */
  tryForward(entry: CatalogEntry, args: ToolArguments, progress: boolean, client: ClientChannel | undefined, sink: ForwardSink): ForwardHandle | undefined {
    const reg = this.closed ? undefined : this.registrations.get(entry.prefix);
    return reg && forwardThrough(reg, entry, args, progress, client, sink);
  }

  /** Restarts the subsystem registered under `prefix`, if it can restart. */
  async restart(prefix: string): Promise<void> {
    const reg = this.registrations.get(prefix);
    if (!reg) {
      throw new CrosspointError('SUBSYSTEM_NOT_FOUND', `no subsystem named "${prefix}"; known: ${this.prefixes().join(', ')}`);
    }
    if (!isRestartable(reg.subsystem)) {
      throw new CrosspointError('NOT_RESTARTABLE', `${prefix} cannot be restarted (it has no restart()); it manages its own lifecycle`);
    }
    await reg.subsystem.restart();
    reg.connectError = undefined;
    await this.refreshHealth(reg);
  }

  /** Everything `crosspoint_status` reports. */
  async status(): Promise<GatewayStatus> {
    const catalog = this.catalog();
    const regs = [...this.registrations.values()].filter((r) => r.prefix !== GATEWAY_PREFIX);
    const subsystems = await Promise.all(
      regs.map(async (r) => {
        const toolCount = catalog.entries.filter((e) => e.prefix === r.prefix).length;
        return subsystemStatus(r.prefix, await this.boundedHealth(r), toolCount, r.errors.list(), r.connectError);
      }),
    );
    return gatewayStatus({ name: this.name, version: this.version, uptimeMs: Date.now() - this.startedAt, startup: this.startSummary }, subsystems, catalog);
  }

  private async connectOne(reg: Registration): Promise<void> {
    reg.started = true;
    reg.state = 'starting';
    reg.connecting = (async () => {
      try {
        await reg.subsystem.connect();
        reg.connectError = undefined;
        reg.state = 'running';
        await this.refreshHealth(reg);
        // Read its tools now, while it is up: they are what stays listed if it goes down later.
        reg.dirty = true;
        this.catalog();
        this.surface.connected(reg);
      } catch (err) {
        reg.connectError = errorMessageOf(err);
        reg.state = 'failed';
        reg.errors.add({ at: Date.now(), tool: 'connect', code: errorCodeOf(err), message: reg.connectError });
        this.logger.warn(`${reg.prefix}: failed to start: ${reg.connectError}`);
      }
      reg.dirty = true;
      this.scheduleChange();
    })();
    return reg.connecting;
  }

  private async refreshHealth(reg: Registration): Promise<void> {
    this.onHealth(reg, await this.boundedHealth(reg));
  }

  private boundedHealth(reg: Registration): Promise<HealthStatus> {
    return boundedHealthCheck(reg.subsystem, this.options.healthCheckTimeoutMs ?? 3000, reg.state);
  }

  private onHealth(reg: Registration, status: HealthStatus): void {
    // A failed connect stays "failed" until the subsystem reports itself running again.
    if (reg.connectError !== undefined && status.state !== 'running') return;
    if (status.state === 'running') reg.connectError = undefined;
    const changedState = reg.state !== status.state;
    reg.health = status;
    if (reg.started || status.state !== 'stopped') reg.state = status.state;
    if (changedState) reg.dirty = true;
    const level = worstLevel([...this.registrations.values()].map((r) => r.health?.level ?? levelForState(r.state)));
    if (level !== this.lastLevel || changedState) {
      this.lastLevel = level;
      this.emit('healthChanged', { level, state: 'running', version: this.version, details: { changed: reg.prefix, state: reg.state } });
    }
  }

  private invalidate(): void {
    this.cached = undefined;
    this.scheduleChange();
  }

  /** Coalesces changes into one `toolsChanged`, emitted only if the catalog really changed. */
  private scheduleChange(): void {
    if (this.closed || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const version = this.catalog().version;
      if (version === this.announcedVersion) return;
      this.announcedVersion = version;
      this.emit('toolsChanged');
    }, this.debounceMs);
    this.changeTimer.unref?.();
  }
}
