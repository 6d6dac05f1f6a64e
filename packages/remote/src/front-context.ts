import type { AddressInfo } from 'node:net';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { errorMessageOf } from '@crosspoint/core';
import type { HostPolicy } from './host-check.js';
import type { SessionRegistry, SessionSlot } from './session-registry.js';
import type { ConnectSession, RemoteLogger, SessionHandle } from './session-types.js';
import type { TokenChecker, TokenGrant } from './tokens.js';

/** What every front shares: the session factory, the cap, the tokens, the limits. */
export interface FrontContext {
  connectSession: ConnectSession;
  registry: SessionRegistry;
  tokens: TokenChecker;
  maxMessageBytes: number;
  hostPolicy: HostPolicy;
  logger: RemoteLogger;
}

/** A listening front. */
export interface RunningFront {
  readonly address: AddressInfo;
  /** Stops listening and drops every connection of this front (sessions are closed by the caller). */
  close(): Promise<void>;
}

/**
 * Connects a session on `transport` in a reserved slot; undefined (and the transport closed) when the
 * factory fails, so a broken session never takes the front down.
 */
export async function openSession(
  ctx: FrontContext,
  slot: SessionSlot,
  transport: Transport,
  grant: TokenGrant,
  label: string,
): Promise<SessionHandle | undefined> {
  try {
    const handle = await ctx.connectSession(transport, grant.allowTools ? { allowTools: grant.allowTools, label } : { label });
    slot.attach(handle);
    void handle.closed.then(() => ctx.logger.info(`remote: session closed (${label})`), () => undefined);
    ctx.logger.info(`remote: session opened (${label}${grant.allowTools ? ', scoped token' : ''})`);
    return handle;
  } catch (err) {
    slot.release();
    ctx.logger.error(`remote: could not start a session for ${label}: ${errorMessageOf(err)}`);
    await transport.close().catch(() => undefined);
    return undefined;
  }
}
