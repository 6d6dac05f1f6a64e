import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  type JSONRPCMessage,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { type ByteBuilder, type CallToolResultLike, CrosspointError, type ProgressUpdate, type ToolArguments, type ToolDescriptor, validateToolDescriptor } from '@crosspoint/core';
import { type CallSink, DirectCaller, splitTransport } from './direct-caller.js';
import type { CancellationHook } from './cancellation-hook.js';
import type { DownstreamTransport } from './downstream.js';
import { SessionCatalogs } from './session-catalogs.js';
import { cancelAnyRequestId } from './sdk-workarounds.js';

export interface McpSessionOptions {
  /** Server name, for messages. */
  name: string;
  clientInfo?: { name: string; version: string };
  /** Bound on `tools/list` pages followed (a buggy server could cycle cursors forever). */
  maxToolPages: number;
  /** Timeout given to each tool by default, and per tool. */
  defaultTimeoutMs: number;
  toolTimeouts: Record<string, number>;
  /** Called after a re-listing (on `tools/list_changed`) changed the tools. */
  onToolsChanged?: () => void;
  /** Called after a re-listing (on `resources|prompts/list_changed`) changed that catalog. */
  onCatalogChanged?: (session: McpSession, group: 'resources' | 'prompts') => void;
  /**
   * The downstream's surface notifications (`notifications/message`, `notifications/resources/updated`,
   * `notifications/tasks/status`), params as sent.
   */
  onNotification?: (session: McpSession, method: string, params: Record<string, unknown>) => void;
  /**
   * A request the downstream sent us (`sampling/createMessage`, `elicitation/create`, `roots/list`…);
   * the result goes back untouched, a rejection becomes its JSON-RPC error (an error's numeric `code`
   * is kept). `signal` aborts when the downstream cancels it.
   */
  onServerRequest?: (method: string, params: Record<string, unknown>, signal: AbortSignal) => Promise<Record<string, unknown>>;
  /** Called once when the transport closes for any reason. */
  onClose?: (session: McpSession) => void;
  onError?: (err: Error) => void;
}

/**
 * What the proxy declares to every downstream: clients are unknown when a child starts, so it
 * declares all it can route; a request no connected client can answer gets a clear error.
 */
export const PROXY_CLIENT_CAPABILITIES = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

/** Results of forwarded requests pass through untouched: any object is accepted. */
const AnyResult = z.looseObject({});

/** The downstream notifications handed to `onNotification`. */
const SURFACE_NOTIFICATIONS = new Set(['notifications/message', 'notifications/resources/updated', 'notifications/tasks/status', 'notifications/elicitation/complete']);

export interface SessionRequestOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface SessionCallOptions {
  signal?: AbortSignal;
  /** Watched instead of `signal` when given (cheaper: no listener per call). */
  cancellation?: CancellationHook;
  onProgress?: (update: ProgressUpdate) => void;
  timeoutMs: number;
}

/** Why a session ended, as decided by its owner before closing it; `undefined` means it was lost. */
export type SessionEnd = 'planned' | 'hung';

/** A child that died while starting says why on stderr: put that in the error, not "Connection closed". */
function startupError(err: unknown, transport: DownstreamTransport, name: string): unknown {
  const exit = transport.exitInfo;
  if (!exit) return err;
  const stderrTail = transport.stderrTail?.(20) ?? [];
  const last = stderrTail.filter((l) => l.trim()).slice(-1)[0];
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return new CrosspointError('DOWNSTREAM_EXITED', `${name} ${how} during startup${last ? ` (stderr: ${last})` : ''}`, {
    cause: err,
    details: { stderrTail, exit },
  });
}

/** Our own startup errors (a timeout) keep their message and gain the stderr tail. */
function withStderr(err: unknown, transport: DownstreamTransport): unknown {
  const stderrTail = transport.stderrTail?.(20) ?? [];
  if (!(err instanceof CrosspointError) || stderrTail.length === 0) return err;
  return new CrosspointError(err.code, err.message, { cause: err.cause, details: { ...err.details, stderrTail } });
}

/**
 * One MCP client session with a downstream server over any transport: initialize, tool listing
 * (paginated, re-listed on `tools/list_changed`), calls and pings. No restarting here; the owner
 * watches `onClose` and decides.
 */
export class McpSession {
  readonly client: Client;
  private readonly caller: DirectCaller;
  tools: ToolDescriptor[] = [];
  byName = new Map<string, ToolDescriptor>();
  /** Downstream tools we could not serve (bad name or schema), with the reason. */
  invalidTools: Array<{ name: string; problem: string }> = [];
  /** Resources, resource templates and prompts, as the downstream lists them. */
  readonly catalogs: SessionCatalogs;
  end: SessionEnd | undefined;
  closed = false;
  private relistTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly transport: DownstreamTransport,
    private readonly options: McpSessionOptions,
  ) {
    const lineOutput = (transport as { lineOutput?: () => ByteBuilder }).lineOutput;
    this.caller = new DirectCaller((m) => transport.send(m), typeof lineOutput === 'function' ? () => lineOutput.call(transport) : undefined);
    this.client = new Client(options.clientInfo ?? { name: 'crosspoint', version: '0.1.0' }, { capabilities: PROXY_CLIENT_CAPABILITIES });
    this.catalogs = new SessionCatalogs({
      name: options.name,
      maxPages: options.maxToolPages,
      capabilities: () => this.capabilities,
      request: (method, params, timeoutMs) => this.request(method, params, { timeoutMs }),
      isClosed: () => this.closed,
      onChanged: (group) => options.onCatalogChanged?.(this, group),
      onError: (err) => options.onError?.(err),
    });
    this.client.onclose = () => {
      this.closed = true;
      if (this.relistTimer) clearTimeout(this.relistTimer);
      this.catalogs.dispose();
      options.onClose?.(this);
    };
    this.client.onerror = (err) => options.onError?.(err);
    cancelAnyRequestId(this.client);
    this.client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.scheduleRelist());
    this.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => this.catalogs.scheduleRelist('resources'));
    this.client.setNotificationHandler(PromptListChangedNotificationSchema, () => this.catalogs.scheduleRelist('prompts'));
    this.client.fallbackNotificationHandler = async (n) => {
      if (SURFACE_NOTIFICATIONS.has(n.method)) options.onNotification?.(this, n.method, (n.params ?? {}) as Record<string, unknown>);
    };
    this.client.fallbackRequestHandler = async (request, extra) => {
      const serve = options.onServerRequest;
      if (!serve) throw Object.assign(new Error(`${request.method} is not supported by this client`), { code: -32601 });
      return serve(request.method, (request.params ?? {}) as Record<string, unknown>, extra.signal);
    };
  }

  /** Connects, initializes and fetches the tool list, all within `timeoutMs`; closes the transport on failure. */
  static async open(transport: DownstreamTransport, options: McpSessionOptions, timeoutMs: number): Promise<McpSession> {
    const session = new McpSession(transport, options);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CrosspointError('STARTUP_TIMEOUT', `${options.name}: no tool list within ${timeoutMs} ms of starting`)),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      await Promise.race([
        (async () => {
          const deadline = Date.now() + timeoutMs;
          await session.client.connect(splitTransport(transport, session.caller), { timeout: timeoutMs });
          await session.refreshTools(timeoutMs);
          // A catalog that fails or is slow is logged and left empty: it must not fail the start.
          await session.catalogs.listAll(Math.max(100, deadline - Date.now() - 100));
        })(),
        expired,
      ]);
      return session;
    } catch (err) {
      const diedByItself = transport.exitInfo !== undefined; // before our close kills it
      await session.close().catch(() => {});
      throw diedByItself ? startupError(err, transport, options.name) : withStderr(err, transport);
    } finally {
      clearTimeout(timer);
    }
  }

  get serverInfo(): { name: string; version: string; [k: string]: unknown } | undefined {
    return this.client.getServerVersion();
  }

  get capabilities(): Record<string, unknown> | undefined {
    return this.client.getServerCapabilities();
  }

  get instructions(): string | undefined {
    return this.client.getInstructions();
  }

  /** Lists every page of tools (bounded); returns whether the list differs from the previous one. */
  async refreshTools(timeoutMs = 30_000): Promise<boolean> {
    const raw: Tool[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      if (++pages > this.options.maxToolPages) {
        this.options.onError?.(new Error(`${this.options.name}: tools/list stopped after ${this.options.maxToolPages} pages`));
        break;
      }
      const page = await this.client.listTools(cursor === undefined ? undefined : { cursor }, { timeout: timeoutMs });
      raw.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const tools: ToolDescriptor[] = [];
    const invalid: Array<{ name: string; problem: string }> = [];
    const seen = new Set<string>();
    for (const t of raw) {
      try {
        if (seen.has(t.name)) throw new Error('listed twice');
        seen.add(t.name);
        const timeoutMs = this.options.toolTimeouts[t.name] ?? this.options.defaultTimeoutMs;
        tools.push(validateToolDescriptor({ ...t, description: t.description ?? '', timeoutMs }, 'proxied'));
      } catch (err) {
        invalid.push({ name: String(t.name), problem: err instanceof Error ? err.message : String(err) });
      }
    }
    const changed = JSON.stringify(tools) !== JSON.stringify(this.tools);
    this.tools = tools;
    this.byName = new Map(tools.map((t) => [t.name, t]));
    this.invalidTools = invalid;
    return changed;
  }

  /**
   * Forwards any request through the SDK client with a permissive result schema (the result comes
   * back as the downstream sent it); rejects like `Protocol.request` (`McpError`s).
   */
  async request(method: string, params: Record<string, unknown> | undefined, options: SessionRequestOptions): Promise<Record<string, unknown>> {
    if (this.closed) throw new Error('Not connected');
    const request = params === undefined ? { method } : { method, params };
    const sdkOptions = options.signal ? { timeout: options.timeoutMs, signal: options.signal } : { timeout: options.timeoutMs };
    return (await this.client.request(request as never, AnyResult, sdkOptions)) as Record<string, unknown>;
  }

  /** Forwards one `tools/call` on the lean path; the result comes back as the downstream sent it. */
  call(name: string, args: Record<string, unknown>, options: SessionCallOptions): Promise<CallToolResultLike> {
    if (this.closed) return Promise.reject(new Error('Not connected'));
    return this.caller.call(name, args, options);
  }

  /** Forwards one `tools/call` with no promise (see `DirectCaller.forward`); the caller checked `closed`. */
  forward(name: string, args: ToolArguments, timeoutMs: number, wantsProgress: boolean, sink: CallSink, startedAt?: number): number {
    return this.caller.forward(name, args, timeoutMs, wantsProgress, sink, startedAt);
  }

  /** Cancels a call started with `forward`. */
  abortForwarded(id: number, reason: string): void {
    this.caller.abort(id, reason);
  }

  async ping(timeoutMs: number): Promise<void> {
    await this.client.ping({ timeout: timeoutMs });
  }

  /** Closes the transport (for a child: the escalating stop) after recording why. */
  async close(end: SessionEnd = 'planned'): Promise<void> {
    this.end ??= end;
    if (this.relistTimer) clearTimeout(this.relistTimer);
    this.catalogs.dispose();
    await this.client.close();
  }

  private scheduleRelist(): void {
    // Servers often send several list_changed in a burst (server-everything does at start).
    if (this.relistTimer) clearTimeout(this.relistTimer);
    this.relistTimer = setTimeout(() => {
      this.relistTimer = undefined;
      if (this.closed) return;
      this.refreshTools().then(
        (changed) => {
          if (changed && !this.closed) this.options.onToolsChanged?.();
        },
        (err: unknown) => this.options.onError?.(err instanceof Error ? err : new Error(String(err))),
      );
    }, 50);
    this.relistTimer.unref();
  }
}
