/**
 * The API server's encoder: an object's JSON for etcd, built field by field so that a field
 * shared with the revision before (a pod's spec, which a status write keeps as it was) is not
 * serialised again. The text is exactly `JSON.stringify(obj)`.
 */
import type { KubeObject } from '../api/types';
import { isJsonExactCollecting } from './patch';

/**
 * The JSON of top-level fields already encoded, by the (deep-frozen) value: a frozen value never
 * changes, so its text stays right for as long as the value lives.
 */
const encodedFields = new WeakMap<object, string>();

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
  if (Object.getPrototypeOf(obj) !== Object.prototype || !obj.metadata)
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
    const cached = shared ? encodedFields.get(v) : undefined;
    let text = cached;
    if (text === undefined) {
      // JSON.stringify(obj) serialises each field as JSON.stringify(field) would (toJSON is
      // given the key, which no JSON value of ours reads), and leaves out the ones it cannot.
      text = JSON.stringify(v) as string | undefined;
      if (text === undefined) {
        exact = false;
        continue;
      }
      if (exact && (k === '__proto__' || !isJsonExactCollecting(v, fresh))) exact = false;
    }
    run += `${any ? ',' : '{'}${JSON.stringify(k)}:`;
    any = true;
    if (cached !== undefined && cached.length >= SHARE_MIN) {
      pieces.push(flat(run), cached);
      run = '';
      continue;
    }
    if (shared && k !== 'metadata')
      fields.push([v, pieces.length, run.length, run.length + text.length]);
    run += text;
  }
  pieces.push(flat(any ? run + '}' : '{}'));
  let value = pieces[0];
  for (let i = 1; i < pieces.length; i++) value += pieces[i];
  if (exact) {
    // Everything but the top level and its metadata is frozen now, so a late change to it fails
    // loudly; those two get the resourceVersion when the write lands.
    // (The fresh fields' objects were collected while checking them; the metadata object is the
    // only one among them to stay open.)
    const meta = obj.metadata;
    for (let i = 0; i < fresh.length; i++) if (fresh[i] !== meta) Object.freeze(fresh[i]);
    // Each fresh field's text is kept as a slice of its run (V8 keeps a substring of a flat
    // string as a reference into it, not a copy), so the value holds its bytes once; short
    // reused fields, copied into this value, are pointed at it so the older text can go.
    for (const [v, i, start, end] of fields) encodedFields.set(v, pieces[i].slice(start, end));
  }
  return { value, exact };
}
