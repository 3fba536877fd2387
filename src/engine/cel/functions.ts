/**
 * The functions CEL expressions in Kubernetes may call: cel-go's standard library, the string
 * extensions and the Kubernetes libraries (k/k staging/src/k8s.io/apiserver/pkg/cel/library:
 * lists, regex, quantity) as v1.31 enables them. Each takes its receiver (for `x.f(…)`) as its
 * first argument.
 */
import { parseQuantity, QuantityError } from '../api/quantity';
import { CelEvalError } from './errors';
import { IP_GLOBALS, IP_METHODS, toCIDR } from './ip';
import {
  Bytes,
  CelType,
  compare,
  Duration,
  equals,
  isMap,
  noOverload,
  Optional,
  Quantity,
  Timestamp,
  toString_,
  typeName,
} from './values';

type Fn = (...args: unknown[]) => unknown;

const str = (fn: string, v: unknown, ...rest: unknown[]): string => {
  if (typeof v !== 'string') throw noOverload(fn, v, ...rest);
  return v;
};
const list = (fn: string, v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw noOverload(fn, v);
  return v;
};

/** RE2 syntax as JavaScript reads it (RE2's `(?i)` flag prefix is the one common difference). */
function regex(pattern: string): RegExp {
  try {
    const flags = /^\(\?([ims]+)\)/.exec(pattern);
    return flags
      ? new RegExp(pattern.slice(flags[0].length), flags[1]!.replace('m', 'm'))
      : new RegExp(pattern);
  } catch {
    throw new CelEvalError(
      `error parsing regexp: invalid or unsupported Perl syntax: \`${pattern}\``,
    );
  }
}

/** Go's time.ParseDuration: `1h30m`, `10s`, `1.5h`, `100ms`, `-2m`. */
export function parseDuration(s: string): Duration {
  const units: Record<string, number> = {
    ns: 1e-9,
    us: 1e-6,
    µs: 1e-6,
    ms: 1e-3,
    s: 1,
    m: 60,
    h: 3600,
  };
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (s === '0') return new Duration(0);
  if (!m)
    throw new CelEvalError(`type conversion error from 'string' to 'google.protobuf.Duration'`);
  let total = 0;
  for (const part of s.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    total += Number(part[1]) * units[part[2]!]!;
  return new Duration(m[1] === '-' ? -total : total);
}

function toInt(v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CelEvalError('double is out of range of int');
    return Math.trunc(v);
  }
  if (typeof v === 'string') {
    if (!/^[-+]?\d+$/.test(v))
      throw new CelEvalError(`type conversion error from 'string' to 'int'`);
    return Number(v);
  }
  if (typeof v === 'boolean') throw noOverload('int', v);
  if (v instanceof Duration) return Math.trunc(v.seconds * 1e9);
  if (v instanceof Timestamp) return Math.floor(v.ms / 1000);
  throw noOverload('int', v);
}

function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n))
      throw new CelEvalError(`type conversion error from 'string' to 'double'`);
    return n;
  }
  throw noOverload('double', v);
}

function quantity(v: unknown): Quantity {
  if (v instanceof Quantity) return v;
  const s = str('quantity', v);
  try {
    return new Quantity(s, parseQuantity(s));
  } catch (e) {
    if (e instanceof QuantityError)
      throw new CelEvalError(
        `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      );
    throw e;
  }
}

const sizeOf = (v: unknown): number => {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Bytes) return v.size;
  if (isMap(v)) return Object.keys(v).length;
  throw noOverload('size', v);
};

const sortedBy = (xs: unknown[], fn: string): unknown[] =>
  [...xs].sort((a, b) => compare(a, b, fn));

/** Global functions: `size(x)`, `int(x)`, `duration(s)`, `optional.of(x)`, … */
export const GLOBALS: Record<string, Fn> = {
  size: sizeOf,
  int: toInt,
  uint: (v) => {
    const n = toInt(v);
    if (n < 0) throw new CelEvalError('int out of uint range');
    return n;
  },
  double: toDouble,
  string: toString_,
  bool: (v) => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (['true', 'True', 'TRUE', 't', '1'].includes(v)) return true;
      if (['false', 'False', 'FALSE', 'f', '0'].includes(v)) return false;
      throw new CelEvalError(`type conversion error from 'string' to 'bool'`);
    }
    throw noOverload('bool', v);
  },
  bytes: (v) => {
    if (v instanceof Bytes) return v;
    return new Bytes(str('bytes', v));
  },
  dyn: (v) => v,
  type: (v) => new CelType(typeName(v)),
  duration: (v) => (v instanceof Duration ? v : parseDuration(str('duration', v))),
  timestamp: (v) => {
    if (v instanceof Timestamp) return v;
    const ms = Date.parse(str('timestamp', v));
    if (Number.isNaN(ms))
      throw new CelEvalError(`type conversion error from 'string' to 'google.protobuf.Timestamp'`);
    return new Timestamp(ms);
  },
  matches: (s, re) => regex(str('matches', re)).test(str('matches', s, re)),
  'optional.of': (v) => new Optional(v ?? null),
  'optional.ofNonZeroValue': (v) =>
    v === null || v === undefined || v === 0 || v === '' || v === false || sizeOfZero(v)
      ? new Optional()
      : new Optional(v),
  'optional.none': () => new Optional(),
  quantity: quantity,
  ...IP_GLOBALS,
  isQuantity: (v) => {
    try {
      quantity(v);
      return true;
    } catch {
      return false;
    }
  },
};

function sizeOfZero(v: unknown): boolean {
  return (Array.isArray(v) || isMap(v)) && sizeOf(v) === 0;
}

/** Receiver functions: `s.startsWith(p)`, `l.isSorted()`, `q.isLessThan(r)`, … */
export const METHODS: Record<string, Fn> = {
  size: sizeOf,
  contains: (s, sub) => str('contains', s, sub).includes(str('contains', sub)),
  startsWith: (s, p) => str('startsWith', s, p).startsWith(str('startsWith', p)),
  endsWith: (s, p) => str('endsWith', s, p).endsWith(str('endsWith', p)),
  matches: (s, re) => regex(str('matches', re)).test(str('matches', s, re)),
  lowerAscii: (s) => str('lowerAscii', s).replace(/[A-Z]/g, (c) => c.toLowerCase()),
  upperAscii: (s) => str('upperAscii', s).replace(/[a-z]/g, (c) => c.toUpperCase()),
  trim: (s) => str('trim', s).trim(),
  charAt: (s, i) => [...str('charAt', s)][i as number] ?? '',
  indexOf: (s, sub, from) => {
    if (Array.isArray(s)) return s.findIndex((x) => equals(x, sub));
    return str('indexOf', s).indexOf(str('indexOf', sub), (from as number) ?? 0);
  },
  lastIndexOf: (s, sub) => {
    if (Array.isArray(s)) {
      for (let i = s.length - 1; i >= 0; i--) if (equals(s[i], sub)) return i;
      return -1;
    }
    return str('lastIndexOf', s).lastIndexOf(str('lastIndexOf', sub));
  },
  substring: (s, a, b) => [...str('substring', s)].slice(a as number, b as number).join(''),
  replace: (s, a, b, n) => {
    const src = str('replace', s);
    if (n === undefined || (n as number) < 0)
      return src.split(str('replace', a)).join(str('replace', b));
    let out = src;
    let count = n as number;
    let at = 0;
    while (count-- > 0) {
      const i = out.indexOf(a as string, at);
      if (i < 0) break;
      out = out.slice(0, i) + (b as string) + out.slice(i + (a as string).length);
      at = i + (b as string).length;
    }
    return out;
  },
  split: (s, sep, n) => {
    const parts = str('split', s).split(str('split', sep));
    if (n === undefined || (n as number) < 0) return parts;
    if (n === 0) return [];
    return [
      ...parts.slice(0, (n as number) - 1),
      parts.slice((n as number) - 1).join(sep as string),
    ];
  },
  join: (l, sep) =>
    list('join', l)
      .map((x) => str('join', x))
      .join((sep as string | undefined) ?? ''),
  find: (s, re) => regex(str('find', re)).exec(str('find', s))?.[0] ?? '',
  findAll: (s, re, n) => {
    const all = [...str('findAll', s).matchAll(new RegExp(regex(re as string).source, 'g'))].map(
      (m) => m[0],
    );
    return n === undefined || (n as number) < 0 ? all : all.slice(0, n as number);
  },
  // Kubernetes' lists library.
  isSorted: (l) => {
    const xs = list('isSorted', l);
    return xs.every((x, i) => i === 0 || compare(xs[i - 1], x, 'isSorted') <= 0);
  },
  sum: (l) => list('sum', l).reduce((a: number, b) => a + (b as number), 0),
  min: (l) => {
    const xs = list('min', l);
    if (xs.length === 0) throw new CelEvalError('min called on empty list');
    return sortedBy(xs, 'min')[0];
  },
  max: (l) => {
    const xs = list('max', l);
    if (xs.length === 0) throw new CelEvalError('max called on empty list');
    return sortedBy(xs, 'max').at(-1);
  },
  // Optional values.
  hasValue: (o) => (o as Optional).present,
  value: (o) => {
    if (!(o instanceof Optional)) throw noOverload('value', o);
    if (!o.present) throw new CelEvalError('optional.none() dereference');
    return o.value;
  },
  orValue: (o, d) => {
    if (!(o instanceof Optional)) throw noOverload('orValue', o, d);
    return o.present ? o.value : d;
  },
  or: (o, p) => {
    if (!(o instanceof Optional)) throw noOverload('or', o, p);
    return o.present ? o : p;
  },
  // Durations and timestamps.
  getHours: (d) => Math.trunc((d as Duration).seconds / 3600),
  getMinutes: (d) => Math.trunc((d as Duration).seconds / 60),
  getSeconds: (d) =>
    d instanceof Timestamp ? new Date(d.ms).getUTCSeconds() : Math.trunc((d as Duration).seconds),
  getMilliseconds: (d) => Math.trunc(((d as Duration).seconds * 1000) % 1000),
  ...IP_METHODS,
  /** `cidr.ip()`: the address part of a prefix. */
  ip: (c) => toCIDR(c).ip,
  // Kubernetes' quantity library.
  isLessThan: (a, b) => quantity(a).value < quantity(b).value,
  isGreaterThan: (a, b) => quantity(a).value > quantity(b).value,
  compareTo: (a, b) => Math.sign(quantity(a).value - quantity(b).value),
  asInteger: (a) => {
    const v = quantity(a).value;
    if (!Number.isInteger(v)) throw new CelEvalError('cannot convert value to integer');
    return v;
  },
  asApproximateFloat: (a) => quantity(a).value,
  sign: (a) => Math.sign(quantity(a).value),
  isInteger: (a) => Number.isInteger(quantity(a).value),
  add: (a, b) => {
    const v = quantity(a).value + (typeof b === 'number' ? b : quantity(b).value);
    return new Quantity(String(v), v);
  },
  sub: (a, b) => {
    const v = quantity(a).value - (typeof b === 'number' ? b : quantity(b).value);
    return new Quantity(String(v), v);
  },
};
