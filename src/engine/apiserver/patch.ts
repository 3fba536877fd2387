/**
 * Patches and `kubectl apply`'s three-way merge, on plain JSON.
 */
import type { KubeObject } from '../api/types';
import type { Cached } from '../client/informer';
import type { Stored } from '../api/stored';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON merge patch (RFC 7386): objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = isObject(target) ? spread(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** `{ ...o }`, by emptyLike if plain, with the keys a patch adds in the object too (no symbols). */
export function spread(o: Record<string, Json>): Record<string, Json> {
  if (Object.getPrototypeOf(o) !== Object.prototype) return { ...o };
  const out = emptyLike(o);
  for (const k in o) setKey(out, k, o[k]);
  return out;
}

/** Lists whose items strategic merge patch merges by a key (k/k: the API's patchMergeKey tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  tolerations: 'key',
  conditions: 'type',
  imagePullSecrets: 'name',
};

/**
 * Strategic merge patch, simplified: like a merge patch, but lists of named items (containers,
 * env, volumes…) merge item by item on their merge key instead of being replaced. The directives
 * kubectl's three-way patch sends are honoured (k/k: apimachinery/pkg/util/strategicpatch/
 * patch.go): `$setElementOrder/<list>` orders the merged list, `$patch: delete` removes a list item
 * or a map, `$patch: replace` replaces a map, `$retainKeys` drops the keys it does not name, and
 * `$deleteFromPrimitiveList/<list>` removes values from a list of scalars.
 */
export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch) && Array.isArray(target) && MERGE_KEYS[field]) {
    const key = MERGE_KEYS[field];
    const out = target.map((x) => x);
    for (const item of patch) {
      if (!isObject(item)) continue;
      const i = out.findIndex((x) => isObject(x) && x[key] === item[key]);
      if (item.$patch === 'delete') {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) out[i] = strategicMergePatch(out[i], item);
      else out.push(copyWithoutDirectives(item));
    }
    return out;
  }
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') return copyWithoutDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObject(target) ? spread(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else {
      const merged = strategicMergePatch(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') && Array.isArray(out[k.slice(17)]) && Array.isArray(v)) {
      const list = k.slice(17);
      const key = MERGE_KEYS[list];
      const rank = (x: Json) =>
        v.findIndex((o) =>
          key ? isObject(o) && isObject(x) && o[key] === x[key] : jsonEqual(o, x),
        );
      const items = out[list] as Json[];
      const ordered = items.filter((x) => rank(x) >= 0).sort((a, b) => rank(a) - rank(b));
      out[list] = [...ordered, ...items.filter((x) => rank(x) < 0)];
    } else if (k.startsWith('$deleteFromPrimitiveList/') && Array.isArray(v)) {
      const list = k.slice(25);
      if (Array.isArray(out[list])) out[list] = (out[list] as Json[]).filter((x) => !v.includes(x));
    } else if (k === '$retainKeys' && Array.isArray(v)) {
      for (const key of Object.keys(out)) if (!v.includes(key)) delete out[key];
    }
  }
  return out;
}

/**
 * A patch without its strategic merge directives (`$patch`, `$setElementOrder/…`, …). scale: a
 * patch with none (a kubelet's status patch) is given back as it is, not copied: read it only.
 */
export function withoutDirectives(v: Json): Json {
  return hasDirectives(v) ? copyWithoutDirectives(v) : v;
}

/** Whether a key of an object in `v` starts with `$`. */
function hasDirectives(v: Json): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasDirectives(v[i])) return true;
    return false;
  }
  const o = v as Record<string, Json>;
  for (const k of Object.keys(o)) if (k.startsWith('$') || hasDirectives(o[k])) return true;
  return false;
}

function copyWithoutDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(copyWithoutDirectives);
  if (!isObject(v)) return v;
  const out: Record<string, Json> = emptyLike(v);
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = copyWithoutDirectives(x);
  return out;
}

/**
 * `kubectl apply`'s client-side three-way merge: start from the live object, set every field the
 * new configuration sets, and remove fields the last applied configuration set but the new one
 * no longer does. Fields set by others (status, defaults, controllers) are kept.
 */
export function threeWayMerge(live: Json, last: Json, next: Json): Json {
  if (!isObject(next)) return next;
  const out: Record<string, Json> = isObject(live) ? spread(live) : {};
  if (isObject(last)) {
    for (const k of Object.keys(last)) if (!(k in next)) delete out[k];
  }
  for (const [k, v] of Object.entries(next)) {
    const lastV = isObject(last) ? last[k] : undefined;
    if (isObject(v)) out[k] = threeWayMerge(out[k], lastV, v);
    else if (Array.isArray(v)) out[k] = mergeList(out[k], lastV, v);
    else out[k] = v;
  }
  return out;
}

/** Lists of objects merge item by item in order (so defaulted fields in containers survive). */
function mergeList(live: Json, last: Json, next: Json[]): Json[] {
  if (!Array.isArray(live)) return next;
  return next.map((item, i) =>
    isObject(item) && isObject(live[i])
      ? threeWayMerge(live[i], Array.isArray(last) ? last[i] : undefined, item)
      : item,
  );
}

/** Deep structural equality for JSON values. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return objectsEqual(a as Record<string, Json>, b as Record<string, Json>, undefined);
}

/**
 * jsonEqual of two objects, leaving out the keys `ignore` names (as if both had them, set to
 * undefined).
 */
export function objectsEqual(
  a: Record<string, Json>,
  b: Record<string, Json>,
  ignore: ReadonlySet<string> | undefined,
): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let na = ka.length;
  let nb = kb.length;
  if (ignore !== undefined) {
    for (const k of ka) if (ignore.has(k)) na--;
    for (const k of kb) if (ignore.has(k)) nb--;
  }
  if (na !== nb) return false;
  for (const k of ka) {
    if (ignore !== undefined && ignore.has(k)) continue;
    if (!(k in b) || !jsonEqual(a[k], b[k])) return false;
  }
  return true;
}

/** Metadata a write may change without changing the object. */
const VOLATILE_METADATA: ReadonlySet<string> = new Set(['resourceVersion', 'managedFields']);

/**
 * Whether a write leaves the object as it is: equal as JSON values but for the metadata's
 * resourceVersion and managedFields.
 */
export function unchangedWrite(next: KubeObject, live: KubeObject): boolean {
  const a = next as unknown as Record<string, unknown>;
  const b = live as unknown as Record<string, unknown>;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  // Both have metadata (the store set it on next); a key set to undefined counts as present.
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!(k in b)) return false;
    if (k === 'metadata') {
      const ma = (a.metadata ?? {}) as Record<string, unknown>;
      const mb = (b.metadata ?? {}) as Record<string, unknown>;
      if (!objectsEqual(ma, mb, VOLATILE_METADATA)) return false;
    } else if (!jsonEqual(a[k], b[k])) return false;
  }
  return true;
}

/**
 * A deep copy of JSON data: exactly what `JSON.parse(JSON.stringify(v))` gives (undefined and
 * functions dropped from objects and nulled in arrays, non-finite numbers as null, -0 as 0, keys
 * in the same order), built directly instead of through a string.
 */
/** A cached object's copy is still a stored one, so its metadata stays typed as filled in. */
export function clone<T extends KubeObject>(v: Cached<T>): Stored<T>;
export function clone<T>(v: T): T;
export function clone<T>(v: T): T {
  if (v === undefined) return v;
  // scale: a string, a boolean or a number (patchBase copies metadata's scalars so) without a
  // trip through JSON; the same value.
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
    return copyValue(v) as T;
  if (typeof v !== 'object' || v === null) return JSON.parse(JSON.stringify(v)) as T;
  return copyValue(v) as T;
}

/**
 * An object as a patch's starting point: `clone(obj)`, except that its frozen top-level fields
 * but the metadata (the live object's spec, deep-frozen since the API server encoded or decoded
 * it) are shared.
 * A merge patch and a strategic merge patch never write into their target (they build new
 * objects along the paths they change), so the result holds fresh objects where the patch
 * changed something and the live object's frozen ones elsewhere: a kubelet's status patch no
 * longer copies the pod's spec, and the encoder reuses that spec's JSON.
 */
export function patchBase<T extends object>(obj: T): T {
  const out = emptyLike(obj);
  const o = obj as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    // scale: a string or boolean (most of the metadata's fields) is its own copy.
    if ((typeof v === 'string' || typeof v === 'boolean') && k !== '__proto__') {
      out[k] = v;
      continue;
    }
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const frozen = typeof v === 'object' && v !== null && Object.isFrozen(v);
    // The metadata itself is always copied, the store writes the system fields into it; its
    // frozen fields (labels, ownerReferences…) are shared too, so every revision of a pod
    // does not copy them again.
    if (k === 'metadata' && isObject(v) && Object.getPrototypeOf(v) === Object.prototype)
      out[k] = patchBase(v);
    else out[k] = frozen ? v : clone(v);
  }
  return out as T;
}

/** Omitted from objects, null in arrays (what JSON.stringify does with it). */
const SKIP = Symbol('skip');

function copyValue(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return SKIP;
    case 'object':
      return v === null ? null : copyObject(v);
    default:
      // bigint: JSON.stringify throws, and so does this.
      return JSON.parse(JSON.stringify(v)) as unknown;
  }
}

/**
 * copyValue of a non-null object. scale: string and boolean children (most of an object's
 * leaves) are copied in place, without a call each.
 */
function copyObject(v: object): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'string' || typeof x === 'boolean') out[i] = x;
      else {
        const y = copyValue(x);
        out[i] = y === SKIP ? null : y;
      }
    }
    return out;
  }
  const o = v as Record<string, unknown>;
  // toJSON (Date…) and boxed primitives: let JSON decide.
  if (typeof o.toJSON === 'function') return JSON.parse(JSON.stringify(v)) as unknown;
  if (Object.getPrototypeOf(v) === Object.prototype) {
    const out = emptyLike(o);
    // scale: a plain object has no enumerable inherited properties, so for-in lists its own
    // ones, in Object.keys' order, without an array of them per object.
    for (const k in o) copyEntry(out, k, o[k]);
    return out;
  }
  const out: Record<string, unknown> = {};
  if (v instanceof Number || v instanceof String || v instanceof Boolean)
    return JSON.parse(JSON.stringify(v)) as unknown;
  for (const k of Object.keys(o)) copyEntry(out, k, o[k]);
  return out;
}

/**
 * scale: V8 gives `{}` room for 4 properties and puts more in a PropertyArray (16 bytes and 8 a
 * slot, grown by 3): a pod's metadata of 8 fields costs 120 bytes so, 88 as JSON.parse makes it.
 * (`{ ...src }` copies src's layout, and in Node 20 gives the copy its own map once a key is
 * added.) A constructor's objects start with room for what its body assigns and 8 more, trimmed
 * by V8's slack tracking to what the first few used, keys added later too (the uid the API
 * server gives a created object's metadata). So copies come from a constructor per shape.
 */
type PlainConstructor = new () => Record<string, unknown>;

/**
 * By first key ('' if none), by number of keys: last key, constructor, last key… (a Service's
 * spec and a pod's condition have the same first key and number of keys).
 */
const constructors = new Map<string, (PlainConstructor | string)[][]>();
let constructorCount = 0;
/** The most constructors (a ConfigMap's data adds shapes without end) and keys: beyond, `{}`. */
const MAX_CONSTRUCTORS = 2048;
const MAX_CONSTRUCTED_KEYS = 64;

/** A constructor of plain objects (PlainObject in heap snapshots). */
function plainConstructor(): PlainConstructor {
  // The body assigns nothing: its 32 assignments tell V8 to start with room for 40 properties.
  const make = function PlainObject(this: Record<string, unknown>, never?: boolean) {
    if (never) {
      this.a0 = this.a1 = this.a2 = this.a3 = this.a4 = this.a5 = this.a6 = this.a7 = 0;
      this.b0 = this.b1 = this.b2 = this.b3 = this.b4 = this.b5 = this.b6 = this.b7 = 0;
      this.c0 = this.c1 = this.c2 = this.c3 = this.c4 = this.c5 = this.c6 = this.c7 = 0;
      this.d0 = this.d1 = this.d2 = this.d3 = this.d4 = this.d5 = this.d6 = this.d7 = 0;
    }
  };
  make.prototype = Object.prototype;
  return make as unknown as PlainConstructor;
}

/** An empty plain object to copy `o` into: by its shape's constructor (see above), or `{}`. */
export function emptyLike(o: object): Record<string, unknown> {
  let first = '';
  let last = '';
  let n = 0;
  for (const k in o) {
    if (n++ === 0) first = k;
    last = k;
  }
  if (n > MAX_CONSTRUCTED_KEYS) return {};
  let byCount = constructors.get(first);
  let byLast = byCount?.[n];
  for (let i = 0; byLast !== undefined && i < byLast.length; i += 2)
    if (byLast[i] === last) return new (byLast[i + 1] as PlainConstructor)();
  if (constructorCount >= MAX_CONSTRUCTORS) return {};
  if (byCount === undefined) constructors.set(first, (byCount = []));
  if (byLast === undefined) byLast = byCount[n] = [];
  const make = plainConstructor();
  byLast.push(last, make);
  constructorCount++;
  return new make();
}

/** Sets `out[k]` to a copy of `x`, or leaves it out (undefined, a function, a symbol). */
function copyEntry(out: Record<string, unknown>, k: string, x: unknown): void {
  let y: unknown;
  if (typeof x === 'string' || typeof x === 'boolean') y = x;
  else {
    y = copyValue(x);
    if (y === SKIP) return;
  }
  setKey(out, k, y);
}

const OWN = { enumerable: true, writable: true, configurable: true };

/** `out[k] = y`, as an own property even when `k` is `__proto__` (what JSON.parse makes). */
function setKey(out: Record<string, unknown>, k: string, y: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { ...OWN, value: y });
  else out[k] = y;
}

/** Freeze an object graph, so a component that mutates a shared cached object fails loudly. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) freezeTree(v);
  return v;
}

/**
 * deepFreeze of an object. scale: children are looked at in place (no `Object.values` array per
 * object, no call per string or number), and a frozen subtree is not entered again: ~4× faster
 * on a fresh pod, and the API server freezes every object it stores.
 */
function freezeTree(v: object): void {
  if (Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null) freezeTree(x);
    }
  } else if (Object.getPrototypeOf(v) === Object.prototype) {
    // A plain object has no enumerable inherited properties: for-in lists its own ones.
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' && x !== null) freezeTree(x);
    }
  } else {
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) freezeTree(x);
  }
}

/**
 * Whether `JSON.parse(JSON.stringify(v))` would give back a tree equal to `v` key for key in the
 * same order: plain objects and arrays of strings, booleans, finite numbers (not -0) and null,
 * with no undefined, holes, functions, symbols, `__proto__` keys or objects of other classes.
 * The API server then keeps the object it encoded instead of parsing its JSON again.
 */
export function isJsonExact(v: unknown): boolean {
  return typeof v === 'object' && v !== null ? exactTree(v, undefined) : exactLeaf(v);
}

/** Whether JSON gives a primitive back as it is: a string, a boolean, a finite number (not -0), null. */
export function exactLeaf(x: unknown): boolean {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(x) && !Object.is(x, -0);
    case 'object':
      return x === null;
    default:
      return false;
  }
}

/**
 * isJsonExact of an object, and, when `fresh` is given, the objects of its graph that are not
 * frozen yet pushed onto it (a frozen object's children are frozen too), so that the caller can
 * freeze them once the whole graph is known to be exact: one walk instead of two. Primitive
 * children are checked in place, without a call each.
 */
function exactTree(v: object, fresh: object[] | undefined): boolean {
  if (fresh !== undefined) {
    if (Object.isFrozen(v)) fresh = undefined;
    else fresh.push(v);
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      // A hole reads as undefined, which is not exact either.
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null ? !exactTree(x, fresh) : !exactLeaf(x)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (k === '__proto__' || !Object.hasOwn(o, k)) return false;
    const x = o[k];
    if (typeof x === 'object' && x !== null ? !exactTree(x, fresh) : !exactLeaf(x)) return false;
  }
  return true;
}

/**
 * isJsonExact(v), pushing onto `fresh` the objects of v's graph that are not frozen yet (see
 * exactTree). What was pushed is only meaningful when the answer is true.
 */
export function isJsonExactCollecting(v: unknown, fresh: object[]): boolean {
  return typeof v === 'object' && v !== null ? exactTree(v, fresh) : isJsonExact(v);
}
