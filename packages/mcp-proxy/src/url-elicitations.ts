import type { ClientChannel } from '@crosspoint/core';

/**
 * Which client was asked each URL-mode elicitation, so the child's later
 * `notifications/elicitation/complete` (which names only the elicitation) reaches that client.
 * Bounded: the oldest are forgotten first (a child that never completes cannot grow it).
 */
export class UrlElicitations {
  private readonly askedOf = new Map<string, ClientChannel>();

  constructor(private readonly max = 256) {}

  /** An `elicitation/create` the child sent was handed to `client`. */
  asked(params: Record<string, unknown>, client: ClientChannel): void {
    const id = params['elicitationId'];
    if (params['mode'] !== 'url' || typeof id !== 'string') return;
    this.askedOf.delete(id);
    this.askedOf.set(id, client);
    if (this.askedOf.size > this.max) this.askedOf.delete(this.askedOf.keys().next().value as string);
  }

  /** The child says one completed: tell the client that was asked, once. */
  completed(params: Record<string, unknown>): void {
    const id = params['elicitationId'];
    const client = typeof id === 'string' ? this.askedOf.get(id) : undefined;
    if (!client || typeof id !== 'string') return;
    this.askedOf.delete(id);
    void client.notify?.('notifications/elicitation/complete', params);
  }
}
