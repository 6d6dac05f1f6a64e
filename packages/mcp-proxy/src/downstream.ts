import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ExitInfo } from './child-link.js';

/**
 * Any SDK `Transport` to a downstream MCP server, with the optional extras that make errors and
 * status useful. The child link has them all; a network client transport may have none.
 */
export interface DownstreamTransport extends Transport {
  /** Last lines the downstream wrote on stderr. */
  stderrTail?(n?: number): string[];
  /** Last non-JSON lines it wrote where messages were expected. */
  garbageTail?(n?: number): string[];
  readonly garbageCount?: number;
  /** Set once a child process exited. */
  readonly exitInfo?: ExitInfo | undefined;
  readonly pid?: number;
  /** A child that leads a session of its own, rather than only a process group in the gateway's. */
  readonly ownSession?: boolean;
}

/** Opens a fresh, not yet started transport to the downstream (spawns a child, dials a URL…). */
export type ConnectDownstream = () => Promise<DownstreamTransport>;

/** Optional sink for a server's diagnostics; nothing is logged per message. */
export interface ProxyLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
