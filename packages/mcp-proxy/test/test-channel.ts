import { CrosspointError, type ClientCapabilitiesLike, type ClientChannel, type ClientRequestMethod } from '@crosspoint/core';

export type Answer = (method: ClientRequestMethod, params: Record<string, unknown>, signal: AbortSignal | undefined) => Promise<unknown>;

/** A real `ClientChannel` for tests: answers with `answer`, records what it was asked, can be closed. */
export class TestChannel implements ClientChannel {
  open = true;
  readonly asked: Array<{ method: ClientRequestMethod; params: Record<string, unknown> }> = [];

  constructor(
    readonly label: string,
    readonly capabilities: ClientCapabilitiesLike,
    private readonly answer: Answer = async () => ({}),
  ) {}

  async request(method: ClientRequestMethod, params: Record<string, unknown>, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    if (!this.open) throw new CrosspointError('DISCONNECTED', `${this.label} is closed`);
    this.asked.push({ method, params });
    return this.answer(method, params, options.signal);
  }
}

export const ALL_CLIENT_CAPABILITIES: ClientCapabilitiesLike = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };
