/**
 * What kube-apiserver's decoder says about a request body before anything else looks at it
 * (k/k: apimachinery serializer/json with sigs.k8s.io/json, and the handlers' transformDecodeError):
 * a value of the wrong JSON type for its Go field is a 400 with Go's `UnmarshalTypeError` text,
 * e.g. `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
 * string into Go struct field DeploymentSpec.spec.replicas of type int32`; and a field the Go
 * struct does not have is an unknown field, refused, warned about or dropped as the request's
 * `fieldValidation` asks.
 */
import type { KubeObject } from './types';
import type { FieldTable } from './fieldTable';
import { quantityError } from './quantity';
import table from './generated/fields.json';

const FIELDS = table as FieldTable;

/** `fieldValidation` of a write (k/k: metav1.CreateOptions.FieldValidation). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Decoded {
  /** The 400 text when the body cannot be decoded, prefixed as the API server prefixes it. */
  error?: string;
  /** Unknown fields, as paths with list indices (`spec.containers[0].imagePullPolice`). */
  unknown: string[];
}

const INT32 = [-2147483648, 2147483647];
const INT64 = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/** Go's name for a field type, as `UnmarshalTypeError` prints it. */
function goType(code: string): string {
  if (code.startsWith('[]')) return `[]${goType(code.slice(2))}`;
  if (code.startsWith('map[]')) return `map[string]${goType(code.slice(5))}`;
  if (code.startsWith('@')) return `v1.${code.slice(1)}`;
  switch (code) {
    case 'quantity':
      return 'resource.Quantity';
    case 'intstr':
      return 'intstr.IntOrString';
    case 'time':
      return 'v1.Time';
    default:
      return code;
  }
}

/** How Go's decoder names a JSON value it cannot store (`number 2.5` for numbers). */
function jsonValue(v: unknown, withNumber: boolean): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return withNumber ? `number ${String(v)}` : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class Walker {
  error: string | undefined;
  readonly unknown: string[] = [];

  constructor(private readonly collectUnknown: boolean) {}

  /**
   * Checks `v` against `code`. `owner` and `path` name the Go field for a type error (the
   * innermost struct and the dotted path from the root, without indices, as Go prints it);
   * `at` is the path with indices, for unknown fields.
   */
  walk(v: unknown, code: string, owner: string, path: string, at: string): void {
    if (this.error || v === null || v === undefined) return;
    const fail = (value: string) =>
      (this.error = `json: cannot unmarshal ${value} into Go struct field ${owner}.${path} of type ${goType(code)}`);
    if (code.startsWith('[]')) {
      if (!Array.isArray(v)) return void fail(jsonValue(v, false));
      const inner = code.slice(2);
      v.forEach((x, i) => this.walk(x, inner, owner, path, `${at}[${i}]`));
      return;
    }
    if (code.startsWith('map[]')) {
      if (!isObject(v)) return void fail(jsonValue(v, false));
      const inner = code.slice(5);
      for (const [k, x] of Object.entries(v)) this.walk(x, inner, owner, path, `${at}[${k}]`);
      return;
    }
    if (code.startsWith('@')) {
      if (!isObject(v)) return void fail(jsonValue(v, false));
      this.struct(v, code.slice(1), path, at);
      return;
    }
    switch (code) {
      case 'string':
        if (typeof v !== 'string') fail(jsonValue(v, false));
        return;
      case 'bool':
        if (typeof v !== 'boolean') fail(jsonValue(v, false));
        return;
      case 'int32':
      case 'int64': {
        const [lo, hi] = code === 'int32' ? INT32 : INT64;
        if (typeof v !== 'number') fail(jsonValue(v, false));
        else if (!Number.isInteger(v) || v < lo || v > hi) fail(jsonValue(v, true));
        return;
      }
      case 'quantity': {
        // resource.Quantity decodes itself: its parse error is the message.
        const msg = quantityError(v);
        if (msg) this.error = msg;
        return;
      }
      case 'intstr':
        // intstr.IntOrString decodes a non-string into a plain int32: a Go value, no field.
        if (typeof v === 'string') return;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32[0] || v > INT32[1])
          this.error = `json: cannot unmarshal ${jsonValue(v, true)} into Go value of type int32`;
        return;
      case 'time':
        if (typeof v !== 'string')
          this.error = `json: cannot unmarshal ${jsonValue(v, false)} into Go value of type string`;
        return;
      default:
        return;
    }
  }

  struct(v: Record<string, unknown>, name: string, path: string, at: string): void {
    const fields = FIELDS.structs[name];
    if (!fields) return;
    for (const [k, x] of Object.entries(v)) {
      if (this.error) return;
      const childPath = path ? `${path}.${k}` : k;
      const childAt = at ? `${at}.${k}` : k;
      const code = fields[k];
      if (code === undefined) {
        if (this.collectUnknown) this.unknown.push(childAt);
        continue;
      }
      this.walk(x, code, name, childPath, childAt);
    }
  }
}

/**
 * Decodes `obj` as its kind's Go struct would be: the first value of the wrong type (in
 * document order, as Go's decoder meets them), and, when `collectUnknown`, every unknown field.
 */
export function decodeObject(obj: KubeObject, collectUnknown = false): Decoded {
  const kind = obj.kind ?? '';
  const root = FIELDS.kinds[kind];
  if (!root) return { unknown: [] };
  const w = new Walker(collectUnknown);
  w.struct(obj as Record<string, unknown>, root, '', '');
  if (!w.error) return { unknown: w.unknown };
  const version = (obj.apiVersion ?? '').split('/').pop() ?? '';
  return {
    error: `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${w.error}`,
    unknown: [],
  };
}

/** The text of a Strict refusal: `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingError(obj: KubeObject, unknown: readonly string[]): string {
  const kind = obj.kind ?? '';
  const version = (obj.apiVersion ?? '').split('/').pop() ?? '';
  const fields = unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ');
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${fields}`;
}

/** Removes the unknown fields from `obj` (what Go's decoder does with them). */
export function dropFields(obj: KubeObject, paths: readonly string[]): void {
  for (const p of paths) {
    const segs = p.match(/[^.[\]]+/g) ?? [];
    let node: unknown = obj;
    for (let i = 0; i < segs.length - 1 && node; i++)
      node = (node as Record<string, unknown>)[segs[i]];
    if (isObject(node)) delete node[segs[segs.length - 1]];
  }
}
