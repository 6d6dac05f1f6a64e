/**
 * The few Python values the emulator needs, tagged so that int and float stay apart
 * (json.dumps(1) is "1", json.dumps(1.0) is "1.0") and firmware result objects
 * (CONNECTED, HIGH, OUTPUT) print as words but convert with int()/float()/bool().
 */
export type PyValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  | { t: 'dict'; entries: Array<[string, PyValue]> }
  /** A firmware result object: prints as `word`, converts to `num`. */
  | { t: 'obj'; type: string; word: string; num: number }
  | { t: 'func'; name: string };

export const NONE: PyValue = { t: 'none' };
export const pyInt = (v: number): PyValue => ({ t: 'int', v: Math.trunc(v) });
/** Floats are single precision on the board. */
export const pyFloat = (v: number): PyValue => ({ t: 'float', v: Math.fround(v) });
export const pyStr = (v: string): PyValue => ({ t: 'str', v });
export const pyBool = (v: boolean): PyValue => ({ t: 'bool', v });
export const pyObj = (type: string, word: string, num: number): PyValue => ({ t: 'obj', type, word, num });

/** A Python exception raised while running a statement (becomes a traceback). */
export class PyError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
    this.name = 'PyError';
  }
}

export function typeName(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'obj':
      return v.type;
    case 'func':
      return 'function';
    default:
      return v.t;
  }
}

/** MicroPython prints single-precision floats with about 7 significant digits. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = String(Number(v.toPrecision(7)));
  if (/[.e]/.test(s)) return s.replace('e+', 'e');
  return `${s}.0`;
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

export function repr(v: PyValue): string {
  switch (v.t) {
    case 'str':
      return quote(v.v);
    case 'list':
      return `[${v.items.map(repr).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${repr(v.items[0] as PyValue)},)` : `(${v.items.map(repr).join(', ')})`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${quote(k)}: ${repr(x)}`).join(', ')}}`;
    default:
      return str(v);
  }
}

export function str(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
      return String(v.v);
    case 'float':
      return formatFloat(v.v);
    case 'str':
      return v.v;
    case 'obj':
      return v.word;
    case 'func':
      return `<function ${v.name}>`;
    default:
      return repr(v);
  }
}

/** json.dumps as MicroPython writes it (separators ", " and ": "). */
export function jsonDumps(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'null';
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
      return String(v.v);
    case 'float':
      return formatFloat(v.v);
    case 'str':
      return JSON.stringify(v.v);
    case 'list':
    case 'tuple':
      return `[${v.items.map(jsonDumps).join(', ')}]`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}: ${jsonDumps(x)}`).join(', ')}}`;
    case 'obj':
    case 'func':
      throw new PyError('TypeError', `can't convert ${typeName(v)} to json`);
  }
}

/** JSON text → Python value (ints stay ints). */
export function fromJson(value: unknown): PyValue {
  if (value === null) return NONE;
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'number') return Number.isInteger(value) ? pyInt(value) : pyFloat(value);
  if (typeof value === 'string') return pyStr(value);
  if (Array.isArray(value)) return { t: 'list', items: value.map(fromJson) };
  return { t: 'dict', entries: Object.entries(value as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]) };
}

export function toInt(v: PyValue): number {
  switch (v.t) {
    case 'int':
      return v.v;
    case 'bool':
      return v.v ? 1 : 0;
    case 'float':
      return Math.trunc(v.v);
    case 'obj':
      return v.num;
    case 'str': {
      const s = v.v.trim();
      if (/^[+-]?\d+$/.test(s)) return Number(s);
      throw new PyError('ValueError', `invalid syntax for integer with base 10: '${v.v}'`);
    }
    default:
      throw new PyError('TypeError', `can't convert ${typeName(v)} to int`);
  }
}

export function toFloat(v: PyValue): number {
  switch (v.t) {
    case 'int':
    case 'float':
      return v.v;
    case 'bool':
      return v.v ? 1 : 0;
    case 'obj':
      return v.num;
    case 'str': {
      const n = Number(v.v.trim());
      if (v.v.trim() === '' || Number.isNaN(n)) throw new PyError('ValueError', `invalid syntax for number`);
      return n;
    }
    default:
      throw new PyError('TypeError', `can't convert ${typeName(v)} to float`);
  }
}

export function truthy(v: PyValue): boolean {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'obj':
      return v.num !== 0;
    case 'func':
      return true;
  }
}
