import { isIP, type AddressInfo } from 'node:net';
import { assertSafeBind, type ListenSpec } from './bind-safety.js';
import type { FrontContext, RunningFront } from './front-context.js';
import { startHttpFront, type HttpFrontOptions } from './http-front.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './ndjson-socket-transport.js';
import { SessionRegistry } from './session-registry.js';
import { silentLogger, type ConnectSession, type RemoteLogger } from './session-types.js';
import { startTcpFront, type TcpFrontOptions } from './tcp-front.js';
import { createTokenChecker, type TokenSpec } from './tokens.js';
import { startWebSocketFront, type WebSocketFrontOptions } from './websocket-front.js';

export const DEFAULT_MAX_SESSIONS = 16;

export interface FrontsOptions {
  /** Called once per accepted, authenticated connection (the aggregator's session factory). */
  connectSession: ConnectSession;
  tcp?: ListenSpec;
  ws?: ListenSpec;
  http?: ListenSpec;
  /** When non-empty, every front requires one of these tokens; required for non-loopback binds. */
  tokens?: TokenSpec[];
  /** Cap on concurrent sessions across all fronts (default 16). */
  maxSessions?: number;
  /** Largest accepted message: TCP line, WebSocket frame, HTTP body (default 4 MiB). */
  maxMessageBytes?: number;
  /** Extra host names clients may use in Host (loopback names and IP literals are always allowed). */
  allowedHosts?: string[];
  /** Extra browser origins allowed to connect. */
  allowedOrigins?: string[];
  logger?: RemoteLogger;
  tcpOptions?: TcpFrontOptions;
  wsOptions?: WebSocketFrontOptions;
  httpOptions?: HttpFrontOptions;
}

export interface RunningFronts {
  /** Bound addresses (useful with port 0). */
  readonly tcp?: AddressInfo;
  readonly ws?: AddressInfo;
  readonly http?: AddressInfo;
  /** URLs a client on this machine can use: `tcp://…`, `ws://…/mcp`, `http://…/mcp`. */
  readonly urls: { tcp?: string; ws?: string; http?: string };
  /** Live sessions across fronts. */
  sessionCount(): number;
  /** Stops every listener and closes every session; idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the configured network fronts. Validates everything first (a non-loopback bind without a
 * token throws CONFIG_INVALID before anything listens); if one front fails to listen, the others
 * are closed again and the error is rethrown.
 */
export async function startFronts(options: FrontsOptions): Promise<RunningFronts> {
  const tokens = createTokenChecker(options.tokens);
  const specs = { tcp: options.tcp, ws: options.ws, http: options.http };
  for (const [name, spec] of Object.entries(specs)) {
    if (spec) {
      if (!Number.isInteger(spec.port) || spec.port < 0 || spec.port > 65535) {
        throw new RangeError(`remote: ${name} port must be an integer 0-65535, got ${spec.port}`);
      }
      assertSafeBind(name, spec, tokens.required);
    }
  }
  const registry = new SessionRegistry(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const ctx: FrontContext = {
    connectSession: options.connectSession,
    registry,
    tokens,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    // A front bound to a name (`--ws bench.local:7420`) is addressed by that name.
    hostPolicy: { allowedHosts: [...(options.allowedHosts ?? []), ...boundNames(specs)], allowedOrigins: options.allowedOrigins ?? [] },
    logger: options.logger ?? silentLogger,
  };

  const started: RunningFront[] = [];
  const result: { tcp?: AddressInfo; ws?: AddressInfo; http?: AddressInfo } = {};
  const urls: { tcp?: string; ws?: string; http?: string } = {};
  try {
    if (specs.tcp) {
      const f = await startTcpFront(ctx, specs.tcp, options.tcpOptions);
      started.push(f);
      result.tcp = f.address;
      urls.tcp = `tcp://${hostForUrl(f.address)}:${f.address.port}`;
    }
    if (specs.ws) {
      const f = await startWebSocketFront(ctx, specs.ws, options.wsOptions);
      started.push(f);
      result.ws = f.address;
      urls.ws = `ws://${hostForUrl(f.address)}:${f.address.port}${options.wsOptions?.path ?? '/mcp'}`;
    }
    if (specs.http) {
      const f = await startHttpFront(ctx, specs.http, options.httpOptions);
      started.push(f);
      result.http = f.address;
      urls.http = `http://${hostForUrl(f.address)}:${f.address.port}${options.httpOptions?.path ?? '/mcp'}`;
    }
  } catch (err) {
    await Promise.allSettled(started.map((f) => f.close()));
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    ...result,
    urls,
    sessionCount: () => registry.size,
    close: () => {
      closing ??= (async () => {
        await registry.closeAll();
        await Promise.allSettled(started.map((f) => f.close()));
      })();
      return closing;
    },
  };
}

function boundNames(specs: Record<string, ListenSpec | undefined>): string[] {
  return Object.values(specs).flatMap((s) => (s?.host && isIP(s.host) === 0 ? [s.host] : []));
}

function hostForUrl(a: AddressInfo): string {
  const host = a.address === '0.0.0.0' ? '127.0.0.1' : a.address === '::' ? '::1' : a.address;
  return host.includes(':') ? `[${host}]` : host;
}
