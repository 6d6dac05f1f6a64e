import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface InitializeHook {
  /** Sees the client's initialize params before the server handles them. */
  onInitialize(params: Record<string, unknown>): void;
  /** Extra `capabilities.experimental` entries for the initialize result. */
  experimental(): Record<string, object>;
  /**
   * Last say on the whole initialize result (capabilities, serverInfo, instructions), after the
   * experimental entries are stamped. May wait (a passthrough session waits for its server).
   */
  result?(result: Record<string, unknown>): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * Wraps a session's transport to act on the initialize exchange. The server's capabilities go
 * out in the initialize *result*, but what a session should advertise (discovery mode) depends
 * on the client's capabilities in the initialize *request*; the SDK fixes capabilities when the
 * `Server` is built. This adapter reads the request on the way in and stamps the decision into
 * the matching result on the way out, using only the public Transport interface. The same goes for
 * what the federation offers (capabilities computed when the client asks, not when the session
 * was created), and for a passthrough session's server identity.
 */
export class InitializeHookTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private initializeId: RequestId | undefined;

  constructor(
    private readonly inner: Transport,
    private readonly hook: InitializeHook,
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      if ('method' in message && message.method === 'initialize' && 'id' in message) {
        this.initializeId = message.id;
        this.hook.onInitialize((message.params ?? {}) as Record<string, unknown>);
      }
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (err) => this.onerror?.(err);
    this.inner.onclose = () => this.onclose?.();
    await this.inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.initializeId !== undefined && 'result' in message && message.id === this.initializeId) {
      this.initializeId = undefined;
      const result = message.result as { capabilities?: { experimental?: Record<string, object> } };
      const capabilities = { ...result.capabilities, experimental: { ...result.capabilities?.experimental, ...this.hook.experimental() } };
      let final: Record<string, unknown> = { ...message.result, capabilities };
      if (this.hook.result) {
        try {
          final = await this.hook.result(final);
        } catch (err) {
          this.onerror?.(err instanceof Error ? err : new Error(String(err)));
        }
      }
      message = { ...message, result: final } as JSONRPCMessage;
    }
    await this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}
