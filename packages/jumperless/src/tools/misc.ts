import { defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';
import { nodeLabel } from '../nodes.js';
import { call, convert, program, py, sleepMs } from '../python-code.js';
import { type JumperlessTool, jlTool } from './kit.js';

const WAVES = { sine: 0, triangle: 1, ramp: 2, square: 3 } as const;

export const miscTools: JumperlessTool[] = [
  jlTool(
    defineNativeTool({
      name: 'wavegen_start',
      description: 'Start the waveform generator on an output (DAC0, DAC1, TOP_RAIL or BOTTOM_RAIL): sine, triangle, ramp or square, frequency 0.0001-10000 Hz, amplitude peak-to-peak volts, offset volts.',
      input: z.object({
        output: z.enum(['DAC0', 'DAC1', 'TOP_RAIL', 'BOTTOM_RAIL']).default('DAC1'),
        wave: z.enum(['sine', 'triangle', 'ramp', 'square']).default('sine'),
        frequency: z.number().min(0.0001).max(10_000).describe('Hz'),
        amplitude_vpp: z.number().min(0).max(16).describe('Peak-to-peak volts'),
        offset_volts: z.number().min(-8).max(8).default(0),
      }),
    }),
    async (a, ctx) => {
      await ctx.run(
        program([
          call('wavegen_set_output', [py.str(a.output)]),
          call('wavegen_set_wave', [py.int(WAVES[a.wave])]),
          call('wavegen_set_freq', [py.float(a.frequency)]),
          call('wavegen_set_amplitude', [py.float(a.amplitude_vpp)]),
          call('wavegen_set_offset', [py.float(a.offset_volts)]),
          call('wavegen_start'),
        ]),
      );
      return { running: true, ...a };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'wavegen_stop', description: 'Stop the waveform generator.', input: z.object({}) }),
    async (_a, ctx) => {
      await ctx.run(program([call('wavegen_stop')]));
      return { running: false };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'oled_print',
      description: "Show text on the board's OLED (size 0 small scrolling, 1 normal, 2 large; omitted: the board's default size).",
      input: z.object({ text: z.string().max(200), size: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional() }),
    }),
    async (a, ctx) => {
      const args = a.size === undefined ? [py.str(a.text)] : [py.str(a.text), py.int(a.size)];
      await ctx.run(program([call('oled_print', args)]));
      return { shown: a.text, size: a.size ?? 'default' };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'oled_clear', description: "Clear the board's OLED.", input: z.object({}) }),
    async (_a, ctx) => {
      await ctx.run(program([call('oled_clear')]));
      return { cleared: true };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'probe_read',
      description: 'Which pad the probe touches right now (non-blocking): a row number or a node name, or null when nothing is touched.',
      input: z.object({}),
      annotations: { readOnlyHint: true },
    }),
    async (_a, ctx) => {
      const pad = Number(await ctx.run(program([], convert('int', call('probe_read', [py.bool(false)])))));
      // NO_PAD converts to a non-positive number; pads are rows 1-60 and node ids.
      return { pad: pad > 0 ? nodeLabel(pad) : null, touched: pad > 0 };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'sleep_ms',
      description: 'Wait on the board (MicroPython time.sleep_ms) for the routing or a signal to settle before measuring: 2-10 ms after connect/dac_set, 50-100 ms after nodes_clear/set_state.',
      input: z.object({ ms: z.number().int().min(0).max(10_000) }),
      annotations: { readOnlyHint: true },
    }),
    async (a, ctx) => {
      await ctx.run(program([sleepMs(a.ms)]), { inactivityMs: a.ms + 5000 });
      return { slept_ms: a.ms };
    },
  ),
];
