import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { RawData, WebSocket } from 'ws';
import { CrosspointError } from '@crosspoint/core';

export const MCP_SUBPROTOCOL = 'mcp';
/** Bytes queued in a socket beyond which the peer counts as stuck and is dropped. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface WebSocketTransportOptions {
  /** Drop the peer when this many bytes are waiting to be sent to it (it stopped reading). */
  maxBufferedBytes?: number;
}

/**
 * MCP over one WebSocket (`ws`), one JSON-RPC message per text frame; used by the WebSocket front and
 * by the client link. Frames that arrive before start() are queued so a session connected
 * asynchronously loses nothing. send() resolves when ws has written the frame, so awaiting senders
 * follow the peer's pace; a peer that stops reading altogether is dropped instead of buffered forever.
 */
export class WebSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private queue: JSONRPCMessage[] | undefined = [];
  private socketClosed = false;
  private readonly maxBuffered: number;

  constructor(
    private readonly ws: WebSocket,
    options: WebSocketTransportOptions = {},
  ) {
    this.maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    ws.on('message', this.onFrame);
    ws.on('error', this.onSocketError);
    ws.on('close', this.onSocketClose);
  }

  async start(): Promise<void> {
    const queued = this.queue;
    if (queued === undefined) throw new Error('WebSocketTransport already started');
    this.queue = undefined;
    for (const m of queued) this.onmessage?.(m);
    if (this.socketClosed) this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.socketClosed || this.ws.readyState !== this.ws.OPEN) {
      return Promise.reject(new CrosspointError('DISCONNECTED', 'websocket: connection is closed'));
    }
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.ws.terminate();
      return Promise.reject(new CrosspointError('DISCONNECTED', `websocket: peer stopped reading (${this.ws.bufferedAmount} bytes queued); dropped it`));
    }
    return new Promise((resolve, reject) => {
      this.ws.send(JSON.stringify(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Writes a message without a promise (the synchronous forwarding path); dropped once closed (a
   * failed write surfaces as the socket's error). A peer that stopped reading is cut off as in `send`.
   */
  sendNow(message: JSONRPCMessage): void {
    this.sendJsonNow(JSON.stringify(message));
  }

  /** `sendNow` for a message its caller serialized (JSON text). */
  sendJsonNow(json: string): void {
    if (this.socketClosed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.onerror?.(new CrosspointError('DISCONNECTED', `websocket: peer stopped reading (${this.ws.bufferedAmount} bytes queued); dropped it`));
      this.ws.terminate();
      return;
    }
    this.ws.send(json);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === this.ws.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close(1000);
    // A peer that never answers the closing handshake is cut off.
    const timer = setTimeout(() => this.ws.terminate(), 2000);
    timer.unref();
    await closed;
    clearTimeout(timer);
  }

  private readonly onFrame = (data: RawData, isBinary: boolean): void => {
    let message: JSONRPCMessage;
    try {
      if (isBinary) throw new Error('binary frames are not MCP messages');
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      message = JSONRPCMessageSchema.parse(JSON.parse(text));
    } catch (err) {
      const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.onerror?.(new CrosspointError('INVALID_ARGUMENTS', `websocket: invalid JSON-RPC frame ignored (${detail})`, { cause: err }));
      return;
    }
    if (this.queue) this.queue.push(message);
    else this.onmessage?.(message);
  };

  private readonly onSocketError = (err: Error): void => {
    this.onerror?.(err);
  };

  private readonly onSocketClose = (): void => {
    this.socketClosed = true;
    this.ws.off('message', this.onFrame);
    if (this.queue === undefined) this.onclose?.();
  };
}
