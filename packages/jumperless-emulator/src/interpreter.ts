import { FIRMWARE_API, type FirmwareContext } from './firmware-api.js';
import { bindArgs } from './firmware-args.js';
import { NODE_IDS } from './nodes.js';
import { type Expr, type Stmt } from './parser.js';
import {
  NONE,
  PyError,
  type PyValue,
  fromJson,
  jsonDumps,
  pyBool,
  pyFloat,
  pyInt,
  pyObj,
  pyStr,
  repr,
  str,
  toFloat,
  toInt,
  truthy,
  typeName,
} from './py-values.js';

export interface RunHooks extends FirmwareContext {
  /** True once Ctrl-C arrived; the run stops with KeyboardInterrupt at the next check. */
  interrupted(): boolean;
  /** Waits ms (resolves early on Ctrl-C). */
  sleep(ms: number): Promise<void>;
  /** Friendly mode prints the value of expression statements. */
  echoValues: boolean;
}

/** Raised for a failing statement; `line` goes into the traceback. */
export class RunError extends Error {
  constructor(
    readonly pyType: string,
    readonly pyMessage: string,
    readonly line: number,
  ) {
    super(`${pyType}: ${pyMessage}`);
  }
}

const MODULES = ['json', 'time'];
const BUILTINS = ['print', 'int', 'float', 'str', 'bool', 'len'];

/**
 * Runs parsed statements against the firmware table. Globals persist between runs, as in a
 * REPL session, until `reset()` (soft reboot).
 */
export class Interpreter {
  private globals = new Map<string, PyValue>();

  reset(): void {
    this.globals = new Map();
  }

  async run(program: Stmt[], hooks: RunHooks): Promise<void> {
    for (const stmt of program) {
      if (hooks.interrupted()) throw new RunError('KeyboardInterrupt', '', stmt.line);
      try {
        await this.statement(stmt, hooks);
      } catch (e) {
        if (e instanceof PyError) throw new RunError(e.pyType, e.message, stmt.line);
        throw e;
      }
      if (hooks.interrupted()) throw new RunError('KeyboardInterrupt', '', stmt.line);
    }
  }

  private async statement(stmt: Stmt, hooks: RunHooks): Promise<void> {
    if (stmt.k === 'import') {
      if (!MODULES.includes(stmt.module)) throw new PyError('ImportError', `no module named '${stmt.module}'`);
      this.globals.set(stmt.module, { t: 'func', name: `module:${stmt.module}` });
      return;
    }
    if (stmt.k === 'assign') {
      this.globals.set(stmt.target, await this.eval(stmt.value, hooks));
      return;
    }
    const v = await this.eval(stmt.e, hooks);
    if (hooks.echoValues && v.t !== 'none') hooks.print(`${repr(v)}\n`);
  }

  private lookup(id: string): PyValue {
    const g = this.globals.get(id);
    if (g) return g;
    if (FIRMWARE_API[id] || BUILTINS.includes(id)) return { t: 'func', name: id };
    const node = NODE_IDS[id];
    if (node !== undefined) return pyObj('Node', id, node);
    throw new PyError('NameError', `name '${id}' isn't defined`);
  }

  private async eval(e: Expr, hooks: RunHooks): Promise<PyValue> {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'name':
        return this.lookup(e.id);
      case 'attr': {
        const obj = await this.eval(e.obj, hooks);
        if (obj.t === 'func' && obj.name.startsWith('module:')) {
          const full = `${obj.name.slice(7)}.${e.name}`;
          if (['json.dumps', 'json.loads', 'time.sleep_ms', 'time.sleep'].includes(full)) return { t: 'func', name: full };
          throw new PyError('AttributeError', `'module' object has no attribute '${e.name}'`);
        }
        throw new PyError('AttributeError', `'${typeName(obj)}' object has no attribute '${e.name}'`);
      }
      case 'list':
      case 'tuple': {
        const items: PyValue[] = [];
        for (const x of e.items) items.push(await this.eval(x, hooks));
        return { t: e.k, items };
      }
      case 'dict': {
        const entries: Array<[string, PyValue]> = [];
        for (const [k, x] of e.entries) {
          const key = await this.eval(k, hooks);
          if (key.t !== 'str') throw new PyError('TypeError', 'emulator: dict keys must be strings');
          entries.push([key.v, await this.eval(x, hooks)]);
        }
        return { t: 'dict', entries };
      }
      case 'neg': {
        const v = await this.eval(e.e, hooks);
        if (v.t === 'int') return pyInt(-v.v);
        if (v.t === 'float') return pyFloat(-v.v);
        throw new PyError('TypeError', `unsupported type for __neg__: '${typeName(v)}'`);
      }
      case 'bin':
        return binary(e.op, await this.eval(e.l, hooks), await this.eval(e.r, hooks));
      case 'index': {
        const obj = await this.eval(e.obj, hooks);
        const i = toInt(await this.eval(e.idx, hooks));
        if (obj.t !== 'list' && obj.t !== 'tuple') throw new PyError('TypeError', `'${typeName(obj)}' object isn't subscriptable`);
        const item = obj.items[i < 0 ? obj.items.length + i : i];
        if (!item) throw new PyError('IndexError', 'index out of range');
        return item;
      }
      case 'call': {
        const f = await this.eval(e.fn, hooks);
        if (f.t !== 'func') throw new PyError('TypeError', `'${typeName(f)}' object isn't callable`);
        const args: PyValue[] = [];
        for (const x of e.args) args.push(await this.eval(x, hooks));
        const kwargs: Array<[string, PyValue]> = [];
        for (const [k, x] of e.kwargs) kwargs.push([k, await this.eval(x, hooks)]);
        return this.call(f.name, args, kwargs, hooks);
      }
    }
  }

  private async call(name: string, args: PyValue[], kwargs: Array<[string, PyValue]>, hooks: RunHooks): Promise<PyValue> {
    const fw = FIRMWARE_API[name];
    if (fw) return fw.run(bindArgs(fw.params, args, kwargs), hooks);
    if (name === 'print') {
      const sep = kwargs.find(([k]) => k === 'sep')?.[1];
      const end = kwargs.find(([k]) => k === 'end')?.[1];
      if (kwargs.some(([k]) => k !== 'sep' && k !== 'end')) throw new PyError('TypeError', 'unexpected keyword argument');
      hooks.print(args.map(str).join(sep && sep.t === 'str' ? sep.v : ' ') + (end && end.t === 'str' ? end.v : '\n'));
      return NONE;
    }
    const one = (): PyValue => bindArgs([{ name: 'x' }], args, kwargs)[0] as PyValue;
    switch (name) {
      case 'int':
        return pyInt(toInt(one()));
      case 'float':
        return pyFloat(toFloat(one()));
      case 'str':
        return pyStr(str(one()));
      case 'bool':
        return pyBool(truthy(one()));
      case 'len': {
        const v = one();
        if (v.t === 'str') return pyInt([...v.v].length);
        if (v.t === 'list' || v.t === 'tuple') return pyInt(v.items.length);
        throw new PyError('TypeError', `object of type '${typeName(v)}' has no len()`);
      }
      case 'json.dumps':
        return pyStr(jsonDumps(one()));
      case 'json.loads': {
        const v = one();
        if (v.t !== 'str') throw new PyError('TypeError', "can't convert to str implicitly");
        try {
          return fromJson(JSON.parse(v.v));
        } catch {
          throw new PyError('ValueError', 'syntax error in JSON');
        }
      }
      case 'time.sleep_ms':
      case 'time.sleep': {
        const n = toFloat(one());
        if (n < 0) throw new PyError('ValueError', 'negative sleep time');
        await hooks.sleep(name === 'time.sleep' ? n * 1000 : Math.trunc(n));
        return NONE;
      }
    }
    throw new PyError('NameError', `name '${name}' isn't defined`);
  }
}

function binary(op: '+' | '-', l: PyValue, r: PyValue): PyValue {
  const numeric = (v: PyValue) => v.t === 'int' || v.t === 'float' || v.t === 'bool';
  if (op === '+' && l.t === 'str' && r.t === 'str') return pyStr(l.v + r.v);
  if (op === '+' && l.t === 'list' && r.t === 'list') return { t: 'list', items: [...l.items, ...r.items] };
  if (numeric(l) && numeric(r)) {
    const x = toFloat(l);
    const y = toFloat(r);
    const v = op === '+' ? x + y : x - y;
    return l.t === 'float' || r.t === 'float' ? pyFloat(v) : pyInt(v);
  }
  throw new PyError('TypeError', `unsupported types for __${op === '+' ? 'add' : 'sub'}__: '${typeName(l)}', '${typeName(r)}'`);
}
