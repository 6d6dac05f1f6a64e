import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode as JsonRpcCode, type JSONRPCMessage, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResultLike, ProgressUpdate } from '@crosspoint/core';
import type { CancellationHook } from './cancellation-hook.js';

interface PendingCall {
  resolve: (result: CallToolResultLike) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  timeoutMs: number;
  onProgress: ((update: ProgressUpdate) => void) | undefined;
  signal: AbortSignal | undefined;
  hook: CancellationHook | undefined;
  onAbort: (() => void) | undefined;
}

export interface DirectCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Watched instead of `signal` when given. */
  cancellation?: CancellationHook;
  onProgress?: (update: ProgressUpdate) => void;
}

/**
 * The hot path of forwarding: `tools/call` requests sent on the transport without the SDK
 * `Protocol`'s per-message schema passes, and their responses matched by id before the SDK sees
 * them. Our ids (and progress tokens) are strings (`"xp1"`, `"xp2"`…), which the SDK `Client`
 * sharing the transport never uses: it numbers its requests. (Strings rather than negative
 * numbers: servers that parse ids as unsigned integers exist; every JSON-RPC server takes strings.)
 * Semantics match `Protocol.request`: the timeout restarts on each progress
 * report, an abort or timeout sends `notifications/cancelled` downstream, and closing the transport
 * rejects every pending call at once with `ConnectionClosed`.
 */
export class DirectCaller {
  private readonly pending = new Map<string, PendingCall>();
  private seq = 0;

  constructor(private readonly send: (message: JSONRPCMessage) => Promise<void>) {}

  get inFlight(): number {
    return this.pending.size;
  }

  call(name: string, args: Record<string, unknown>, options: DirectCallOptions): Promise<CallToolResultLike> {
    const id = `xp${++this.seq}`;
    const { cancellation: hook, onProgress, timeoutMs } = options;
    const signal = hook ? undefined : options.signal;
    return new Promise<CallToolResultLike>((resolve, reject) => {
      if (hook ? hook.aborted : signal?.aborted) return reject(new McpError(JsonRpcCode.RequestTimeout, 'aborted before sending'));
      const p: PendingCall = {
        resolve,
        reject,
        timeoutMs,
        onProgress,
        signal,
        hook,
        onAbort: undefined,
        timer: setTimeout(() => this.cancel(id, 'timeout', new McpError(JsonRpcCode.RequestTimeout, 'Request timed out', { timeout: timeoutMs })), timeoutMs),
      };
      if (hook) {
        hook.onAbort((reason) => this.cancel(id, String(reason ?? 'cancelled'), new McpError(JsonRpcCode.RequestTimeout, 'cancelled')));
      } else if (signal) {
        p.onAbort = () => this.cancel(id, String(signal.reason ?? 'cancelled'), new McpError(JsonRpcCode.RequestTimeout, 'cancelled'));
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.pending.set(id, p);
      const params = onProgress ? { name, arguments: args, _meta: { progressToken: id } } : { name, arguments: args };
      this.send({ jsonrpc: '2.0', id, method: 'tools/call', params }).catch((err: unknown) => {
        if (this.settle(id)) reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  /** Takes the messages that belong to our calls; returns false for everything else (the SDK's). */
  claim(message: JSONRPCMessage): boolean {
    const m = message as { id?: unknown; method?: unknown; params?: { progressToken?: unknown }; result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (typeof m.id === 'string' && m.method === undefined) {
      const p = this.pending.get(m.id);
      if (p && this.settle(m.id)) {
        if (m.error) p.reject(new McpError(m.error.code, m.error.message, m.error.data));
        else p.resolve(m.result as CallToolResultLike);
      }
      return true; // ours even when late (after a timeout or cancel)
    }
    if (m.method === 'notifications/progress' && typeof m.params?.progressToken === 'string') {
      const p = this.pending.get(m.params.progressToken);
      if (p) {
        p.timer.refresh(); // progress keeps the call alive
        const { progress, total, message } = m.params as { progress: number; total?: number; message?: string };
        p.onProgress?.({ progress, ...(total !== undefined ? { total } : {}), ...(message !== undefined ? { message } : {}) });
      }
      return true;
    }
    return false;
  }

  /** The transport closed: every pending call fails now, none is retried. */
  closeAll(): void {
    const err = new McpError(JsonRpcCode.ConnectionClosed, 'Connection closed');
    for (const [id, p] of [...this.pending]) if (this.settle(id)) p.reject(err);
  }

  private cancel(id: string, reason: string, err: Error): void {
    const p = this.pending.get(id);
    if (!p || !this.settle(id)) return;
    this.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } }).catch(() => {});
    p.reject(err);
  }

  private settle(id: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    p.hook?.onAbort(undefined);
    return true;
  }
}

/**
 * A view of a transport for the SDK `Client` that hides the messages the `DirectCaller` claims,
 * so both share one connection without either seeing the other's traffic.
 */
export function splitTransport(inner: Transport, caller: DirectCaller): Transport {
  const outer: Transport = {
    start: () => inner.start(),
    send: (message, options) => inner.send(message, options),
    close: () => inner.close(),
  };
  inner.onmessage = (message, extra) => {
    if (!caller.claim(message)) outer.onmessage?.(message, extra);
  };
  inner.onclose = () => {
    caller.closeAll();
    outer.onclose?.();
  };
  inner.onerror = (err) => outer.onerror?.(err);
  return outer;
}
