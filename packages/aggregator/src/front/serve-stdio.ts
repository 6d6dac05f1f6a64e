import type { ConnectSession, SessionInfo } from './session-factory.js';
import { NdjsonStreamTransport } from './ndjson-transport.js';

export interface ServeStdioOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  /** Ends the session (e.g. on a signal), like stdin closing. */
  signal?: AbortSignal;
  info?: SessionInfo;
}

/**
 * Serves one MCP session over stdio and resolves when it is over: stdin ended (the client went
 * away), the signal aborted, or the session was closed. stdout carries only protocol messages.
 */
export async function serveStdio(connectSession: ConnectSession, options: ServeStdioOptions = {}): Promise<void> {
  const transport = new NdjsonStreamTransport(options.stdin ?? process.stdin, options.stdout ?? process.stdout);
  const session = await connectSession(transport, { label: 'stdio', ...options.info });
  const stop = () => void session.close();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await session.closed;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
