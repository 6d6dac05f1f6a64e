import { defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';
import { call, convert, program, py } from '../python-code.js';
import { type JumperlessTool, jlTool } from './kit.js';

const PIN_NAMES = ['GPIO_1', 'GPIO_2', 'GPIO_3', 'GPIO_4', 'GPIO_5', 'GPIO_6', 'GPIO_7', 'GPIO_8', 'UART_TX', 'UART_RX'] as const;
const pinSchema = z
  .union([z.number().int().min(1).max(10), z.enum(PIN_NAMES)])
  .describe('GPIO pin 1-10 (1-8 = GPIO_1..GPIO_8, 9 = UART_TX, 10 = UART_RX) or its name; route it to a row with connect("GPIO_n", row)');
const pwmPin = z.union([z.number().int().min(1).max(8), z.enum(PIN_NAMES.slice(0, 8) as ['GPIO_1'])]).describe('GPIO pin 1-8 or GPIO_1..GPIO_8');
const pinExpr = (p: number | string) => (typeof p === 'number' ? py.int(p) : py.str(p));
const PULLS = { down: -1, none: 0, up: 1, keeper: 2 } as const;
/** gpio_get_pull answers with words (PULLUP, NONE…) on the firmware; numbers are accepted too. */
const PULL_WORDS: Record<string, string> = { PULLUP: 'up', PULLDOWN: 'down', NONE: 'none', NO_PULL: 'none', BUS_KEEPER: 'keeper', BUSKEEPER: 'keeper', KEEPER: 'keeper', '1': 'up', '-1': 'down', '0': 'none', '2': 'keeper' };

export const gpioTools: JumperlessTool[] = [
  jlTool(
    defineNativeTool({
      name: 'gpio_set',
      description: 'Drive a GPIO pin high (3.3 V) or low. Set its direction to OUTPUT first with gpio_set_dir.',
      input: z.object({ pin: pinSchema, value: z.boolean().describe('true = HIGH, false = LOW') }),
    }),
    async (a, ctx) => {
      await ctx.run(program([call('gpio_set', [pinExpr(a.pin), py.bool(a.value)])]));
      return { pin: a.pin, value: a.value ? 'HIGH' : 'LOW' };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'gpio_get', description: 'Read a GPIO pin: HIGH, LOW or FLOATING (an input with no pull and nothing driving it).', input: z.object({ pin: pinSchema }), annotations: { readOnlyHint: true } }),
    async (a, ctx) => ({ pin: a.pin, level: String(await ctx.run(program([], convert('str', call('gpio_get', [pinExpr(a.pin)]))))) }),
  ),
  jlTool(
    defineNativeTool({ name: 'gpio_set_dir', description: 'Make a GPIO pin an INPUT or an OUTPUT.', input: z.object({ pin: pinSchema, direction: z.enum(['INPUT', 'OUTPUT']) }) }),
    async (a, ctx) => {
      await ctx.run(program([call('gpio_set_dir', [pinExpr(a.pin), py.bool(a.direction === 'OUTPUT')])]));
      return { pin: a.pin, direction: a.direction };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'gpio_get_dir', description: 'Direction of a GPIO pin: INPUT or OUTPUT.', input: z.object({ pin: pinSchema }), annotations: { readOnlyHint: true } }),
    async (a, ctx) => ({ pin: a.pin, direction: String(await ctx.run(program([], convert('str', call('gpio_get_dir', [pinExpr(a.pin)]))))) }),
  ),
  jlTool(
    defineNativeTool({
      name: 'gpio_set_pull',
      description: 'Set the pull resistor of a GPIO input: up, down, none or keeper (bus keeper).',
      input: z.object({ pin: pinSchema, pull: z.enum(['up', 'down', 'none', 'keeper']) }),
    }),
    async (a, ctx) => {
      await ctx.run(program([call('gpio_set_pull', [pinExpr(a.pin), py.int(PULLS[a.pull])])]));
      return { pin: a.pin, pull: a.pull };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'gpio_get_pull', description: 'Pull resistor of a GPIO pin: up, down, none or keeper.', input: z.object({ pin: pinSchema }), annotations: { readOnlyHint: true } }),
    async (a, ctx) => {
      const word = String(await ctx.run(program([], convert('str', call('gpio_get_pull', [pinExpr(a.pin)])))));
      return { pin: a.pin, pull: PULL_WORDS[word.trim().toUpperCase()] ?? word };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'pwm',
      description: 'Start PWM on a GPIO pin (1-8): frequency 0.001 Hz to 62.5 MHz, duty_cycle 0.0-1.0. Both are always sent (the firmware default frequency differs between its docs and source). Route the pin to a row with connect("GPIO_n", row).',
      input: z.object({
        pin: pwmPin,
        frequency: z.number().min(0.001).max(62_500_000).describe('Hz'),
        duty_cycle: z.number().min(0).max(1).describe('Duty cycle 0.0-1.0'),
      }),
    }),
    async (a, ctx) => {
      await ctx.run(program([call('pwm', [pinExpr(a.pin), py.float(a.frequency), py.float(a.duty_cycle)])]));
      return { pin: a.pin, frequency_hz: a.frequency, duty_cycle: a.duty_cycle };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'pwm_stop', description: 'Stop PWM on a GPIO pin (1-8).', input: z.object({ pin: pwmPin }) }),
    async (a, ctx) => {
      await ctx.run(program([call('pwm_stop', [pinExpr(a.pin)])]));
      return { pin: a.pin, stopped: true };
    },
  ),
];
