import { EmulatorBinding, JumperlessEmulator, type JumperlessEmulatorOptions } from '@crosspoint/jumperless-emulator';
import { JumperlessSubsystem, type JumperlessSubsystemOptions } from './subsystem.js';

export interface JumperlessPluginOptions extends Partial<Omit<JumperlessSubsystemOptions, 'port' | 'binding'>> {
  /** A port path, `auto` (find the board), or `emulated` (the in-process emulator, no hardware). */
  port?: string;
  /** Settings of the emulated board when `port` is `emulated`. */
  emulator?: JumperlessEmulatorOptions;
}

export const EMULATED_PORT_PATH = '/dev/emulated/ttyJLV5port5';

/** An emulated board reachable through its own in-process serialport binding. */
export function createEmulatedBoard(options: JumperlessEmulatorOptions = {}): { binding: EmulatorBinding; emulator: JumperlessEmulator; path: string } {
  const binding = new EmulatorBinding();
  const emulator = binding.add(EMULATED_PORT_PATH, new JumperlessEmulator(options));
  return { binding, emulator, path: EMULATED_PORT_PATH };
}

/**
 * Plugin entry the CLI loads: `createSubsystem({ port: "/dev/ttyACM2" | "auto" | "emulated" }, context)`.
 * Options are checked here; settings come only from arguments.
 */
export function createSubsystem(options: Record<string, unknown> = {}, context: { prefix?: string } = {}): JumperlessSubsystem {
  const o = options as JumperlessPluginOptions;
  const port = o.port ?? 'auto';
  if (typeof port !== 'string' || port.length === 0) throw new Error('jumperless: option "port" must be a path, "auto" or "emulated"');
  const name = o.name ?? (context.prefix && /^[a-z][a-z0-9_]*$/.test(context.prefix) ? context.prefix : undefined);
  const base = { ...o, ...(name ? { name } : {}) };
  if (port === 'emulated') {
    const board = createEmulatedBoard(o.emulator);
    return new JumperlessSubsystem({ ...base, port: board.path, binding: board.binding, emulated: true });
  }
  return new JumperlessSubsystem({ ...base, port });
}
