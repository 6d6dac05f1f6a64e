import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Facts about one accepted connection, handed to the session factory. */
export interface SessionInfo {
  /** picomatch globs on wire tool names (the token's scope); undefined = every tool. */
  allowTools?: string[];
  /** Human-readable origin of the session, e.g. `ws 127.0.0.1:53122`; never contains a token. */
  label?: string;
}

/** One live MCP session as returned by the session factory. */
export interface SessionHandle {
  /** Ends the session (the aggregator aborts its in-flight calls). */
  close(): Promise<void>;
  /** Settles once the session has ended for any reason (client gone, close(), transport error). */
  closed: Promise<void>;
}

/**
 * Connects one MCP server session to a transport. The aggregator exports the real one; the fronts call
 * it once per accepted connection, after authentication, before any MCP message is delivered.
 */
export type ConnectSession = (transport: Transport, info: SessionInfo) => Promise<SessionHandle>;

/** What the fronts log through; `console` fits. Messages never contain tokens. */
export interface RemoteLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (the default: libraries stay quiet unless given one). */
export const silentLogger: RemoteLogger = { info() {}, warn() {}, error() {} };
