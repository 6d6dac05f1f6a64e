import { CrosspointError, defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';
import { call, convert, program, py } from '../python-code.js';
import { type JumperlessTool, SETTLE_HINT, jlTool } from './kit.js';

const DAC_NAMES = ['DAC0', 'DAC1', 'TOP_RAIL', 'BOTTOM_RAIL'] as const;
const dacChannel = z
  .union([z.number().int().min(0).max(3), z.enum(DAC_NAMES)])
  .describe('DAC channel: 0 = DAC0, 1 = DAC1, 2 = TOP_RAIL, 3 = BOTTOM_RAIL (or those names)');
const dacExpr = (ch: number | string) => (typeof ch === 'number' ? py.int(ch) : py.str(ch));
const sensor = z.object({ sensor: z.union([z.literal(0), z.literal(1)]).describe('INA sensor: 0 = the 2-ohm shunt between ISENSE_PLUS and ISENSE_MINUS, 1 = the second sensor') });

const inaTool = (name: string, unit: 'amps' | 'volts' | 'watts', what: string) =>
  jlTool(
    defineNativeTool({ name, description: `${what} ${SETTLE_HINT}`, input: sensor, annotations: { readOnlyHint: true } }),
    async (a, ctx) => ({ sensor: a.sensor, [unit]: Number(await ctx.run(program([], convert('float', call(name, [py.int(a.sensor)]))))) }),
  );

export const analogTools: JumperlessTool[] = [
  jlTool(
    defineNativeTool({
      name: 'dac_set',
      description: `Set a DAC output or a power rail to a voltage (-8 to +8 V). DAC0/DAC1 are nodes you connect to rows; TOP_RAIL/BOTTOM_RAIL power the breadboard rails. Returns the setpoint read back (not a measurement: use adc_get). ${SETTLE_HINT}`,
      input: z.object({ channel: dacChannel, voltage: z.number().min(-8).max(8).describe('Volts, -8 to 8') }),
    }),
    async (a, ctx) => {
      const ch = dacExpr(a.channel);
      const volts = await ctx.run(program([call('dac_set', [ch, py.float(a.voltage)])], convert('float', call('dac_get', [ch]))));
      return { channel: a.channel, volts: Number(volts) };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'dac_get', description: 'The setpoint of a DAC channel or rail in volts (what was asked, not a measurement).', input: z.object({ channel: dacChannel }), annotations: { readOnlyHint: true } }),
    async (a, ctx) => ({ channel: a.channel, volts: Number(await ctx.run(program([], convert('float', call('dac_get', [dacExpr(a.channel)]))))) }),
  ),
  jlTool(
    defineNativeTool({
      name: 'adc_get',
      description: `Measure the voltage on an ADC channel. Channels 0-3 (±8 V) are the nodes ADC0-ADC3: connect one to a row first. Newer firmware adds 4 (ADC4, 0-5 V), 5 (probe pad) and 7 (probe tip); older firmware answers 0-3 only and says so. ${SETTLE_HINT}`,
      input: z.object({ channel: z.number().int().min(0).max(7).describe('ADC channel 0-7 (0-3 on older firmware)') }),
      annotations: { readOnlyHint: true },
    }),
    async (a, ctx) => {
      if (ctx.adcMaxChannel !== undefined && a.channel > ctx.adcMaxChannel) {
        throw new CrosspointError(
          'INVALID_ARGUMENTS',
          `invalid arguments for adc_get: channel: this board's firmware (${ctx.firmwareVersion ?? 'unknown version'}) accepts ADC channels 0-${ctx.adcMaxChannel}`,
        );
      }
      return { channel: a.channel, volts: Number(await ctx.run(program([], convert('float', call('adc_get', [py.int(a.channel)]))))) };
    },
  ),
  inaTool('ina_get_current', 'amps', 'Current through an INA sensor in amps (sensor 0: route the circuit through ISENSE_PLUS -> ISENSE_MINUS).'),
  inaTool('ina_get_voltage', 'volts', 'Voltage reported by an INA sensor (the firmware returns the bus voltage here; its docs say shunt voltage).'),
  inaTool('ina_get_bus_voltage', 'volts', 'Bus voltage of an INA sensor (the ISENSE_MINUS side) in volts.'),
  inaTool('ina_get_power', 'watts', 'Power measured by an INA sensor in watts.'),
];
