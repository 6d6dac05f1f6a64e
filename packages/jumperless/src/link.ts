import { CrosspointError, errorMessageOf, isCrosspointError } from '@crosspoint/core';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { SerialPortStream } from '@serialport/stream';
import { EventEmitter } from 'eventemitter3';
import PQueue from 'p-queue';
import { SerialPort } from 'serialport';
import { listBoardPorts } from './port-discovery.js';
import { watchPortPresence } from './port-presence.js';
import { scanReply } from './raw-reply.js';
import { type LinkState, syncRawRepl, unavailableReason } from './repl-sync.js';
import { openError, openSerialPort } from './serial-open.js';
import { ReceiveBuffer, WaitError } from './wire.js';

import type { ExecOptions, ExecReply, JumperlessLinkOptions, LinkEvents } from './link-types.js';

export type { ExecOptions, ExecReply, JumperlessLinkOptions, LinkEvents, LinkState };

/**
 * One persistent connection to the board's MicroPython raw REPL. Programs run strictly one
 * at a time (a p-queue of concurrency 1), so two calls never interleave on the wire. A lost
 * port makes calls fail fast with SUBSYSTEM_UNAVAILABLE while the link reconnects by itself.
 */
export class JumperlessLink extends EventEmitter<LinkEvents> {
  state: LinkState = 'stopped';
  path: string | undefined;
  firmwareVersion: string | undefined;
  lastLatencyMs: number | undefined;
  lastSeen: number | undefined;
  reconnectCount = 0;
  lastError: string | undefined;
  private port: SerialPortStream | undefined;
  private readonly rx = new ReceiveBuffer();
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly binding: BindingInterface;
  private generation = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private opening: Promise<void> | undefined;
  private stopPresenceWatch: (() => void) | undefined;
  /** Output that was not part of a reply (firmware chatter), newest last. */
  readonly diagnostics: string[] = [];

  constructor(private readonly options: JumperlessLinkOptions) {
    super();
    this.binding = options.binding ?? (SerialPort.binding as unknown as BindingInterface);
  }

  /** Opens the port, syncs the raw REPL and reads the firmware version. */
  async open(): Promise<void> {
    if (this.state === 'ready') return;
    if (this.opening) return this.opening;
    if (this.state === 'closed') throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', 'jumperless: link was shut down');
    this.opening = this.openOnce().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openOnce(): Promise<void> {
    const wasReconnecting = this.state === 'reconnecting';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const gen = ++this.generation;
    this.setState('connecting');
    try {
      await this.attach(gen);
      if (wasReconnecting) this.reconnectCount++;
      this.setState('ready');
    } catch (e) {
      if (gen === this.generation) {
        await this.detach();
        this.lastError = errorMessageOf(e);
        // A board that was lost stays on the reconnect schedule; a first connect just fails.
        if (wasReconnecting && this.options.reconnect !== false) {
          this.setState('reconnecting', this.lastError);
          this.scheduleReconnect(0);
        } else this.setState('stopped', this.lastError);
      }
      throw e;
    }
  }

  /** Closes the port; an in-flight call rejects with DISCONNECTED. */
  async close(final = false): Promise<void> {
    this.generation++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.rx.failWaiter('lost', 'the link was closed');
    await this.detach();
    this.setState(final ? 'closed' : 'stopped');
  }

  /** Runs one program (from the templates) and returns its raw reply. */
  async exec(code: string, options: ExecOptions = {}): Promise<ExecReply> {
    this.assertReady();
    if (options.signal?.aborted) throw new CrosspointError('CANCELLED', 'jumperless: call cancelled before it was sent');
    const gen = this.generation;
    // Aborting a call still waiting in the queue removes it at once; a running call is stopped by
    // roundTrip itself (Ctrl-C) and keeps its queue slot until the wire is in sync again, so the
    // queue's own abort handling (which frees the slot early) only ever sees a call that has not started.
    let started = false;
    const waiting = new AbortController();
    const onAbort = () => {
      if (!started) waiting.abort(new CrosspointError('CANCELLED', 'jumperless: call cancelled while waiting for the board'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.queue.add(
        async () => {
          started = true;
          if (gen !== this.generation && this.state !== 'ready') {
            throw new CrosspointError('DISCONNECTED', 'jumperless: the link was closed before this call ran');
          }
          this.assertReady();
          if (options.signal?.aborted) throw new CrosspointError('CANCELLED', 'jumperless: call cancelled before it was sent');
          return this.roundTrip(code, options);
        },
        { signal: waiting.signal },
      );
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private assertReady(): void {
    if (this.state !== 'ready') throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `jumperless: unavailable: ${unavailableReason(this.state, this.lastError)}`);
  }

  private async roundTrip(code: string, options: ExecOptions): Promise<ExecReply> {
    const inactivity = options.inactivityMs ?? this.options.replyTimeoutMs ?? 5000;
    const stray = this.rx.take();
    if (stray) this.note(stray);
    const started = Date.now();
    await this.write(`${code}\x04`);
    let scan;
    try {
      scan = await this.rx.waitFor((d) => {
        const s = scanReply(d);
        return s.kind === 'partial' ? undefined : s;
      }, inactivity, options.signal);
    } catch (e) {
      if (!(e instanceof WaitError)) throw e;
      if (e.reason === 'lost') throw new CrosspointError('DISCONNECTED', `jumperless: ${e.message} during the call`);
      // Interrupt the program; keep the wire in sync before the next call.
      await this.interrupt();
      if (e.reason === 'aborted') throw new CrosspointError('CANCELLED', 'jumperless: call cancelled (sent Ctrl-C to the board)');
      throw new CrosspointError('TOOL_TIMEOUT', `jumperless: the board sent nothing for ${inactivity} ms; interrupted it with Ctrl-C and re-synced`);
    }
    if (scan.kind === 'desync') {
      this.note(scan.text);
      this.rx.take();
      await this.resyncOrLose();
      throw new CrosspointError('DEVICE_ERROR', 'jumperless: reply out of sync (did not start with OK); re-synced the raw REPL, retry the call');
    }
    this.rx.data = Buffer.from(scan.rest);
    this.lastLatencyMs = Date.now() - started;
    this.lastSeen = Date.now();
    return { stdout: scan.stdout, stderr: scan.stderr, latencyMs: this.lastLatencyMs };
  }

  /** Ctrl-C; waits for the interrupted reply to finish, else re-syncs from scratch. */
  private async interrupt(): Promise<void> {
    if (this.state !== 'ready') return;
    try {
      await this.write('\x03');
      // A reply frame, or the tail of a script someone else started (`\x04Traceback…\x04>`).
      await this.rx.waitFor((d) => (scanReply(d).kind === 'frame' || d.subarray(-2).toString('latin1') === '\x04>' ? true : undefined), 1000);
      const s = scanReply(this.rx.data);
      this.rx.data = s.kind === 'frame' ? Buffer.from(s.rest) : Buffer.alloc(0);
    } catch {
      await this.resyncOrLose();
    }
  }

  private async resyncOrLose(): Promise<void> {
    try {
      await this.sync();
    } catch (e) {
      this.note(`resync failed: ${errorMessageOf(e)}`);
    }
  }

  private async attach(gen: number): Promise<void> {
    const candidates = this.options.port === 'auto' ? await listBoardPorts(this.options.lister ?? (() => this.binding.list())) : [this.options.port];
    let lastErr: unknown;
    for (const path of candidates) {
      if (gen !== this.generation) throw new CrosspointError('DISCONNECTED', 'jumperless: closed while connecting');
      try {
        await this.openPort(path);
        await this.sync();
        this.path = path;
      } catch (e) {
        if (gen !== this.generation) {
          await this.detach();
          throw new CrosspointError('DISCONNECTED', 'jumperless: closed while connecting', { cause: e });
        }
        lastErr = isCrosspointError(e)
          ? e
          : new CrosspointError('DEVICE_ERROR', `jumperless: ${path} did not answer as a MicroPython raw REPL (${errorMessageOf(e)}); is it the board's REPL port (the third of its four)?`, {
              cause: e,
            });
        await this.detach();
        continue;
      }
      if (gen !== this.generation) {
        // close() ran while this attempt was opening: do not leave the port open behind it.
        await this.detach();
        throw new CrosspointError('DISCONNECTED', 'jumperless: closed while connecting');
      }
      return;
    }
    if (candidates.length > 1) {
      throw new CrosspointError(
        'SERIAL_PORT_NOT_FOUND',
        `jumperless: none of ${candidates.join(', ')} answered as a MicroPython raw REPL (${errorMessageOf(lastErr)}); set "port" explicitly`,
        { cause: lastErr },
      );
    }
    throw lastErr;
  }

  private async openPort(path: string): Promise<void> {
    const port = await openSerialPort(this.binding, path);
    this.port = port;
    // Listen from the first byte on: the firmware drops output nobody reads.
    port.on('data', (chunk: Buffer) => this.rx.push(chunk));
    port.on('error', (err: Error) => this.note(`port error: ${err.message}`));
    port.on('close', (err?: Error) => {
      if (this.port === port) this.lost(err?.message ?? 'port closed');
    });
    // Only a real device path can vanish; an in-process binding's path is not a file.
    if (!this.options.binding) {
      this.stopPresenceWatch?.();
      this.stopPresenceWatch = watchPortPresence(path, () => {
        if (this.port !== port) return;
        this.lost(`${path} disappeared`);
        if (port.isOpen) port.close(() => undefined); // also ends the binding's end-of-file read loop
      });
    }
  }

  /** Interrupts anything running, reads the version from the friendly banner, enters raw mode. */
  private async sync(): Promise<void> {
    const version = await syncRawRepl(this.rx, (t) => this.write(t), this.options.syncTimeoutMs ?? 3000);
    this.firmwareVersion = version ?? this.firmwareVersion;
    this.lastSeen = Date.now();
  }

  private async write(text: string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', 'jumperless: port is not open');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(text, 'utf8'), (err) => (err ? reject(openError(port.path, err)) : resolve()));
    });
  }

  private async detach(): Promise<void> {
    this.stopPresenceWatch?.();
    this.stopPresenceWatch = undefined;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  /** The port went away under us (unplug): fail what is in flight, reconnect with backoff. */
  private lost(reason: string): void {
    this.stopPresenceWatch?.();
    this.stopPresenceWatch = undefined;
    this.port = undefined;
    this.lastError = `port ${this.path ?? this.options.port} closed: ${reason}`;
    this.rx.failWaiter('lost', 'the board disconnected');
    if (this.state !== 'ready' && this.state !== 'connecting') return;
    if (this.options.reconnect === false) {
      this.setState('stopped', this.lastError);
      return;
    }
    this.setState('reconnecting', this.lastError);
    this.scheduleReconnect(0);
  }

  private scheduleReconnect(attempt: number): void {
    const cfg = this.options.reconnect || {};
    const wait = Math.min((cfg.initialDelayMs ?? 200) * 2 ** attempt, cfg.maxDelayMs ?? 5000);
    const gen = this.generation;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.queue.add(async () => {
        if (gen !== this.generation || this.state !== 'reconnecting') return;
        try {
          await this.attach(gen);
          if (gen !== this.generation) return;
          this.reconnectCount++;
          this.lastError = undefined;
          this.setState('ready');
        } catch (e) {
          await this.detach();
          if (gen !== this.generation) return;
          this.lastError = `reconnect attempt ${attempt + 1} failed: ${errorMessageOf(e)}`;
          this.scheduleReconnect(attempt + 1);
        }
      });
    }, wait);
    this.reconnectTimer.unref();
  }

  /** Keeps output that was not a result (firmware debug prints, stray bytes) for diagnostics. */
  note(text: string): void {
    this.diagnostics.push(text);
    if (this.diagnostics.length > 50) this.diagnostics.shift();
  }

  private setState(state: LinkState, reason?: string): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state, reason);
  }
}
