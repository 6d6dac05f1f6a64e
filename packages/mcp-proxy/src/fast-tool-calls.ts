import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResultLike, InvokeOptions } from '@crosspoint/core';

/** Runs one `tools/call` for a front; must resolve to a result (errors as `isError` results). */
export type ToolCallHandler = (name: string, args: Record<string, unknown>, options: InvokeOptions) => Promise<CallToolResultLike>;

type Id = string | number;

/**
 * A front-side lean path for `tools/call`: wraps the transport an SDK `Server` is connected to,
 * answers `tools/call` requests itself (the SDK never sees them) and hands every other message to
 * the SDK unchanged. What the SDK would do per call is kept: the caller's progress token is used
 * for progress notifications, `notifications/cancelled` for a claimed id aborts the call's signal
 * (and no response is sent, as the spec asks), and a handler that throws gets a JSON-RPC error.
 * What it skips is the per-message schema passes and bookkeeping, the largest part of a
 * gateway's own cost per forwarded call.
 */
export function fastToolCalls(inner: Transport, handle: ToolCallHandler): Transport {
  const running = new Map<Id, AbortController>();
  const outer: Transport = {
    start: () => inner.start(),
    send: (message, options) => inner.send(message, options),
    close: () => inner.close(),
  };

  const serve = async (id: Id, params: { name?: unknown; arguments?: unknown; _meta?: { progressToken?: unknown } }) => {
    const controller = new AbortController();
    running.set(id, controller);
    const token = params._meta?.progressToken;
    const options: InvokeOptions = { signal: controller.signal };
    if (typeof token === 'string' || typeof token === 'number') {
      options.onProgress = (u) => {
        if (!controller.signal.aborted) void inner.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, ...u } }).catch(() => {});
      };
    }
    let reply: JSONRPCMessage;
    try {
      if (typeof params.name !== 'string') throw Object.assign(new Error('tools/call needs a string "name"'), { code: -32602 });
      const args = (params.arguments ?? {}) as Record<string, unknown>;
      reply = { jsonrpc: '2.0', id, result: (await handle(params.name, args, options)) as never };
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -32603;
      reply = { jsonrpc: '2.0', id, error: { code, message: err instanceof Error ? err.message : String(err) } };
    } finally {
      running.delete(id);
    }
    if (!controller.signal.aborted) await inner.send(reply).catch(() => {});
  };

  inner.onmessage = (message, extra) => {
    const m = message as { id?: Id; method?: string; params?: Record<string, unknown> };
    if (m.method === 'tools/call' && m.id !== undefined) {
      void serve(m.id, (m.params ?? {}) as Parameters<typeof serve>[1]);
      return;
    }
    if (m.method === 'notifications/cancelled') {
      const requestId = m.params?.['requestId'] as Id | undefined;
      const controller = requestId === undefined ? undefined : running.get(requestId);
      if (controller) {
        controller.abort(m.params?.['reason'] ?? 'cancelled by the client');
        return;
      }
    }
    outer.onmessage?.(message, extra);
  };
  inner.onclose = () => {
    for (const c of running.values()) c.abort('front closed');
    running.clear();
    outer.onclose?.();
  };
  inner.onerror = (err) => outer.onerror?.(err);
  return outer;
}
