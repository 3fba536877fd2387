/**
 * Expressions of the small Python: names, operators, calls (builtins and the script's own `def`s
 * and lambdas), attributes, subscripts and slices, comprehensions, f-strings; an exception is
 * placed on the expression that raised it, for CPython 3.13's caret line.
 */
import type { Expr, FField, Stmt } from './ast';
import { builtins } from './builtins';
import { PyException, type FramePos } from './errors';
import { formatSpec, percentFormat } from './format';
import { method } from './methods';
import { Return, STDLIB, PyProcess, type Frame, type Gen } from './process';
import {
  asInt,
  binop,
  equals,
  iterate,
  order,
  PyDict,
  PyExcValue,
  PyFunc,
  PyList,
  PyModule,
  PyTuple,
  PyType,
  raise,
  repr,
  str,
  truthy,
  typeName,
  type Py,
} from './values';

export abstract class PyEval extends PyProcess {
  protected readonly builtins = builtins(this);
  protected depth = 0;

  abstract block(body: Stmt[], f: Frame): Gen<void>;

  protected *assign(t: Expr, v: Py, f: Frame): Gen<void> {
    if (t.k === 'name') return this.set(t.id, v, f);
    if (t.k === 'tuple' || t.k === 'list') {
      const items = this.at(t, () => iterate(v));
      if (items.length !== t.items.length)
        raise(
          'ValueError',
          items.length > t.items.length
            ? `too many values to unpack (expected ${t.items.length})`
            : `not enough values to unpack (expected ${t.items.length}, got ${items.length})`,
        );
      for (let i = 0; i < items.length; i++) yield* this.assign(t.items[i], items[i], f);
      return;
    }
    if (t.k === 'sub') {
      const o = yield* this.ev(t.e, f);
      const k = yield* this.ev(t.index, f);
      if (o instanceof PyDict) return o.set(k, v);
      if (o instanceof PyList) {
        const i = this.index(o.items.length, k, 'list assignment');
        o.items[i] = v;
        return;
      }
      raise('TypeError', `'${typeName(o)}' object does not support item assignment`);
    }
    if (t.k === 'attr')
      raise(
        'AttributeError',
        `'${typeName(yield* this.ev(t.e, f))}' object attribute '${t.name}' is read-only`,
      );
  }

  *ev(e: Expr, f: Frame): Gen<Py> {
    switch (e.k) {
      case 'num':
      case 'str':
      case 'const':
        return e.v;
      case 'fstr': {
        let out = '';
        for (const p of e.parts) out += typeof p === 'string' ? p : yield* this.field(p, f);
        return out;
      }
      case 'name': {
        for (let fr: Frame | undefined = f; fr && fr.depth > 0; fr = fr.parent)
          if (fr.locals.has(e.id)) return fr.locals.get(e.id)!;
        const v = this.globals.get(e.id) ?? this.builtins.get(e.id);
        if (v !== undefined) return v;
        const hint = STDLIB.has(e.id) ? `. Did you forget to import '${e.id}'?` : '';
        return this.at(e, () => raise('NameError', `name '${e.id}' is not defined${hint}`));
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const items: Py[] = [];
        for (const x of e.items) items.push(yield* this.ev(x, f));
        return e.k === 'tuple' ? new PyTuple(items) : new PyList(items);
      }
      case 'dict': {
        const d = new PyDict();
        for (let i = 0; i < e.keys.length; i++)
          d.set(yield* this.ev(e.keys[i], f), yield* this.ev(e.values[i], f));
        return d;
      }
      case 'bin': {
        const l = yield* this.ev(e.l, f);
        const r = yield* this.ev(e.r, f);
        const marks =
          e.end >= 0
            ? '~'.repeat(e.opCol - e.col) +
              '^'.repeat(e.op.length) +
              '~'.repeat(Math.max(0, e.end - e.opCol - e.op.length))
            : undefined;
        return this.at({ ...e, marks }, () => binop(e.op, l, r, percentFormat));
      }
      case 'unary': {
        const v = yield* this.ev(e.e, f);
        if (e.op === 'not') return !truthy(v);
        if (e.op === '+' && (asInt(v) !== undefined || typeof v === 'number'))
          return typeof v === 'boolean' ? asInt(v)! : v;
        if (e.op === '-' && (asInt(v) !== undefined || typeof v === 'number'))
          return typeof v === 'number' ? -v : -asInt(v)!;
        if (e.op === '~' && asInt(v) !== undefined) return ~asInt(v)!;
        return this.at(e, () =>
          raise('TypeError', `bad operand type for unary ${e.op}: '${typeName(v)}'`),
        );
      }
      case 'bool': {
        const l = yield* this.ev(e.l, f);
        if (e.op === 'and' ? !truthy(l) : truthy(l)) return l;
        return yield* this.ev(e.r, f);
      }
      case 'cmp': {
        let l = yield* this.ev(e.first, f);
        for (let i = 0; i < e.ops.length; i++) {
          const r = yield* this.ev(e.rest[i], f);
          const op = e.ops[i];
          if (!this.at(e, () => this.compare(op, l, r))) return false;
          l = r;
        }
        return true;
      }
      case 'ifexp':
        return truthy(yield* this.ev(e.test, f))
          ? yield* this.ev(e.body, f)
          : yield* this.ev(e.orelse, f);
      case 'attr': {
        const o = yield* this.ev(e.e, f);
        return this.at(e, () => this.attr(o, e.name));
      }
      case 'sub': {
        const o = yield* this.ev(e.e, f);
        const k = yield* this.ev(e.index, f);
        const marks =
          e.end >= 0 && e.e.end >= 0
            ? '~'.repeat(e.e.end - e.col) + '^'.repeat(e.end - e.e.end)
            : undefined;
        return this.at({ ...e, marks }, () => this.subscript(o, k));
      }
      case 'slice': {
        const part = function* (this: PyEval, x?: Expr): Gen<Py> {
          return x ? yield* this.ev(x, f) : null;
        };
        return new PyTuple([
          '__slice__',
          yield* part.call(this, e.lo),
          yield* part.call(this, e.hi),
          yield* part.call(this, e.step),
        ]);
      }
      case 'call':
        return yield* this.call(e, f);
      case 'comp': {
        // Its own scope (PEP 709 inlines it: no frame of its own in a traceback).
        const it = yield* this.ev(e.iter, f);
        const items = this.at(e.iter, () => iterate(it));
        const inner: Frame = {
          locals: new Map(),
          globalNames: new Set(),
          name: f.name,
          depth: f.depth,
          parent: f,
        };
        inner.depth = f.depth === 0 ? 0.5 : f.depth;
        const out: Py[] = [];
        for (const x of items) {
          yield* this.assign(e.target, x, inner);
          let ok = true;
          for (const c of e.conds) ok = ok && truthy(yield* this.ev(c, inner));
          if (ok) out.push(yield* this.ev(e.elt, inner));
          this.loopTick();
        }
        return new PyList(out);
      }
      case 'lambda':
        return new PyFunc('<lambda>', undefined, {
          params: e.params,
          defaults: [],
          body: { lambda: e.body },
        });
    }
  }

  private *field(p: FField, f: Frame): Gen<string> {
    const v = yield* this.ev(p.expr, f);
    let spec = '';
    for (const s of p.spec) spec += typeof s === 'string' ? s : yield* this.field(s, f);
    const shown =
      p.conv === 'r' || (p.self && !p.conv && !spec) ? repr(v) : p.conv === 's' ? str(v) : v;
    return (p.self ?? '') + this.at(p.expr, () => formatSpec(shown, spec));
  }

  private compare(op: string, l: Py, r: Py): boolean {
    switch (op) {
      case '==':
        return equals(l, r);
      case '!=':
        return !equals(l, r);
      case 'is':
        return l === r || (l === null && r === null);
      case 'is not':
        return !(l === r || (l === null && r === null));
      case 'in':
      case 'not in': {
        let has: boolean;
        if (typeof r === 'string') {
          if (typeof l !== 'string')
            return raise(
              'TypeError',
              `'in <string>' requires string as left operand, not ${typeName(l)}`,
            );
          has = r.includes(l);
        } else if (r instanceof PyDict) has = r.get(l) !== undefined;
        else has = iterate(r).some((x) => equals(x, l));
        return op === 'in' ? has : !has;
      }
      default:
        return order(op, l, r);
    }
  }

  private attr(o: Py, name: string): Py {
    if (o instanceof PyModule) {
      const v = o.attrs.get(name);
      if (v !== undefined) return v;
      return raise('AttributeError', `module '${o.name}' has no attribute '${name}'`);
    }
    if (o instanceof PyExcValue && name === 'args')
      return new PyTuple(o.exc.message ? [o.exc.message] : []);
    return (
      method(o, name) ??
      raise('AttributeError', `'${typeName(o)}' object has no attribute '${name}'`)
    );
  }

  private subscript(o: Py, k: Py): Py {
    if (
      k instanceof PyTuple &&
      k.items[0] === '__slice__' &&
      (o instanceof PyList || o instanceof PyTuple || typeof o === 'string')
    ) {
      const seq = typeof o === 'string' ? [...o] : o.items;
      const [lo, hi, st] = k.items.slice(1).map((x) => (x === null ? undefined : Number(asInt(x))));
      const step = st ?? 1;
      const n = seq.length;
      const norm = (x: number | undefined, d: number) =>
        x === undefined
          ? d
          : x < 0
            ? Math.max(x + n, step < 0 ? -1 : 0)
            : Math.min(x, step < 0 ? n - 1 : n);
      const out: Py[] = [];
      for (
        let i = norm(lo, step > 0 ? 0 : n - 1);
        step > 0 ? i < norm(hi, n) : i > norm(hi, -1);
        i += step
      )
        out.push(seq[i]);
      return typeof o === 'string'
        ? out.join('')
        : o instanceof PyList
          ? new PyList(out)
          : new PyTuple(out);
    }
    if (o instanceof PyDict) return o.get(k) ?? raise('KeyError', repr(k));
    if (o instanceof PyList || o instanceof PyTuple)
      return o.items[this.index(o.items.length, k, typeName(o))];
    if (typeof o === 'string') return [...o][this.index([...o].length, k, 'string')];
    return raise('TypeError', `'${typeName(o)}' object is not subscriptable`);
  }

  private *call(e: Extract<Expr, { k: 'call' }>, f: Frame): Gen<Py> {
    const fn = yield* this.ev(e.fn, f);
    const args: Py[] = [];
    for (const a of e.args) args.push(yield* this.ev(a, f));
    const kw: Record<string, Py> = {};
    for (const k of e.kw) kw[k.name] = yield* this.ev(k.value, f);
    const marks =
      e.end >= 0 && e.fn.end >= 0
        ? '~'.repeat(e.fn.end - e.col) + '^'.repeat(e.end - e.fn.end)
        : undefined;
    const pos = { ...e, marks };
    if (fn instanceof PyFunc && fn.def) return yield* this.invoke(fn, args, kw, pos);
    if (fn instanceof PyFunc || fn instanceof PyType) {
      const call = fn.call!;
      return this.at(pos, () => call(args, kw) as Py);
    }
    return this.at(pos, () => raise('TypeError', `'${typeName(fn)}' object is not callable`));
  }

  private *invoke(fn: PyFunc, args: Py[], kw: Record<string, Py>, pos: FramePos): Gen<Py> {
    const def = fn.def!;
    const locals = new Map<string, Py>();
    const { params, defaults } = def;
    if (args.length > params.length)
      this.at(pos, () =>
        raise(
          'TypeError',
          `${fn.name}() takes ${params.length} positional argument${params.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`,
        ),
      );
    params.forEach((p, i) => {
      const v = i < args.length ? args[i] : p.name in kw ? kw[p.name] : defaults[i];
      if (v === undefined)
        this.at(pos, () =>
          raise('TypeError', `${fn.name}() missing 1 required positional argument: '${p.name}'`),
        );
      locals.set(p.name, v);
    });
    if (this.depth >= 995)
      this.at(pos, () => raise('RecursionError', 'maximum recursion depth exceeded'));
    const frame: Frame = { locals, globalNames: new Set(), name: fn.name, depth: ++this.depth };
    try {
      if ('lambda' in def.body) return yield* this.ev(def.body.lambda as Expr, frame);
      yield* this.block(def.body, frame);
      return null;
    } catch (x) {
      if (x instanceof Return) return x.value;
      if (x instanceof PyException && !x.where) x.where = pos;
      throw x;
    } finally {
      this.depth--;
    }
  }

  /** The module's frame. */
}
