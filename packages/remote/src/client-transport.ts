import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CrosspointError } from '@crosspoint/core';
import { refusalError } from './deferred-transport.js';
import { isolateAbortSignals } from './isolated-fetch.js';
import { TcpClientTransport } from './tcp-client.js';
import { WebSocketClientTransport } from './websocket-client.js';

export interface ClientTransportOptions {
  /** Bearer token for the remote gateway. */
  token?: string;
  /** Extra headers (WebSocket and HTTP). */
  headers?: Record<string, string>;
  /** Largest message accepted from the remote (WebSocket, TCP). */
  maxMessageBytes?: number;
  connectTimeoutMs?: number;
}

/**
 * A client transport for a remote gateway URL: `ws://`/`wss://` (WebSocket, subprotocol mcp; no path
 * means `/mcp`),
 * `tcp://host:port` (NDJSON with the auth preface) or `http(s)://…/mcp` (the SDK's Streamable HTTP
 * client). A 401/403 rejects with a CrosspointError coded UNAUTHORIZED/FORBIDDEN, so the caller can
 * mark the remote unreachable instead of retrying in a loop.
 */
export function createClientTransport(url: string | URL, options: ClientTransportOptions = {}): Transport {
  const u = typeof url === 'string' ? parseUrl(url) : url;
  switch (u.protocol) {
    case 'ws:':
    case 'wss:': {
      // `ws://bench:7420` means the gateway's WebSocket endpoint, which is at /mcp.
      const target = new URL(u.href);
      if (target.pathname === '/' || target.pathname === '') target.pathname = '/mcp';
      return new WebSocketClientTransport(target, options);
    }
    case 'tcp:': {
      const port = Number(u.port);
      if (!u.hostname || !Number.isInteger(port) || port <= 0) {
        throw new CrosspointError('CONFIG_INVALID', `remote URL ${u.href} needs a host and a port (tcp://host:port)`);
      }
      return new TcpClientTransport(u.hostname.replace(/^\[|\]$/g, ''), port, options);
    }
    case 'http:':
    case 'https:': {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      const where = `${u.protocol}//${u.host}${u.pathname}`;
      return new StreamableHTTPClientTransport(u, {
        requestInit: { headers },
        fetch: isolateAbortSignals(async (input, init) => {
          const res = await fetch(input, init);
          if (res.status === 401 || res.status === 403) {
            const text = await res.text().catch(() => '');
            throw refusalError(res.status, where, text);
          }
          return res;
        }),
      });
    }
    default:
      throw new CrosspointError('CONFIG_INVALID', `remote URL ${u.href}: unsupported scheme ${u.protocol} (use ws://, wss://, tcp:// or http(s)://…/mcp)`);
  }
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (err) {
    throw new CrosspointError('CONFIG_INVALID', `remote URL ${JSON.stringify(url)} is not a valid URL`, { cause: err });
  }
}
