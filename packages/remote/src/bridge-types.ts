import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { BackoffOptions } from './backoff.js';
import type { RemoteLogger } from './session-types.js';

/** JSON-RPC error code for requests the bridge could not carry (link down, remote refused us). */
export const RPC_LINK_DOWN = -32060;

export interface StdioBridgeOptions {
  token?: string;
  headers?: Record<string, string>;
  /** The IDE side; default process.stdin / process.stdout (the CLI passes them). */
  stdin?: Readable;
  stdout?: Writable;
  logger?: RemoteLogger;
  backoff?: BackoffOptions;
  /** How long a request waits for the link to come back before it fails (default 10 s). */
  pendingTimeoutMs?: number;
  /** How long re-initialising with the remote after a reconnect may take (default 10 s). */
  initTimeoutMs?: number;
  /** Link factory; default createClientTransport(url, { token, headers }). */
  createTransport?: () => Transport;
}

export type BridgeState = 'connecting' | 'up' | 'closed' | 'refused';

export interface StdioBridge {
  /** Resolves when the IDE side ends (stdin closed) or close() is called; rejects when the remote refuses the token. */
  readonly done: Promise<void>;
  state(): BridgeState;
  close(): Promise<void>;
}
