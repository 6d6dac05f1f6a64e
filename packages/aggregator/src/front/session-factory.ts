import { type ClientChannel, CrosspointError, type ProgressUpdate, errorMessageOf, errorToCallToolResult, toCallToolResult } from '@crosspoint/core';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import picomatch from 'picomatch';
import type { FederationAggregator } from '../aggregator.js';
import type { Catalog, McpTool } from '../catalog.js';
import { DISCOVERY_TOOLS, DISCOVERY_TOOL_NAMES, DiscoveryIndex, TOOLS_DESCRIBE_MANY, TOOLS_SEARCH } from '../discovery/discovery-tools.js';
import { CallCancellation } from '../cancellation.js';
import { type Logger, silentLogger } from '../logger.js';
import { ALL_SESSION_CAPABILITIES } from '../surface/capabilities.js';
import { SessionClientChannel } from './client-channel.js';
import { OpenRequestsTransport, type RequestRoutedTransport } from './open-requests.js';
import { surfaceScope } from './surface-scope.js';
import { type DeferredSetting, decideDeferred } from './deferral.js';
import { type InitializeHook, InitializeHookTransport } from './initialize-hook.js';
import type { ForwardToolCall } from './forwarded-front-call.js';
import { LeanToolCallTransport } from './lean-tool-calls.js';
import { DEFAULT_PAGE_SIZE, page } from './pagination.js';
import { passthroughIdentity } from './passthrough-identity.js';
import { attachSessionSurface } from './session-surface.js';
import { runTaskToolCall } from './task-call.js';

export interface SessionFactoryOptions {
  serverInfo?: { name: string; version: string };
  /** Items per page of tools/list (and resources, templates, prompts, tasks). Default 1000: many clients never follow `nextCursor`. */
  pageSize?: number;
  /** Gateway-wide discovery mode: true, or `{ autoAboveTokens }`. Default off. */
  deferred?: DeferredSetting;
  instructions?: string;
  logger?: Logger;
}

export interface SessionInfo {
  /** Picomatch globs on wire names this session may see and call (token scopes). */
  allowTools?: string[];
  /** Forces discovery mode on or off for this session. */
  deferred?: boolean;
  /** For logs: `stdio`, `tcp 127.0.0.1:51234`... */
  label?: string;
}

export interface SessionHandle {
  close(): Promise<void>;
  /** Resolves when the session is over (transport closed from either side). */
  closed: Promise<void>;
}

export type ConnectSession = (transport: Transport, info?: SessionInfo) => Promise<SessionHandle>;

type ToolView = { version: number; tools: readonly McpTool[]; discovery?: DiscoveryIndex };

// Sessions that see the whole catalog share one search index per catalog version.
const indexes = new WeakMap<readonly McpTool[], DiscoveryIndex>();
function sharedIndex(tools: readonly McpTool[]): DiscoveryIndex {
  let index = indexes.get(tools);
  if (!index) indexes.set(tools, (index = new DiscoveryIndex(tools)));
  return index;
}

/**
 * Returns the function every front calls once per connection. Each session is its own SDK
 * low-level `Server` over the shared aggregator: raw JSON Schemas pass through, listing is a
 * slice of the cached catalog, calls are routed by wire-name lookup.
 *
 * Discovery mode is decided per session from the client's initialize request (see
 * `InitializeHookTransport`) and advertised in the initialize result: `x-deferred-loading:
 * { enabled }` and `x-discovery-tools` (the two meta-tools, callable in every session).
 *
 * Beyond tools, the session serves the aggregator's federated surface (`session-surface.ts`);
 * its initialize result declares the union of what the subsystems declare. Every call and routed
 * request carries the session's `ClientChannel`, so a subsystem can ask this client for sampling,
 * elicitation or roots mid-call. With an aggregator in passthrough mode there are no discovery
 * tools and the initialize result (serverInfo, instructions, capabilities) is the single
 * subsystem's own, sent once it is up.
 */
export function createSessionFactory(aggregator: FederationAggregator, options: SessionFactoryOptions = {}): ConnectSession {
  const logger = options.logger ?? silentLogger;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const serverInfo = options.serverInfo ?? { name: aggregator.name, version: aggregator.version };

  return async (transport, info = {}) => {
    const label = info.label ?? 'session';
    const passthrough = aggregator.passthrough;
    const key = {};
    const allowed = info.allowTools?.length ? picomatch(info.allowTools, { dot: true }) : undefined;
    let view: ToolView | undefined;
    let deferred: boolean | undefined;
    let initialized = false;
    /** Catalog version this session's client last saw (at initialize or its last listing). */
    let seenVersion = -1;

    const visibleTools = (catalog: Catalog): ToolView => {
      if (view?.version !== catalog.version) {
        view = { version: catalog.version, tools: allowed ? catalog.tools.filter((t) => allowed(t.name)) : catalog.tools };
      }
      return view;
    };
    const discovery = (v: ToolView): DiscoveryIndex => (v.discovery ??= sharedIndex(v.tools));

    const hook: InitializeHook = {
      onInitialize(params) {
        const client = (params['capabilities'] ?? {}) as { experimental?: Record<string, unknown> };
        const decision = decideDeferred({
          ...(info.deferred !== undefined ? { session: info.deferred } : {}),
          ...(options.deferred !== undefined ? { gateway: options.deferred } : {}),
          ...(client.experimental ? { clientExperimental: client.experimental } : {}),
          catalogTokens: aggregator.catalog().estimatedTokens,
        });
        seenVersion = aggregator.catalog().version;
        deferred = passthrough ? false : decision.deferred;
        logger.debug(`${label}: ${deferred ? 'discovery mode' : 'full catalog'} (${decision.reason})`);
      },
      experimental: (): Record<string, object> => (passthrough ? {} : { 'x-deferred-loading': { enabled: deferred === true }, 'x-discovery-tools': [...DISCOVERY_TOOL_NAMES] }),
      // Capabilities as the federation stands when the client asks; a passthrough session's are its server's.
      async result(result) {
        const experimental = (result['capabilities'] as { experimental?: Record<string, object> }).experimental ?? {};
        if (!passthrough) return { ...result, capabilities: { ...aggregator.surface.capabilities(), experimental } };
        await aggregator.whenReady();
        const own = await passthroughIdentity(aggregator.subsystem(aggregator.prefixes()[0] ?? ''));
        return {
          ...result,
          capabilities: own.capabilities ?? { ...aggregator.surface.capabilities(), experimental },
          ...(own.serverInfo ? { serverInfo: own.serverInfo } : {}),
          ...(own.instructions !== undefined ? { instructions: own.instructions } : {}),
        };
      },
    };

    // The SDK checks handlers and notifications against these; what the client is told is decided at initialize (above).
    const server = new Server(serverInfo, {
      capabilities: ALL_SESSION_CAPABILITIES,
      ...(options.instructions ? { instructions: options.instructions } : {}),
    });
    // Only a transport that delivers each request's messages on that request's stream (the HTTP
    // front) needs questions for the client tied to a still-open request; elsewhere neither the
    // bookkeeping nor a client view per call is worth its cost on the call path.
    const routesByRequest = (transport as Partial<RequestRoutedTransport>).routesByRequest === true;
    const openRequests = routesByRequest ? new OpenRequestsTransport(transport) : undefined;
    const channel = new SessionClientChannel(server, label, undefined, openRequests);

    server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      await aggregator.whenReady();
      const catalog = aggregator.catalog();
      seenVersion = catalog.version;
      const source = deferred && !passthrough ? DISCOVERY_TOOLS : visibleTools(catalog).tools;
      const { items, nextCursor } = page(source, request.params?.cursor, pageSize);
      return nextCursor ? { tools: items, nextCursor } : { tools: items };
    });

    /** Every tools/call of this session, from the lean path or the SDK's handler. */
    const runToolCall = async (
      name: string,
      args: Record<string, unknown>,
      cancel: CallCancellation | AbortSignal,
      onProgress: ((u: ProgressUpdate) => void) | undefined,
      client: ClientChannel = channel, // the SDK path passes a view tied to its request
    ): Promise<CallToolResult> => {
      // `cancel` is per call and already aborted when the session closes (by the lean path or the SDK).
      try {
        if (!passthrough && (name === TOOLS_SEARCH || name === TOOLS_DESCRIBE_MANY)) {
          const index = discovery(visibleTools(aggregator.catalog()));
          return toCallToolResult(name === TOOLS_SEARCH ? index.search(args) : index.describe(args)) as CallToolResult;
        }
        let entry = aggregator.catalog().byWire.get(name);
        if (!entry) {
          await aggregator.whenReady();
          entry = aggregator.catalog().byWire.get(name);
        }
        if (!entry) {
          throw new CrosspointError('TOOL_NOT_FOUND', `unknown tool "${name}"; list the tools${deferred ? ' or use tools_search' : ''} to see what exists`);
        }
        if (allowed && !allowed(name)) throw new CrosspointError('FORBIDDEN', `this session may not call "${name}"`);
        const output = await aggregator.invoke(
          entry.internal,
          args,
          cancel instanceof CallCancellation ? { cancellation: cancel, onProgress, client } : { signal: cancel, onProgress, client },
        );
        return toCallToolResult(output) as CallToolResult;
      } catch (err) {
        return errorToCallToolResult(err, name) as CallToolResult;
      }
    };

    /** The synchronous path for plain calls to child servers; anything it declines goes through `runToolCall`. */
    const forwardToolCall: ForwardToolCall = (name, args, progress, sink, id) => {
      if (!passthrough && (name === TOOLS_SEARCH || name === TOOLS_DESCRIBE_MANY)) return undefined;
      const entry = aggregator.catalog().byWire.get(name);
      if (!entry || (allowed && !allowed(name))) return undefined;
      return aggregator.tryForward(entry, args, progress, channel.forRequest(id), sink);
    };

    // Calls the lean path leaves to the SDK (task-augmented ones…) take the same route.
    server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
      const client = channel.forRequest(extra.requestId);
      const progressToken = request.params._meta?.progressToken;
      const onProgress =
        progressToken !== undefined
          ? (u: ProgressUpdate) => {
              void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...u } }).catch(() => undefined);
            }
          : undefined;
      const task = request.params.task as Record<string, unknown> | undefined;
      if (task) {
        const call = { name: request.params.name, args: request.params.arguments ?? {}, task, signal: extra.signal, onProgress, client, allowed };
        return (await runTaskToolCall(aggregator, key, call)) as CallToolResult;
      }
      return runToolCall(request.params.name, request.params.arguments ?? {}, extra.signal, onProgress, client);
    });
    const detachSurface = attachSessionSurface({ aggregator, server, channel, key, pageSize, logger, label, initialized: () => initialized, scope: surfaceScope(aggregator, allowed) });

    const onCatalogChange = () => {
      if (!initialized || deferred || aggregator.catalog().version === seenVersion) return;
      seenVersion = aggregator.catalog().version;
      void server.sendToolListChanged().catch((err: unknown) => logger.debug(`${label}: list_changed not sent: ${errorMessageOf(err)}`));
    };
    server.oninitialized = () => {
      initialized = true;
    };
    server.onerror = (err) => logger.debug(`${label}: ${err.message}`);

    let resolveClosed!: () => void;
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    server.onclose = () => {
      aggregator.off('toolsChanged', onCatalogChange);
      channel.markClosed();
      detachSurface();
      logger.debug(`${label}: closed`);
      resolveClosed();
    };
    aggregator.on('toolsChanged', onCatalogChange);
    try {
      await server.connect(new InitializeHookTransport(new LeanToolCallTransport(openRequests ?? transport, (name, args, cancel, onProgress, id) => runToolCall(name, args, cancel, onProgress, channel.forRequest(id)), forwardToolCall), hook));
    } catch (err) {
      aggregator.off('toolsChanged', onCatalogChange);
      channel.markClosed();
      detachSurface();
      throw err;
    }
    return { close: () => server.close(), closed };
  };
}
