import type { ChildServerConfig } from './config.js';
import type { ProxyLogger } from './downstream.js';
import type { McpSession } from './mcp-session.js';
import type { ServerStats } from './server-stats.js';

/** The part of a server's config that supervision and forwarding use (transport-independent). */
export type SupervisionSettings = Pick<
  ChildServerConfig,
  | 'restart'
  | 'timeoutMs'
  | 'toolTimeouts'
  | 'maxConcurrency'
  | 'lazy'
  | 'idleTimeoutMs'
  | 'startupTimeoutMs'
  | 'ping'
  | 'backoff'
  | 'maxFailures'
  | 'maxToolPages'
>;

export interface SupervisorDeps {
  name: string;
  settings: SupervisionSettings;
  stats: ServerStats;
  logger?: ProxyLogger | undefined;
  classifyStartError?: ((err: unknown) => { state: 'unreachable' | 'failed'; reason: string } | undefined) | undefined;
  /** Opens one session (spawn/dial + initialize + tool list). */
  open(onLost: (s: McpSession) => void, onToolsChanged: () => void): Promise<McpSession>;
  /** True while calls are in flight or queued (idle timer waits). */
  busy(): boolean;
  emitHealth(): void;
  emitToolsChanged(): void;
}
