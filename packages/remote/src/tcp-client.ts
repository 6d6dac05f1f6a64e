import { connect, type Socket } from 'node:net';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CrosspointError } from '@crosspoint/core';
import { DeferredTransport } from './deferred-transport.js';
import { NdjsonSocketTransport } from './ndjson-socket-transport.js';
import { TCP_AUTH_METHOD, TCP_AUTH_REQUEST_ID } from './rpc-codes.js';

export const DEFAULT_CLIENT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface TcpClientOptions {
  token?: string;
  maxMessageBytes?: number;
  connectTimeoutMs?: number;
}

/**
 * A client link to the TCP front (`tcp://host:port`). With a token it sends the auth preface first
 * and waits for the acknowledgement, so a refused token fails start() with UNAUTHORIZED.
 */
export class TcpClientTransport extends DeferredTransport {
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly options: TcpClientOptions = {},
  ) {
    super();
  }

  protected async open(): Promise<Transport> {
    const where = `tcp://${this.host}:${this.port}`;
    const socket = await this.connectSocket(where);
    let rest: Buffer = Buffer.alloc(0);
    if (this.options.token !== undefined) {
      socket.write(JSON.stringify({ jsonrpc: '2.0', id: TCP_AUTH_REQUEST_ID, method: TCP_AUTH_METHOD, params: { token: this.options.token } }) + '\n');
      const reply = await readLine(socket, where, this.options.connectTimeoutMs ?? 10_000);
      rest = reply.rest;
      let parsed: { error?: { message?: string; data?: { code?: string } } } | undefined;
      try {
        parsed = JSON.parse(reply.line) as typeof parsed;
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.error) {
        socket.destroy();
        const code = parsed?.error?.data?.code ?? 'DOWNSTREAM_ERROR';
        throw new CrosspointError(code, `${where} refused the connection: ${parsed?.error?.message ?? reply.line.slice(0, 200)}`);
      }
    }
    // Results can be big (screenshots, captures): accept far more than the gateway accepts from clients.
    const transport = new NdjsonSocketTransport(socket, { maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_CLIENT_MAX_MESSAGE_BYTES, initialData: rest });
    socket.resume();
    return transport;
  }

  private connectSocket(where: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new CrosspointError('DISCONNECTED', `${where}: connection timed out`));
      }, this.options.connectTimeoutMs ?? 10_000);
      timer.unref();
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.on('error', () => undefined); // reported by the transport's close
        resolve(socket);
      });
      const onError = (err: Error): void => {
        clearTimeout(timer);
        reject(new CrosspointError('DISCONNECTED', `${where}: ${err.message}`, { cause: err }));
      };
      socket.once('error', onError);
    });
  }
}

/** Reads one line (the auth reply); pauses the socket so later bytes wait for the transport. */
function readLine(socket: Socket, where: string, timeoutMs: number): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(10);
      if (nl === -1) return;
      socket.pause();
      cleanup();
      resolve({ line: all.subarray(0, nl).toString('utf8'), rest: all.subarray(nl + 1) });
    };
    const onClose = (): void => {
      cleanup();
      reject(new CrosspointError('DISCONNECTED', `${where} closed the connection during authentication`));
    };
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new CrosspointError('DISCONNECTED', `${where}: no answer to the auth line`));
    }, timeoutMs);
    timer.unref();
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
