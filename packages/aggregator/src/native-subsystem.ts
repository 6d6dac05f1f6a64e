import { EventEmitter } from 'eventemitter3';
import {
  CrosspointError,
  type HealthStatus,
  type InvokeOptions,
  type NativeTool,
  type Subsystem,
  type SubsystemEvents,
  type SubsystemState,
  type ToolDescriptor,
  effectiveTimeout,
  levelForState,
} from '@crosspoint/core';

/** What a native tool's handler receives besides its parsed arguments. */
export interface NativeCallContext {
  signal: AbortSignal;
  onProgress: NonNullable<InvokeOptions['onProgress']>;
}

export interface NativeToolEntry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tool: NativeTool<any>;
  run(args: any, context: NativeCallContext): unknown;
}

export interface NativeSubsystemOptions {
  name: string;
  version: string;
  tools: NativeToolEntry[];
  /** Extra facts for `healthCheck().details`. */
  details?: () => Record<string, unknown>;
}

/**
 * A subsystem made of in-process tools declared with `defineNativeTool`: the gateway's own
 * `crosspoint` tools and the CLI's demo bench. Keeps the Subsystem rules: arguments are parsed
 * before the handler runs, calls honour abort and timeout, disconnect rejects in-flight calls
 * with `DISCONNECTED`, shutdown is final.
 */
export class NativeSubsystem extends EventEmitter<SubsystemEvents> implements Subsystem {
  readonly name: string;
  readonly version: string;
  private readonly entries: Map<string, NativeToolEntry>;
  private readonly descriptors: ToolDescriptor[];
  private state: SubsystemState = 'stopped';
  private closed = false;
  private readonly inFlight = new Set<(err: Error) => void>();

  constructor(private readonly options: NativeSubsystemOptions) {
    super();
    this.name = options.name;
    this.version = options.version;
    this.entries = new Map(options.tools.map((e) => [e.tool.descriptor.name, e]));
    this.descriptors = options.tools.map((e) => e.tool.descriptor);
  }

  tools(): readonly ToolDescriptor[] {
    return this.descriptors;
  }

  async connect(): Promise<void> {
    if (this.closed) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    this.setState('running');
  }

  async disconnect(): Promise<void> {
    this.interrupt(`${this.name} disconnected`);
    if (!this.closed) this.setState('stopped');
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.interrupt(`${this.name} shut down`);
    this.setState('stopped');
  }

  async healthCheck(): Promise<HealthStatus> {
    const details = this.options.details?.();
    return { level: levelForState(this.state), state: this.state, version: this.version, ...(details ? { details } : {}) };
  }

  async invoke(tool: string, args: Record<string, unknown>, options: InvokeOptions = {}): Promise<unknown> {
    if (this.state !== 'running') {
      throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} is ${this.closed ? 'shut down' : 'not connected'}`);
    }
    const entry = this.entries.get(tool);
    if (!entry) throw new CrosspointError('TOOL_NOT_FOUND', `${this.name} has no tool "${tool}"`);
    const parsed: unknown = entry.tool.parse(args);
    if (options.signal?.aborted) throw new CrosspointError('CANCELLED', `${tool} was cancelled`);
    const timeoutMs = effectiveTimeout(entry.tool.descriptor, options.timeoutMs);
    const controller = new AbortController();
    return new Promise<unknown>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.inFlight.delete(fail);
        fn();
      };
      const fail = (err: Error) => {
        controller.abort(err);
        finish(() => reject(err));
      };
      const onAbort = () => fail(new CrosspointError('CANCELLED', `${tool} was cancelled`));
      const timer = setTimeout(() => fail(new CrosspointError('TOOL_TIMEOUT', `${tool} timed out after ${timeoutMs} ms`)), timeoutMs);
      timer.unref?.();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.inFlight.add(fail);
      const context: NativeCallContext = { signal: controller.signal, onProgress: (u) => options.onProgress?.(u) };
      Promise.resolve()
        .then(() => entry.run(parsed, context))
        .then(
          (value) => finish(() => resolve(value)),
          (err: unknown) => finish(() => reject(err)),
        );
    });
  }

  private setState(state: SubsystemState): void {
    if (this.state === state) return;
    this.state = state;
    void this.healthCheck().then((h) => this.emit('healthChanged', h));
  }

  private interrupt(reason: string): void {
    for (const fail of [...this.inFlight]) fail(new CrosspointError('DISCONNECTED', `call interrupted: ${reason}`));
  }
}
