/**
 * Python source built only from fixed pieces: firmware function names from a closed list and
 * literals serialized here. A tool argument can only ever become a literal, never code.
 */
declare const codeBrand: unique symbol;
/** A Python expression; only the helpers in this file create one. */
export interface PyExpr {
  readonly code: string;
  readonly [codeBrand]: true;
}

const expr = (code: string) => ({ code }) as PyExpr;

/** Marks the one stdout line per call the bridge parses; everything else is diagnostics. */
export const RESULT_SENTINEL = '\u001eJL>';

/** Every character outside this set is written as an escape, so no quote or newline can end a literal. */
const PLAIN = /^[A-Za-z0-9 _.,:;!?@#$%&*()[\]{}<>=+\-/|~^']$/;

export const py = {
  int(n: number): PyExpr {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return expr(String(n));
  },
  float(n: number): PyExpr {
    if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
    const s = String(n);
    return expr(/[.e]/.test(s) ? s : `${s}.0`);
  },
  bool(b: boolean): PyExpr {
    return expr(b ? 'True' : 'False');
  },
  str(s: string): PyExpr {
    let out = '"';
    for (const ch of s) {
      const cp = ch.codePointAt(0) as number;
      if (PLAIN.test(ch)) out += ch;
      else if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
    return expr(`${out}"`);
  },
  /** A node: an int id/row, or a name string (the firmware matches names case-insensitively). */
  node(n: number | string): PyExpr {
    return typeof n === 'number' ? py.int(n) : py.str(n);
  },
  list(items: PyExpr[]): PyExpr {
    return expr(`[${items.map((i) => i.code).join(', ')}]`);
  },
};

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** A call of a firmware function (name checked against an identifier pattern; names come from our table). */
export function call(fn: string, args: PyExpr[] = [], kwargs: Record<string, PyExpr> = {}): PyExpr {
  if (!IDENT.test(fn)) throw new Error(`not a firmware function name: ${fn}`);
  const kw = Object.entries(kwargs).map(([k, v]) => {
    if (!IDENT.test(k)) throw new Error(`not a keyword name: ${k}`);
    return `${k}=${v.code}`;
  });
  return expr(`${fn}(${[...args.map((a) => a.code), ...kw].join(', ')})`);
}

/** Converts a firmware result object (CONNECTED, HIGH, OUTPUT) to a JSON-able value on the device. */
export function convert(kind: 'int' | 'float' | 'str' | 'bool', e: PyExpr): PyExpr {
  return expr(`${kind}(${e.code})`);
}

/** `time.sleep_ms(n)`; the program imports time when it uses this. */
export function sleepMs(ms: number): PyExpr {
  return expr(`time.sleep_ms(${py.int(ms).code})`);
}

/**
 * A whole program: the statements, then one sentinel-framed JSON line with the result
 * (`null` when there is none). Ends with a newline, never empty.
 */
export function program(statements: PyExpr[], result?: PyExpr): string {
  const lines = ['import json'];
  if (statements.some((s) => s.code.startsWith('time.'))) lines.push('import time');
  for (const s of statements) lines.push(s.code);
  lines.push(`print(${py.str(RESULT_SENTINEL).code} + json.dumps(${result ? result.code : 'None'}))`);
  return `${lines.join('\n')}\n`;
}
