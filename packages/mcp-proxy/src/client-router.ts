import { CrosspointError, type ClientCapabilitiesLike, type ClientChannel, type ClientRequestMethod } from '@crosspoint/core';

/** The server-to-client requests a child may send that we can route to a front client. */
export const CLIENT_REQUEST_METHODS: readonly ClientRequestMethod[] = ['sampling/createMessage', 'elicitation/create', 'roots/list'];

/** How many distinct recent clients are remembered for requests that arrive between calls. */
const RECENT_CLIENTS = 16;

/**
 * Fronts may pass a fresh view of one session's channel per request (tied to that request's
 * stream); views of one session share its label and its declared capabilities object.
 */
function sameSession(a: ClientChannel, b: ClientChannel): boolean {
  return a === b || (a.label === b.label && a.capabilities === b.capabilities);
}

/**
 * Why `capabilities` cannot answer `method` with these `params`, or `undefined` when they can.
 * Elicitation is checked per mode (an empty `elicitation: {}` means form mode only, per the spec);
 * sampling with `tools` needs `sampling.tools`.
 */
export function missingCapability(method: ClientRequestMethod, params: Record<string, unknown>, capabilities: ClientCapabilitiesLike): string | undefined {
  switch (method) {
    case 'sampling/createMessage':
      if (!capabilities.sampling) return 'sampling';
      if ((params['tools'] !== undefined || params['toolChoice'] !== undefined) && !capabilities.sampling['tools']) return 'sampling.tools';
      return undefined;
    case 'elicitation/create': {
      const e = capabilities.elicitation;
      if (!e) return 'elicitation';
      const declaresForm = e['form'] !== undefined;
      const declaresUrl = e['url'] !== undefined;
      if (params['mode'] === 'url') return declaresUrl ? undefined : 'elicitation.url';
      return declaresForm || !declaresUrl ? undefined : 'elicitation.form';
    }
    case 'roots/list':
      return capabilities.roots ? undefined : 'roots';
  }
}

/** A request in flight on behalf of a client: a node of the router's in-flight list. */
export class InFlight {
  next: InFlight | undefined;
  left = false;

  constructor(
    readonly client: ClientChannel,
    public prev: InFlight | undefined,
  ) {}
}

/**
 * Remembers which front clients use one child server, to answer the child's server-to-client
 * requests (`sampling/createMessage`, `elicitation/create`, `roots/list`), which carry no hint of
 * whose call caused them.
 *
 * **The rule** (`pick`):
 * 1. While requests are in flight on this server (tool calls, or surface requests such as
 *    `tasks/result`): the client of the most recently started one that is open and declared the
 *    capability. If none of them qualifies, no client: the request is not sent to a client that
 *    has nothing running here.
 * 2. With nothing in flight (e.g. `roots/list` after `notifications/roots/list_changed`): the most
 *    recent client that used this server and is still open with the capability.
 * 3. Otherwise the child gets a JSON-RPC error saying why: no client connected, or no (calling)
 *    client declared the capability.
 *
 * Recording is cheap on purpose (a node linked into a list, no hash table churning per call): it
 * sits on the call path.
 */
export class ClientRouter {
  /** The in-flight list, oldest first. */
  private first: InFlight | undefined;
  private last: InFlight | undefined;
  private count = 0;
  private readonly recent: ClientChannel[] = [];

  /** A request on behalf of `client` starts; pass the returned entry to `leave` when it settles. */
  enter(client: ClientChannel): InFlight {
    const entry = new InFlight(client, this.last);
    if (this.last) this.last.next = entry;
    else this.first = entry;
    this.last = entry;
    this.count++;
    const head = this.recent[0];
    if (head !== client) {
      if (head !== undefined && sameSession(head, client)) this.recent[0] = client;
      else this.remember(client);
    }
    return entry;
  }

  /** The request settled (a second call is ignored). */
  leave(entry: InFlight): void {
    if (entry.left) return;
    entry.left = true;
    const { prev, next } = entry;
    if (prev) prev.next = next;
    else this.first = next;
    if (next) next.prev = prev;
    else this.last = prev;
    entry.prev = entry.next = undefined;
    this.count--;
  }

  /** The client that answers `method` by the rule above, or a `NOT_SUPPORTED` error saying why none can. */
  pick(method: ClientRequestMethod, params: Record<string, unknown>): ClientChannel | CrosspointError {
    let sawOpen = false;
    const missing = new Set<string>();
    const fits = (c: ClientChannel): boolean => {
      if (!c.open) return false;
      sawOpen = true;
      const lack = missingCapability(method, params, c.capabilities);
      if (lack) missing.add(lack);
      return lack === undefined;
    };
    for (let e = this.last; e; e = e.prev) if (fits(e.client)) return e.client;
    const calling = sawOpen;
    if (!calling) for (const c of this.recent) if (fits(c)) return c;
    this.prune();
    if (!sawOpen) {
      return new CrosspointError('NOT_SUPPORTED', `${method}: no client is connected to answer it (no open session has used this server)`);
    }
    const what = [...missing].join(', ');
    const who = calling ? 'calling client' : 'connected client';
    return new CrosspointError('NOT_SUPPORTED', `${method}: no ${who} declared the ${what} capability`, { details: { missing: [...missing] } });
  }

  /** Clients currently recorded as in flight (for status and tests). */
  get inFlightCount(): number {
    return this.count;
  }

  private remember(client: ClientChannel): void {
    const at = this.recent.findIndex((c) => sameSession(c, client));
    if (at !== -1) this.recent.splice(at, 1);
    this.recent.unshift(client);
    if (this.recent.length > RECENT_CLIENTS) this.recent.length = RECENT_CLIENTS;
  }

  private prune(): void {
    for (let i = this.recent.length - 1; i >= 0; i--) if (!this.recent[i]?.open) this.recent.splice(i, 1);
  }
}
