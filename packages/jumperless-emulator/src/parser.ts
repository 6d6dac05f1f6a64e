import { PySyntaxError, type Tok, tokenize } from './lexer.js';
import { type PyValue, pyStr } from './py-values.js';

export { PySyntaxError };

/**
 * A parser for the small subset of Python the bridge's templates use: imports, simple
 * assignments, calls with positional and keyword arguments, literals (numbers, strings with
 * escapes, True/False/None, lists, tuples, dicts), attribute access, indexing, unary minus and
 * binary + / -. The whole input is parsed before anything runs, as on the board, so a syntax
 * error anywhere means nothing ran. Anything else is a SyntaxError: never a silent pass.
 */
export type Expr =
  | { k: 'lit'; v: PyValue }
  | { k: 'name'; id: string }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: Array<[string, Expr]> }
  | { k: 'list' | 'tuple'; items: Expr[] }
  | { k: 'dict'; entries: Array<[Expr, Expr]> }
  | { k: 'bin'; op: '+' | '-'; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'index'; obj: Expr; idx: Expr };

export type Stmt =
  | { k: 'import'; module: string; line: number }
  | { k: 'assign'; target: string; value: Expr; line: number }
  | { k: 'expr'; e: Expr; line: number };

const KEYWORDS = new Set(['import', 'from', 'def', 'class', 'if', 'else', 'elif', 'for', 'while', 'try', 'except', 'finally', 'with', 'lambda', 'return', 'del', 'global', 'pass', 'raise', 'and', 'or', 'not', 'in', 'is', 'yield', 'assert', 'break', 'continue', 'as', 'async', 'await', 'nonlocal']);

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.pos] as Tok;
  }
  private next(): Tok {
    return this.toks[this.pos++] as Tok;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.pos++;
  }
  private fail(): never {
    throw new PySyntaxError('invalid syntax', this.peek().line);
  }

  program(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') return out;
      if (t.t === 'nl') {
        this.pos++;
        continue;
      }
      out.push(this.statement());
      if (this.peek().t !== 'nl') this.fail();
    }
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t.t === 'name' && t.v === 'import') {
      this.pos++;
      const m = this.next();
      if (m.t !== 'name' || KEYWORDS.has(m.v)) this.fail();
      return { k: 'import', module: m.v, line: t.line };
    }
    const after = this.toks[this.pos + 1];
    if (t.t === 'name' && after?.t === 'op' && after.v === '=') {
      if (KEYWORDS.has(t.v)) this.fail();
      this.pos += 2;
      return { k: 'assign', target: t.v, value: this.expr(), line: t.line };
    }
    return { k: 'expr', e: this.expr(), line: t.line };
  }

  private expr(): Expr {
    let l = this.unary();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.isOp('+') ? '+' : '-';
      this.pos++;
      l = { k: 'bin', op, l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.pos++;
      return { k: 'neg', e: this.unary() };
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.unary();
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.isOp('(')) {
        this.pos++;
        e = this.callArgs(e);
      } else if (this.isOp('.')) {
        this.pos++;
        const n = this.next();
        if (n.t !== 'name') this.fail();
        e = { k: 'attr', obj: e, name: n.v };
      } else if (this.isOp('[')) {
        this.pos++;
        const idx = this.expr();
        this.expectOp(']');
        e = { k: 'index', obj: e, idx };
      } else return e;
    }
  }

  private callArgs(fn: Expr): Expr {
    const args: Expr[] = [];
    const kwargs: Array<[string, Expr]> = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      const after = this.toks[this.pos + 1];
      if (t.t === 'name' && after?.t === 'op' && after.v === '=') {
        this.pos += 2;
        kwargs.push([t.v, this.expr()]);
      } else {
        if (kwargs.length > 0) this.fail(); // positional after keyword
        args.push(this.expr());
      }
      if (!this.isOp(',')) break;
      this.pos++;
    }
    this.expectOp(')');
    return { k: 'call', fn, args, kwargs };
  }

  private atom(): Expr {
    const t = this.next();
    if (t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'str') {
      let s = t.v;
      for (let n = this.peek(); n.t === 'str'; n = this.peek()) {
        s += n.v;
        this.pos++;
      }
      return { k: 'lit', v: pyStr(s) };
    }
    if (t.t === 'name') {
      if (t.v === 'True' || t.v === 'False') return { k: 'lit', v: { t: 'bool', v: t.v === 'True' } };
      if (t.v === 'None') return { k: 'lit', v: { t: 'none' } };
      if (KEYWORDS.has(t.v)) {
        this.pos--;
        this.fail();
      }
      return { k: 'name', id: t.v };
    }
    if (t.t === 'op' && (t.v === '[' || t.v === '(')) {
      const close = t.v === '[' ? ']' : ')';
      const items: Expr[] = [];
      let comma = false;
      while (!this.isOp(close)) {
        items.push(this.expr());
        if (!this.isOp(',')) break;
        this.pos++;
        comma = true;
      }
      this.expectOp(close);
      if (t.v === '[') return { k: 'list', items };
      if (items.length === 1 && !comma) return items[0] as Expr;
      return { k: 'tuple', items };
    }
    if (t.t === 'op' && t.v === '{') {
      const entries: Array<[Expr, Expr]> = [];
      while (!this.isOp('}')) {
        const key = this.expr();
        this.expectOp(':');
        entries.push([key, this.expr()]);
        if (!this.isOp(',')) break;
        this.pos++;
      }
      this.expectOp('}');
      return { k: 'dict', entries };
    }
    this.pos--;
    this.fail();
  }
}

/** Parses a whole program or throws PySyntaxError. */
export function parseProgram(src: string): Stmt[] {
  return new Parser(tokenize(src)).program();
}
