import { CrosspointError, formatZodIssues } from '@crosspoint/core';
import { EmulatorBinding, JumperlessEmulator, type JumperlessEmulatorOptions } from '@crosspoint/jumperless-emulator';
import { z } from 'zod';
import { JumperlessSubsystem } from './subsystem.js';

export const EMULATED_PORT_PATH = '/dev/emulated/ttyJLV5port5';

/** Options of the plugin entry, as they appear under `options` in crosspoint.json. */
export const pluginOptionsSchema = z
  .object({
    port: z.string().min(1).default('auto').describe('A port path, "auto" (find the board) or "emulated" (in-process emulator, no hardware)'),
    name: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
    syncTimeoutMs: z.number().int().positive().optional(),
    replyTimeoutMs: z.number().int().positive().optional(),
    reconnect: z
      .union([z.literal(false), z.object({ initialDelayMs: z.number().int().positive().optional(), maxDelayMs: z.number().int().positive().optional() }).strict()])
      .optional(),
    emulator: z
      .object({
        firmwareVersion: z.string().regex(/^\d+(\.\d+)*$/).optional(),
        adcChannels: z.union([z.literal(4), z.literal(8)]).optional(),
        noiseVolts: z.number().min(0).max(1).optional(),
        sourceOhms: z.number().positive().optional(),
        resistors: z.array(z.object({ a: z.number().int(), b: z.number().int(), ohms: z.number().positive() }).strict()).optional(),
      })
      .strict()
      .optional()
      .describe('Settings of the emulated board when port is "emulated"'),
  })
  .strict();

export type JumperlessPluginOptions = z.input<typeof pluginOptionsSchema>;

/** An emulated board reachable through its own in-process serialport binding. */
export function createEmulatedBoard(options: JumperlessEmulatorOptions = {}): { binding: EmulatorBinding; emulator: JumperlessEmulator; path: string } {
  const binding = new EmulatorBinding();
  const emulator = binding.add(EMULATED_PORT_PATH, new JumperlessEmulator(options));
  return { binding, emulator, path: EMULATED_PORT_PATH };
}

/**
 * Plugin entry the CLI loads: `createSubsystem({ port: "/dev/ttyACM2" | "auto" | "emulated" }, context)`.
 * Options are checked here (`CONFIG_INVALID` naming every bad field); settings come only from arguments.
 */
export function createSubsystem(options: Record<string, unknown> = {}, context: { prefix?: string } = {}): JumperlessSubsystem {
  const parsed = pluginOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new CrosspointError('CONFIG_INVALID', `jumperless: invalid options: ${formatZodIssues(parsed.error)} (port must be a path, "auto" or "emulated")`);
  }
  const { emulator, name: explicitName, port, ...link } = parsed.data;
  const name = explicitName ?? (context.prefix && /^[a-z][a-z0-9_]*$/.test(context.prefix) ? context.prefix : undefined);
  const base = { ...link, ...(name ? { name } : {}) };
  if (port === 'emulated') {
    const board = createEmulatedBoard(emulator);
    return new JumperlessSubsystem({ ...base, port: board.path, binding: board.binding, emulated: true });
  }
  return new JumperlessSubsystem({ ...base, port });
}
