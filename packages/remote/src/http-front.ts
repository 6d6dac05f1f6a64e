import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { errorMessageOf } from '@crosspoint/core';
import { DEFAULT_HOST, type ListenSpec } from './bind-safety.js';
import { openSession, type FrontContext, type RunningFront } from './front-context.js';
import { HttpSessionTransport } from './http-session-transport.js';
import { gateRequest, pathOf, sendJsonError } from './http-util.js';
import { readJsonBody } from './read-body.js';
import { RPC_MESSAGE_TOO_LARGE, RPC_SESSION_LIMIT, RPC_UNAUTHORIZED } from './rpc-codes.js';
import type { SessionHandle } from './session-types.js';

export interface HttpFrontOptions {
  path?: string;
  /**
   * A session with no request open (no POST, no GET stream) for this long is closed: HTTP clients
   * that vanish without DELETE would otherwise hold their session (and its calls) forever.
   */
  idleSessionTimeoutMs?: number;
  /**
   * When the session cap is reached, the least recently used HTTP session with no request open for
   * at least this long is closed to make room (default 1000 ms). Clients that end without DELETE (the
   * SDK's `close()` does not send one) would otherwise lock new clients out until the idle timeout.
   * A session with an open GET stream is in use and never evicted.
   */
  evictIdleAfterMs?: number;
}

interface HttpSession {
  transport: HttpSessionTransport;
  handle: SessionHandle;
  tokenIndex: number;
  openRequests: number;
  lastSeen: number;
}

/**
 * The Streamable HTTP front: the SDK's StreamableHTTPServerTransport, one per session
 * (`Mcp-Session-Id`), on one path. Host/Origin (403), token (401), body size (413) and the session
 * cap (503) are checked before the transport sees a byte; a session only answers the token that
 * opened it; DELETE ends it.
 */
export async function startHttpFront(ctx: FrontContext, listen: ListenSpec, options: HttpFrontOptions = {}): Promise<RunningFront> {
  const path = options.path ?? '/mcp';
  const idleMs = options.idleSessionTimeoutMs ?? 10 * 60_000;
  const evictAfterMs = options.evictIdleAfterMs ?? 1000;
  const sessions = new Map<string, HttpSession>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const label = `http ${req.socket.remoteAddress}:${req.socket.remotePort}`;
    if (pathOf(req.url) !== path) return sendJsonError(res, 404, -32601, `no MCP endpoint at ${pathOf(req.url)}; use ${path}`);
    const gate = gateRequest(ctx, req, label);
    if (!gate.ok) return sendJsonError(res, gate.status, RPC_UNAUTHORIZED, gate.message, gate.headers);

    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJsonBody(req, ctx.maxMessageBytes);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        ctx.logger.warn(`remote: ${label}: request body over ${ctx.maxMessageBytes} bytes refused`);
        return sendJsonError(res, 413, RPC_MESSAGE_TOO_LARGE, `request body exceeds the ${ctx.maxMessageBytes}-byte limit`, { connection: 'close' });
      }
      if (read.kind === 'invalid') return sendJsonError(res, 400, -32700, `parse error: ${read.message}`);
      body = read.value;
    }

    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const session = sessions.get(sid);
      // A session answers only the token that opened it (a scoped token cannot borrow a wider one).
      if (!session || session.tokenIndex !== gate.grant.tokenIndex) return sendJsonError(res, 404, -32001, 'session not found; initialize a new one');
      return serve(session, req, res, body);
    }
    if (req.method !== 'POST') return sendJsonError(res, 400, -32000, 'Mcp-Session-Id header required');
    if (!isInitializeRequest(body)) return sendJsonError(res, 400, -32000, 'no session: the first request must be initialize');
    const slot = ctx.registry.reserve() ?? (evictLeastRecentlyUsed(label) ? ctx.registry.reserve() : undefined);
    if (!slot) return sendJsonError(res, 503, RPC_SESSION_LIMIT, `session limit (${ctx.registry.maxSessions}) reached; try again later`);

    let session: HttpSession | undefined;
    // Registered before the initialize response is sent: the client's next request may come at once.
    const transport = new HttpSessionTransport(
      () => randomUUID(),
      (id) => {
        if (!session) return;
        sessions.set(id, session);
        void session.handle.closed.then(() => sessions.delete(id));
      },
    );
    const opened = await openSession(ctx, slot, transport, gate.grant, label);
    if (!opened) return sendJsonError(res, 500, -32603, 'could not start a session');
    session = { transport, handle: opened, tokenIndex: gate.grant.tokenIndex, openRequests: 0, lastSeen: Date.now() };
    await serve(session, req, res, body);
    if (transport.sessionId === undefined) await opened.close(); // the transport refused initialize: nothing to keep
  };

  /** Closes the least recently used idle session to make room for `label`; false when none is idle. */
  const evictLeastRecentlyUsed = (label: string): boolean => {
    const now = Date.now();
    let victim: [string, HttpSession] | undefined;
    for (const entry of sessions) {
      const s = entry[1];
      if (s.openRequests === 0 && now - s.lastSeen >= evictAfterMs && (!victim || s.lastSeen < victim[1].lastSeen)) victim = entry;
    }
    if (!victim) return false;
    const [id, s] = victim;
    ctx.logger.info(`remote: session limit reached; closing the http session idle for ${Math.round((now - s.lastSeen) / 1000)} s to make room for ${label}`);
    sessions.delete(id);
    ctx.registry.forget(s.handle);
    void s.handle.close().catch(() => undefined);
    return true;
  };

  const serve = async (session: HttpSession, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    session.openRequests++;
    session.lastSeen = Date.now();
    res.once('close', () => {
      session.openRequests--;
      session.lastSeen = Date.now();
    });
    await session.transport.handleRequest(req, res, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      ctx.logger.error(`remote: http request failed: ${errorMessageOf(err)}`);
      sendJsonError(res, 500, -32603, 'internal error');
    });
  });

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) {
      if (s.openRequests === 0 && now - s.lastSeen > idleMs) {
        ctx.logger.info(`remote: http session idle for ${Math.round(idleMs / 1000)} s; closing it`);
        sessions.delete(id);
        void s.handle.close().catch(() => undefined);
      }
    }
  }, Math.max(50, Math.min(idleMs / 2, 30_000)));
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => ctx.logger.error(`remote: http listener error: ${err.message}`));
  const address = server.address() as AddressInfo;
  return {
    address,
    close: async () => {
      clearInterval(sweeper);
      await Promise.allSettled([...sessions.values()].map((s) => s.transport.close()));
      sessions.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
