/**
 * CEL values as the interpreter holds them: JSON's own (null, boolean, number, string, array,
 * object) for what comes from Kubernetes objects, plus the few CEL types JSON lacks. Numbers are
 * JavaScript numbers: an integral one is CEL's `int`, any other `double` (the Kubernetes objects
 * CEL reads have integer fields as integers, so the difference rarely shows).
 */
import { CelEvalError } from './errors';
import { CIDR, IP } from './ip';

/** `optional.of(x)` / `optional.none()` (cel-go's optional types, enabled in Kubernetes). */
export class Optional {
  constructor(readonly value?: unknown) {}
  get present(): boolean {
    return this.value !== undefined;
  }
}

/** A type value: what `type(x)` returns and what `int`, `string`, … name. */
export class CelType {
  constructor(readonly name: string) {}
}

/** `duration('1h30m')`: held in seconds. */
export class Duration {
  constructor(readonly seconds: number) {}
}

/** `timestamp('2024-01-01T00:00:00Z')`: held in ms since the epoch. */
export class Timestamp {
  constructor(readonly ms: number) {}
}

/** `bytes`: a byte string (b'abc'), held as the text it encodes in UTF-8. */
export class Bytes {
  constructor(readonly text: string) {}
  /** Its length in bytes. */
  get size(): number {
    let n = 0;
    for (const c of this.text) {
      const cp = c.codePointAt(0)!;
      n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return n;
  }
}

/** Kubernetes' quantity library value (`quantity('1Gi')`). */
export class Quantity {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

export type Map_ = Record<string, unknown>;

export function isMap(v: unknown): v is Map_ {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.getPrototypeOf(v) === Object.prototype
  );
}

/** The CEL type name of a value (`int`, `string`, `map`, `list`, …). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null_type';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Optional) return 'optional_type';
  if (v instanceof CelType) return 'type';
  if (v instanceof Duration) return 'google.protobuf.Duration';
  if (v instanceof Timestamp) return 'google.protobuf.Timestamp';
  if (v instanceof Bytes) return 'bytes';
  if (v instanceof Quantity) return 'kubernetes.Quantity';
  if (v instanceof IP) return 'net.IP';
  if (v instanceof CIDR) return 'net.CIDR';
  return 'map';
}

/** CEL equality: by value, lists element-wise, maps key-wise; numbers across int and double. */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]));
  }
  if (a instanceof Optional && b instanceof Optional)
    return equals(a.value ?? null, b.value ?? null);
  if (a instanceof CelType && b instanceof CelType) return a.name === b.name;
  if (a instanceof Duration && b instanceof Duration) return a.seconds === b.seconds;
  if (a instanceof Timestamp && b instanceof Timestamp) return a.ms === b.ms;
  if (a instanceof Quantity && b instanceof Quantity) return a.value === b.value;
  if (a instanceof IP && b instanceof IP) return a.family === b.family && a.value === b.value;
  if (a instanceof CIDR && b instanceof CIDR) return a.prefix === b.prefix && equals(a.ip, b.ip);
  if (a instanceof Bytes && b instanceof Bytes) return a.text === b.text;
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equals(a[k], b[k]));
  }
  return false;
}

/** `<`, `<=`, …: numbers, strings, booleans, bytes, durations, timestamps. */
export function compare(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Duration && b instanceof Duration) return a.seconds - b.seconds;
  if (a instanceof Timestamp && b instanceof Timestamp) return a.ms - b.ms;
  throw noOverload(op, a, b);
}

/** cel-go's `no such overload` error, naming the operator and argument types as it does. */
export function noOverload(fn: string, ...args: unknown[]): CelEvalError {
  const types = args.map(typeName).join(', ');
  return new CelEvalError(`no such overload: ${fn}(${types})`);
}

/** How a value prints inside a message (`string(x)`). */
export function toString_(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Bytes) return v.text;
  if (v instanceof Duration) return `${v.seconds}s`;
  if (v instanceof Timestamp) return new Date(v.ms).toISOString().replace('.000Z', 'Z');
  if (v instanceof CelType) return v.name;
  if (v instanceof Quantity) return v.text;
  if (v instanceof IP || v instanceof CIDR) return v.toString();
  throw noOverload('string', v);
}
