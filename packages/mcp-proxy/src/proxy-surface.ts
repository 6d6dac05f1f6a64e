import type { EventEmitter } from 'eventemitter3';
import {
  CrosspointError,
  LOG_LEVELS,
  type ClientRequestMethod,
  type LogMessage,
  type McpLogLevel,
  type PromptDescriptor,
  type RequestOptions,
  type ResourceDescriptor,
  type ResourceTemplateDescriptor,
  type SubsystemEvents,
  type SubsystemState,
  type SurfaceCapabilities,
  errorMessageOf,
  rpcCodeOf,
} from '@crosspoint/core';
import { CLIENT_REQUEST_METHODS, ClientRouter } from './client-router.js';
import { UrlElicitations } from './url-elicitations.js';
import type { ProxyLogger } from './downstream.js';
import type { McpSession } from './mcp-session.js';
import { sessionFacts } from './call-errors.js';
import { mapRequestError } from './request-errors.js';
import { type CatalogGroup, type CatalogKind, GROUP_KINDS } from './session-catalogs.js';
import { FORWARDABLE_CAPABILITIES, declares, surfaceOf, unsupported } from './surface-capabilities.js';

export interface ProxySurfaceDeps {
  name: string;
  /** Timeout of every forwarded request (the server's `timeoutMs`). */
  timeoutMs: number;
  /** The running session, or one started for this request (lazy); rejects `SUBSYSTEM_UNAVAILABLE`. */
  session(): Promise<McpSession>;
  /** The running session, if any (no start). */
  current(): McpSession | undefined;
  /** What this server may offer before it first runs (default: everything the proxy forwards). */
  initialCapabilities?: SurfaceCapabilities | undefined;
  events: EventEmitter<SubsystemEvents>;
  /** Runs a request counted as in flight (so an idle timer waits for it). */
  track<T>(run: () => Promise<T>): Promise<T>;
  logger?: ProxyLogger | undefined;
}

/** States in which the server's catalogs are withdrawn, like its tools. */
const WITHDRAWN: ReadonlySet<SubsystemState> = new Set(['stopped', 'failed', 'dead']);

/**
 * The MCP surface beyond tools of one proxied server: its catalogs (kept across restarts like
 * `tools()`), forwarded requests with the gateway's error mapping, what must survive a restart
 * (resource subscriptions, the log level), its notifications as subsystem events, and the routing
 * of its server-to-client requests to a front client (`ClientRouter`).
 */
export class ProxySurface {
  readonly router = new ClientRouter();
  private readonly urlElicitations = new UrlElicitations();
  resources: readonly ResourceDescriptor[] = [];
  resourceTemplates: readonly ResourceTemplateDescriptor[] = [];
  prompts: readonly PromptDescriptor[] = [];
  private readonly subscriptions = new Set<string>();
  private logLevel: McpLogLevel | undefined;
  private lastCapabilities: Record<string, unknown> | undefined;

  constructor(private readonly deps: ProxySurfaceDeps) {}

  capabilities(): SurfaceCapabilities {
    const caps = this.deps.current()?.capabilities ?? this.lastCapabilities;
    return caps ? surfaceOf(caps) : { ...(this.deps.initialCapabilities ?? FORWARDABLE_CAPABILITIES) };
  }

  /** A session just opened: take its catalogs and capabilities, re-apply subscriptions and the log level. */
  async adopt(session: McpSession, timeoutMs: number): Promise<void> {
    this.lastCapabilities = session.capabilities;
    this.take(session, 'resources');
    this.take(session, 'prompts');
    const caps = session.capabilities;
    const replays: Array<Promise<unknown>> = [];
    if (this.logLevel && declares(caps, 'logging')) {
      replays.push(this.replay(session, 'logging/setLevel', { level: this.logLevel }, timeoutMs));
    }
    if (declares(caps, 'resources.subscribe')) {
      for (const uri of this.subscriptions) replays.push(this.replay(session, 'resources/subscribe', { uri }, timeoutMs));
    }
    await Promise.all(replays);
  }

  /** The supervisor's state changed: a server stopped, dead or failed withdraws its catalogs. */
  onState(state: SubsystemState, toolsWithdrawn: boolean): void {
    if (!WITHDRAWN.has(state) && !(state === 'unreachable' && toolsWithdrawn)) return;
    for (const group of ['resources', 'prompts'] as const) {
      const kinds = GROUP_KINDS[group];
      if (kinds.every((kind) => this[kind].length === 0)) continue;
      for (const kind of kinds) this[kind] = [];
      this.deps.events.emit(group === 'prompts' ? 'promptsChanged' : 'resourcesChanged');
    }
  }

  onCatalogChanged(session: McpSession, group: CatalogGroup): void {
    if (!session.closed) this.take(session, group);
  }

  onNotification(session: McpSession, method: string, params: Record<string, unknown>): void {
    if (session.closed) return; // one session at a time: only a closed one is stale
    const events = this.deps.events;
    if (method === 'notifications/resources/updated') {
      if (typeof params['uri'] === 'string') events.emit('resourceUpdated', params['uri']);
    } else if (method === 'notifications/message') {
      const level = params['level'];
      if (typeof level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(level)) return;
      const message: LogMessage = { level: level as McpLogLevel, data: params['data'] };
      if (typeof params['logger'] === 'string') message.logger = params['logger'];
      events.emit('log', message);
    } else if (method === 'notifications/tasks/status') {
      events.emit('taskStatus', params);
    } else if (method === 'notifications/elicitation/complete') {
      this.urlElicitations.completed(params);
    }
  }

  /** A request from the child to the client side: routed by `ClientRouter`'s rule, answered untouched. */
  async onServerRequest(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    if (!(CLIENT_REQUEST_METHODS as readonly string[]).includes(method)) {
      throw Object.assign(new Error(`${method} is not supported by the crosspoint gateway`), { code: -32601 });
    }
    const picked = this.router.pick(method as ClientRequestMethod, params);
    if (picked instanceof CrosspointError) throw Object.assign(new Error(`crosspoint: ${picked.message}`), { code: rpcCodeOf(picked) });
    if (method === 'elicitation/create') this.urlElicitations.asked(params, picked);
    try {
      return (await picked.request(method as ClientRequestMethod, params, { signal })) as Record<string, unknown>;
    } catch (err) {
      const own = (err as { code?: unknown }).code;
      const code = typeof own === 'number' && Number.isInteger(own) ? own : rpcCodeOf(err);
      const data = (err as { data?: unknown }).data;
      throw Object.assign(new Error(`${picked.label}: ${errorMessageOf(err)}`), { code, ...(data !== undefined ? { data } : {}) });
    }
  }

  /**
   * Forwards one request: starts a lazy server, refuses what the server did not declare
   * (`NOT_SUPPORTED`, nothing sent), records the caller for routing, maps errors.
   */
  async forward(method: string, params: Record<string, unknown>, options: RequestOptions = {}, subject?: string): Promise<Record<string, unknown>> {
    const signal = options.signal;
    if (signal?.aborted) throw new CrosspointError('CANCELLED', `${this.deps.name}: ${method} was cancelled`);
    const session = this.deps.current() ?? (await this.deps.session());
    const refused = unsupported(this.deps.name, method, session.capabilities);
    if (refused) throw refused;
    const timeoutMs = options.timeoutMs ?? this.deps.timeoutMs;
    const token = options.client ? this.router.enter(options.client) : undefined;
    try {
      return await this.deps.track(() => session.request(method, params, { timeoutMs, signal }));
    } catch (err) {
      throw mapRequestError(err, {
        server: this.deps.name,
        method,
        ...(subject !== undefined ? { subject } : {}),
        timeoutMs,
        cancelled: signal?.aborted === true,
        ...sessionFacts(session),
      });
    } finally {
      if (token) this.router.leave(token);
    }
  }

  async subscribe(uri: string, options?: RequestOptions): Promise<void> {
    await this.forward('resources/subscribe', { uri }, options, uri);
    this.subscriptions.add(uri);
  }

  /** Forgets the subscription; tells the server only if it runs (a stopped one holds none). */
  async unsubscribe(uri: string, options?: RequestOptions): Promise<void> {
    this.subscriptions.delete(uri);
    if (!this.deps.current()) return;
    await this.forward('resources/unsubscribe', { uri }, options, uri);
  }

  /**
   * Remembers the level (re-applied after every start) and sends it to a running server that
   * declares `logging`; a server that is not running, or has no logging, resolves without I/O.
   */
  async setLogLevel(level: McpLogLevel): Promise<void> {
    this.logLevel = level;
    const session = this.deps.current();
    if (!session || !declares(session.capabilities, 'logging')) return;
    await this.forward('logging/setLevel', { level });
  }

  /** The client's roots changed: tell a running server that may have asked for them. */
  rootsChanged(): void {
    const session = this.deps.current();
    if (!session || session.closed) return;
    session.client.sendRootsListChanged().catch((err: unknown) => this.deps.logger?.debug?.(`${this.deps.name}: roots/list_changed: ${errorMessageOf(err)}`));
  }

  /** For `healthCheck().details.surface`. */
  status(): { subscriptions: string[]; logLevel: McpLogLevel | null; clientsInFlight: number } {
    return { subscriptions: [...this.subscriptions], logLevel: this.logLevel ?? null, clientsInFlight: this.router.inFlightCount };
  }

  /** Adopts a group's lists from the session; announces the group once if any list differs. */
  private take(session: McpSession, group: CatalogGroup): void {
    let changed = false;
    for (const kind of GROUP_KINDS[group]) {
      const next = session.catalogs[kind];
      if (JSON.stringify(next) === JSON.stringify(this[kind])) continue;
      (this as Record<CatalogKind, unknown>)[kind] = next;
      changed = true;
    }
    if (changed) this.deps.events.emit(group === 'prompts' ? 'promptsChanged' : 'resourcesChanged');
  }

  private async replay(session: McpSession, method: string, params: Record<string, unknown>, timeoutMs: number): Promise<void> {
    try {
      await session.request(method, params, { timeoutMs });
    } catch (err) {
      this.deps.logger?.warn?.(`${this.deps.name}: re-applying ${method} ${JSON.stringify(params)} after a start failed: ${errorMessageOf(err)}`);
    }
  }
}
