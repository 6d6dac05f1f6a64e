/**
 * The firmware's node table: names (case-insensitive) and ids, as jumperless-v5.md lists them.
 * Integers outside the table pass through unvalidated, as on the board.
 */
const NAMED_NODES: Record<string, number> = {
  GND: 100,
  TOP_RAIL: 101,
  BOTTOM_RAIL: 102,
  '3V3': 103,
  '5V': 105,
  DAC0: 106,
  DAC1: 107,
  ISENSE_PLUS: 108,
  ISENSE_MINUS: 109,
  ADC0: 110,
  ADC1: 111,
  ADC2: 112,
  ADC3: 113,
  ADC4: 114,
  ADC7: 115,
  PROBE: 115,
  UART_TX: 116,
  UART_RX: 117,
  BUFFER_IN: 139,
  BUFFER_OUT: 140,
  VIN: 69,
  RESET: 84,
  AREF: 85,
};
for (let i = 1; i <= 8; i++) NAMED_NODES[`GPIO_${i}`] = 130 + i;
for (let i = 0; i <= 13; i++) NAMED_NODES[`D${i}`] = 70 + i;
for (let i = 0; i <= 7; i++) NAMED_NODES[`A${i}`] = 86 + i;

export const NODE_IDS: Readonly<Record<string, number>> = NAMED_NODES;

export const NODE = {
  GND: 100,
  TOP_RAIL: 101,
  BOTTOM_RAIL: 102,
  V3V3: 103,
  V5: 105,
  DAC0: 106,
  DAC1: 107,
  ISENSE_PLUS: 108,
  ISENSE_MINUS: 109,
  ADC0: 110,
  ADC4: 114,
  PROBE: 115,
  GPIO_1: 131,
} as const;

/** Node id for a case-insensitive name, or undefined. */
export function nodeIdForName(name: string): number | undefined {
  const id = NAMED_NODES[name.trim().toUpperCase()];
  return id;
}

/** Preferred display name of a node id (rows print as their number). */
export function nodeName(id: number): string {
  if (id >= 1 && id <= 60) return String(id);
  for (const [name, v] of Object.entries(NAMED_NODES)) if (v === id) return name;
  return String(id);
}
