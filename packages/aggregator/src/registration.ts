import {
  CrosspointError,
  type HealthStatus,
  type Subsystem,
  type SubsystemState,
  type ToolDescriptor,
  errorCodeOf,
  errorMessageOf,
  validateToolDescriptor,
} from '@crosspoint/core';
import type { Logger } from './logger.js';
import { RecentErrors } from './recent-errors.js';
import { type ToolFilter, compileToolFilter } from './tool-filter.js';

export interface RegisterOptions {
  /** Prefix of its tools; the subsystem's `name` by default. */
  prefix?: string;
  /** Globs on the subsystem's own tool names. */
  tools?: ToolFilter;
  /** Per-tool timeouts in ms, by the subsystem's own tool name. */
  timeouts?: Record<string, number>;
  /** Timeout for every tool of this subsystem without its own entry in `timeouts`. */
  timeoutMs?: number;
}

/** States in which a started subsystem cannot take calls: its tools stay listed, calls fail fast. */
const DOWN_STATES: ReadonlySet<SubsystemState> = new Set(['stopped', 'failed', 'dead', 'unreachable', 'restarting']);

/** What the aggregator knows about one registered subsystem. */
export class Registration {
  readonly errors = new RecentErrors(10);
  /** Records a failed call in `errors` (handed to the synchronous path, which calls it only on failure). */
  readonly recordError = (tool: string, err: unknown): void => {
    this.errors.add({ at: Date.now(), tool, code: errorCodeOf(err), message: errorMessageOf(err) });
  };
  private currentState: SubsystemState = 'stopped';
  private hasStarted = false;
  /** `isDown`, kept up to date as state and started change: it is read on every call. */
  private down = false;
  health: HealthStatus | undefined;
  /** Why the last connect failed, until a later one succeeds. */
  connectError: string | undefined;
  get state(): SubsystemState {
    return this.currentState;
  }

  set state(state: SubsystemState) {
    this.currentState = state;
    this.down = this.hasStarted && DOWN_STATES.has(state);
  }

  /** True once the aggregator has asked it to connect; before that, calls go straight through. */
  get started(): boolean {
    return this.hasStarted;
  }

  set started(started: boolean) {
    this.hasStarted = started;
    this.down = started && DOWN_STATES.has(this.currentState);
  }
  /** Settles when the current connect attempt settles (never rejects). */
  connecting: Promise<void> | undefined;
  private lastTools: readonly ToolDescriptor[] = [];
  /** The tools as last read; re-read only when `dirty` (its toolsChanged or a state change). */
  published: readonly ToolDescriptor[] = [];
  dirty = true;
  private readonly accepts: (name: string) => boolean;
  /** Removes the listeners put on the subsystem. */
  detach: () => void = () => {};

  constructor(
    readonly subsystem: Subsystem,
    readonly prefix: string,
    readonly options: RegisterOptions,
  ) {
    this.accepts = compileToolFilter(options.tools);
  }

  get isDown(): boolean {
    return this.down;
  }

  /** How its start went, for the start summary. */
  startResult(): { name: string; state: 'running' | 'failed' | 'pending'; reason?: string } {
    if (this.state === 'starting') return { name: this.prefix, state: 'pending' };
    if (this.connectError !== undefined) return { name: this.prefix, state: 'failed', reason: this.connectError };
    return { name: this.prefix, state: 'running' };
  }

  /** Listens to its subsystem's tool and health events; `detach` removes them and runs `alsoOnDetach`. */
  listen(onTools: () => void, onHealth: (status: HealthStatus) => void, alsoOnDetach: () => void): void {
    this.subsystem.on('toolsChanged', onTools);
    this.subsystem.on('healthChanged', onHealth);
    this.detach = () => {
      this.subsystem.off('toolsChanged', onTools);
      this.subsystem.off('healthChanged', onHealth);
      alsoOnDetach();
    };
  }

  /** The error for a call or request while it is down: its state, the reason, the way out. */
  unavailable(note = ''): CrosspointError {
    const reason = this.connectError ?? this.health?.message;
    const state = `${this.prefix} is ${this.state}${reason ? ` (${reason})` : ''}`;
    return new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${state}; ${note}see crosspoint_status, or call crosspoint_restart with {"name":"${this.prefix}"}`);
  }

  timeoutFor(tool: string): number | undefined {
    return this.options.timeouts?.[tool] ?? this.options.timeoutMs;
  }

  /**
   * The tools to publish: valid, allowed by the filter, unique. While the subsystem is down and
   * reports none, the last known list stays (see the down-subsystem policy on the aggregator).
   */
  refresh(logger: Logger): readonly ToolDescriptor[] {
    if (this.dirty) {
      this.published = this.readTools(logger);
      this.dirty = false;
    }
    return this.published;
  }

  private readTools(logger: Logger): readonly ToolDescriptor[] {
    let raw: readonly unknown[];
    try {
      raw = this.subsystem.tools();
      if (!Array.isArray(raw)) throw new Error('tools() did not return an array');
    } catch (err) {
      logger.warn(`${this.prefix}: tools() failed (${errorMessageOf(err)}); keeping its last known tools`);
      return this.lastTools;
    }
    if (raw.length === 0 && this.isDown) return this.lastTools;
    const seen = new Set<string>();
    const tools: ToolDescriptor[] = [];
    for (const candidate of raw) {
      let tool: ToolDescriptor;
      try {
        tool = validateToolDescriptor(candidate, 'proxied');
      } catch (err) {
        logger.warn(`${this.prefix}: skipping an invalid tool: ${errorMessageOf(err)}`);
        continue;
      }
      if (seen.has(tool.name)) {
        logger.warn(`${this.prefix}: skipping a second tool named "${tool.name}"`);
        continue;
      }
      seen.add(tool.name);
      if (this.accepts(tool.name)) tools.push(tool);
    }
    if (tools.length > 0) this.lastTools = tools;
    return tools;
  }
}
