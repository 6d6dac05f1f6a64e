import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest, type JSONRPCMessage, type MessageExtraInfo, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * The SDK's Streamable HTTP server transport for one session, plus one duty: when the session is
 * closed by the gateway (shutdown, idle timeout) the client's open requests get a JSON-RPC error on
 * their streams first. Over HTTP a closed stream does not fail a request (the client waits to resume
 * it), so without this a client would hang until its own timeout.
 */
export class HttpSessionTransport implements Transport {
  /** Questions for the client tied to a request go on that request's SSE stream while it is open (the aggregator's `RequestRoutedTransport`). */
  readonly routesByRequest = true as const;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private readonly inner: StreamableHTTPServerTransport;
  private readonly open = new Set<RequestId>();

  /** `onSessionId` runs as soon as the id exists, before the initialize response leaves. */
  constructor(sessionIdGenerator: () => string, onSessionId: (id: string) => void) {
    this.inner = new StreamableHTTPServerTransport({ sessionIdGenerator, onsessioninitialized: onSessionId });
    this.inner.onmessage = (message, extra) => {
      if (isJSONRPCRequest(message)) this.open.add(message.id);
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (err) => this.onerror?.(err);
    this.inner.onclose = () => this.onclose?.();
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('id' in message && message.id !== undefined && !('method' in message)) this.open.delete(message.id);
    return this.inner.send(message, options?.relatedRequestId === undefined ? undefined : { relatedRequestId: options.relatedRequestId });
  }

  handleRequest(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    return this.inner.handleRequest(req, res, body);
  }

  async close(): Promise<void> {
    const pending = [...this.open];
    this.open.clear();
    await Promise.allSettled(
      pending.map((id) =>
        this.inner.send({ jsonrpc: '2.0', id, error: { code: -32000, message: 'crosspoint: the gateway closed this session' } }, { relatedRequestId: id }),
      ),
    );
    await this.inner.close();
  }
}
