/**
 * The small Python's objects: None, bool, int (arbitrary precision, as BigInt), float, str, list,
 * tuple, dict, range, functions and modules; their `str()`/`repr()`, truth, arithmetic and
 * comparison with CPython's TypeError texts (Objects/abstract.c, Objects/object.c).
 */
import type { Param, Stmt } from './ast';
import { PyException } from './errors';

export type Py =
  | null
  | boolean
  | bigint
  | number
  | string
  | PyList
  | PyTuple
  | PyDict
  | PyRange
  | PyFunc
  | PyModule
  | PyType;

export class PyList {
  constructor(public items: Py[]) {}
}
export class PyTuple {
  constructor(readonly items: Py[]) {}
}
export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {}
}
/** A dict: insertion-ordered, keyed by {@link hashKey}. */
export class PyDict {
  readonly map = new Map<string, [Py, Py]>();
  get(k: Py): Py | undefined {
    return this.map.get(hashKey(k))?.[1];
  }
  set(k: Py, v: Py): void {
    this.map.set(hashKey(k), [k, v]);
  }
}
/** A builtin (`call` in JS) or a `def`/`lambda` of the script. */
export class PyFunc {
  constructor(
    readonly name: string,
    readonly call?: (args: Py[], kw: Record<string, Py>) => Py | Generator<unknown, Py>,
    readonly def?: { params: Param[]; defaults: Py[]; body: Stmt[] | { lambda: unknown } },
    /** `str.upper` bound to its string: the method's owner type, for messages. */
    readonly owner?: string,
  ) {}
}
export class PyModule {
  constructor(
    readonly name: string,
    readonly attrs: Map<string, Py>,
  ) {}
}
/** A builtin type used as a value (`int`, `str`, `Exception`): callable. */
export class PyType {
  constructor(
    readonly name: string,
    readonly call: (args: Py[], kw: Record<string, Py>) => Py,
  ) {}
}
/** A raised exception object as `except … as e` binds it. */
export class PyExcValue extends PyTuple {
  constructor(readonly exc: PyException) {
    super([exc.message]);
  }
}

export const raise = (type: string, message: string): never => {
  throw new PyException(type, message);
};

/** CPython's type name, as error messages print it. */
export function typeName(v: Py): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyExcValue) return v.exc.type;
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PyModule) return 'module';
  if (v instanceof PyType) return 'type';
  return v.owner ? 'builtin_function_or_method' : v.def ? 'function' : 'builtin_function_or_method';
}

export function hashKey(v: Py): string {
  if (v === null) return 'n';
  if (typeof v === 'boolean') return `i${v ? 1 : 0}`;
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `i${v}` : `f${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof PyTuple) return `t(${v.items.map(hashKey).join(',')})`;
  if (v instanceof PyList || v instanceof PyDict)
    raise('TypeError', `unhashable type: '${typeName(v)}'`);
  return `o${typeName(v)}:${(v as { name?: string }).name}`;
}

/** repr() of a float: the shortest digits, scientific below 1e-4 or from 1e16 (float_repr). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const m = mant.includes('.') ? mant : mant;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  if (/e/.test(s)) {
    // JS switches to exponent notation at 1e21 / 1e-7; Python's range is narrower.
    return x.toFixed(Math.max(0, -exp + (mant.replace(/[-.]/g, '').length - 1)));
  }
  return s.includes('.') ? s : `${s}.0`;
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(new RegExp(q, 'g'), `\\${q}`);
  return q + body + q;
}

export function repr(v: Py): string {
  if (typeof v === 'string') return quote(v);
  if (v instanceof PyExcValue) {
    // KeyError's message is already its key's repr.
    const m = v.exc.message;
    return `${v.exc.type}(${m ? (v.exc.type === 'KeyError' ? m : quote(m)) : ''})`;
  }
  if (v instanceof PyList) return `[${v.items.map(repr).join(', ')}]`;
  if (v instanceof PyTuple)
    return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(', ')})`;
  if (v instanceof PyDict)
    return `{${[...v.map.values()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  return str(v);
}

export function str(v: Py): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return floatRepr(v);
  if (typeof v === 'string') return v;
  if (v instanceof PyExcValue) return v.exc.message;
  if (v instanceof PyRange)
    return `range(${v.start}, ${v.stop}${v.step !== 1n ? `, ${v.step}` : ''})`;
  if (v instanceof PyModule) return `<module '${v.name}' (built-in)>`;
  if (v instanceof PyType) return `<class '${v.name}'>`;
  if (v instanceof PyFunc)
    return v.def ? `<function ${v.name} at 0x7f3a2c1b8e00>` : `<built-in function ${v.name}>`;
  return repr(v);
}

export function truthy(v: Py): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.map.size > 0;
  if (v instanceof PyRange) return rangeLen(v) > 0n;
  return true;
}

export function rangeLen(r: PyRange): bigint {
  const n =
    r.step > 0n
      ? (r.stop - r.start + r.step - 1n) / r.step
      : (r.start - r.stop - r.step - 1n) / -r.step;
  return n > 0n ? n : 0n;
}

/** An int-like value (bool is an int) as BigInt, or undefined. */
export function asInt(v: Py): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}
const isNum = (v: Py) => asInt(v) !== undefined || typeof v === 'number';
const toFloat = (v: Py) => (typeof v === 'number' ? v : Number(asInt(v)));

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const mod = (a: bigint, b: bigint) => {
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
};

/** `l op r` for + - * / // % ** and the bit operators. */
export function binop(op: string, l: Py, r: Py, fmt: (s: string, args: Py) => string): Py {
  const a = asInt(l);
  const b = asInt(r);
  if (a !== undefined && b !== undefined) {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0n) raise('ZeroDivisionError', 'division by zero');
        return Number(a) / Number(b);
      case '//':
        if (b === 0n) raise('ZeroDivisionError', 'integer division or modulo by zero');
        return floorDiv(a, b);
      case '%':
        if (b === 0n) raise('ZeroDivisionError', 'integer modulo by zero');
        return mod(a, b);
      case '**':
        return b < 0n ? Number(a) ** Number(b) : a ** b;
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
    }
  }
  if (isNum(l) && isNum(r) && !['&', '|', '^', '<<', '>>'].includes(op)) {
    const x = toFloat(l);
    const y = toFloat(r);
    if (y === 0 && ['/', '//', '%'].includes(op))
      raise(
        'ZeroDivisionError',
        op === '/'
          ? 'division by zero'
          : op === '//'
            ? 'float floor division by zero'
            : 'float modulo',
      );
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '//':
        return Math.floor(x / y);
      case '%':
        return x - Math.floor(x / y) * y;
      case '**':
        return x ** y;
    }
  }
  if (typeof l === 'string') {
    if (op === '+' && typeof r === 'string') return l + r;
    if (op === '*' && asInt(r) !== undefined) return l.repeat(Math.max(0, Number(asInt(r))));
    if (op === '%') return fmt(l, r);
    if (op === '+') raise('TypeError', `can only concatenate str (not "${typeName(r)}") to str`);
  }
  if (op === '*' && typeof r === 'string' && asInt(l) !== undefined)
    return r.repeat(Math.max(0, Number(asInt(l))));
  if (l instanceof PyList && r instanceof PyList && op === '+')
    return new PyList([...l.items, ...r.items]);
  if (l instanceof PyTuple && r instanceof PyTuple && op === '+')
    return new PyTuple([...l.items, ...r.items]);
  if ((l instanceof PyList || l instanceof PyTuple) && op === '*' && asInt(r) !== undefined) {
    const items = Array.from({ length: Math.max(0, Number(asInt(r))) }, () => l.items).flat();
    return l instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  if (l instanceof PyList && op === '+')
    raise('TypeError', `can only concatenate list (not "${typeName(r)}") to list`);
  return raise(
    'TypeError',
    `unsupported operand type(s) for ${op === '**' ? '** or pow()' : op}: '${typeName(l)}' and '${typeName(r)}'`,
  );
}

export function equals(l: Py, r: Py): boolean {
  if (isNum(l) && isNum(r)) {
    const a = asInt(l);
    const b = asInt(r);
    return a !== undefined && b !== undefined ? a === b : toFloat(l) === toFloat(r);
  }
  if (
    (l instanceof PyList && r instanceof PyList) ||
    (l instanceof PyTuple && r instanceof PyTuple && !(l instanceof PyExcValue))
  )
    return l.items.length === r.items.length && l.items.every((x, i) => equals(x, r.items[i]));
  if (l instanceof PyDict && r instanceof PyDict)
    return (
      l.map.size === r.map.size &&
      [...l.map].every(([k, [, v]]) => r.map.has(k) && equals(v, r.map.get(k)![1]))
    );
  return l === r;
}

/** `l < r` and friends; mixed types are CPython's TypeError. */
export function order(op: string, l: Py, r: Py): boolean {
  let c: number | undefined;
  if (isNum(l) && isNum(r)) {
    const a = asInt(l);
    const b = asInt(r);
    c =
      a !== undefined && b !== undefined
        ? a < b
          ? -1
          : a > b
            ? 1
            : 0
        : Math.sign(toFloat(l) - toFloat(r));
  } else if (typeof l === 'string' && typeof r === 'string') c = l < r ? -1 : l > r ? 1 : 0;
  else if (
    (l instanceof PyList && r instanceof PyList) ||
    (l instanceof PyTuple && r instanceof PyTuple)
  ) {
    const n = Math.min(l.items.length, r.items.length);
    for (let i = 0; i < n && c === undefined; i++)
      if (!equals(l.items[i], r.items[i])) c = order('<', l.items[i], r.items[i]) ? -1 : 1;
    c ??= Math.sign(l.items.length - r.items.length);
  }
  if (c === undefined)
    return raise(
      'TypeError',
      `'${op}' not supported between instances of '${typeName(l)}' and '${typeName(r)}'`,
    );
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

/** The items of an iterable (list, tuple, str, dict keys, range), or CPython's TypeError. */
export function iterate(v: Py): Py[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  if (typeof v === 'string') return [...v];
  if (v instanceof PyDict) return [...v.map.values()].map(([k]) => k);
  if (v instanceof PyRange) {
    const n = rangeLen(v);
    if (n > 10_000_000n) raise('MemoryError', '');
    return Array.from({ length: Number(n) }, (_, i) => v.start + BigInt(i) * v.step);
  }
  return raise('TypeError', `'${typeName(v)}' object is not iterable`);
}
