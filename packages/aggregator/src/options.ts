import type { WireFormatOptions } from '@crosspoint/core';
import type { Logger } from './logger.js';

export interface FederationAggregatorOptions {
  /** Name as a Subsystem (when nested in another gateway). Default `crosspoint`. */
  name?: string;
  version?: string;
  wireFormat?: WireFormatOptions;
  logger?: Logger;
  /** Subsystem tool changes within this window become one catalog change. Default 50 ms. */
  listChangedDebounceMs?: number;
  /** Bound on each subsystem's healthCheck() when building a status. Default 3 s. */
  healthCheckTimeoutMs?: number;
  /** Register the gateway's own `crosspoint` subsystem (status, restart). Default true. */
  gatewayTools?: boolean;
  /**
   * Single-server passthrough: exactly one subsystem may be registered, no gateway tools, no
   * prefixes anywhere (tool and prompt names, resource URIs, task ids as the subsystem has them).
   * Sessions take `serverInfo`, `instructions` and capabilities from that subsystem once it is up.
   */
  passthrough?: boolean;
  /** Deadline of routed resource, prompt, completion and task requests. Default 60 s (`tasks/result` has none). */
  surfaceRequestTimeoutMs?: number;
}

export interface StartOptions {
  /** How long the first tools/list may wait for subsystems to connect. Default 10 s. */
  deadlineMs?: number;
}

export const DEFAULT_STARTUP_DEADLINE_MS = 10_000;
