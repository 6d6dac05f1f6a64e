import {
  CrosspointError,
  type HealthStatus,
  type InvokeOptions,
  type ReadResourceResultLike,
  type RequestOptions,
  type ResourceDescriptor,
  type Subsystem,
  type SubsystemEvents,
  type SubsystemState,
  type ToolDescriptor,
  effectiveTimeout,
  isCrosspointError,
  levelForState,
  type SurfaceCapabilities,
} from '@crosspoint/core';
import { EventEmitter } from 'eventemitter3';
import { adcRangeFromError, resultOf } from './device-errors.js';
import { JumperlessLink, type JumperlessLinkOptions, type LinkState } from './link.js';
import { BOARD_RESOURCES, boardResource, resourceContents, urisChangedBy } from './resources.js';
import { JUMPERLESS_TOOLS } from './tools/index.js';
import type { JumperlessTool, ToolContext } from './tools/kit.js';

export const JUMPERLESS_PACKAGE_VERSION = '0.1.0';

export interface JumperlessSubsystemOptions extends JumperlessLinkOptions {
  /** Subsystem name, the default prefix of its tools. Default `jumperless`. */
  name?: string;
  /** The board behind the port is the emulator: said in health and descriptions, never in names. */
  emulated?: boolean;
}

const STATE_MAP: Record<LinkState, SubsystemState> = {
  stopped: 'stopped',
  connecting: 'starting',
  ready: 'running',
  reconnecting: 'restarting',
  closed: 'stopped',
};

/**
 * The Jumperless V5 as a Subsystem: the firmware's Python API as typed tools, validated on the
 * host before anything is sent, run one at a time over a persistent raw-REPL link.
 */
export class JumperlessSubsystem extends EventEmitter<SubsystemEvents> implements Subsystem {
  readonly name: string;
  readonly version = JUMPERLESS_PACKAGE_VERSION;
  readonly link: JumperlessLink;
  private readonly emulated: boolean;
  private readonly byName: Map<string, JumperlessTool>;
  private readonly descriptors: ToolDescriptor[];
  private adcMaxChannel: number | undefined;
  private shut = false;
  private readonly subscribed = new Set<string>();

  constructor(options: JumperlessSubsystemOptions) {
    super();
    this.name = options.name ?? 'jumperless';
    this.emulated = options.emulated ?? false;
    this.link = new JumperlessLink(options);
    this.byName = new Map(JUMPERLESS_TOOLS.map((t) => [t.tool.descriptor.name, t]));
    const label = this.emulated ? ' (emulated Jumperless V5, no hardware)' : '';
    this.descriptors = JUMPERLESS_TOOLS.map((t) => ({ ...t.tool.descriptor, description: `${t.tool.descriptor.description}${label}` }));
    this.link.on('state', () => void this.healthCheck().then((h) => this.emit('healthChanged', h)));
  }

  tools(): readonly ToolDescriptor[] {
    return this.descriptors;
  }

  surfaceCapabilities(): SurfaceCapabilities {
    return { resources: { subscribe: true, listChanged: false } };
  }

  resources(): readonly ResourceDescriptor[] {
    return BOARD_RESOURCES.map((r) => r.descriptor);
  }

  /** Reads the board now, through the same queue as the tools (a read never interleaves a call). */
  async readResource(uri: string, options: RequestOptions = {}): Promise<ReadResourceResultLike> {
    const resource = boardResource(uri);
    const value = await this.invoke(resource.tool, {}, { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    return resourceContents(uri, value);
  }

  /** Subscribers hear `resourceUpdated` after each successful call that may have changed it. */
  async subscribeResource(uri: string): Promise<void> {
    this.subscribed.add(boardResource(uri).descriptor.uri);
  }

  async unsubscribeResource(uri: string): Promise<void> {
    this.subscribed.delete(uri);
  }

  async connect(): Promise<void> {
    if (this.shut) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    await this.link.open();
  }

  async disconnect(): Promise<void> {
    await this.link.close();
  }

  async shutdown(): Promise<void> {
    if (this.shut) return;
    this.shut = true;
    await this.link.close(true);
  }

  async healthCheck(): Promise<HealthStatus> {
    const l = this.link;
    const state = this.shut ? 'stopped' : STATE_MAP[l.state];
    const what = this.emulated ? 'emulated Jumperless V5' : 'Jumperless V5';
    const message =
      l.state === 'reconnecting'
        ? `${what} unplugged or lost (${l.lastError ?? 'port closed'}); reconnecting by itself`
        : l.state === 'ready'
          ? `${what} on ${l.path ?? '?'}${l.firmwareVersion ? `, firmware ${l.firmwareVersion}` : ''}`
          : `${what} ${this.shut ? 'shut down' : l.state}${l.lastError ? `: ${l.lastError}` : ''}`;
    return {
      level: levelForState(state),
      state,
      message,
      ...(l.lastSeen !== undefined ? { lastSeen: l.lastSeen } : {}),
      ...(l.lastLatencyMs !== undefined ? { latencyMs: l.lastLatencyMs } : {}),
      ...(l.firmwareVersion ? { version: l.firmwareVersion } : {}),
      details: {
        emulated: this.emulated,
        port: l.path ?? null,
        linkState: l.state,
        firmwareVersion: l.firmwareVersion ?? null,
        reconnectCount: l.reconnectCount,
        lastRoundTripMs: l.lastLatencyMs ?? null,
        lastError: l.lastError ?? null,
        recentOutput: l.diagnostics.slice(-5),
      },
    };
  }

  async invoke(tool: string, args: Record<string, unknown>, options: InvokeOptions = {}): Promise<unknown> {
    if (this.shut) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    const entry = this.byName.get(tool);
    if (!entry) throw new CrosspointError('TOOL_NOT_FOUND', `${this.name} has no tool "${tool}"`);
    if (options.signal?.aborted) throw new CrosspointError('CANCELLED', `${tool} was cancelled`);
    const parsed = entry.tool.parse(args);
    const timeoutMs = effectiveTimeout(entry.tool.descriptor, options.timeoutMs);
    const ac = new AbortController();
    let timedOut = false;
    const onAbort = () => ac.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, timeoutMs);
    const ctx: ToolContext = {
      firmwareVersion: this.link.firmwareVersion,
      adcMaxChannel: this.adcMaxChannel,
      emulated: this.emulated,
      run: async (code, runOptions = {}) => {
        const reply = await this.link.exec(code, { signal: ac.signal, ...runOptions });
        const { value, chatter } = resultOf(tool, reply);
        for (const line of chatter) this.link.note(`${tool}: ${line}`);
        return value;
      },
    };
    try {
      const value = await entry.execute(parsed, ctx);
      if (this.subscribed.size > 0) for (const uri of urisChangedBy(tool, this.subscribed)) this.emit('resourceUpdated', uri);
      return value;
    } catch (e) {
      const range = adcRangeFromError(e);
      if (range !== undefined) this.adcMaxChannel = range;
      if (timedOut && isCrosspointError(e, 'CANCELLED')) throw new CrosspointError('TOOL_TIMEOUT', `${tool} timed out after ${timeoutMs} ms`, { cause: e });
      throw e;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}
