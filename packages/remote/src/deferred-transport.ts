import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CrosspointError } from '@crosspoint/core';

/**
 * A client transport whose connection is made in start(): subclasses open the link and return the
 * transport that carries messages over it. Callbacks are forwarded; close() before or during
 * start() cancels the opening.
 */
export abstract class DeferredTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private inner: Transport | undefined;
  private closeRequested = false;
  private closeReported = false;

  /** Opens the link; should honour `isCloseRequested()` and reject with a typed error on refusal. */
  protected abstract open(): Promise<Transport>;

  protected isCloseRequested(): boolean {
    return this.closeRequested;
  }

  async start(): Promise<void> {
    if (this.inner) throw new Error(`${this.constructor.name} already started`);
    const inner = await this.open();
    if (this.closeRequested) {
      await inner.close().catch(() => undefined);
      throw new CrosspointError('DISCONNECTED', 'connection closed while it was being opened');
    }
    this.inner = inner;
    inner.onmessage = (m) => this.onmessage?.(m);
    inner.onerror = (e) => this.onerror?.(e);
    inner.onclose = () => this.reportClose();
    await inner.start();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.inner) return Promise.reject(new CrosspointError('DISCONNECTED', 'not connected'));
    return this.inner.send(message);
  }

  async close(): Promise<void> {
    this.closeRequested = true;
    if (this.inner) await this.inner.close();
    this.reportClose();
  }

  private reportClose(): void {
    if (this.closeReported) return;
    this.closeReported = true;
    this.onclose?.();
  }
}

/** Maps an HTTP status from a refused connection to the error a downstream can act on. */
export function refusalError(status: number, where: string, detail = ''): CrosspointError {
  const suffix = detail ? `: ${detail.trim().slice(0, 200)}` : '';
  if (status === 401) return new CrosspointError('UNAUTHORIZED', `${where} refused the token (401); check CROSSPOINT_TOKEN or --token-file${suffix}`, { details: { status } });
  if (status === 403) return new CrosspointError('FORBIDDEN', `${where} refused the connection (403)${suffix}`, { details: { status } });
  return new CrosspointError('DOWNSTREAM_ERROR', `${where} answered HTTP ${status}${suffix}`, { details: { status } });
}
