import {
  CrosspointError,
  type HealthStatus,
  type InvokeOptions,
  type Subsystem,
  type SubsystemState,
  type SurfaceCapabilities,
  type ToolArguments,
  type ToolDescriptor,
  type ToolOutput,
  effectiveTimeout,
  errorMessageOf,
  levelForState,
  rawToolResult,
} from '@crosspoint/core';
import { cancellationHookOf } from './cancellation-hook.js';
import { classifyAuthFailure, mapCallError, sessionFacts } from './call-errors.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { type ForwardHandle, type ForwardOptions, type ForwardSink, ForwardedCall, type ForwardingOwner } from './forwarded-call.js';
import type { ConnectDownstream, DownstreamTransport, ProxyLogger } from './downstream.js';
import { McpSession } from './mcp-session.js';
import { ProxySurface } from './proxy-surface.js';
import { SurfaceMethods } from './surface-methods.js';
import { invokeAsTask } from './task-call.js';
import { ServerStats } from './server-stats.js';
import type { SupervisionSettings } from './supervision-settings.js';
import { Supervisor } from './supervisor.js';

/** What `crosspoint_restart` needs. */
export interface Restartable {
  /** Stops the server if it runs, forgets its failures and starts it again; resolves once it is running. */
  restart(): Promise<void>;
}

export interface McpSessionSubsystemOptions {
  name: string;
  version?: string;
  /** Opens a fresh transport for each (re)start. */
  connect: ConnectDownstream;
  settings: SupervisionSettings;
  logger?: ProxyLogger;
  /**
   * Recognises a connect error that retrying cannot fix (a missing command…): returns the state to
   * settle in with a reason, instead of a restart loop. A remote's 401/403 is always recognised
   * (`unreachable`, no restart loop until `restart()`).
   */
  classifyStartError?: (err: unknown) => { state: 'unreachable' | 'failed'; reason: string } | undefined;
  /** Extra facts for `healthCheck().details` (command, pid, state file…). */
  describe?: () => Record<string, unknown>;
  /**
   * What the server may offer before it first runs (`surfaceCapabilities()`); default: everything the
   * proxy can forward (`FORWARDABLE_CAPABILITIES`). Once it ran, its own declaration is used.
   */
  surfaceCapabilities?: SurfaceCapabilities;
}

/**
 * A downstream MCP server as a Subsystem: one supervised session at a time over whatever
 * transport `connect` opens. Calls are forwarded with bounded concurrency and their results
 * returned untouched; the `Supervisor` owns states, restarts, pings and idling.
 *
 * Contract notes: `connect()` starts the server (lazy ones: only marks them startable) and rejects
 * with the first start's error while supervision carries on by policy. `tools()` keeps the last
 * known list while the server restarts.
 *
 * Beyond tools (`SubsystemSurface`, see `ProxySurface`): resources, templates and prompts are listed
 * at each start and on the server's `list_changed`, and kept across restarts like `tools()`;
 * requests are forwarded with `settings.timeoutMs`, results untouched; subscriptions and the log
 * level are re-applied after a restart. The server's `sampling/createMessage`, `elicitation/create`
 * and `roots/list` go to a front client chosen by the rule written on `ClientRouter`: the client of
 * the most recently started call or request still in flight on this server that is open and
 * declared the capability; with nothing in flight, the most recent such client that used this
 * server; else the child gets a JSON-RPC error saying why. Callers that bypass `invoke` record their client with
 * `clients.enter(client)` / `clients.leave(token)`.
 */
export class McpSessionSubsystem extends SurfaceMethods implements Subsystem, Restartable {
  readonly name: string;
  readonly version: string;
  readonly stats = new ServerStats();
  private readonly gate: ConcurrencyGate;
  private readonly supervisor: Supervisor;
  private readonly forwarding: ForwardingOwner;
  private inFlight = 0;
  /** The transport of the latest start attempt, even a failed one (its stderr explains why). */
  private lastTransport: DownstreamTransport | undefined;
  protected readonly surface: ProxySurface;

  constructor(private readonly options: McpSessionSubsystemOptions) {
    super();
    this.name = options.name;
    this.version = options.version ?? '0.1.0';
    this.gate = new ConcurrencyGate(options.settings.maxConcurrency);
    this.surface = new ProxySurface({
      name: options.name,
      timeoutMs: options.settings.timeoutMs,
      session: () => this.supervisor.sessionForCall(),
      current: () => this.supervisor.session,
      initialCapabilities: options.surfaceCapabilities,
      events: this,
      track: (run) => this.track(run),
      logger: options.logger,
    });
    this.forwarding = {
      name: this.name,
      stats: this.stats,
      finished: (clientToken) => {
        if (clientToken) this.surface.router.leave(clientToken);
        this.gate.release();
        this.inFlight--;
        this.supervisor.touch();
      },
    };
    this.supervisor = new Supervisor({
      name: options.name,
      settings: options.settings,
      stats: this.stats,
      logger: options.logger,
      classifyStartError: (err) => options.classifyStartError?.(err) ?? classifyAuthFailure(err),
      open: (onLost, onToolsChanged) => this.openSession(onLost, onToolsChanged),
      busy: () => this.inFlight > 0,
      emitHealth: () => {
        this.surface.onState(this.supervisor.state, this.supervisor.tools.length === 0);
        void this.healthCheck().then((h) => this.emit('healthChanged', h));
      },
      emitToolsChanged: () => this.emit('toolsChanged'),
    });
  }

  get state(): SubsystemState {
    return this.supervisor.state;
  }

  tools(): readonly ToolDescriptor[] {
    this.supervisor.noteListing();
    return this.supervisor.tools;
  }

  connect(): Promise<void> {
    return this.supervisor.enable();
  }

  disconnect(): Promise<void> {
    return this.supervisor.disable('stopped');
  }

  restart(): Promise<void> {
    return this.supervisor.restart();
  }

  async shutdown(): Promise<void> {
    if (this.supervisor.isShutdown) return this.supervisor.disable('stopped');
    this.gate.clear();
    await this.supervisor.shutdown();
  }

  async invoke(tool: string, args: Record<string, unknown>, options: InvokeOptions = {}): Promise<ToolOutput> {
    if (options.task) return this.invokeTask(tool, args, options, options.task);
    // With a cancellation hook the signal is read only if the call has to queue (it is lazy there).
    const hook = cancellationHookOf(options);
    const signal = hook ? undefined : options.signal;
    const cancelled = () => (hook ? hook.aborted : signal?.aborted === true);
    if (cancelled()) throw new CrosspointError('CANCELLED', `${this.name}.${tool} was cancelled`);
    const session = this.supervisor.session ?? (await this.supervisor.sessionForCall());
    const descriptor = session.byName.get(tool);
    if (!descriptor) throw new CrosspointError('TOOL_NOT_FOUND', `${this.name} has no tool "${tool}"`);
    const timeoutMs = effectiveTimeout(descriptor, options.timeoutMs);
    this.stats.calls++;
    this.inFlight++;
    this.supervisor.touch();
    const started = performance.now();
    const client = options.client ? this.surface.router.enter(options.client) : undefined;
    try {
      const callOptions = hook ? { timeoutMs, cancellation: hook, onProgress: options.onProgress } : { timeoutMs, signal, onProgress: options.onProgress };
      const run = () => session.call(tool, args, callOptions);
      const result = await this.gate.run(run, hook ? () => options.signal : signal);
      this.stats.recordLatency(performance.now() - started);
      if (result.isError === true) this.stats.errors++;
      return rawToolResult(result);
    } catch (err) {
      const mapped = mapCallError(err, {
        server: this.name,
        tool,
        timeoutMs,
        cancelled: cancelled(),
        ...sessionFacts(session),
      });
      this.stats.errors++;
      if (mapped.code === 'TOOL_TIMEOUT') this.stats.timeouts++;
      throw mapped;
    } finally {
      if (client) this.surface.router.leave(client);
      this.inFlight--;
      this.supervisor.touch();
    }
  }

  /** Records the clients of calls and requests on this server, for routing its requests to a client. */
  get clients(): ProxySurface['router'] {
    return this.surface.router;
  }

  get serverInfo(): { name: string; version: string; [k: string]: unknown } | undefined {
    return (this.supervisor.session ?? this.supervisor.lastSession)?.serverInfo;
  }

  get instructions(): string | undefined {
    return (this.supervisor.session ?? this.supervisor.lastSession)?.instructions;
  }

  /** A task-augmented call through the SDK client (not the lean path): resolves `rawToolResult(CreateTaskResult)`. */
  private async invokeTask(tool: string, args: Record<string, unknown>, options: InvokeOptions, task: Record<string, unknown>): Promise<ToolOutput> {
    const session = this.supervisor.session ?? (await this.supervisor.sessionForCall());
    const descriptor = session.byName.get(tool);
    if (!descriptor) throw new CrosspointError('TOOL_NOT_FOUND', `${this.name} has no tool "${tool}"`);
    this.stats.calls++;
    return this.track(() => invokeAsTask(session, this.surface, { server: this.name, tool, args, task, options, timeoutMs: effectiveTimeout(descriptor, options.timeoutMs) }));
  }

  private async track<T>(run: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.supervisor.touch();
    try {
      return await run();
    } finally {
      this.inFlight--;
      this.supervisor.touch();
    }
  }

  /**
   * The synchronous forwarding path for plain calls: sends the call now and returns its handle, or
   * `undefined` when it cannot (not running, unknown tool, no free slot or calls queued) and
   * `invoke` must be used. The outcome goes to `sink`, with the same errors and counters as `invoke`.
   */
  forwardCall(tool: string, args: ToolArguments, options: ForwardOptions, sink: ForwardSink): ForwardHandle | undefined {
    const session = this.supervisor.session;
    if (!session || session.closed) return undefined;
    const descriptor = session.byName.get(tool);
    if (!descriptor || !this.gate.tryEnter()) return undefined;
    this.stats.calls++;
    this.inFlight++;
    this.supervisor.touch();
    const client = options.client ? this.surface.router.enter(options.client) : undefined;
    return new ForwardedCall(this.forwarding, session, tool, effectiveTimeout(descriptor, options.timeoutMs), sink, client, options.onError).start(args, options.progress);
  }

  async healthCheck(): Promise<HealthStatus> {
    const sup = this.supervisor;
    const session = sup.session ?? sup.lastSession;
    const transport: DownstreamTransport | undefined = sup.session?.transport ?? this.lastTransport;
    const serverInfo = session?.serverInfo;
    const state = sup.state;
    return {
      level: levelForState(state),
      state,
      ...(sup.lastSeen ? { lastSeen: sup.lastSeen } : {}),
      ...(sup.lastPingMs !== undefined ? { latencyMs: sup.lastPingMs } : {}),
      ...(serverInfo?.version ? { version: String(serverInfo.version) } : {}),
      ...(sup.reason && state !== 'running' ? { message: `${this.name}: ${sup.reason}` } : {}),
      details: {
        ...this.stats.snapshot(),
        inFlight: this.inFlight,
        queued: this.gate.waiting,
        consecutiveFailures: sup.consecutiveFailures,
        nextRestartAt: sup.nextRestartAt,
        serverInfo: serverInfo ?? null,
        capabilities: session?.capabilities ?? null,
        instructions: session?.instructions ?? null,
        invalidTools: session?.invalidTools ?? [],
        surface: this.surface.status(),
        pid: transport?.pid ?? null,
        ...(transport?.ownSession !== undefined ? { processGroup: transport.ownSession ? 'own session' : "own group in the gateway's session" } : {}),
        stderrTail: transport?.stderrTail?.(20) ?? [],
        stdoutGarbage: { count: transport?.garbageCount ?? 0, tail: transport?.garbageTail?.(5) ?? [] },
        ...this.options.describe?.(),
      },
    };
  }

  private async openSession(onLost: (s: McpSession) => void, onToolsChanged: () => void): Promise<McpSession> {
    const transport = await this.options.connect();
    this.lastTransport = transport;
    const settings = this.options.settings;
    const session = await McpSession.open(
      transport,
      {
        name: this.name,
        maxToolPages: settings.maxToolPages,
        defaultTimeoutMs: settings.timeoutMs,
        toolTimeouts: settings.toolTimeouts,
        onToolsChanged,
        onCatalogChanged: (s, kind) => this.surface.onCatalogChanged(s, kind),
        onNotification: (s, method, params) => this.surface.onNotification(s, method, params),
        onServerRequest: (method, params, signal) => this.surface.onServerRequest(method, params, signal),
        onClose: onLost,
        onError: (err) => this.options.logger?.debug?.(`${this.name}: ${errorMessageOf(err)}`),
      },
      settings.startupTimeoutMs,
    );
    await this.surface.adopt(session, settings.startupTimeoutMs);
    return session;
  }
}
