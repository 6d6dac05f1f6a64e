import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FrontContext } from './front-context.js';
import { checkHostAndOrigin } from './host-check.js';
import { presentedToken, type TokenGrant } from './tokens.js';

/** The outcome of the checks every HTTP/WebSocket request passes before MCP sees it. */
export type GateResult = { ok: true; grant: TokenGrant } | { ok: false; status: number; message: string; headers?: Record<string, string> };

/** Host/Origin (403) then token (401) checks, in that order; pure apart from logging. */
export function gateRequest(ctx: FrontContext, req: IncomingMessage, label: string): GateResult {
  const bad = checkHostAndOrigin(req.headers.host, req.headers.origin, ctx.hostPolicy);
  if (bad) {
    ctx.logger.warn(`remote: refused ${label}: ${bad.header} ${JSON.stringify(bad.value)} is not allowed`);
    return {
      ok: false,
      status: 403,
      message: `${bad.header} ${JSON.stringify(bad.value)} is not allowed; add it to allowedHosts/allowedOrigins in the gateway config`,
    };
  }
  const grant = ctx.tokens.check(presentedToken(req.headers.authorization, req.url));
  if (!grant) {
    ctx.logger.warn(`remote: refused ${label}: missing or wrong token`);
    return {
      ok: false,
      status: 401,
      message: 'a valid token is required (Authorization: Bearer <token>, or ?token=<token>)',
      headers: { 'www-authenticate': 'Bearer realm="crosspoint"' },
    };
  }
  return { ok: true, grant };
}

/** The path of a request URL without its query. */
export function pathOf(url: string | undefined): string {
  const q = (url ?? '/').indexOf('?');
  return q === -1 ? (url ?? '/') : (url ?? '/').slice(0, q);
}

/** Writes a plain HTTP error response on a raw upgrade socket and closes it. */
export function rejectUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = `crosspoint: ${message}\n`;
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
  const timer = setTimeout(() => socket.destroy(), 1000);
  timer.unref();
}

/** Answers with a JSON-RPC error body (what MCP HTTP clients expect to read). */
export function sendJsonError(res: ServerResponse, status: number, rpcCode: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: rpcCode, message: `crosspoint: ${message}` } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
