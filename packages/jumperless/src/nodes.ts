import { NODE_IDS } from '@crosspoint/jumperless-emulator';
import { z } from 'zod';

/**
 * Node names the firmware accepts (case-insensitive), with their ids: one table, kept with the
 * emulator (which must answer exactly as the firmware does), checked on the host before sending.
 */
const NAMES: Readonly<Record<string, number>> = NODE_IDS;

export const NODE_NAMES: readonly string[] = Object.keys(NAMES);
const KNOWN_IDS = new Set(Object.values(NAMES));

export function isValidNode(n: number | string): boolean {
  if (typeof n === 'number') return Number.isInteger(n) && ((n >= 1 && n <= 60) || KNOWN_IDS.has(n));
  return NAMES[n.trim().toUpperCase()] !== undefined || /^\s*([1-9]|[1-5]\d|60)\s*$/.test(n);
}

/** A node as sent to the firmware: a row number or an upper-case name. */
export function normalizeNode(n: number | string): number | string {
  if (typeof n === 'number') return n;
  const t = n.trim();
  return /^\d+$/.test(t) ? Number(t) : t.toUpperCase();
}

export const NODE_HELP =
  'Breadboard rows are 1-60. Named nodes: GND, 3V3, 5V, TOP_RAIL, BOTTOM_RAIL, DAC0, DAC1, ADC0-ADC4, ADC7/PROBE, ISENSE_PLUS, ISENSE_MINUS (INA0 2-ohm shunt between them), GPIO_1-GPIO_8, UART_TX, UART_RX, BUFFER_IN, BUFFER_OUT, Arduino Nano header D0-D13, A0-A7, VIN, RESET, AREF (case-insensitive).';

/** A node argument: validated on the host, normalized to what the firmware takes. */
export const nodeSchema = (description: string) =>
  z
    .union([z.number().int(), z.string()])
    .refine(isValidNode, { message: 'unknown node: use a row 1-60 or a node name such as GND, 3V3, DAC0, ADC0, ISENSE_PLUS, GPIO_1, D13' })
    .transform(normalizeNode)
    .describe(`${description}. ${NODE_HELP}`);

/** Display name for a node id the firmware returned. */
export function nodeLabel(id: number): string {
  if (id >= 1 && id <= 60) return String(id);
  return Object.entries(NAMES).find(([, v]) => v === id)?.[0] ?? String(id);
}
