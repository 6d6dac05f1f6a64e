import { isJSONRPCRequest, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

interface Held {
  message: JSONRPCMessage;
  timer?: NodeJS.Timeout;
}

/**
 * IDE messages waiting for the link to the remote gateway, in arrival order. A request waits at most
 * `timeoutMs`, then `onExpire` answers it, so the IDE never waits on a link that does not come back.
 */
export class HeldMessages {
  private readonly held: Held[] = [];
  /** When each request was first held: a request re-held after a failed send keeps its deadline. */
  private readonly since = new WeakMap<JSONRPCMessage, number>();

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpire: (id: RequestId) => void,
  ) {}

  hold(message: JSONRPCMessage): void {
    const entry: Held = { message };
    if (isJSONRPCRequest(message)) {
      const since = this.since.get(message) ?? Date.now();
      this.since.set(message, since);
      entry.timer = setTimeout(() => {
        const i = this.held.indexOf(entry);
        if (i !== -1) this.held.splice(i, 1);
        this.onExpire(message.id);
      }, Math.max(0, since + this.timeoutMs - Date.now()));
      entry.timer.unref();
    }
    this.held.push(entry);
  }

  /** Drops a held request (the IDE cancelled it before it was ever sent); false when not held. */
  dropRequest(id: RequestId | undefined): boolean {
    const i = this.held.findIndex((h) => isJSONRPCRequest(h.message) && h.message.id === id);
    if (i === -1) return false;
    clearTimeout(this.held[i]!.timer);
    this.held.splice(i, 1);
    return true;
  }

  /** Everything held, oldest first; the holder is left empty. */
  takeAll(): JSONRPCMessage[] {
    return this.held.splice(0).map((h) => {
      clearTimeout(h.timer);
      return h.message;
    });
  }
}
