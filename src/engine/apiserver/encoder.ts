/**
 * The API server's encoder: an object's JSON for etcd, built field by field so that a field
 * shared with the revision before (a pod's spec, which a status write keeps as it was) is not
 * serialised again. The text is exactly `JSON.stringify(obj)`.
 */
import type { KubeObject } from '../api/types';
import { exactLeaf, isJsonExactCollecting } from './patch';

/**
 * The bound of a top-level field's JSON length that deferObject worked out (see exactBounded),
 * kept on the value itself once it is deep-frozen: a frozen value never changes, so the bound
 * stays right for as long as it lives, and the next revision that keeps it (a status write keeps
 * the spec) does not walk it again.
 *
 * It lives under a symbol no JSON, `Object.keys`, spread or structured clone sees (a
 * non-enumerable property), as a number, not an object: two lookups of a table keyed by every
 * stored field (a WeakMap, whose entries each collection must process) cost more than the
 * walks they save.
 */
const BOUND = Symbol('encoder bound');

/** The bound deferObject found for `v`, or -1. */
function boundOf(v: object): number {
  const b = (v as { [BOUND]?: number })[BOUND];
  return b === undefined ? -1 : b;
}

/**
 * The JSON texts of top-level fields but the metadata and status that encodeObject made (a
 * slice of the text it made them for), by the frozen value: a revision that keeps the field
 * reuses its text. scale: few revisions' texts are ever made (the API server keeps objects
 * and makes a text only when something reads it), so a table costs less than a place on
 * every value.
 */
const texts = new WeakMap<object, string>();

/**
 * Gives `v`, an object about to be deep-frozen and shared by many stored objects (an interned
 * part, a constant every pod carries), its bound before it is frozen: the size bound of a
 * write holding it is then added up without walking it again (see exactBounded).
 */
export function withFacts<T extends object>(v: T): T {
  if (boundOf(v) < 0 && Object.isExtensible(v)) {
    const outer = bound;
    bound = 0;
    if (exactBounded(v, undefined)) Object.defineProperty(v, BOUND, { value: bound });
    bound = outer;
  }
  return v;
}

/**
 * Whether the encoder keeps what it learnt of top-level field `k` (its bound, its text): not for
 * the metadata (it stays open, and changes with every revision) nor the status, which the next
 * write (a status write) replaces, so that what was kept would never be read again.
 */
function keepsFacts(k: string): boolean {
  return k !== 'metadata' && k !== 'status';
}

export interface Encoded {
  /** `JSON.stringify(obj)`. */
  value: string;
  /**
   * Whether `JSON.parse(value)` gives back `obj` exactly (see isJsonExact). Then every field but
   * the metadata is deep-frozen now, and the caller may hand out `obj` as the decoded object.
   */
  exact: boolean;
}

/**
 * A reused field's text at least this long is shared with the revision it was encoded for (a
 * reference, not a copy); a shorter one is copied into the new text.
 */
const SHARE_MIN = 128;

/**
 * Make V8 store a concatenated string as one sequential string (reading a character flattens
 * it); the rope's pieces can then go, and a slice of it references it instead of copying.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/**
 * `JSON.stringify(obj)`, reusing the text of fields encoded before.
 *
 * scale: the text is the fresh parts (flattened) with each long reused field's text between them
 * as it is, a slice of the revision that first encoded it: V8 keeps such a concatenation as a
 * short rope (a 32-byte node a piece), so every stored revision of a pod that only changed its
 * status holds the spec's bytes once, as etcd's history would hold them on disk, not in memory.
 */
export function encodeObject(obj: KubeObject): Encoded {
  return build(obj, false);
}

/**
 * encodeObject's text of an object known exact and frozen but its top level and metadata (one
 * deferObject accepted): no check, nothing frozen.
 */
function build(obj: KubeObject, trusted: boolean): Encoded {
  if (!trusted && (Object.getPrototypeOf(obj) !== Object.prototype || !obj.metadata))
    return { value: JSON.stringify(obj), exact: false };
  const o = obj as unknown as Record<string, unknown>;
  /** Text done so far: flat runs of fresh text and the shared texts between them. */
  const pieces: string[] = [];
  /** The fresh text since the last shared one. */
  let run = '';
  let any = false;
  let exact = true;
  /** The object fields but metadata written into a run: which run, and where in it. */
  const fields: [object, number, number, number][] = [];
  /** The objects of the fresh fields not frozen yet, frozen once the whole object is exact. */
  const fresh: object[] = [];
  for (const k of Object.keys(o)) {
    const v = o[k];
    const shared = typeof v === 'object' && v !== null;
    const cached = shared && keepsFacts(k) ? texts.get(v) : undefined;
    let text = cached;
    if (text === undefined) {
      // JSON.stringify(obj) serialises each field as JSON.stringify(field) would (toJSON is
      // given the key, which no JSON value of ours reads), and leaves out the ones it cannot.
      text = JSON.stringify(v) as string | undefined;
      if (text === undefined) {
        exact = false;
        continue;
      }
      if (!trusted && exact && (k === '__proto__' || !isJsonExactCollecting(v, fresh)))
        exact = false;
    }
    run += `${any ? ',' : '{'}${JSON.stringify(k)}:`;
    any = true;
    if (cached !== undefined && cached.length >= SHARE_MIN) {
      pieces.push(flat(run), cached);
      run = '';
      continue;
    }
    if (shared && keepsFacts(k))
      fields.push([v, pieces.length, run.length, run.length + text.length]);
    run += text;
  }
  pieces.push(flat(any ? run + '}' : '{}'));
  let value = pieces[0];
  for (let i = 1; i < pieces.length; i++) value += pieces[i];
  if (exact) {
    // Each fresh field's text is kept as a slice of its run (V8 keeps a substring of a flat
    // string as a reference into it, not a copy), so the value holds its bytes once; short
    // reused fields, copied into this value, are pointed at it so the older text can go.
    for (const [v, i, start, end] of fields) texts.set(v, pieces[i].slice(start, end));
    // Everything but the top level and its metadata is frozen now, so a late change to it fails
    // loudly; those two get the resourceVersion when the write lands.
    // (The fresh fields' objects were collected while checking them; the metadata object is the
    // only one among them to stay open.)
    const meta = obj.metadata;
    for (let i = 0; i < fresh.length; i++) if (fresh[i] !== meta) Object.freeze(fresh[i]);
  }
  return { value, exact };
}

/** The least bound of a top-level field that deferObject keeps on the field (see BOUND). */
const FACTS_MIN_BOUND = 512;

/** The length bound deferObject is adding up (see exactBounded). */
let bound = 0;

/**
 * What encodeObject checks and freezes, without making the text: whether `JSON.parse` of the
 * object's JSON would give it back exactly (then everything but the top level and its metadata
 * is frozen now, as encodeObject leaves it), and an upper bound of the JSON's length (a string
 * counted as if every character were escaped, a number as 25 characters). Undefined when the
 * object is not exact: its text must be made now (encodeObject).
 *
 * scale: the API server stores such an object as etcd's value and makes its text only when
 * something reads it (renderStored), or when a newer revision supersedes it.
 */
export function deferObject(obj: KubeObject): number | undefined {
  if (Object.getPrototypeOf(obj) !== Object.prototype || !obj.metadata) return undefined;
  const o = obj as unknown as Record<string, unknown>;
  const fresh: object[] = [];
  /** The fields checked now (but the metadata) and their bounds, kept once all are exact. */
  const checked: object[] = [];
  const bounds: number[] = [];
  let total = 2;
  for (const k in o) {
    if (k === '__proto__' || !Object.hasOwn(o, k)) return undefined;
    const v = o[k];
    // A field JSON leaves out, or one it writes differently from how it reads it back.
    if (typeof v !== 'object' || v === null) {
      if (!exactLeaf(v)) return undefined;
      total += 6 * k.length + 4 + leafBound(v);
      continue;
    }
    const known = keepsFacts(k) ? boundOf(v) : -1;
    if (known >= 0) {
      total += 6 * k.length + 4 + known;
      continue;
    }
    bound = 0;
    if (!exactBounded(v, fresh)) return undefined;
    total += 6 * k.length + 4 + bound;
    // A small field is walked again if a later revision keeps it: cheaper than a property
    // defined on it (and the PropertyArray it may add) that is seldom read. So is a frozen one
    // that has no place for it (an Event's involved object).
    if (keepsFacts(k) && bound >= FACTS_MIN_BOUND && Object.isExtensible(v)) {
      checked.push(v);
      bounds.push(bound);
    }
  }
  for (let i = 0; i < checked.length; i++)
    Object.defineProperty(checked[i], BOUND, { value: bounds[i] });
  const meta = obj.metadata;
  for (let i = 0; i < fresh.length; i++) if (fresh[i] !== meta) Object.freeze(fresh[i]);
  return total;
}

/** An upper bound of an exact primitive's JSON length. */
function leafBound(x: unknown): number {
  return typeof x === 'string' ? stringBound(x) : typeof x === 'number' ? 25 : 5;
}

/**
 * An upper bound of a string's JSON length. A concatenated string (a generated name, a uid) is
 * flattened on the way, as JSON.stringify would have: V8 then drops its pieces at the next
 * collection instead of keeping a tree of them in every stored object.
 */
function stringBound(x: string): number {
  if (x.length >= 13) flat(x);
  return 6 * x.length + 2;
}

/**
 * isJsonExact of an object, adding an upper bound of its JSON length to `bound`, and pushing its
 * objects not frozen yet onto `fresh` (see isJsonExactCollecting).
 */
function exactBounded(v: object, fresh: object[] | undefined): boolean {
  if (fresh !== undefined) {
    if (Object.isFrozen(v)) {
      // A frozen object never changes: the bound it holds (withFacts) is its bound, and only
      // objects found exact hold one.
      const known = (v as { [BOUND]?: number })[BOUND];
      if (known !== undefined) {
        bound += known;
        return true;
      }
      fresh = undefined;
    } else fresh.push(v);
  }
  bound += 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      bound += 1;
      if (!boundedChild(v[i], fresh)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (k === '__proto__' || !Object.hasOwn(o, k)) return false;
    bound += 6 * k.length + 4;
    if (!boundedChild(o[k], fresh)) return false;
  }
  return true;
}

/** exactBounded of a child object, or of a primitive child (adding its leafBound). */
function boundedChild(x: unknown, fresh: object[] | undefined): boolean {
  if (typeof x === 'object' && x !== null) return exactBounded(x, fresh);
  if (!exactLeaf(x)) return false;
  bound += leafBound(x);
  return true;
}

/**
 * The JSON etcd holds for an object deferObject accepted, once the API server has decoded it
 * (its metadata then has the resourceVersion, which the stored bytes never have): exactly what
 * encodeObject would have given when it was written.
 */
export function renderStored(obj: KubeObject): string {
  const meta = obj.metadata!;
  if (!('resourceVersion' in meta)) return build(obj, true).value;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { resourceVersion, ...rest } = meta;
  return build({ ...obj, metadata: rest }, true).value;
}
