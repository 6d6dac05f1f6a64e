import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { PortLister } from './port-discovery.js';
import type { LinkState } from './repl-sync.js';

export interface JumperlessLinkOptions {
  /** A port path, or `auto` to find the board by USB identity and probe its REPL. */
  port: string;
  /** serialport binding; the real one (`SerialPort.binding`) by default. */
  binding?: BindingInterface;
  /** Lists ports for `auto`; `binding.list()` by default. */
  lister?: PortLister;
  /** Longest silence allowed while syncing, in ms. Default 3000. */
  syncTimeoutMs?: number;
  /** Longest silence allowed while waiting for a reply, in ms. Default 5000. */
  replyTimeoutMs?: number;
  /** Backoff between reconnect attempts after the board vanished; `false` disables reconnecting. */
  reconnect?: false | { initialDelayMs?: number; maxDelayMs?: number };
}

export interface LinkEvents {
  state: [state: LinkState, reason: string | undefined];
}

export interface ExecOptions {
  signal?: AbortSignal;
  /** Longest silence allowed for this reply (restarts on every byte). */
  inactivityMs?: number;
}

export interface ExecReply {
  stdout: string;
  stderr: string;
  latencyMs: number;
}
