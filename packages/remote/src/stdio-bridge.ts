import type { Readable } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { errorMessageOf } from '@crosspoint/core';
import { backoffDelay } from './backoff.js';
import { InitializeReplay, closeLink, isRefusal } from './bridge-link.js';
import { createClientTransport } from './client-transport.js';
import { certainlyNotDelivered, describeError } from './delivery.js';
import { HeldMessages } from './held-messages.js';
import { RPC_LINK_DOWN, type BridgeState, type StdioBridge, type StdioBridgeOptions } from './bridge-types.js';
import { silentLogger, type RemoteLogger } from './session-types.js';

/**
 * `crosspoint connect <url>`: stdio to the IDE, the network protocol to a remote gateway. Messages pass
 * through unchanged (ids, progress tokens, cancellations, server-to-client requests), so the bridge
 * adds no protocol of its own. When the link drops, requests in flight fail with a JSON-RPC error
 * (they may or may not have run), new ones wait for the link up to `pendingTimeoutMs`, and the link is
 * re-made with backoff; after a reconnect the bridge replays the IDE's initialize with the remote and
 * tells the IDE `notifications/tools/list_changed`. A 401/403 is final: the IDE gets errors and `done`
 * rejects with the UNAUTHORIZED/FORBIDDEN error, without a retry loop.
 */
export function runStdioBridge(url: string, options: StdioBridgeOptions = {}): StdioBridge {
  return new Bridge(url, options).run();
}

class Bridge {
  private readonly ide: StdioServerTransport;
  private readonly log: RemoteLogger;
  private readonly where: string;
  private link: Transport | undefined;
  private status: BridgeState = 'connecting';
  private readonly held: HeldMessages;
  private readonly inflight = new Set<RequestId>();
  private readonly sending = new Set<RequestId>();
  private readonly remoteRequests = new Set<RequestId>();
  private initParams: JSONRPCRequest['params'] | undefined;
  private ideInitRequestId: RequestId | undefined;
  private ideSentInitialized = false;
  private ideGotInitResult = false;
  private refusal: string | undefined;
  private replayCount = 0;
  private lastFailure = 'not connected yet';
  private wakeUp: (() => void) | undefined;
  private finish!: (err?: Error) => void;
  private readonly stdin: Readable;

  constructor(
    private readonly url: string,
    private readonly options: StdioBridgeOptions,
  ) {
    this.stdin = options.stdin ?? process.stdin;
    this.ide = new StdioServerTransport(this.stdin, options.stdout ?? process.stdout);
    this.log = options.logger ?? silentLogger;
    this.where = url.replace(/[?#].*$/, ''); // never log a ?token=
    this.held = new HeldMessages(options.pendingTimeoutMs ?? 10_000, (id) =>
      this.replyError(id, `the remote gateway ${this.where} is unreachable (${this.lastFailure}); still retrying`),
    );
  }

  run(): StdioBridge {
    const done = new Promise<void>((resolve, reject) => {
      this.finish = (err) => (err ? reject(err) : resolve());
    });
    done.catch(() => undefined);
    this.ide.onmessage = (m) => this.fromIde(m);
    this.ide.onerror = (err) => this.log.warn(`connect: bad message from the IDE ignored: ${errorMessageOf(err)}`);
    // The IDE quit: end everything. (After a refusal the IDE side stays open until then, answering
    // every request with the refusal, so the IDE shows the reason rather than a dead pipe.)
    this.stdin.once('end', () => void this.close().then(() => this.ide.close().catch(() => undefined)));
    void this.ide.start();
    void this.connectLoop();
    return { done, state: () => this.status, close: () => this.close() };
  }

  private async close(err?: Error): Promise<void> {
    if (this.stopped) return;
    this.status = err ? 'refused' : 'closed';
    if (err) this.refusal = errorMessageOf(err);
    this.wakeUp?.();
    this.failHeld(err ? errorMessageOf(err) : 'the bridge is closing');
    this.failInflight(err ? errorMessageOf(err) : 'the bridge is closing');
    const link = this.link;
    this.link = undefined;
    if (link) await closeLink(link);
    if (!err) await this.ide.close().catch(() => undefined);
    this.finish(err);
  }

  private get stopped(): boolean {
    return this.status === 'closed' || this.status === 'refused';
  }

  // ---- IDE -> remote ----

  private fromIde(message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) {
      if (message.method === 'initialize') {
        this.initParams = message.params;
        this.ideInitRequestId = message.id;
      }
      return this.toRemote(message);
    }
    if (isJSONRPCNotification(message)) {
      if (message.method === 'notifications/initialized') this.ideSentInitialized = true;
      // A request cancelled before it was ever sent needs no cancellation on the remote.
      if (message.method === 'notifications/cancelled' && this.held.dropRequest((message.params as { requestId?: RequestId } | undefined)?.requestId)) return;
      return this.toRemote(message);
    }
    // A response to a remote->IDE request: only meaningful on the link that asked.
    const id = (message as { id?: RequestId }).id;
    if (id !== undefined && this.remoteRequests.delete(id) && this.link && this.status === 'up') void this.link.send(message).catch(() => undefined);
  }

  private toRemote(message: JSONRPCMessage): void {
    if (this.stopped) {
      if (isJSONRPCRequest(message)) this.replyError(message.id, this.refusal ?? `the bridge to ${this.where} is closed`);
      return;
    }
    if (this.status !== 'up' || !this.link) return this.enqueue(message);
    const link = this.link;
    const id = isJSONRPCRequest(message) ? message.id : undefined;
    if (id !== undefined) {
      this.inflight.add(id);
      this.sending.add(id); // its fate is decided by the send's outcome, not by a link failure meanwhile
    }
    link.send(message).then(
      () => {
        if (id === undefined) return;
        this.sending.delete(id);
        // Delivered, but on a link that has since failed: its answer will never come.
        if (this.link !== link && this.inflight.delete(id)) this.replyError(id, `the link to ${this.where} dropped; this request may or may not have run on the remote`);
      },
      (err: unknown) => {
        if (id !== undefined) {
          this.sending.delete(id);
          this.inflight.delete(id);
        }
        if (this.stopped) return id === undefined ? undefined : this.replyError(id, this.refusal ?? `the bridge to ${this.where} is closed`);
        // A refusal over HTTP only shows when the first message is posted: give up.
        if (isRefusal(err)) {
          this.enqueue(message);
          return void this.refused(err);
        }
        // Never delivered: keep it for the next link. Perhaps delivered: fail it, never run it twice.
        if (certainlyNotDelivered(err)) this.enqueue(message);
        else if (id !== undefined) this.replyError(id, `the link to ${this.where} failed (${describeError(err)}); this request may or may not have run on the remote`);
        this.linkFailed(link, `send failed: ${describeError(err)}`);
      },
    );
  }

  private enqueue(message: JSONRPCMessage): void {
    // The reconnect handshake sends its own notifications/initialized.
    if (isJSONRPCNotification(message) && message.method === 'notifications/initialized') return;
    this.held.hold(message);
  }

  private flushHeld(): void {
    for (const m of this.held.takeAll()) this.toRemote(m);
  }

  // ---- remote -> IDE ----

  private fromRemote(message: JSONRPCMessage): void {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      if (message.id === undefined || !this.inflight.delete(message.id)) return; // stale (from before a drop)
      if (message.id === this.ideInitRequestId && isJSONRPCResultResponse(message)) {
        this.ideGotInitResult = true;
        this.noteProtocolVersion(message.result);
      }
    } else if (isJSONRPCRequest(message)) {
      this.remoteRequests.add(message.id);
    }
    void this.ide.send(message).catch(() => undefined);
  }

  private noteProtocolVersion(result: unknown): void {
    const v = (result as { protocolVersion?: unknown } | undefined)?.protocolVersion;
    if (typeof v === 'string') this.link?.setProtocolVersion?.(v);
  }

  private replyError(id: RequestId, message: string): void {
    void this.ide
      .send({ jsonrpc: '2.0', id, error: { code: RPC_LINK_DOWN, message: `crosspoint connect: ${message}`, data: { code: 'DISCONNECTED' } } })
      .catch(() => undefined);
  }

  private failInflight(reason: string): void {
    for (const id of this.inflight) {
      if (this.sending.has(id)) continue; // settled by its send
      this.inflight.delete(id);
      this.replyError(id, `${reason}; this request may or may not have run on the remote`);
    }
    // The IDE may still be answering requests from the old link: tell it they are void.
    for (const id of this.remoteRequests) {
      void this.ide.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } }).catch(() => undefined);
    }
    this.remoteRequests.clear();
  }

  private failHeld(reason: string): void {
    for (const m of this.held.takeAll()) if (isJSONRPCRequest(m)) this.replyError(m.id, reason);
  }

  // ---- the link ----

  private linkFailed(link: Transport, reason: string): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.lastFailure = reason;
    if (!this.stopped) this.status = 'connecting';
    this.log.warn(`connect: link to ${this.where} dropped (${reason}); reconnecting`);
    this.failInflight(`the link to ${this.where} dropped`);
    void closeLink(link);
    this.wakeUp?.();
  }

  private async refused(err: Error): Promise<void> {
    this.log.error(`connect: ${errorMessageOf(err)}; giving up`);
    await this.close(err);
  }

  private async connectLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let link: Transport;
      try {
        link = this.options.createTransport?.() ?? createClientTransport(this.url, { token: this.options.token, headers: this.options.headers });
      } catch (err) {
        // A URL that cannot work (bad scheme, no port) will not start working on a retry: final, like a refusal.
        return this.refused(err instanceof Error ? err : new Error(String(err)));
      }
      const dropped = new Promise<void>((resolve) => (this.wakeUp = resolve));
      try {
        await this.open(link, () => (attempt = 0)); // back off afresh once the remote has answered
        await dropped; // until linkFailed() or close()
      } catch (err) {
        await link.close().catch(() => undefined);
        if (isRefusal(err)) return this.refused(err);
        this.lastFailure = errorMessageOf(err);
        this.log.warn(`connect: cannot reach ${this.where}: ${this.lastFailure}`);
      }
      if (this.stopped) return;
      const delay = backoffDelay(attempt++, this.options.backoff);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Starts a link; after a drop, re-initialises the remote session before letting traffic through. */
  private async open(link: Transport, onAnswer: () => void): Promise<void> {
    const replay = this.ideGotInitResult ? new InitializeReplay(++this.replayCount) : undefined;
    link.onmessage = (m) => {
      onAnswer();
      if (!replay?.offer(m)) this.fromRemote(m);
    };
    link.onerror = (err) => {
      this.log.warn(`connect: ${this.where}: ${errorMessageOf(err)}`);
      // An HTTP link never "closes": a broken response stream surfaces only here, and without
      // resumption its answers are lost, so the link is re-made and its requests failed.
      // A failed send is reported here too, just before send() rejects: let that path (re-queue the
      // message, or give up on a refusal) run first.
      if (link instanceof StreamableHTTPClientTransport && !isRefusal(err)) {
        setImmediate(() => {
          if (this.link === link && this.status === 'up') this.linkFailed(link, `stream error: ${errorMessageOf(err)}`);
        });
      }
    };
    link.onclose = () => {
      replay?.fail(new Error('connection closed during initialize'));
      this.linkFailed(link, 'connection closed');
    };
    await link.start();
    this.link = link; // still 'connecting': IDE traffic keeps queueing until the handshake is done
    if (replay) {
      this.noteProtocolVersion(await replay.run(link, this.initParams, this.options.initTimeoutMs ?? 10_000));
      if (this.ideSentInitialized) await link.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    }
    if (this.stopped || this.link !== link) throw new Error('the link closed while opening');
    this.status = 'up';
    this.log.info(`connect: ${replay ? 're' : ''}connected to ${this.where}`);
    this.flushHeld();
    // The catalog may have changed while we were away: let the IDE list again.
    if (replay) void this.ide.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }).catch(() => undefined);
  }

}
