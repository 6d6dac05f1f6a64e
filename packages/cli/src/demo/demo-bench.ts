import { NativeSubsystem } from '@crosspoint/aggregator';
import { CrosspointError, defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';

/**
 * A simulated bench for the embedded default (no hardware, no config): a two-channel power
 * supply driving fixed resistive loads, and a multimeter that measures them. Deterministic, so
 * it can be poked from an IDE and the answers make sense. The emulated Jumperless replaces it.
 */
interface Channel {
  volts: number;
  currentLimit: number;
  on: boolean;
  /** Simulated load in ohms. */
  load: number;
}

const channel = z.union([z.literal(1), z.literal(2)]).describe('Power supply channel (1 or 2)');

const psuSet = defineNativeTool({
  name: 'psu_set',
  title: 'Set power supply',
  description: 'Sets the voltage (0-30 V) and current limit (0-3 A) of a channel of the simulated bench power supply.',
  input: z.object({
    channel,
    volts: z.number().min(0).max(30).describe('Output voltage in volts'),
    current_limit: z.number().min(0).max(3).optional().describe('Current limit in amps (default: unchanged)'),
  }),
  annotations: { idempotentHint: true, openWorldHint: false },
});

const psuOutput = defineNativeTool({
  name: 'psu_output',
  title: 'Switch power supply output',
  description: 'Turns the output of a channel of the simulated power supply on or off.',
  input: z.object({ channel, on: z.boolean().describe('true to enable the output') }),
  annotations: { idempotentHint: true, openWorldHint: false },
});

const psuRead = defineNativeTool({
  name: 'psu_read',
  title: 'Read power supply',
  description: 'Reads both channels of the simulated power supply: set point, output state, measured voltage and current, and whether the channel is current limited.',
  input: z.object({}),
  annotations: { readOnlyHint: true, openWorldHint: false },
});

const meterMeasure = defineNativeTool({
  name: 'meter_measure',
  title: 'Measure with the multimeter',
  description: 'Measures DC volts, DC amps or resistance of the load on a power supply channel with the simulated multimeter.',
  input: z.object({ quantity: z.enum(['dc_volts', 'dc_amps', 'resistance']), channel }),
  annotations: { readOnlyHint: true, openWorldHint: false },
});

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function createDemoBench(): NativeSubsystem {
  const channels: Record<1 | 2, Channel> = {
    1: { volts: 0, currentLimit: 1, on: false, load: 100 },
    2: { volts: 0, currentLimit: 1, on: false, load: 1000 },
  };
  const output = (n: 1 | 2) => {
    const c = channels[n];
    if (!c.on) return { channel: n, set_volts: c.volts, current_limit: c.currentLimit, on: false, volts: 0, amps: 0, limited: false };
    const wanted = c.volts / c.load;
    const limited = wanted > c.currentLimit;
    const amps = limited ? c.currentLimit : wanted;
    return { channel: n, set_volts: c.volts, current_limit: c.currentLimit, on: true, volts: round(amps * c.load), amps: round(amps, 6), limited };
  };
  return new NativeSubsystem({
    name: 'bench',
    version: '1.0.0-demo',
    details: () => ({ demo: true, note: 'simulated bench: no hardware is touched' }),
    tools: [
      {
        tool: psuSet,
        run: (a: { channel: 1 | 2; volts: number; current_limit?: number }) => {
          channels[a.channel].volts = a.volts;
          if (a.current_limit !== undefined) channels[a.channel].currentLimit = a.current_limit;
          return output(a.channel);
        },
      },
      {
        tool: psuOutput,
        run: (a: { channel: 1 | 2; on: boolean }) => {
          channels[a.channel].on = a.on;
          return output(a.channel);
        },
      },
      { tool: psuRead, run: () => ({ channels: [output(1), output(2)] }) },
      {
        tool: meterMeasure,
        run: (a: { quantity: 'dc_volts' | 'dc_amps' | 'resistance'; channel: 1 | 2 }) => {
          const o = output(a.channel);
          if (a.quantity === 'resistance') {
            if (o.on) throw new CrosspointError('DEVICE_ERROR', `channel ${a.channel} is powered; turn its output off before measuring resistance`);
            return { quantity: a.quantity, value: channels[a.channel].load, unit: 'ohm' };
          }
          return a.quantity === 'dc_volts' ? { quantity: a.quantity, value: o.volts, unit: 'V' } : { quantity: a.quantity, value: o.amps, unit: 'A' };
        },
      },
    ],
  });
}
