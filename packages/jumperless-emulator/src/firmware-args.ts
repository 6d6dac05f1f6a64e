import { nodeIdForName } from './nodes.js';
import { NONE, PyError, type PyValue, toFloat, toInt, typeName } from './py-values.js';

export interface Param {
  name: string;
  /** Present when optional. */
  default?: PyValue;
}

/** Matches positional and keyword arguments to parameters with MicroPython's TypeError texts. */
export function bindArgs(params: readonly Param[], args: PyValue[], kwargs: Array<[string, PyValue]>): PyValue[] {
  const required = params.filter((p) => p.default === undefined).length;
  if (args.length > params.length) {
    throw new PyError(
      'TypeError',
      required === params.length
        ? `function takes ${params.length} positional arguments but ${args.length} were given`
        : `function expected at most ${params.length} arguments, got ${args.length}`,
    );
  }
  const out: Array<PyValue | undefined> = [...args];
  for (const [name, v] of kwargs) {
    const i = params.findIndex((p) => p.name === name);
    if (i < 0) throw new PyError('TypeError', `unexpected keyword argument '${name}'`);
    if (out[i] !== undefined) throw new PyError('TypeError', `function got multiple values for argument '${name}'`);
    out[i] = v;
  }
  const missing = params.filter((p, i) => out[i] === undefined && p.default === undefined).length;
  if (missing > 0) throw new PyError('TypeError', `function missing ${missing} required positional arguments`);
  return params.map((p, i) => out[i] ?? p.default ?? NONE);
}

/** A node argument: an int (passed through unvalidated), a case-insensitive name, or a row number string. */
export function nodeArg(v: PyValue): number {
  if (v.t === 'int') return v.v;
  if (v.t === 'obj' && v.type === 'Node') return v.num;
  if (v.t === 'str') {
    if (/^\s*\d+\s*$/.test(v.v)) return Number(v.v);
    const id = nodeIdForName(v.v);
    if (id === undefined) throw new PyError('ValueError', 'Unknown node name');
    return id;
  }
  throw new PyError('TypeError', 'Expected node, int, or string');
}

const DAC_NAMES: Record<string, number> = { DAC0: 0, DAC1: 1, TOP_RAIL: 2, BOTTOM_RAIL: 3 };
const DAC_NODES: Record<number, number> = { 106: 0, 107: 1, 101: 2, 102: 3 };
export const DAC_ERROR = 'Invalid DAC channel or node. Use 0-3, DAC0, DAC1, TOP_RAIL, or BOTTOM_RAIL';

export function dacChannelArg(v: PyValue): number {
  if (v.t === 'str') {
    const ch = DAC_NAMES[v.v.trim().toUpperCase()];
    if (ch === undefined) throw new PyError('ValueError', DAC_ERROR);
    return ch;
  }
  if (v.t !== 'int' && v.t !== 'obj' && v.t !== 'bool') throw new PyError('ValueError', DAC_ERROR);
  const n = toInt(v);
  if (n >= 0 && n <= 3) return n;
  const byNode = DAC_NODES[n];
  if (byNode === undefined) throw new PyError('ValueError', DAC_ERROR);
  return byNode;
}

export const GPIO_ERROR = 'GPIO pin must be 1-10, GPIO_1-GPIO_8, GPIO_20-GPIO_27, or UART_TX/UART_RX';

export function gpioPinArg(v: PyValue): number {
  if (v.t === 'str') {
    const s = v.v.trim().toUpperCase();
    const m = /^GPIO_(\d+)$/.exec(s);
    if (m) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 8) return n;
      if (n >= 20 && n <= 27) return n - 19;
    }
    if (s === 'UART_TX') return 9;
    if (s === 'UART_RX') return 10;
    throw new PyError('ValueError', GPIO_ERROR);
  }
  if (v.t !== 'int' && v.t !== 'obj') throw new PyError('ValueError', GPIO_ERROR);
  const n = toInt(v);
  if (n >= 1 && n <= 10) return n;
  if (n >= 131 && n <= 138) return n - 130;
  throw new PyError('ValueError', GPIO_ERROR);
}

export function intArg(v: PyValue): number {
  if (v.t === 'float') throw new PyError('TypeError', "can't convert float to int");
  return toInt(v);
}

export function floatArg(v: PyValue): number {
  if (v.t === 'str') throw new PyError('TypeError', "can't convert str to float");
  return toFloat(v);
}

export function strArg(v: PyValue): string {
  if (v.t !== 'str') throw new PyError('TypeError', `can't convert '${typeName(v)}' object to str implicitly`);
  return v.v;
}
