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

/** The kind and version a body is decoded as, when it does not say (a patch). */
export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

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

/** A type code, parsed once. */
type GoTypeNode =
  | { k: 'list' | 'map'; code: string; elem: GoTypeNode }
  | {
      k: 'struct';
      code: string;
      name: string;
      /** The struct's fields (structFields), once looked up; null for an unknown struct. */
      fields?: Map<string, GoTypeNode> | null;
    }
  | {
      k: 'string' | 'bool' | 'int32' | 'int64' | 'quantity' | 'intstr' | 'time' | 'any';
      code: string;
    };

const parsed = new Map<string, GoTypeNode>();

function node(code: string): GoTypeNode {
  let n = parsed.get(code);
  if (n) return n;
  if (code.startsWith('[]')) n = { k: 'list', code, elem: node(code.slice(2)) };
  else if (code.startsWith('map[]')) n = { k: 'map', code, elem: node(code.slice(5)) };
  else if (code.startsWith('@')) n = { k: 'struct', code, name: code.slice(1) };
  else n = { k: code as 'string', code };
  parsed.set(code, n);
  return n;
}

/** Quantities already parsed without error (most objects repeat a few). */
const goodQuantities = new Set<string | number>();

/**
 * One walk over an object. Paths are kept as a stack of segments and joined only for an error
 * or an unknown field: the API server decodes every write, so the common case allocates little.
 */
class Walker {
  error: string | undefined;
  readonly unknown: string[] = [];
  /** Segments from the root: field names, and list indices / map keys as numbers / `[k]`. */
  private readonly segs: (string | number)[] = [];
  /** Whether each segment is a list index or map key (left out of Go's path). */
  private readonly indexed: boolean[] = [];

  constructor(
    private readonly collectUnknown: boolean,
    /** A strategic merge patch: its directives (`$patch`, `$setElementOrder/…`) are no fields. */
    private readonly patch: boolean,
  ) {}

  /** Go's path: field names only, dotted. */
  private goPath(): string {
    let out = '';
    for (let i = 0; i < this.segs.length; i++) {
      if (this.indexed[i]) continue;
      out = out ? `${out}.${this.segs[i]}` : String(this.segs[i]);
    }
    return out;
  }

  /** The path with indices, as strict decoding prints it. */
  private fullPath(): string {
    let out = '';
    for (let i = 0; i < this.segs.length; i++) {
      const s = this.segs[i];
      if (this.indexed[i]) out += `[${s}]`;
      else out = out ? `${out}.${s}` : String(s);
    }
    return out;
  }

  private fail(owner: string, t: GoTypeNode, value: string): void {
    this.error = `json: cannot unmarshal ${value} into Go struct field ${owner}.${this.goPath()} of type ${goType(t.code)}`;
  }

  walk(v: unknown, t: GoTypeNode, owner: string): void {
    if (v === null || v === undefined) return;
    switch (t.k) {
      case 'list':
        if (!Array.isArray(v)) return this.fail(owner, t, jsonValue(v, false));
        for (let i = 0; i < v.length && !this.error; i++) {
          this.segs.push(i);
          this.indexed.push(true);
          this.walk(v[i], t.elem, owner);
          this.segs.pop();
          this.indexed.pop();
        }
        return;
      case 'map':
        if (!isObject(v)) return this.fail(owner, t, jsonValue(v, false));
        for (const k in v) {
          if (this.error) return;
          if (this.patch && k.startsWith('$')) continue;
          this.segs.push(k);
          this.indexed.push(true);
          this.walk(v[k], t.elem, owner);
          this.segs.pop();
          this.indexed.pop();
        }
        return;
      case 'struct':
        if (!isObject(v)) return this.fail(owner, t, jsonValue(v, false));
        if (t.fields === undefined) t.fields = structFields(t.name);
        return this.fields(v, t.name, t.fields, false);
      case 'string':
        if (typeof v !== 'string') this.fail(owner, t, jsonValue(v, false));
        return;
      case 'bool':
        if (typeof v !== 'boolean') this.fail(owner, t, jsonValue(v, false));
        return;
      case 'int32':
      case 'int64': {
        const [lo, hi] = t.k === 'int32' ? INT32 : INT64;
        if (typeof v !== 'number') this.fail(owner, t, jsonValue(v, false));
        else if (!Number.isInteger(v) || v < lo || v > hi) this.fail(owner, t, jsonValue(v, true));
        return;
      }
      case 'quantity': {
        // resource.Quantity decodes itself: its parse error is the message.
        if (goodQuantities.has(v as string)) return;
        const msg = quantityError(v);
        if (msg) this.error = msg;
        else if (goodQuantities.size < 1024) goodQuantities.add(v as string);
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

  /** With `typed`, v's apiVersion and kind are taken as strings (decodeObject's `as`). */
  struct(v: Record<string, unknown>, name: string, typed = false): void {
    this.fields(v, name, structFields(name), typed);
  }

  /** struct, with the struct's fields looked up already. */
  private fields(
    v: Record<string, unknown>,
    name: string,
    fields: Map<string, GoTypeNode> | null,
    typed: boolean,
  ): void {
    if (!fields) return;
    for (const k in v) {
      if (this.error) return;
      // `$`: a strategic merge directive.
      if (this.patch && k.charCodeAt(0) === 36) continue;
      if (typed && (k === 'kind' || k === 'apiVersion')) continue;
      const t = fields.get(k);
      const x = v[k];
      // Most fields are scalars of the right type: nothing to report, no path to keep.
      if (t !== undefined && scalarOk(x, t)) continue;
      this.segs.push(k);
      this.indexed.push(false);
      if (t === undefined) {
        if (this.collectUnknown) this.unknown.push(this.fullPath());
      } else this.walk(x, t, name);
      this.segs.pop();
      this.indexed.pop();
    }
  }
}

/** Each struct's fields with their parsed types, built on first use. */
const structTypes = new Map<string, Map<string, GoTypeNode> | null>();

function structFields(name: string): Map<string, GoTypeNode> | null {
  let m = structTypes.get(name);
  if (m !== undefined) return m;
  const fields = FIELDS.structs[name];
  m = fields ? new Map(Object.entries(fields).map(([k, code]) => [k, node(code)])) : null;
  structTypes.set(name, m);
  return m;
}

/**
 * Whether `walk` would find nothing wrong with `v` as a scalar of type `t` (false for the
 * rest, which `walk` then decides): absent values, and values of the field's own JSON type.
 */
function scalarOk(v: unknown, t: GoTypeNode): boolean {
  if (v === null || v === undefined) return true;
  switch (t.k) {
    case 'string':
    case 'time':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT32[0] && v <= INT32[1];
    case 'int64':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT64[0] && v <= INT64[1];
    case 'intstr':
      return typeof v === 'string';
    case 'any':
      return true;
    default:
      return false;
  }
}

/**
 * Decodes `obj` as its kind's Go struct would be: the first value of the wrong type (in
 * document order, as Go's decoder meets them), and, when `collectUnknown`, every unknown field.
 * With `patch`, `obj` is a strategic merge patch, decoded as if its directives (keys starting
 * with `$`) were not there.
 */
export function decodeObject(
  obj: KubeObject,
  collectUnknown = false,
  patch = false,
  as?: TypeMeta,
): Decoded {
  const kind = (as ? as.kind : obj.kind) ?? '';
  const root = FIELDS.kinds[kind];
  if (!root) return { unknown: [] };
  const w = new Walker(collectUnknown, patch);
  // `{ ...obj, ...as }` decoded without the copy: as's two fields are strings, which the
  // walk accepts wherever they are.
  w.struct(obj as Record<string, unknown>, root, as !== undefined);
  // corpus-apps: a Secret's data (and a ConfigMap's binaryData) is []byte in Go: its JSON
  // strings are base64, and encoding/json reports the first byte that is not.
  if (!w.error) w.error = base64Error(obj, kind, patch);
  if (!w.error) return { unknown: w.unknown };
  const version = ((as ? as.apiVersion : obj.apiVersion) ?? '').split('/').pop() ?? '';
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

/**
 * corpus-apps: Go's base64.StdEncoding error for the first bad value of a Secret's `data` or a
 * ConfigMap's `binaryData` (`illegal base64 data at input byte 7`), or undefined.
 */
function base64Error(obj: KubeObject, kind: string, patch: boolean): string | undefined {
  // apf: a webhook's clientConfig.caBundle is []byte too.
  if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') {
    const hooks = (obj as { webhooks?: unknown }).webhooks;
    for (const w of Array.isArray(hooks) ? hooks : []) {
      const ca = isObject(w) && isObject(w.clientConfig) ? w.clientConfig.caBundle : undefined;
      const at = typeof ca === 'string' ? illegalBase64At(ca) : undefined;
      if (at !== undefined) return `illegal base64 data at input byte ${at}`;
    }
    return undefined;
  }
  const bag =
    kind === 'Secret'
      ? (obj as { data?: unknown }).data
      : kind === 'ConfigMap'
        ? (obj as { binaryData?: unknown }).binaryData
        : kind === 'CustomResourceDefinition'
          ? crdCaBundle(obj)
          : undefined;
  if (!isObject(bag)) return undefined;
  for (const [k, v] of Object.entries(bag)) {
    if (typeof v !== 'string' || (patch && k.startsWith('$'))) continue;
    const at = illegalBase64At(v.replace(/[\r\n]/g, ''));
    if (at !== undefined) return `illegal base64 data at input byte ${at}`;
  }
  return undefined;
}

/** crd: a CRD's conversion webhook `caBundle`, a Go []byte (k/k: WebhookClientConfig.CABundle). */
function crdCaBundle(obj: KubeObject): Record<string, unknown> | undefined {
  const spec = (obj as { spec?: { conversion?: { webhook?: { clientConfig?: unknown } } } }).spec;
  const config = isObject(spec) ? spec.conversion?.webhook?.clientConfig : undefined;
  return isObject(config) && 'caBundle' in config ? { caBundle: config.caBundle } : undefined;
}

/** Where standard base64 with padding goes wrong in `s`, or undefined when it decodes. */
function illegalBase64At(s: string): number | undefined {
  const pad = /=*$/.exec(s)![0].length;
  const body = s.length - pad;
  for (let i = 0; i < body; i++) if (!/[A-Za-z0-9+/]/.test(s[i])) return i;
  // Go stops at the quantum the input ends in (k/k vendor: encoding/base64 decodeQuantum).
  if (pad > 2 || s.length % 4 !== 0) return s.length - (s.length % 4 || 4);
  return undefined;
}
