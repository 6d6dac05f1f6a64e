import { type ClientCapabilitiesLike, type ClientChannel, type ClientNotificationMethod, type ClientRequestMethod, CrosspointError, errorMessageOf } from '@crosspoint/core';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type RequestId, ResultSchema, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { OpenRequests } from './open-requests.js';

/** Sampling and elicitation often wait for a person: longer than the SDK's 60 s default. */
export const DEFAULT_CLIENT_REQUEST_TIMEOUT_MS = 10 * 60_000;

const CAPABILITY_OF: Record<ClientRequestMethod, keyof ClientCapabilitiesLike> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/**
 * One front session's client as subsystems see it (`ClientChannel`): the capabilities the client
 * declared at initialize, and the session's SDK `Server` to ask it. A request for a capability the
 * client did not declare rejects `NOT_SUPPORTED` without sending anything; after the session
 * closes, `open` is false and every request rejects `DISCONNECTED`. Results pass through untouched.
 *
 * `forRequest(id)` gives a view tied to one incoming request, so transports that route by request
 * (the HTTP front's per-request streams) deliver the question on the stream of the call it serves;
 * once that request is answered (`openRequests` says so), the view asks on the session's own stream.
 */
export class SessionClientChannel implements ClientChannel {
  constructor(
    private readonly server: Server,
    readonly label: string,
    private readonly state: { open: boolean } = { open: true },
    private readonly openRequests?: OpenRequests,
    private readonly relatedRequestId?: RequestId,
  ) {}

  get capabilities(): ClientCapabilitiesLike {
    return (this.server.getClientCapabilities() ?? {}) as ClientCapabilitiesLike;
  }

  get open(): boolean {
    return this.state.open;
  }

  /** Called once when the session closes. */
  markClosed(): void {
    this.state.open = false;
  }

  forRequest(requestId: RequestId | undefined): SessionClientChannel {
    // Without per-request streams (no `openRequests`), one view serves every request.
    return requestId === undefined || this.openRequests === undefined ? this : new SessionClientChannel(this.server, this.label, this.state, this.openRequests, requestId);
  }

  /** Passes a notification on (only a client that declared URL elicitation hears of its completion). */
  async notify(method: ClientNotificationMethod, params: Record<string, unknown>): Promise<void> {
    if (!this.state.open) return;
    const elicitation = this.capabilities.elicitation as { url?: unknown } | undefined;
    if (method === 'notifications/elicitation/complete' && !elicitation?.url) return;
    await this.server.notification({ method, params } as never).catch(() => undefined);
  }

  async request(method: ClientRequestMethod, params: Record<string, unknown>, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<unknown> {
    if (!this.state.open) throw new CrosspointError('DISCONNECTED', `the client session ${this.label} has closed; ${method} cannot reach it`);
    const capability = CAPABILITY_OF[method];
    if (capability === undefined) throw new CrosspointError('NOT_SUPPORTED', `${method} is not a request a server may send to a client`);
    if (!this.capabilities[capability]) {
      throw new CrosspointError('NOT_SUPPORTED', `the client (${this.label}) did not declare the "${String(capability)}" capability, so ${method} cannot be sent to it`);
    }
    const related = this.relatedRequestId;
    const bound = related !== undefined && (this.openRequests?.isOpen(related) ?? true);
    try {
      return await this.server.request({ method, params } as ServerRequest, ResultSchema, {
        timeout: options.timeoutMs ?? DEFAULT_CLIENT_REQUEST_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(bound ? { relatedRequestId: related } : {}),
      });
    } catch (err) {
      if (options.signal?.aborted) throw new CrosspointError('CANCELLED', `${method} to ${this.label} was cancelled`, { cause: err });
      const code = (err as { code?: unknown }).code;
      throw new CrosspointError('DOWNSTREAM_ERROR', `${method} to the client ${this.label} failed: ${errorMessageOf(err)}`, {
        cause: err,
        ...(typeof code === 'number' && Number.isInteger(code) ? { details: { rpcCode: code } } : {}),
      });
    }
  }
}
