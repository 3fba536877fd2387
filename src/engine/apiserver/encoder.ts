/**
 * The API server's encoder: an object's JSON for etcd, built field by field so that a field
 * shared with the revision before (a pod's spec, which a status write keeps as it was) is not
 * serialised again. The text is exactly `JSON.stringify(obj)`.
 */
import type { KubeObject } from '../api/types';
import { deepFreeze, isJsonExact } from './patch';

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

/** `JSON.stringify(obj)`, reusing the text of fields encoded before. */
export function encodeObject(obj: KubeObject): Encoded {
  if (Object.getPrototypeOf(obj) !== Object.prototype || !obj.metadata)
    return { value: JSON.stringify(obj), exact: false };
  const o = obj as unknown as Record<string, unknown>;
  let value = '';
  let exact = true;
  /** The object fields but metadata, with where their text is in `value`. */
  const fields: [object, number, number][] = [];
  for (const k of Object.keys(o)) {
    const v = o[k];
    const shared = typeof v === 'object' && v !== null;
    let text = shared ? encodedFields.get(v) : undefined;
    if (text === undefined) {
      // JSON.stringify(obj) serialises each field as JSON.stringify(field) would (toJSON is
      // given the key, which no JSON value of ours reads), and leaves out the ones it cannot.
      text = JSON.stringify(v) as string | undefined;
      if (text === undefined) {
        exact = false;
        continue;
      }
      if (exact && (k === '__proto__' || !isJsonExact(v))) exact = false;
    }
    const head = `${value ? ',' : '{'}${JSON.stringify(k)}:`;
    if (shared && k !== 'metadata') {
      const start = value.length + head.length;
      fields.push([v, start, start + text.length]);
    }
    value += head + text;
  }
  value = value ? value + '}' : '{}';
  if (exact) {
    // Everything but the top level and its metadata is frozen now, so a late change to it fails
    // loudly; those two get the resourceVersion when the write lands.
    for (const k of Object.keys(o)) if (k !== 'metadata') deepFreeze(o[k]);
    for (const v of Object.values(obj.metadata)) deepFreeze(v);
    // scale: each field's text is kept as a slice of the new value (V8 keeps a substring of a
    // flat string as a reference into it, not a copy): the stored value holds the same bytes,
    // so a pod's spec is not held twice, as its own text and inside its JSON (~1.5 KB a pod).
    // Fields reused from an earlier revision are pointed at this one, so the earlier text can go.
    for (const [v, start, end] of fields) encodedFields.set(v, value.slice(start, end));
  }
  return { value, exact };
}
