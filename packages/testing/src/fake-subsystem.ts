import { EventEmitter } from 'eventemitter3';
import {
  CrosspointError,
  type HealthStatus,
  type InvokeOptions,
  type Subsystem,
  type SubsystemEvents,
  type SubsystemState,
  type ToolDescriptor,
  effectiveTimeout,
  levelForState,
  validateToolDescriptor,
} from '@crosspoint/core';

export type FakeHandler = (args: Record<string, unknown>, options: InvokeOptions) => unknown | Promise<unknown>;

export interface FakeTool {
  descriptor: ToolDescriptor;
  handler: FakeHandler;
}

export interface FakeSubsystemOptions {
  name?: string;
  version?: string;
  tools?: FakeTool[];
  /** Descriptors are validated with this naming rule (`proxied` allows any MCP name). */
  naming?: 'native' | 'proxied';
}

interface Pending {
  reject: (err: Error) => void;
}

/**
 * An in-memory Subsystem for tests of pure logic (and a reference implementation of the contract).
 * Tools are plain functions; `setTools` emits `toolsChanged`; `setState` emits `healthChanged`.
 * Handlers may be slow: in-flight calls honour abort, timeout and disconnect like a real subsystem.
 */
export class FakeSubsystem extends EventEmitter<SubsystemEvents> implements Subsystem {
  readonly name: string;
  readonly version: string;
  private toolList: FakeTool[];
  private readonly naming: 'native' | 'proxied';
  private state: SubsystemState = 'stopped';
  private closed = false;
  private readonly pending = new Set<Pending>();
  /** Every call received, for assertions. */
  readonly calls: Array<{ tool: string; args: Record<string, unknown> }> = [];

  constructor(options: FakeSubsystemOptions = {}) {
    super();
    this.name = options.name ?? 'fake';
    this.version = options.version ?? '0.0.0';
    this.naming = options.naming ?? 'native';
    this.toolList = (options.tools ?? defaultFakeTools()).map((t) => this.checked(t));
  }

  tools(): readonly ToolDescriptor[] {
    return this.toolList.map((t) => t.descriptor);
  }

  setTools(tools: FakeTool[]): void {
    this.toolList = tools.map((t) => this.checked(t));
    this.emit('toolsChanged');
  }

  setState(state: SubsystemState): void {
    this.state = state;
    void this.healthCheck().then((h) => this.emit('healthChanged', h));
  }

  async connect(): Promise<void> {
    if (this.closed) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} has been shut down`);
    this.setState('running');
  }

  async disconnect(): Promise<void> {
    this.rejectPending(`${this.name} disconnected`);
    if (!this.closed) this.setState('stopped');
  }

  async healthCheck(): Promise<HealthStatus> {
    return { level: levelForState(this.state), state: this.state, version: this.version, lastSeen: Date.now(), details: { emulated: true } };
  }

  async invoke(tool: string, args: Record<string, unknown>, options: InvokeOptions = {}): Promise<unknown> {
    if (this.state !== 'running') {
      throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} is ${this.closed ? 'shut down' : this.state}`);
    }
    const entry = this.toolList.find((t) => t.descriptor.name === tool);
    if (!entry) throw new CrosspointError('TOOL_NOT_FOUND', `${this.name} has no tool "${tool}"`);
    if (options.signal?.aborted) throw new CrosspointError('CANCELLED', `${tool} was cancelled`);
    this.calls.push({ tool, args });
    return new Promise<unknown>((resolve, reject) => {
      const timeoutMs = effectiveTimeout(entry.descriptor, options.timeoutMs);
      const pending: Pending = { reject: (err) => settle(() => reject(err)) };
      const onAbort = () => pending.reject(new CrosspointError('CANCELLED', `${tool} was cancelled`));
      const timer = setTimeout(
        () => pending.reject(new CrosspointError('TOOL_TIMEOUT', `${tool} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      timer.unref?.();
      const settle = (fn: () => void) => {
        if (!this.pending.delete(pending)) return;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      this.pending.add(pending);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => entry.handler(args, options))
        .then(
          (v) => settle(() => resolve(v)),
          (e: unknown) => settle(() => reject(e)),
        );
    });
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectPending(`${this.name} shut down`);
    this.setState('stopped');
  }

  private rejectPending(reason: string): void {
    for (const p of [...this.pending]) p.reject(new CrosspointError('DISCONNECTED', `call interrupted: ${reason}`));
  }

  private checked(t: FakeTool): FakeTool {
    return { descriptor: validateToolDescriptor(t.descriptor, this.naming), handler: t.handler };
  }
}

const obj = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', properties, required }) as ToolDescriptor['inputSchema'];

/** echo / add / sleep: enough to exercise routing, arguments, slow calls and progress. */
export function defaultFakeTools(): FakeTool[] {
  return [
    {
      descriptor: { name: 'echo', description: 'Returns its text argument.', inputSchema: obj({ text: { type: 'string' } }, ['text']) },
      handler: (args) => {
        if (typeof args['text'] !== 'string') throw new CrosspointError('INVALID_ARGUMENTS', 'text: expected a string');
        return { text: args['text'] };
      },
    },
    {
      descriptor: { name: 'add', description: 'Adds two numbers.', inputSchema: obj({ a: { type: 'number' }, b: { type: 'number' } }, ['a', 'b']) },
      handler: (args) => {
        const { a, b } = args;
        if (typeof a !== 'number' || typeof b !== 'number') throw new CrosspointError('INVALID_ARGUMENTS', 'a, b: expected numbers');
        return { sum: a + b };
      },
    },
    {
      descriptor: {
        name: 'sleep',
        description: 'Waits ms milliseconds, reporting progress, then returns.',
        inputSchema: obj({ ms: { type: 'number' } }, ['ms']),
      },
      handler: async (args, options) => {
        const ms = Number(args['ms'] ?? 0);
        const steps = 4;
        for (let i = 1; i <= steps; i++) {
          await new Promise((r) => setTimeout(r, ms / steps).unref());
          options.onProgress?.({ progress: i, total: steps });
        }
        return { slept: ms };
      },
    },
  ];
}
