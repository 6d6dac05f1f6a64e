import { PyError, type PyValue, pyFloat, pyInt } from './py-values.js';

/** Raised for input the parser does not accept; carries the 1-based line number. */
export class PySyntaxError extends PyError {
  constructor(
    message: string,
    readonly line: number,
    pyType = 'SyntaxError',
  ) {
    super(pyType, message);
  }
}

export type Tok =
  | { t: 'num'; v: PyValue; line: number }
  | { t: 'str'; v: string; line: number }
  | { t: 'name'; v: string; line: number }
  | { t: 'op'; v: string; line: number }
  | { t: 'nl'; line: number }
  | { t: 'eof'; line: number };

const OPS = ['(', ')', '[', ']', '{', '}', ',', '=', '+', '-', '.', ':'];
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let lineStart = true;
  const fail = (msg = 'invalid syntax'): never => {
    throw new PySyntaxError(msg, line);
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (src[j] === ' ' || src[j] === '\t') j++;
      const next = src[j];
      if (j > i && next !== undefined && next !== '\n' && next !== '\r' && next !== '#' && depth === 0) {
        throw new PySyntaxError('unexpected indent', line, 'IndentationError');
      }
      i = j;
      continue;
    }
    if (c === '\n') {
      if (depth === 0) toks.push({ t: 'nl', line });
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      if (src.startsWith(c.repeat(3), i)) fail();
      let j = i + 1;
      let out = '';
      for (;;) {
        const ch = src[j];
        if (ch === undefined || ch === '\n') fail('unterminated string');
        if (ch === c) break;
        if (ch === '\\') {
          const e = src[j + 1];
          if (e === undefined) fail('unterminated string');
          const simple = SIMPLE_ESCAPES[e as string];
          if (simple !== undefined) {
            out += simple;
            j += 2;
          } else if (e === 'x' || e === 'u' || e === 'U') {
            const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            const hex = src.slice(j + 2, j + 2 + n);
            if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail('invalid \\x escape');
            const cp = parseInt(hex, 16);
            if (cp > 0x10ffff) fail('invalid \\U escape');
            out += String.fromCodePoint(cp);
            j += 2 + n;
          } else {
            out += `\\${e}`;
            j += 2;
          }
          continue;
        }
        out += ch;
        j++;
      }
      toks.push({ t: 'str', v: out, line });
      i = j + 1;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?)/.exec(src.slice(i, i + 64));
    if (num && /[0-9.]/.test(c) && !(c === '.' && !/\d/.test(src[i + 1] ?? ''))) {
      const text = num[0];
      if (/[A-Za-z_]/.test(src[i + text.length] ?? '')) fail();
      const isFloat = !/^0[xX]/.test(text) && /[.eE]/.test(text);
      if (!isFloat && /^0\d/.test(text)) fail('invalid syntax for number');
      toks.push({ t: 'num', v: isFloat ? pyFloat(Number(text)) : pyInt(Number(text)), line });
      i += text.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (name) {
      if (src[i + name[0].length] === "'" || src[i + name[0].length] === '"') fail();
      toks.push({ t: 'name', v: name[0], line });
      i += name[0].length;
      continue;
    }
    if (OPS.includes(c)) {
      if (c === '(' || c === '[' || c === '{') depth++;
      if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      toks.push({ t: 'op', v: c, line });
      i++;
      continue;
    }
    fail();
  }
  toks.push({ t: 'nl', line }, { t: 'eof', line });
  return toks;
}

