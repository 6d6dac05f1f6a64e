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

/**
 * Parses `HOST:PORT` (as in `--ws 100.64.0.5:7420` or the config's `fronts.ws`): `[::1]:7420` for IPv6,
 * `:7420` or a bare `7420` for the default host. Throws CONFIG_INVALID with the expected shape.
 */
export function parseHostPort(value: string, what = 'address'): ListenSpec {
  const m = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?([0-9]{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new CrosspointError('CONFIG_INVALID', `${what} ${JSON.stringify(value)} must be HOST:PORT, e.g. 127.0.0.1:7420 or [::1]:7420`);
  }
  const host = m[1] ? m[1].replace(/^\[|\]$/g, '') : undefined;
  return host ? { host, port } : { port };
}
