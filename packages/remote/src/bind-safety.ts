import { CrosspointError } from '@crosspoint/core';
import { isLoopbackHost } from './host-check.js';

export const DEFAULT_HOST = '127.0.0.1';

/** Where a front listens; `host` defaults to 127.0.0.1, port 0 picks a free port. */
export interface ListenSpec {
  host?: string;
  port: number;
}

/**
 * Safe by default: a front reachable from other machines must require a token. Throws a
 * CONFIG_INVALID error that says how to set one; loopback binds are always allowed.
 */
export function assertSafeBind(front: string, listen: ListenSpec, tokensConfigured: boolean): void {
  const host = listen.host ?? DEFAULT_HOST;
  if (tokensConfigured || isLoopbackHost(host)) return;
  throw new CrosspointError(
    'CONFIG_INVALID',
    `remote: refusing to serve ${front} on ${host}:${listen.port} without a token; anyone who can reach that address could drive the bench. ` +
      'Set one with the CROSSPOINT_TOKEN environment variable or --token-file FILE (or bind to 127.0.0.1).',
    { details: { front, host, port: listen.port } },
  );
}
