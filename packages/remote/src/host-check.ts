import { isIP } from 'node:net';

/** Names that always mean "this machine". */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for a host that only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host.toLowerCase());
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  // Only an IP literal counts: a name like `127.evil.example` is the attacker's, whatever it resolves to.
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::ffff:127.0.0.1' || h === '0:0:0:0:0:0:0:1';
}

export interface HostPolicy {
  /** Extra host names (no port) clients may address the gateway by, e.g. `bench.tailnet.ts.net`. */
  allowedHosts?: readonly string[];
  /** Extra browser origins allowed to connect, e.g. `https://bench.tailnet.ts.net`. */
  allowedOrigins?: readonly string[];
}

/** Why a request was refused, or undefined when Host and Origin pass. */
export type HostCheckFailure = { header: 'host' | 'origin'; value: string };

/**
 * DNS-rebinding defence for the HTTP and WebSocket fronts. A rebinding attack reaches us with a Host
 * (and browser Origin) naming the attacker's domain; so Host must be a loopback name, an IP literal
 * (the client addressed us directly) or a configured name, and an Origin, when a browser sends one,
 * must point at such a host or be listed in `allowedOrigins`.
 */
export function checkHostAndOrigin(
  host: string | undefined,
  origin: string | undefined,
  policy: HostPolicy,
): HostCheckFailure | undefined {
  const allowedHosts = new Set((policy.allowedHosts ?? []).map((h) => stripBrackets(h.toLowerCase())));
  const hostOk = (name: string): boolean =>
    isLoopbackHost(name) || isIP(stripBrackets(name)) !== 0 || allowedHosts.has(stripBrackets(name));
  if (host === undefined || host === '') return { header: 'host', value: '' };
  const hostName = hostnameOf(host);
  if (hostName === undefined || !hostOk(hostName)) return { header: 'host', value: host };
  if (origin === undefined || origin === '') return undefined;
  if ((policy.allowedOrigins ?? []).some((o) => o.toLowerCase() === origin.toLowerCase())) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).hostname.toLowerCase();
  } catch {
    return { header: 'origin', value: origin };
  }
  return hostOk(originHost) ? undefined : { header: 'origin', value: origin };
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased. */
function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function stripBrackets(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}
