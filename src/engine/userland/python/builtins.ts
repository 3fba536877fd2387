/**
 * The builtins (`print`, `int`, `len`, `range`…), the modules a container script imports (`os`,
 * `sys`, `time`) and the methods of str, list and dict, with CPython's error texts.
 */
import { PyException } from './errors';
import { formatSpec } from './format';
import {
  asInt,
  iterate,
  order,
  PyDict,
  PyExcValue,
  PyFunc,
  PyList,
  PyModule,
  PyRange,
  PyTuple,
  PyType,
  raise,
  repr,
  str,
  truthy,
  typeName,
  type Py,
} from './values';
import { EXCEPTION_PARENTS } from './errors';

/** What the builtins need from the running process. */
export interface Host {
  write(stream: 'stdout' | 'stderr', text: string, flush: boolean): void;
  /** Flushes sys.stdout's buffer (`flush=True`, `sys.stdout.flush()`). */
  flush(): void;
  sleep(ms: number): void;
  /** Wall-clock ms of the process's virtual instant. */
  wallNow(): number;
  env: PyDict;
  argv: string[];
  version: string;
}

type Fn = (args: Py[], kw: Record<string, Py>) => Py;
const fn = (name: string, call: Fn) => new PyFunc(name, call);

function arity(name: string, args: Py[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  if (min === max)
    raise(
      'TypeError',
      `${name}() takes exactly ${min} argument${min === 1 ? '' : 's'} (${args.length} given)`,
    );
  raise(
    'TypeError',
    args.length < min
      ? `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`
      : `${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`,
  );
}

/** `int(x)`: CPython's literal rules and messages. */
export function toInt(v: Py, base?: Py): bigint {
  if (typeof v === 'string') {
    const b = base === undefined ? 10 : Number(asInt(base));
    const s = v.trim().replace(/_/g, '');
    const digits =
      b === 16
        ? /^[-+]?(0x)?[0-9a-f]+$/i
        : b === 8
          ? /^[-+]?(0o)?[0-7]+$/i
          : b === 2
            ? /^[-+]?(0b)?[01]+$/i
            : /^[-+]?\d+$/;
    if (!digits.test(s))
      return raise('ValueError', `invalid literal for int() with base ${b}: ${repr(v)}`);
    const neg = s.startsWith('-');
    const body = s.replace(/^[-+]/, '').replace(/^0[xob]/i, '');
    const n = BigInt(b === 10 ? body : `0${b === 16 ? 'x' : b === 8 ? 'o' : 'b'}${body}`);
    return neg ? -n : n;
  }
  const i = asInt(v);
  if (i !== undefined) return i;
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      raise(
        Number.isNaN(v) ? 'ValueError' : 'OverflowError',
        Number.isNaN(v)
          ? 'cannot convert float NaN to integer'
          : 'cannot convert float infinity to integer',
      );
    return BigInt(Math.trunc(v));
  }
  return raise(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`,
  );
}

function toFloat(v: Py): number {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s.replace(/_/g, '')))
      return Number(s.replace(/_/g, ''));
    if (/^[-+]?(inf|infinity|nan)$/.test(s))
      return s.includes('nan') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
    return raise('ValueError', `could not convert string to float: ${repr(v)}`);
  }
  const i = asInt(v);
  if (i !== undefined) return Number(i);
  if (typeof v === 'number') return v;
  return raise(
    'TypeError',
    `float() argument must be a string or a real number, not '${typeName(v)}'`,
  );
}

function len(v: Py): bigint {
  if (typeof v === 'string') return BigInt([...v].length);
  if (v instanceof PyList || v instanceof PyTuple) return BigInt(v.items.length);
  if (v instanceof PyDict) return BigInt(v.map.size);
  if (v instanceof PyRange) return BigInt(iterate(v).length);
  return raise('TypeError', `object of type '${typeName(v)}' has no len()`);
}

function extreme(name: string, args: Py[], pick: (a: Py, b: Py) => boolean): Py {
  const items = args.length === 1 ? iterate(args[0]) : args;
  if (!items.length) raise('ValueError', `${name}() iterable argument is empty`);
  return items.reduce((a, b) => (pick(b, a) ? b : a));
}

/** An exception type as a value: calling it makes the exception (`raise ValueError("bad")`). */
function exceptionType(name: string): PyType {
  return new PyType(
    name,
    (args) => new PyExcValue(new PyException(name, args.length ? str(args[0]) : '', args[0])),
  );
}

/** The builtins module. */
export function builtins(host: Host): Map<string, Py> {
  const b = new Map<string, Py>();
  b.set(
    'print',
    fn('print', (args, kw) => {
      const sep = kw.sep === undefined || kw.sep === null ? ' ' : str(kw.sep);
      const end = kw.end === undefined || kw.end === null ? '\n' : str(kw.end);
      const file = kw.file;
      const stream = file instanceof PyModule && file.name === 'stderr' ? 'stderr' : 'stdout';
      host.write(stream, args.map(str).join(sep) + end, truthy(kw.flush ?? false));
      return null;
    }),
  );
  b.set('int', new PyType('int', (args) => (args.length ? toInt(args[0], args[1]) : 0n)));
  b.set('float', new PyType('float', (args) => (args.length ? toFloat(args[0]) : 0)));
  b.set('str', new PyType('str', (args) => (args.length ? str(args[0]) : '')));
  b.set('bool', new PyType('bool', (args) => (args.length ? truthy(args[0]) : false)));
  b.set('list', new PyType('list', (args) => new PyList(args.length ? [...iterate(args[0])] : [])));
  b.set(
    'tuple',
    new PyType('tuple', (args) => new PyTuple(args.length ? [...iterate(args[0])] : [])),
  );
  b.set(
    'dict',
    new PyType('dict', (_args, kw) => {
      const d = new PyDict();
      for (const [k, v] of Object.entries(kw)) d.set(k, v);
      return d;
    }),
  );
  b.set(
    'repr',
    fn('repr', (args) => (arity('repr', args, 1, 1), repr(args[0]))),
  );
  b.set(
    'len',
    fn('len', (args) => (arity('len', args, 1, 1), len(args[0]))),
  );
  b.set(
    'abs',
    fn('abs', ([v]) =>
      typeof v === 'number' ? Math.abs(v) : ((i) => (i < 0n ? -i : i))(toInt(v)),
    ),
  );
  b.set(
    'range',
    new PyType('range', (args) => {
      if (!args.length) raise('TypeError', 'range expected at least 1 argument, got 0');
      const ints = args.map(
        (a) =>
          asInt(a) ??
          raise('TypeError', `'${typeName(a)}' object cannot be interpreted as an integer`),
      );
      const [start, stop, step] =
        ints.length === 1 ? [0n, ints[0], 1n] : [ints[0], ints[1], ints[2] ?? 1n];
      if (step === 0n) raise('ValueError', 'range() arg 3 must not be zero');
      return new PyRange(start, stop, step);
    }),
  );
  b.set(
    'min',
    fn('min', (args) => extreme('min', args, (x, y) => order('<', x, y))),
  );
  b.set(
    'max',
    fn('max', (args) => extreme('max', args, (x, y) => order('>', x, y))),
  );
  b.set(
    'sum',
    fn('sum', ([it, start]) =>
      iterate(it).reduce<Py>((a, x) => {
        const i = asInt(a);
        const j = asInt(x);
        if (i !== undefined && j !== undefined) return i + j;
        if (typeof x === 'string')
          raise('TypeError', "unsupported operand type(s) for +: 'int' and 'str'");
        return toFloat(a) + toFloat(x);
      }, start ?? 0n),
    ),
  );
  b.set(
    'sorted',
    fn('sorted', ([it], kw) => {
      const items = [...iterate(it)].sort((x, y) =>
        order('<', x, y) ? -1 : order('>', x, y) ? 1 : 0,
      );
      return new PyList(truthy(kw.reverse ?? false) ? items.reverse() : items);
    }),
  );
  b.set(
    'round',
    fn('round', ([v, nd]) => {
      const x = toFloat(v);
      if (nd === undefined || nd === null) {
        const r = Math.round(x);
        return BigInt(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r); // banker's rounding
      }
      const f = 10 ** Number(asInt(nd));
      return Math.round(x * f) / f;
    }),
  );
  b.set(
    'format',
    fn('format', ([v, spec]) => formatSpec(v, spec === undefined ? '' : str(spec))),
  );
  b.set(
    'type',
    fn('type', ([v]) => new PyType(typeName(v), () => null)),
  );
  b.set(
    'input',
    fn('input', ([prompt]) => {
      if (prompt !== undefined) host.write('stdout', str(prompt), false);
      return raise('EOFError', 'EOF when reading a line');
    }),
  );
  b.set(
    'enumerate',
    fn('enumerate', ([it, start]) => {
      const s = start === undefined ? 0n : toInt(start);
      return new PyList(iterate(it).map((x, i) => new PyTuple([s + BigInt(i), x])));
    }),
  );
  b.set(
    'zip',
    fn('zip', (args) => {
      const lists = args.map(iterate);
      const n = Math.min(...lists.map((l) => l.length));
      return new PyList(Array.from({ length: n }, (_, i) => new PyTuple(lists.map((l) => l[i]))));
    }),
  );
  b.set(
    'hex',
    fn('hex', ([v]) => {
      const i = toInt(v);
      return `${i < 0n ? '-' : ''}0x${(i < 0n ? -i : i).toString(16)}`;
    }),
  );
  b.set(
    'chr',
    fn('chr', ([v]) => String.fromCodePoint(Number(toInt(v)))),
  );
  b.set(
    'ord',
    fn('ord', ([v]) => BigInt(str(v).codePointAt(0) ?? 0)),
  );
  b.set(
    'isinstance',
    fn('isinstance', ([v, t]) => {
      const types = t instanceof PyTuple ? t.items : [t];
      const tn = typeName(v);
      return types.some(
        (x) => x instanceof PyType && (x.name === tn || (x.name === 'int' && tn === 'bool')),
      );
    }),
  );
  b.set(
    'exit',
    fn('exit', ([code]) => {
      throw new PyException('SystemExit', '', code ?? null);
    }),
  );
  b.set('quit', b.get('exit')!);
  for (const name of Object.keys(EXCEPTION_PARENTS)) b.set(name, exceptionType(name));
  return b;
}

/** `import os|sys|time`; undefined: no such module in the image. */
export function importModule(name: string, host: Host): PyModule | undefined {
  const m = new Map<string, Py>();
  if (name === 'os') {
    m.set('environ', host.env);
    m.set(
      'getenv',
      fn('getenv', ([k, d]) => host.env.get(k) ?? d ?? null),
    );
    m.set(
      'getpid',
      fn('getpid', () => 1n),
    );
    m.set('sep', '/');
    m.set('linesep', '\n');
    m.set('name', 'posix');
    m.set(
      'path',
      new PyModule(
        'posixpath',
        new Map<string, Py>([
          [
            'join',
            fn('join', (args) =>
              args
                .map(str)
                .reduce(
                  (a, p) => (p.startsWith('/') ? p : a.endsWith('/') || !a ? a + p : `${a}/${p}`),
                  '',
                ),
            ),
          ],
          ['basename', fn('basename', ([p]) => str(p).slice(str(p).lastIndexOf('/') + 1))],
        ]),
      ),
    );
    return new PyModule('os', m);
  }
  if (name === 'sys') {
    m.set(
      'exit',
      fn('exit', ([code]) => {
        throw new PyException('SystemExit', '', code ?? null);
      }),
    );
    m.set('argv', new PyList(host.argv));
    m.set(
      'stdout',
      new PyModule(
        'stdout',
        new Map([
          ['flush', fn('flush', () => (host.flush(), null))],
          [
            'write',
            fn('write', ([s]) => (host.write('stdout', str(s), false), BigInt(str(s).length))),
          ],
        ]),
      ),
    );
    m.set(
      'stderr',
      new PyModule(
        'stderr',
        new Map([
          ['flush', fn('flush', () => null)],
          [
            'write',
            fn('write', ([s]) => (host.write('stderr', str(s), false), BigInt(str(s).length))),
          ],
        ]),
      ),
    );
    m.set('version', `${host.version} (main) [GCC 12.2.0]`);
    m.set('platform', 'linux');
    m.set('maxsize', 9223372036854775807n);
    return new PyModule('sys', m);
  }
  if (name === 'time') {
    m.set(
      'sleep',
      fn('sleep', ([s]) => {
        const secs =
          typeof s === 'number'
            ? s
            : Number(
                asInt(s) ??
                  raise('TypeError', `'${typeName(s)}' object cannot be interpreted as an integer`),
              );
        if (secs < 0) raise('ValueError', 'sleep length must be non-negative');
        host.sleep(secs * 1000);
        return null;
      }),
    );
    m.set(
      'time',
      fn('time', () => host.wallNow() / 1000),
    );
    m.set(
      'monotonic',
      fn('monotonic', () => host.wallNow() / 1000),
    );
    return new PyModule('time', m);
  }
  return undefined;
}
