import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorMessageOf } from '@crosspoint/core';
import { DEFAULT_HOST, type ListenSpec } from './bind-safety.js';
import { openSession, type FrontContext, type RunningFront } from './front-context.js';
import { gateRequest, pathOf, rejectUpgrade } from './http-util.js';
import { MCP_SUBPROTOCOL, WebSocketTransport } from './websocket-transport.js';

export interface WebSocketFrontOptions {
  /** URL path that accepts upgrades. */
  path?: string;
  /** Ping period (default 15 s). */
  pingIntervalMs?: number;
  /**
   * Unanswered pings after which a peer counts as dead and is terminated (default 2). More than one,
   * so a gateway whose event loop stalled for a moment does not drop healthy peers.
   */
  maxMissedPongs?: number;
  /** Drop a peer when this many bytes wait to be sent to it. */
  maxBufferedBytes?: number;
}

/**
 * The WebSocket front: `ws://host:port/mcp`, subprotocol `mcp`, one MCP session per connection.
 * Everything is checked on the upgrade request (path, Host/Origin, token, session cap), so a refused
 * client gets a plain HTTP status and never a WebSocket; an accepted one has its session wired in the
 * upgrade callback itself so no early frame is lost. Frames over maxMessageBytes close that client with
 * 1009 (ws's maxPayload) and nobody else.
 */
export async function startWebSocketFront(ctx: FrontContext, listen: ListenSpec, options: WebSocketFrontOptions = {}): Promise<RunningFront> {
  const path = options.path ?? '/mcp';
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const maxMissed = options.maxMissedPongs ?? 2;
  const missed = new Map<WebSocket, number>(); // live peers -> pings not yet answered
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has(MCP_SUBPROTOCOL) ? MCP_SUBPROTOCOL : false),
  });
  const server = createServer((req, res) => {
    const status = pathOf(req.url) === path ? 426 : 404;
    res.writeHead(status, { 'content-type': 'text/plain', ...(status === 426 ? { upgrade: 'websocket' } : {}) });
    res.end(status === 426 ? 'crosspoint: this endpoint speaks WebSocket (subprotocol "mcp")\n' : 'not found\n');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined); // a reset during the handshake must not crash the gateway
    try {
      onUpgrade(req, socket, head);
    } catch (err) {
      ctx.logger.error(`remote: ws upgrade failed: ${errorMessageOf(err)}`);
      rejectUpgrade(socket, 500, 'internal error');
    }
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const label = `ws ${req.socket.remoteAddress}:${req.socket.remotePort}`;
    if (pathOf(req.url) !== path) return rejectUpgrade(socket, 404, `no WebSocket endpoint at ${pathOf(req.url)}; use ${path}`);
    const offered = req.headers['sec-websocket-protocol'];
    if (offered !== undefined && !offered.split(',').some((p) => p.trim() === MCP_SUBPROTOCOL)) {
      return rejectUpgrade(socket, 400, `unsupported WebSocket subprotocol; offer "${MCP_SUBPROTOCOL}"`);
    }
    const gate = gateRequest(ctx, req, label);
    if (!gate.ok) return rejectUpgrade(socket, gate.status, gate.message, gate.headers);
    const slot = ctx.registry.reserve();
    if (!slot) return rejectUpgrade(socket, 503, `session limit (${ctx.registry.maxSessions}) reached; try again later`);
    // ws answers a malformed handshake itself (400) without calling back: free the slot then.
    socket.once('close', () => slot.release());
    wss.handleUpgrade(req, socket, head, (ws) => {
      missed.set(ws, 0);
      ws.on('pong', () => missed.set(ws, 0));
      ws.on('close', () => missed.delete(ws));
      ws.on('error', (err) => ctx.logger.warn(`remote: ${label}: ${err.message}`));
      // Created synchronously: the transport queues frames until the session is connected.
      const transport = new WebSocketTransport(ws, options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes });
      void openSession(ctx, slot, transport, gate.grant, label);
    });
  };

  const heartbeat = setInterval(() => {
    for (const [ws, count] of missed) {
      if (count >= maxMissed) {
        ctx.logger.warn(`remote: ws peer did not answer ${count} pings; dropping it`);
        ws.terminate();
        continue;
      }
      missed.set(ws, count + 1);
      ws.ping();
    }
  }, pingIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => ctx.logger.error(`remote: ws listener error: ${err.message}`));
  const address = server.address() as AddressInfo;
  return {
    address,
    close: async () => {
      clearInterval(heartbeat);
      for (const ws of missed.keys()) ws.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      wss.close();
      await closed;
    },
  };
}
