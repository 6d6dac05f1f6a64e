import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { errorMessageOf } from '@crosspoint/core';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_HOST, type ListenSpec } from './bind-safety.js';
import { openSession, type FrontContext, type RunningFront } from './front-context.js';
import { LineLengthGuard } from './line-limit.js';
import { NdjsonSocketTransport } from './ndjson-socket-transport.js';
import { RPC_MESSAGE_TOO_LARGE, RPC_SESSION_LIMIT, RPC_UNAUTHORIZED, TCP_AUTH_METHOD } from './rpc-codes.js';
import type { TokenGrant } from './tokens.js';

export interface TcpFrontOptions {
  /** How long a new connection may take to send its first line (the auth preface). */
  authTimeoutMs?: number;
  /** Connections allowed to wait for authentication at once; more are dropped on arrival (default 64). */
  maxPendingAuth?: number;
}

/**
 * The TCP front: newline-delimited JSON-RPC, one MCP session per connection.
 *
 * Token presentation: when tokens are configured the first line must be the auth request
 * `{"jsonrpc":"2.0","id":"crosspoint-auth","method":"crosspoint/auth","params":{"token":"…"}}`.
 * The gateway answers `{"jsonrpc":"2.0","id":"crosspoint-auth","result":{}}` and MCP starts on the next
 * line; a missing or wrong token gets one error line (code -32040, data.code `UNAUTHORIZED`) and the
 * connection is closed before any MCP traffic. Without tokens the preface is optional (acknowledged
 * the same way when sent), so a client holding a token works with either gateway.
 */
export async function startTcpFront(ctx: FrontContext, listen: ListenSpec, options: TcpFrontOptions = {}): Promise<RunningFront> {
  const authTimeoutMs = options.authTimeoutMs ?? 10_000;
  const maxPendingAuth = options.maxPendingAuth ?? 64;
  const sockets = new Set<Socket>();
  let pendingAuth = 0;
  const server: Server = createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => undefined); // reported via 'close'; never crash the gateway
    if (pendingAuth >= maxPendingAuth) {
      ctx.logger.warn(`remote: tcp: ${pendingAuth} connections already waiting to authenticate; dropping a new one`);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    pendingAuth++;
    acceptConnection(ctx, socket, authTimeoutMs, () => pendingAuth--).catch((err: unknown) => {
      ctx.logger.error(`remote: tcp connection failed: ${errorMessageOf(err)}`);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => ctx.logger.error(`remote: tcp listener error: ${err.message}`));
  const address = server.address() as AddressInfo;
  return {
    address,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

async function acceptConnection(ctx: FrontContext, socket: Socket, authTimeoutMs: number, authDone: () => void): Promise<void> {
  const label = `tcp ${socket.remoteAddress}:${socket.remotePort}`;
  const first = await readFirstLine(socket, ctx.maxMessageBytes, authTimeoutMs);
  authDone();
  if (first.kind === 'gone') return;
  if (first.kind === 'too-large') return refuse(socket, null, RPC_MESSAGE_TOO_LARGE, 'MESSAGE_TOO_LARGE', `message exceeds the ${ctx.maxMessageBytes}-byte limit`);
  if (first.kind === 'timeout') return refuse(socket, null, RPC_UNAUTHORIZED, 'UNAUTHORIZED', 'no auth line received in time');

  const parsed = parseLine(first.line);
  const isPreface = parsed?.method === TCP_AUTH_METHOD;
  const grant: TokenGrant | undefined = isPreface ? ctx.tokens.check(tokenOf(parsed)) : ctx.tokens.required ? undefined : ctx.tokens.check(undefined);
  if (!grant) {
    ctx.logger.warn(`remote: rejected ${label}: ${isPreface ? 'wrong token' : 'no auth line (a token is required)'}`);
    return refuse(socket, parsed?.id ?? null, RPC_UNAUTHORIZED, 'UNAUTHORIZED', 'a valid token is required: send {"jsonrpc":"2.0","id":"crosspoint-auth","method":"crosspoint/auth","params":{"token":"…"}} as the first line');
  }
  const slot = ctx.registry.reserve();
  if (!slot) {
    ctx.logger.warn(`remote: rejected ${label}: session limit (${ctx.registry.maxSessions}) reached`);
    return refuse(socket, parsed?.id ?? null, RPC_SESSION_LIMIT, 'SESSION_LIMIT', `the gateway already serves ${ctx.registry.maxSessions} sessions; try again later`);
  }
  if (isPreface) socket.write(serializeMessage({ jsonrpc: '2.0', id: parsed.id ?? 'crosspoint-auth', result: {} } as JSONRPCMessage));
  const initialData = isPreface ? first.rest : Buffer.concat([first.line, Buffer.from('\n'), first.rest]);
  const transport = new NdjsonSocketTransport(socket, { maxMessageBytes: ctx.maxMessageBytes, replyToInvalidLines: true, initialData });
  socket.resume();
  await openSession(ctx, slot, transport, grant, label);
}

type FirstLine =
  | { kind: 'line'; line: Buffer; rest: Buffer }
  | { kind: 'too-large' }
  | { kind: 'timeout' }
  | { kind: 'gone' };

/** Reads up to the first newline without consuming what follows it (that belongs to the session). */
function readFirstLine(socket: Socket, maxBytes: number, timeoutMs: number): Promise<FirstLine> {
  return new Promise((resolve) => {
    const guard = new LineLengthGuard(maxBytes);
    const chunks: Buffer[] = [];
    const finish = (result: FirstLine): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        if (guard.accept(chunk) !== undefined) finish({ kind: 'too-large' });
        return;
      }
      if (guard.accept(chunk.subarray(0, nl + 1)) !== undefined) return finish({ kind: 'too-large' });
      socket.pause(); // hold further bytes until the transport listens
      const all = Buffer.concat(chunks);
      const at = all.length - chunk.length + nl;
      finish({ kind: 'line', line: all.subarray(0, at), rest: all.subarray(at + 1) });
    };
    const onClose = (): void => finish({ kind: 'gone' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    timer.unref();
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

interface ParsedLine {
  id?: string | number | null;
  method?: string;
  params?: unknown;
}

function parseLine(line: Buffer): ParsedLine | undefined {
  try {
    const v: unknown = JSON.parse(line.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ParsedLine) : undefined;
  } catch {
    return undefined;
  }
}

function tokenOf(line: ParsedLine | undefined): string | undefined {
  const p = line?.params as { token?: unknown } | undefined;
  return typeof p?.token === 'string' ? p.token : undefined;
}

/** One JSON-RPC error line, then the connection is closed; no session was created. */
function refuse(socket: Socket, id: string | number | null, rpcCode: number, code: string, message: string): void {
  if (socket.destroyed) return;
  const reply = { jsonrpc: '2.0', id, error: { code: rpcCode, message: `crosspoint: ${message}`, data: { code } } };
  socket.end(JSON.stringify(reply) + '\n');
  const timer = setTimeout(() => socket.destroy(), 1000);
  timer.unref();
}
