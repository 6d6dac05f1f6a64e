import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import WebSocket from 'ws';
import { CrosspointError } from '@crosspoint/core';
import { DeferredTransport, refusalError } from './deferred-transport.js';
import { MCP_SUBPROTOCOL, WebSocketTransport } from './websocket-transport.js';

export interface WebSocketClientOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Largest frame accepted from the server. */
  maxMessageBytes?: number;
  connectTimeoutMs?: number;
}

/** A client link to a `ws://`/`wss://` MCP endpoint (subprotocol `mcp`, bearer token header). */
export class WebSocketClientTransport extends DeferredTransport {
  constructor(
    private readonly url: URL,
    private readonly options: WebSocketClientOptions = {},
  ) {
    super();
  }

  protected open(): Promise<Transport> {
    const headers: Record<string, string> = { ...this.options.headers };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    const where = `${this.url.protocol}//${this.url.host}${this.url.pathname}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, [MCP_SUBPROTOCOL], {
        headers,
        handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
        ...(this.options.maxMessageBytes ? { maxPayload: this.options.maxMessageBytes } : {}),
      });
      let done = false;
      const fail = (err: Error): void => {
        if (done) return;
        done = true;
        ws.terminate();
        reject(err);
      };
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c.length < 1000 ? c : ''));
        res.on('end', () => fail(refusalError(res.statusCode ?? 0, where, body)));
        res.on('error', () => fail(refusalError(res.statusCode ?? 0, where)));
      });
      ws.once('error', (err) => fail(new CrosspointError('DISCONNECTED', `${where}: ${err.message}`, { cause: err })));
      // Wrap before 'open' completes so the server's first frames are queued, not lost.
      const transport = new WebSocketTransport(ws);
      ws.once('open', () => {
        if (done) return;
        done = true;
        resolve(transport);
      });
    });
  }
}
