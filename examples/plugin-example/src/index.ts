/**
 * A minimal third-party Crosspoint plugin: a simulated two-sensor thermometer.
 * Crosspoint loads it by package name (or path) from crosspoint.json:
 *   "subsystems": { "thermo": { "package": "crosspoint-plugin-example", "options": { "ambientC": 21 } } }
 * and calls `createSubsystem(options, context)`.
 */
import { EventEmitter } from 'eventemitter3';
import {
  CrosspointError,
  type HealthStatus,
  type InvokeOptions,
  type Subsystem,
  type SubsystemEvents,
  type SubsystemState,
  type ToolDescriptor,
  defineNativeTool,
  levelForState,
} from '@crosspoint/core';
import { z } from 'zod';

export interface ThermometerOptions {
  /** Simulated ambient temperature in °C. Default 21. */
  ambientC?: number;
}

const sensor = z.enum(['ambient', 'probe']).describe('Which sensor to read');
const read = defineNativeTool({
  name: 'read',
  title: 'Read temperature',
  description: 'Reads the temperature of a sensor in degrees Celsius (with the calibration offset applied).',
  input: z.object({ sensor }),
  annotations: { readOnlyHint: true },
});
const calibrate = defineNativeTool({
  name: 'calibrate',
  title: 'Calibrate',
  description: 'Sets the calibration offset in degrees Celsius added to every reading.',
  input: z.object({ offset: z.number().min(-10).max(10) }),
  annotations: { idempotentHint: true },
});
const sample = defineNativeTool({
  name: 'sample',
  title: 'Sample over time',
  description: 'Takes `count` probe readings `interval_ms` apart, reporting progress, and returns them all.',
  input: z.object({ count: z.number().int().min(1).max(100), interval_ms: z.number().int().min(1).max(10_000) }),
  annotations: { readOnlyHint: true },
});

export class Thermometer extends EventEmitter<SubsystemEvents> implements Subsystem {
  readonly name = 'thermo';
  readonly version = '0.1.0';
  private state: SubsystemState = 'stopped';
  private closed = false;
  private offset = 0;
  private readonly inFlight = new Set<(err: Error) => void>();

  constructor(private readonly options: ThermometerOptions = {}) {
    super();
  }

  tools(): readonly ToolDescriptor[] {
    return [read.descriptor, calibrate.descriptor, sample.descriptor];
  }

  async connect(): Promise<void> {
    if (this.closed) throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', 'thermo has been shut down');
    this.setState('running');
  }

  async disconnect(): Promise<void> {
    this.interrupt('thermo disconnected');
    if (!this.closed) this.setState('stopped');
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.interrupt('thermo shut down');
    this.setState('stopped');
  }

  async healthCheck(): Promise<HealthStatus> {
    return { level: levelForState(this.state), state: this.state, version: this.version, details: { offset: this.offset } };
  }

  async invoke(tool: string, args: Record<string, unknown>, options: InvokeOptions = {}): Promise<unknown> {
    if (this.state !== 'running') throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `thermo is ${this.closed ? 'shut down' : 'not connected'}`);
    if (options.signal?.aborted) throw new CrosspointError('CANCELLED', `${tool} was cancelled`);
    switch (tool) {
      case 'read': {
        const a = read.parse(args);
        return { sensor: a.sensor, celsius: this.temperature(a.sensor) };
      }
      case 'calibrate':
        this.offset = calibrate.parse(args).offset;
        return { offset: this.offset };
      case 'sample':
        return this.sample(sample.parse(args), options);
      default:
        throw new CrosspointError('TOOL_NOT_FOUND', `thermo has no tool "${tool}"`);
    }
  }

  private temperature(which: 'ambient' | 'probe'): number {
    const ambient = this.options.ambientC ?? 21;
    return Math.round((which === 'ambient' ? ambient : ambient + 4.5) * 100 + this.offset * 100) / 100;
  }

  /** The slow tool: honours abort and disconnect between readings. */
  private sample(a: { count: number; interval_ms: number }, options: InvokeOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const readings: number[] = [];
      let timer: NodeJS.Timeout | undefined;
      const stop = (err: Error) => {
        clearTimeout(timer);
        this.inFlight.delete(stop);
        options.signal?.removeEventListener('abort', onAbort);
        reject(err);
      };
      const onAbort = () => stop(new CrosspointError('CANCELLED', 'sample was cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.inFlight.add(stop);
      const next = () => {
        readings.push(this.temperature('probe'));
        options.onProgress?.({ progress: readings.length, total: a.count });
        if (readings.length < a.count) {
          timer = setTimeout(next, a.interval_ms);
          return;
        }
        this.inFlight.delete(stop);
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ readings });
      };
      timer = setTimeout(next, a.interval_ms);
    });
  }

  private setState(state: SubsystemState): void {
    this.state = state;
    void this.healthCheck().then((h) => this.emit('healthChanged', h));
  }

  private interrupt(reason: string): void {
    for (const stop of [...this.inFlight]) stop(new CrosspointError('DISCONNECTED', `call interrupted: ${reason}`));
  }
}

/** The plugin entry point Crosspoint looks for. */
export function createSubsystem(options: ThermometerOptions = {}): Subsystem {
  return new Thermometer(options);
}
