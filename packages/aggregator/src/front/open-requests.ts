import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

/**
 * A front transport that delivers messages tied to a request (`relatedRequestId`) on that
 * request's own stream, as the Streamable HTTP front does. Only sessions over such a transport
 * track which requests are open.
 */
export interface RequestRoutedTransport {
  readonly routesByRequest: true;
}

/** Which of the client's requests are still unanswered. */
export interface OpenRequests {
  isOpen(id: RequestId): boolean;
}

/**
 * Wraps a session's transport (below every other adapter, so it sees every message) and keeps
 * the ids of the client's requests that have not been answered yet. A question for the client
 * tied to one of its requests (`relatedRequestId`) travels on that request's stream on the HTTP
 * front, and that stream exists only until the answer is sent: a server that asks later (a
 * `roots/list` after the call that brought it) must use the session's own stream instead.
 */
export class OpenRequestsTransport implements Transport, OpenRequests {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private readonly open = new Set<RequestId>();

  /** The inner transport's synchronous write (the stdio front's), if it has one, with the same bookkeeping. */
  readonly sendNow?: (message: JSONRPCMessage) => void;

  /** The inner transport's synchronous write of a serialized message, if it has one; `answers`: the request it answers. */
  readonly sendJsonNow?: (json: string, answers?: RequestId) => void;

  constructor(private readonly inner: Transport) {
    const sendNow = (inner as { sendNow?: (message: JSONRPCMessage) => void }).sendNow;
    if (typeof sendNow === 'function') {
      this.sendNow = (message) => {
        this.noteSent(message);
        sendNow.call(inner, message);
      };
    }
    const sendJsonNow = (inner as { sendJsonNow?: (json: string) => void }).sendJsonNow;
    if (typeof sendJsonNow === 'function') {
      this.sendJsonNow = (json, answers) => {
        if (answers !== undefined) this.open.delete(answers);
        sendJsonNow.call(inner, json);
      };
    }
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  isOpen(id: RequestId): boolean {
    return this.open.has(id);
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      const m = message as { id?: RequestId; method?: string };
      if (m.id !== undefined && m.method !== undefined) this.open.add(m.id);
      // A cancelled request gets no answer: it is over all the same.
      else if (m.method === 'notifications/cancelled') this.open.delete((message as { params?: { requestId?: RequestId } }).params?.requestId as RequestId);
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (err) => this.onerror?.(err);
    this.inner.onclose = () => {
      this.open.clear();
      this.onclose?.();
    };
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.noteSent(message);
    return this.inner.send(message, options);
  }

  private noteSent(message: JSONRPCMessage): void {
    const m = message as { id?: RequestId; method?: string };
    // A response (an id and no method) answers one of the client's requests.
    if (m.id !== undefined && m.method === undefined) this.open.delete(m.id);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}
