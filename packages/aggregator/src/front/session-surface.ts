import {
  type CompleteRequestLike,
  type LogMessage,
  type McpLogLevel,
  type RequestOptions,
  type TaskRequestMethod,
  errorMessageOf,
  logLevelPasses,
} from '@crosspoint/core';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CancelTaskRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListTasksRequestSchema,
  ReadResourceRequestSchema,
  type RequestId,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { listenAll } from '../listen-all.js';
import { type SurfaceScope, requireScope } from './surface-scope.js';
import type { FederationAggregator } from '../aggregator.js';
import type { Logger } from '../logger.js';
import type { SessionKey } from '../surface/session-registry.js';
import type { SessionClientChannel } from './client-channel.js';
import { toJsonRpcError } from './json-rpc-error.js';
import { page } from './pagination.js';

export interface SessionSurfaceContext {
  aggregator: FederationAggregator;
  server: Server;
  channel: SessionClientChannel;
  /** This session's identity in the shared surface. */
  key: SessionKey;
  pageSize: number;
  logger: Logger;
  label: string;
  /** True once the client sent `notifications/initialized` (before, nothing is pushed to it). */
  initialized(): boolean;
  /** Set for a session limited to some tools (a scoped token); see `SurfaceScope`. */
  scope?: SurfaceScope | undefined;
}

type Result = Record<string, unknown>;

/**
 * Serves one session's resources, prompts, completions, logging and tasks from the aggregator's
 * `FederatedSurface`, and pushes the surface's events to this session: list changes to every
 * session, `resources/updated` only for URIs it subscribed to (in the form it subscribed with),
 * log messages that pass its `logging/setLevel`, task status only for tasks it created.
 * Every routed request carries this session's `ClientChannel`. Returns the detach function,
 * which also releases the session's subscriptions, log level and tasks.
 */
export function attachSessionSurface(ctx: SessionSurfaceContext): () => void {
  const { aggregator, server, key, pageSize } = ctx;
  const surface = aggregator.surface;
  /** Canonical (namespaced) URI → the URI as this client subscribed to it. */
  const subscribed = new Map<string, string>();
  let detached = false;
  const options = (extra: { signal: AbortSignal; requestId: RequestId }): RequestOptions => ({
    signal: extra.signal,
    client: ctx.channel.forRequest(extra.requestId),
  });
  const routed = async (run: () => Promise<Result>): Promise<Result> => {
    try {
      return await run();
    } catch (err) {
      throw toJsonRpcError(err);
    }
  };
  // What this client has seen, so a change it never saw the old side of is not announced.
  let seen = { resources: surface.catalog().resourcesFingerprint, prompts: surface.catalog().promptsFingerprint };
  const listed = async <T>(field: string, items: () => readonly T[], cursor: string | undefined): Promise<Result> => {
    await aggregator.whenReady();
    if (field === 'prompts') seen = { ...seen, prompts: surface.catalog().promptsFingerprint };
    else seen = { ...seen, resources: surface.catalog().resourcesFingerprint };
    const { items: slice, nextCursor } = page(items(), cursor, pageSize);
    return nextCursor ? { [field]: slice, nextCursor } : { [field]: slice };
  };

  const { scope } = ctx;
  const ownedInScope = (uri: string, template = false): boolean => {
    if (!scope) return true;
    try {
      return scope.prefix(surface.ownerPrefix(uri, template));
    } catch {
      return false;
    }
  };
  /** Resources and templates outside the scope look like what they are to this session: forbidden. */
  const requireUri = (uri: string, template = false): void => {
    if (scope) requireScope(scope.prefix(surface.ownerPrefix(uri, template)), `"${uri}"`);
  };
  const inScope = <T>(items: readonly T[], keep: (item: T) => boolean): readonly T[] => (scope ? items.filter(keep) : items);

  server.setRequestHandler(ListResourcesRequestSchema, (r) => listed('resources', () => inScope(surface.catalog().resources, (x) => ownedInScope(x.uri)), r.params?.cursor));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, (r) =>
    listed('resourceTemplates', () => inScope(surface.catalog().templates, (t) => ownedInScope(t.uriTemplate, true)), r.params?.cursor),
  );
  server.setRequestHandler(ListPromptsRequestSchema, (r) => listed('prompts', () => inScope(surface.catalog().prompts, (p) => scope?.prompt(p.name) ?? true), r.params?.cursor));
  server.setRequestHandler(ReadResourceRequestSchema, (r, extra) =>
    routed(() => {
      requireUri(r.params.uri);
      return surface.readResource(r.params.uri, options(extra));
    }),
  );
  server.setRequestHandler(SubscribeRequestSchema, (r, extra) =>
    routed(async () => {
      requireUri(r.params.uri);
      // Noted before the downstream answers: a server may send an update right behind its reply.
      const canonical = surface.notificationUri(r.params.uri);
      const had = subscribed.has(canonical);
      subscribed.set(canonical, r.params.uri);
      try {
        await surface.subscribe(key, r.params.uri, options(extra));
      } catch (err) {
        if (!had) subscribed.delete(canonical);
        throw err;
      }
      // The session closed while the subscription was being made: give it back at once.
      if (detached) await surface.unsubscribe(key, r.params.uri);
      return {};
    }),
  );
  server.setRequestHandler(UnsubscribeRequestSchema, (r) =>
    routed(async () => {
      subscribed.delete(await surface.unsubscribe(key, r.params.uri));
      return {};
    }),
  );
  server.setRequestHandler(GetPromptRequestSchema, (r, extra) =>
    routed(async () => {
      await aggregator.whenReady();
      if (scope) requireScope(scope.prompt(r.params.name), `the prompt "${r.params.name}"`);
      return surface.getPrompt(r.params.name, r.params.arguments ?? {}, options(extra));
    }),
  );
  server.setRequestHandler(CompleteRequestSchema, (r, extra) =>
    routed(() => {
      const ref = (r.params as CompleteRequestLike).ref;
      if (scope) {
        if (ref.type === 'ref/prompt') requireScope(scope.prompt(ref.name), `the prompt "${ref.name}"`);
        else requireUri(ref.uri, true);
      }
      return surface.complete(r.params as CompleteRequestLike, options(extra));
    }),
  );
  server.setRequestHandler(SetLevelRequestSchema, (r) =>
    routed(async () => {
      surface.setSessionLogLevel(key, r.params.level as McpLogLevel, scope && !aggregator.passthrough ? (prefix) => scope.prefix(prefix) : undefined);
      return {};
    }),
  );
  const task = (method: TaskRequestMethod) => (r: { params?: Record<string, unknown> }, extra: { signal: AbortSignal; requestId: RequestId }) =>
    routed(() => surface.tasks.request(key, method, (r.params ?? {}) as Result, options(extra), scope ? (prefix) => scope.prefix(prefix) : undefined));
  server.setRequestHandler(GetTaskRequestSchema, task('tasks/get'));
  server.setRequestHandler(GetTaskPayloadRequestSchema, task('tasks/result'));
  server.setRequestHandler(CancelTaskRequestSchema, task('tasks/cancel'));
  server.setRequestHandler(ListTasksRequestSchema, (r, extra) =>
    routed(async () => {
      const all = (await surface.tasks.request(key, 'tasks/list', {}, options(extra)))['tasks'] as unknown[];
      const { items, nextCursor } = page(all, r.params?.cursor, pageSize);
      return nextCursor ? { tasks: items, nextCursor } : { tasks: items };
    }),
  );
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => surface.rootsChanged());

  const push = (what: string, send: () => Promise<void>) => {
    if (!ctx.initialized()) return;
    send().catch((err: unknown) => ctx.logger.debug(`${ctx.label}: ${what} not sent: ${errorMessageOf(err)}`));
  };
  const onResources = () => {
    const now = surface.catalog().resourcesFingerprint;
    if (now === seen.resources) return;
    seen = { ...seen, resources: now };
    push('resources/list_changed', () => server.sendResourceListChanged());
  };
  const onPrompts = () => {
    const now = surface.catalog().promptsFingerprint;
    if (now === seen.prompts) return;
    seen = { ...seen, prompts: now };
    push('prompts/list_changed', () => server.sendPromptListChanged());
  };
  const onUpdated = (uri: string) => {
    const asSubscribed = subscribed.get(uri);
    if (asSubscribed !== undefined) push('resources/updated', () => server.sendResourceUpdated({ uri: asSubscribed }));
  };
  const onLog = (m: LogMessage) => {
    // The source is the logger's head (`prefix` or `prefix/its logger`); a passthrough gateway has one source.
    if (scope && !aggregator.passthrough && !scope.prefix((m.logger ?? '').split('/')[0] ?? '')) return;
    const minimum = surface.logLevels.of(key);
    if (minimum !== undefined && !logLevelPasses(m.level, minimum)) return;
    const params = { level: m.level, ...(m.logger !== undefined ? { logger: m.logger } : {}), data: m.data };
    push('log message', () => server.notification({ method: 'notifications/message', params }));
  };
  const onTaskStatus = (params: Result) => {
    if (typeof params['taskId'] !== 'string' || surface.tasks.ownerOf(params['taskId']) !== key) return;
    push('task status', () => server.notification({ method: 'notifications/tasks/status', params } as never));
  };
  const unlisten = listenAll(aggregator, {
    resourcesChanged: onResources,
    promptsChanged: onPrompts,
    resourceUpdated: onUpdated,
    log: onLog,
    taskStatus: onTaskStatus,
  });
  return () => {
    detached = true;
    unlisten();
    surface.releaseSession(key);
  };
}
