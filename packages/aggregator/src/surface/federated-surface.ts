import {
  type CompleteRequestLike,
  type CompleteResultLike,
  CrosspointError,
  type GetPromptResultLike,
  type HealthStatus,
  LOG_LEVELS,
  type LogMessage,
  type McpLogLevel,
  type ReadResourceResultLike,
  type RequestOptions,
  type Subsystem,
  type SurfaceEvents,
  type WireFormatOptions,
  errorMessageOf,
} from '@crosspoint/core';
import type { Logger } from '../logger.js';
import type { Registration } from '../registration.js';
import { withDeadline } from './deadline.js';
import { type FederatedCapabilities, declaredCapabilities, unionCapabilities } from './capabilities.js';
import { namespaceTaskId, namespaceUri, rewriteTaskIds, splitNamespacedUri } from './namespacing.js';
import { listenAll } from '../listen-all.js';
import { ResourceSubscriptions, type SessionKey, SessionLogLevels } from './session-registry.js';
import { type SurfaceCatalog, type SurfaceSource, buildSurfaceCatalog, readSurfaceSource } from './surface-catalog.js';
import { TaskRouter } from './task-router.js';

/** What the surface needs from the aggregator that owns it. */
export interface SurfaceHost {
  readonly passthrough: boolean;
  readonly wireFormat: WireFormatOptions;
  readonly logger: Logger;
  readonly debounceMs: number;
  /** Deadline of each routed request (`tasks/result` excepted: it waits for the task). */
  readonly requestTimeoutMs: number;
  registrations(): Iterable<Registration>;
  registration(prefix: string): Registration | undefined;
  /** Emits one of the surface events on the aggregator, ids and URIs already namespaced. */
  emit<E extends keyof SurfaceEvents>(event: E, ...args: SurfaceEvents[E]): void;
  isClosed(): boolean;
}

/**
 * The federated MCP surface beyond tools: one cached catalog of resources, templates and prompts
 * (rebuilt on a subsystem's `resourcesChanged` / `promptsChanged`, a registration or a state
 * change, and announced by one debounced event per kind), and the routing of every surface request
 * to its owner. See `namespacing.ts` for how URIs and task ids are kept apart.
 *
 * A request for a subsystem that is down answers `SUBSYSTEM_UNAVAILABLE` at once, naming its state.
 */
export class FederatedSurface {
  private cached: SurfaceCatalog | undefined;
  private readonly sources = new Map<string, SurfaceSource>();
  private readonly dirty = new Set<string>();
  private version = 0;
  private timer: NodeJS.Timeout | undefined;
  /** What was last announced; starts as an empty catalog, so the first lists to arrive are announced. */
  private announced = { resources: JSON.stringify([[], []]), prompts: '[]' };
  readonly subscriptions: ResourceSubscriptions;
  readonly logLevels = new SessionLogLevels();
  /** The log level last given to each subsystem (by prefix). */
  private readonly appliedLevels = new Map<string, McpLogLevel>();
  readonly tasks: TaskRouter;

  constructor(private readonly host: SurfaceHost) {
    this.subscriptions = new ResourceSubscriptions((m) => host.logger.warn(m));
    this.tasks = new TaskRouter(this, host);
  }

  /** Listens to a newly registered subsystem's surface events; returns the detach function. */
  attach(reg: Registration): () => void {
    const s = reg.subsystem;
    const { prefix } = reg;
    const changed = () => this.markDirty(prefix);
    const onUpdated = (uri: string) => this.host.emit('resourceUpdated', this.nsUri(prefix, uri));
    const onLog = (m: LogMessage) => this.host.emit('log', this.sourced(prefix, m));
    const onTask = (params: Record<string, unknown>) => this.host.emit('taskStatus', rewriteTaskIds(params, (id) => this.nsTask(prefix, id)));
    const onHealth = (h: HealthStatus) => {
      this.markDirty(prefix);
      if (h.state === 'running') this.applyLogLevel(reg);
    };
    const detach = listenAll(s, {
      resourcesChanged: changed,
      promptsChanged: changed,
      resourceUpdated: onUpdated,
      log: onLog,
      taskStatus: onTask,
      healthChanged: onHealth,
    });
    this.markDirty(prefix);
    return detach;
  }

  /** A subsystem came up: re-read its lists, give it the current log level. */
  connected(reg: Registration): void {
    this.markDirty(reg.prefix);
    this.applyLogLevel(reg);
  }

  close(): void {
    clearTimeout(this.timer);
  }

  catalog(): SurfaceCatalog {
    if (this.cached && this.dirty.size === 0) return this.cached;
    for (const reg of this.host.registrations()) {
      if (!this.dirty.has(reg.prefix) && this.sources.has(reg.prefix)) continue;
      this.sources.set(reg.prefix, readSurfaceSource(reg.prefix, reg.subsystem, (m) => this.host.logger.warn(m)));
    }
    this.dirty.clear();
    const order = [...this.host.registrations()].map((r) => this.sources.get(r.prefix)).filter((s): s is SurfaceSource => s !== undefined);
    const next = buildSurfaceCatalog(order, { wireFormat: this.host.wireFormat, passthrough: this.host.passthrough }, this.version + 1, (m) => this.host.logger.warn(m));
    if (this.cached && next.resourcesFingerprint === this.cached.resourcesFingerprint && next.promptsFingerprint === this.cached.promptsFingerprint) {
      return this.cached;
    }
    this.version = next.version;
    this.cached = next;
    return next;
  }

  capabilities(): FederatedCapabilities {
    return unionCapabilities([...this.host.registrations()].map((r) => declaredCapabilities(r.subsystem)));
  }

  // --- routing -------------------------------------------------------------------------------

  async readResource(uri: string, options: RequestOptions = {}): Promise<ReadResourceResultLike> {
    const owner = this.resolveUri(uri);
    const s = this.usable(owner.prefix);
    if (!s.readResource) throw new CrosspointError('NOT_SUPPORTED', `${owner.prefix} does not serve resources`);
    const result = await withDeadline(`reading ${uri}`, this.host.requestTimeoutMs, options, (o) => s.readResource?.(owner.uri, o) as Promise<ReadResourceResultLike>);
    if (!owner.namespaced || !Array.isArray(result?.contents)) return result;
    // The client named the resource by its namespaced URI: the contents say the same.
    return { ...result, contents: result.contents.map((c) => (typeof c.uri === 'string' ? { ...c, uri: this.nsUri(owner.prefix, c.uri) } : c)) };
  }

  /** The prefix of the subsystem a resource URI (or, with `template`, a template) routes to; throws like a read for an unknown one. */
  ownerPrefix(uri: string, template = false): string {
    return (template ? this.resolveTemplate(uri) : this.resolveUri(uri)).prefix;
  }

  /** The URI in the form update notifications carry (the namespaced one); throws like a read for an unknown one. */
  notificationUri(uri: string): string {
    const owner = this.resolveUri(uri);
    return this.nsUri(owner.prefix, owner.uri);
  }

  /** Subscribes `session`; returns the URI in the form notifications will carry (the namespaced one). */
  async subscribe(session: SessionKey, uri: string, options: RequestOptions = {}): Promise<string> {
    const owner = this.resolveUri(uri);
    await this.subscriptions.subscribe(session, owner.prefix, owner.uri, this.usable(owner.prefix), options);
    return this.nsUri(owner.prefix, owner.uri);
  }

  async unsubscribe(session: SessionKey, uri: string): Promise<string> {
    const owner = this.resolveUri(uri);
    await this.subscriptions.unsubscribe(session, owner.prefix, owner.uri);
    return this.nsUri(owner.prefix, owner.uri);
  }

  async getPrompt(wire: string, args: Record<string, string>, options: RequestOptions = {}): Promise<GetPromptResultLike> {
    const entry = this.catalog().promptByWire.get(wire);
    if (!entry) throw new CrosspointError('PROMPT_NOT_FOUND', `unknown prompt "${wire}"; list the prompts to see what exists`);
    const s = this.usable(entry.prefix);
    if (!s.getPrompt) throw new CrosspointError('NOT_SUPPORTED', `${entry.prefix} does not serve prompts`);
    return withDeadline(`prompt ${wire}`, this.host.requestTimeoutMs, options, (o) => s.getPrompt?.(entry.name, args, o) as Promise<GetPromptResultLike>);
  }

  async complete(request: CompleteRequestLike, options: RequestOptions = {}): Promise<CompleteResultLike> {
    let prefix: string;
    let ref: CompleteRequestLike['ref'];
    if (request.ref.type === 'ref/prompt') {
      const entry = this.catalog().promptByWire.get(request.ref.name);
      if (!entry) throw new CrosspointError('PROMPT_NOT_FOUND', `unknown prompt "${request.ref.name}"; list the prompts to see what exists`);
      ({ prefix } = entry);
      ref = { type: 'ref/prompt', name: entry.name };
    } else {
      const owner = this.resolveTemplate(request.ref.uri);
      ({ prefix } = owner);
      ref = { type: 'ref/resource', uri: owner.uri };
    }
    const s = this.usable(prefix);
    if (!s.complete) throw new CrosspointError('NOT_SUPPORTED', `${prefix} does not offer completions`);
    return withDeadline('completion', this.host.requestTimeoutMs, options, (o) => s.complete?.({ ...request, ref }, o) as Promise<CompleteResultLike>);
  }

  /** Applies the most verbose level any session asked for to every subsystem that takes one. */
  /**
   * A session's `logging/setLevel`. Each subsystem gets the most verbose level of the sessions that
   * reach it: `reaches` limits a scoped session's to the subsystems it may use, so a token scoped to
   * one server cannot make another one chatty.
   */
  setSessionLogLevel(session: SessionKey, level: McpLogLevel, reaches?: (prefix: string) => boolean): void {
    this.logLevels.set(session, level, reaches);
    this.applyLogLevels();
  }

  /** Forgets a closed session: its subscriptions, its log level (re-applied), its tasks. */
  releaseSession(session: SessionKey): void {
    this.subscriptions.release(session);
    this.logLevels.drop(session);
    this.tasks.release(session);
    this.applyLogLevels();
  }

  rootsChanged(): void {
    for (const reg of this.host.registrations()) {
      try {
        reg.subsystem.rootsChanged?.();
      } catch (err) {
        this.host.logger.warn(`${reg.prefix}: rootsChanged failed: ${errorMessageOf(err)}`);
      }
    }
  }

  // --- names ---------------------------------------------------------------------------------

  nsUri(prefix: string, uri: string): string {
    return this.host.passthrough ? uri : namespaceUri(prefix, uri);
  }

  nsTask(prefix: string, taskId: string): string {
    return this.host.passthrough ? taskId : namespaceTaskId(prefix, taskId);
  }

  /** The only prefix in passthrough mode (there is exactly one subsystem). */
  soleOwner(): string | undefined {
    if (!this.host.passthrough) return undefined;
    return [...this.host.registrations()][0]?.prefix;
  }

  /** The subsystem behind `prefix`, if it can take a request now; else a clear error. */
  usable(prefix: string): Subsystem {
    const reg = this.host.registration(prefix);
    if (!reg) throw new CrosspointError('SUBSYSTEM_NOT_FOUND', `no subsystem named "${prefix}"`);
    if (this.host.isClosed()) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', 'the gateway has been shut down');
    if (reg.isDown) throw reg.unavailable();
    return reg.subsystem;
  }

  private resolveUri(uri: string): { prefix: string; uri: string; namespaced: boolean } {
    const sole = this.soleOwner();
    if (sole !== undefined) return { prefix: sole, uri, namespaced: false };
    const split = splitNamespacedUri(uri, (p) => this.host.registration(p) !== undefined);
    if (split) return { ...split, namespaced: true };
    return { prefix: this.single(uri, this.catalog().ownersOf(uri), 'resource', 'RESOURCE_NOT_FOUND'), uri, namespaced: false };
  }

  private resolveTemplate(template: string): { prefix: string; uri: string } {
    const sole = this.soleOwner();
    if (sole !== undefined) return { prefix: sole, uri: template };
    const split = splitNamespacedUri(template, (p) => this.host.registration(p) !== undefined);
    if (split) return split;
    const catalog = this.catalog();
    const owners = catalog.templateOwners(template);
    return { prefix: this.single(template, owners.length > 0 ? owners : catalog.ownersOf(template), 'resource template', 'RESOURCE_NOT_FOUND'), uri: template };
  }

  /** The fallback for un-namespaced URIs: exactly one subsystem must claim it. */
  private single(uri: string, owners: string[], what: string, code: string): string {
    const [first, ...rest] = owners;
    if (first !== undefined && rest.length === 0) return first;
    if (first === undefined) {
      throw new CrosspointError(code, `no subsystem serves the ${what} "${uri}"; list resources to see the URIs the gateway serves (namespaced as "<prefix>+<uri>")`);
    }
    const candidates = owners.map((p) => `"${this.nsUri(p, uri)}"`).join(' or ');
    throw new CrosspointError(code, `the ${what} "${uri}" is served by ${owners.join(' and ')}; ask for ${candidates}`);
  }

  private sourced(prefix: string, m: LogMessage): LogMessage {
    const level: McpLogLevel = LOG_LEVELS.includes(m.level) ? m.level : 'info';
    if (this.host.passthrough) return { ...m, level };
    return { ...m, level, logger: m.logger ? `${prefix}/${m.logger}` : prefix };
  }

  private applyLogLevels(): void {
    for (const reg of this.host.registrations()) {
      const level = this.logLevels.effective(reg.prefix);
      if (level !== undefined && level !== this.appliedLevels.get(reg.prefix)) this.applyLogLevel(reg);
    }
  }

  /** Gives the subsystem its current level (again after a restart: `connected`, `healthChanged`). */
  private applyLogLevel(reg: Registration): void {
    const level = this.logLevels.effective(reg.prefix);
    const s = reg.subsystem;
    if (level === undefined || !s.setLogLevel || reg.isDown) return;
    this.appliedLevels.set(reg.prefix, level);
    Promise.resolve()
      .then(() => s.setLogLevel?.(level))
      .catch((err: unknown) => this.host.logger.debug(`${reg.prefix}: setting log level ${level} failed: ${errorMessageOf(err)}`));
  }

  private markDirty(prefix: string): void {
    this.dirty.add(prefix);
    if (this.host.isClosed() || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const c = this.catalog();
      if (c.resourcesFingerprint !== this.announced.resources) this.host.emit('resourcesChanged');
      if (c.promptsFingerprint !== this.announced.prompts) this.host.emit('promptsChanged');
      this.announced = { resources: c.resourcesFingerprint, prompts: c.promptsFingerprint };
    }, this.host.debounceMs);
    this.timer.unref?.();
  }
}
