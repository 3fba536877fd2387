/**
 * Evaluates a parsed CEL expression (cel-spec doc/langdef.md "Evaluation"): strict functions,
 * `&&`, `||` and the `all`/`exists` macros commutative over errors (`false && error` and
 * `error && false` are both false), and the errors cel-go reports.
 */
import type { Expr } from './ast';
import { CelEvalError } from './errors';
import { GLOBALS, METHODS } from './functions';
import { TYPE_NAMES } from './names';
import {
  CelType,
  compare,
  Duration,
  equals,
  isMap,
  noOverload,
  Optional,
  Timestamp,
  type Map_,
} from './values';

/** A map whose entries are computed when first read (`variables`, evaluated lazily). */
export class LazyMap {
  private readonly done = new Map<string, { value?: unknown; error?: unknown }>();
  constructor(
    readonly keys: readonly string[],
    private readonly compute: (key: string) => unknown,
  ) {}
  has(key: string): boolean {
    return this.keys.includes(key);
  }
  get(key: string): unknown {
    let r = this.done.get(key);
    if (!r) {
      try {
        r = { value: this.compute(key) };
      } catch (e) {
        r = { error: e };
      }
      this.done.set(key, r);
    }
    if (r.error) throw r.error;
    return r.value;
  }
}

export type Activation = ReadonlyMap<string, unknown>;

function selectField(v: unknown, field: string): { found: boolean; value?: unknown } {
  if (v instanceof LazyMap)
    return v.has(field) ? { found: true, value: v.get(field) } : { found: false };
  if (isMap(v)) {
    return Object.prototype.hasOwnProperty.call(v, field)
      ? { found: true, value: v[field] }
      : { found: false };
  }
  throw new CelEvalError(`no such key: ${field}`);
}

function indexInto(v: unknown, key: unknown): { found: boolean; value?: unknown } {
  if (Array.isArray(v)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw noOverload('_[_]', v, key);
    if (key < 0 || key >= v.length) throw new CelEvalError(`index out of bounds: ${key}`);
    return { found: true, value: v[key] };
  }
  if (isMap(v) || v instanceof LazyMap) return selectField(v, String(key));
  throw noOverload('_[_]', v, key);
}

function plus(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a instanceof Duration && b instanceof Duration) return new Duration(a.seconds + b.seconds);
  if (a instanceof Timestamp && b instanceof Duration)
    return new Timestamp(a.ms + b.seconds * 1000);
  if (a instanceof Duration && b instanceof Timestamp)
    return new Timestamp(b.ms + a.seconds * 1000);
  throw noOverload('_+_', a, b);
}

function minus(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Duration && b instanceof Duration) return new Duration(a.seconds - b.seconds);
  if (a instanceof Timestamp && b instanceof Duration)
    return new Timestamp(a.ms - b.seconds * 1000);
  if (a instanceof Timestamp && b instanceof Timestamp) return new Duration((a.ms - b.ms) / 1000);
  throw noOverload('_-_', a, b);
}

function arithmetic(fn: string, a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number') throw noOverload(fn, a, b);
  const ints = Number.isInteger(a) && Number.isInteger(b);
  switch (fn) {
    case '_*_':
      return a * b;
    case '_/_':
      if (ints) {
        if (b === 0) throw new CelEvalError('division by zero');
        return Math.trunc(a / b);
      }
      return a / b;
    default:
      if (ints && b === 0) throw new CelEvalError('modulus by zero');
      return a % b;
  }
}

function truthy(v: unknown, fn: string): boolean {
  if (typeof v !== 'boolean') throw noOverload(fn, v);
  return v;
}

function rangeOf(v: unknown, macro: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v);
  throw noOverload(macro, v);
}

export class Interpreter {
  constructor(private readonly vars: Activation) {}

  eval(e: Expr): unknown {
    switch (e.k) {
      case 'lit':
        return e.value;
      case 'ident': {
        if (this.vars.has(e.name)) return this.vars.get(e.name);
        if (TYPE_NAMES.has(e.name)) return new CelType(e.name);
        throw new CelEvalError(`no such attribute: ${e.name}`);
      }
      case 'select': {
        const operand = this.eval(e.operand);
        if (e.optional || operand instanceof Optional) {
          const base = operand instanceof Optional ? operand : new Optional(operand);
          if (!base.present) return base;
          if (!isMap(base.value) && !(base.value instanceof LazyMap)) return new Optional();
          const r = selectField(base.value, e.field);
          return r.found ? new Optional(r.value) : new Optional();
        }
        const r = selectField(operand, e.field);
        if (!r.found) throw new CelEvalError(`no such key: ${e.field}`);
        return r.value;
      }
      case 'index': {
        const operand = this.eval(e.operand);
        const key = this.eval(e.index);
        if (e.optional || operand instanceof Optional) {
          const base = operand instanceof Optional ? operand : new Optional(operand);
          if (!base.present) return base;
          if (Array.isArray(base.value)) {
            const i = key as number;
            return i >= 0 && i < base.value.length ? new Optional(base.value[i]) : new Optional();
          }
          const r = indexInto(base.value, key);
          return r.found ? new Optional(r.value) : new Optional();
        }
        const r = indexInto(operand, key);
        if (!r.found) throw new CelEvalError(`no such key: ${String(key)}`);
        return r.value;
      }
      case 'list':
        return e.elems.map((x) => this.eval(x));
      case 'map': {
        const out: Map_ = {};
        for (const { key, value } of e.entries) out[String(this.eval(key))] = this.eval(value);
        return out;
      }
      case 'struct': {
        const out: Map_ = {};
        for (const f of e.fields) out[f.name] = this.eval(f.value);
        return out;
      }
      case 'cond':
        return truthy(this.eval(e.test), '_?_:_') ? this.eval(e.then) : this.eval(e.else);
      case 'has': {
        const operand = this.eval(e.operand);
        if (operand instanceof LazyMap) return operand.has(e.field);
        if (isMap(operand)) return Object.prototype.hasOwnProperty.call(operand, e.field);
        throw new CelEvalError(`no such key: ${e.field}`);
      }
      case 'comprehension':
        return this.comprehension(e);
      case 'call':
        return this.call(e);
    }
  }

  /** Evaluates, turning an error into a value so `&&`, `||` and macros can absorb it. */
  private attempt(e: Expr): { value?: unknown; error?: unknown } {
    try {
      return { value: this.eval(e) };
    } catch (error) {
      if (error instanceof CelEvalError) return { error };
      throw error;
    }
  }

  private logical(e: Expr & { k: 'call' }, decisive: boolean): boolean {
    const fn = e.fn;
    const left = this.attempt(e.args[0]!);
    if (!left.error && truthy(left.value, fn) === decisive) return decisive;
    const right = this.attempt(e.args[1]!);
    if (!right.error && truthy(right.value, fn) === decisive) return decisive;
    if (left.error) throw left.error;
    if (right.error) throw right.error;
    return !decisive;
  }

  private call(e: Expr & { k: 'call' }): unknown {
    switch (e.fn) {
      case '_&&_':
        return this.logical(e, false);
      case '_||_':
        return this.logical(e, true);
    }
    // `optional.of(x)`: a namespaced global function, written as a call on `optional`.
    if (e.target?.k === 'ident' && !this.vars.has(e.target.name)) {
      const global = GLOBALS[`${e.target.name}.${e.fn}`];
      if (global) return global(...e.args.map((a) => this.eval(a)));
    }
    const args = e.args.map((a) => this.eval(a));
    const [a, b] = args;
    switch (e.fn) {
      case '!_':
        return !truthy(a, '!_');
      case '-_':
        if (typeof a !== 'number') throw noOverload('-_', a);
        return -a;
      case '_==_':
        return equals(a, b);
      case '_!=_':
        return !equals(a, b);
      case '_<_':
        return compare(a, b, e.fn) < 0;
      case '_<=_':
        return compare(a, b, e.fn) <= 0;
      case '_>_':
        return compare(a, b, e.fn) > 0;
      case '_>=_':
        return compare(a, b, e.fn) >= 0;
      case '_+_':
        return plus(a, b);
      case '_-_':
        return minus(a, b);
      case '_*_':
      case '_/_':
      case '_%_':
        return arithmetic(e.fn, a, b);
      case '@in':
        if (Array.isArray(b)) return b.some((x) => equals(x, a));
        if (isMap(b)) return Object.prototype.hasOwnProperty.call(b, String(a));
        if (b instanceof LazyMap) return b.has(String(a));
        throw noOverload('@in', a, b);
    }
    if (e.target) {
      const method = METHODS[e.fn];
      if (!method) throw new CelEvalError(`no such overload: ${e.fn}`);
      return method(this.eval(e.target), ...args);
    }
    const fn = GLOBALS[e.fn];
    if (!fn) throw new CelEvalError(`no such overload: ${e.fn}`);
    return fn(...args);
  }

  private comprehension(e: Expr & { k: 'comprehension' }): unknown {
    const items = rangeOf(this.eval(e.range), e.macro);
    const scoped = (item: unknown) => new Interpreter(new Map([...this.vars, [e.variable, item]]));
    switch (e.macro) {
      case 'all':
      case 'exists': {
        const decisive = e.macro === 'exists';
        let error: unknown;
        for (const item of items) {
          const r = scoped(item).attempt(e.body);
          if (r.error) error ??= r.error;
          else if (truthy(r.value, e.macro) === decisive) return decisive;
        }
        if (error) throw error;
        return !decisive;
      }
      case 'exists_one':
        return items.filter((item) => truthy(scoped(item).eval(e.body), e.macro)).length === 1;
      case 'filter':
        return items.filter((item) => truthy(scoped(item).eval(e.body), e.macro));
      case 'map':
        return items
          .filter((item) => !e.filter || truthy(scoped(item).eval(e.filter), e.macro))
          .map((item) => scoped(item).eval(e.body));
    }
  }
}
