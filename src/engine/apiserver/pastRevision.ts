/**
 * The form in which etcd's history keeps a superseded revision of an object the API server stored
 * as itself (a DeferredValue): what it changed against the revision after it.
 *
 * scale: etcd keeps every revision until the API server compacts it (every 5 minutes), and a
 * Running pod has had ~5 (created, bound, three status writes). Each past one held its own top
 * level and metadata (~220 bytes, the metadata only for its resourceVersion, which the stored
 * bytes never have), though it is read only when a watch from the past replays it: ~0.9 KB a
 * Running pod. Kept as the field it changed (its status) and a reference to the next revision, it
 * makes the same text: the next revision's object with that field put back, as it was stored.
 */
import type { KubeObject } from '../api/types';
import { DeferredValue, heldObject } from '../etcd/store';
import type { KeyValue } from '../etcd/store';
import { renderStored } from './encoder';

export class PastRevision {
  constructor(
    /** The revision that superseded this one (it lives at least as long as this one). */
    readonly next: KeyValue,
    /**
     * The top-level field whose value was not next's, with that value; or several, in order, in
     * two arrays (scale: most past revisions changed one field, their status: no array each).
     */
    readonly changed: string | readonly string[],
    readonly values: unknown,
  ) {}

  /** The value this revision had for field `k` of next's, or `next` when it was next's. */
  valueOf(k: string, next: unknown): unknown {
    const c = this.changed;
    if (typeof c === 'string') return c === k ? this.values : next;
    const i = c.indexOf(k);
    return i < 0 ? next : (this.values as readonly unknown[])[i];
  }
}

/** pastForm's fields found changed, gathered here before they are copied to their own arrays. */
const changedScratch: string[] = [];
const valuesScratch: unknown[] = [];

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * `obj`, a revision just superseded by `next`, as a PastRevision when the two have the same
 * top-level fields in the same order and the same metadata but its resourceVersion (the fields'
 * very values: the API server shares a revision's unchanged parts with the one before); else obj.
 */
export function pastForm(obj: KubeObject, next: KeyValue): KubeObject | PastRevision {
  const n = heldObject(next);
  if (!isPlain(obj) || !isPlain(n)) return obj;
  const o = obj as unknown as Record<string, unknown>;
  const keys = Object.keys(n);
  const changed = changedScratch;
  const values = valuesScratch;
  changed.length = 0;
  values.length = 0;
  let i = 0;
  let same = true;
  for (const k in o) {
    if (keys[i] !== k) {
      same = false;
      break;
    }
    i++;
    const v = o[k];
    if (v === n[k]) continue;
    if (k === 'metadata') {
      if (sameButVersion(v, n[k])) continue;
      same = false;
      break;
    }
    changed.push(k);
    values.push(v);
  }
  const form =
    !same || i !== keys.length
      ? obj
      : changed.length === 1
        ? new PastRevision(next, changed[0], values[0])
        : new PastRevision(next, changed.slice(), values.slice());
  changed.length = 0;
  values.length = 0;
  return form;
}

/**
 * Whether metadata `a` and `b` have the same fields in the same order with the very same values,
 * their resourceVersions aside (the stored bytes have none; the decoded object gets its own).
 */
function sameButVersion(a: unknown, b: unknown): boolean {
  if (!isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(b);
  let i = 0;
  for (const k in a) {
    if (k === 'resourceVersion') continue;
    if (keys[i] === 'resourceVersion') i++;
    if (keys[i] !== k || a[k] !== b[k]) return false;
    i++;
  }
  if (keys[i] === 'resourceVersion') i++;
  return i === keys.length;
}

/**
 * The object a stored revision's held form stands for: itself, or a past revision rebuilt from
 * the revisions after it (their objects, or their text once only that is left). Its metadata may
 * carry a later resourceVersion, which the stored text leaves out (renderStored).
 */
export function storedForm(held: unknown): KubeObject {
  if (!(held instanceof PastRevision)) return held as KubeObject;
  // The chain up to the first revision that holds its object or only its text (iterative: a
  // Lease renewed every 10 s has ~30 past revisions between two compactions).
  const chain: PastRevision[] = [];
  let p: PastRevision = held;
  let base: unknown;
  for (;;) {
    chain.push(p);
    base = heldObject(p.next);
    if (!(base instanceof PastRevision)) break;
    p = base;
  }
  let obj = (base ?? JSON.parse(p.next.value)) as Record<string, unknown>;
  for (let c = chain.length - 1; c >= 0; c--) {
    const past = chain[c];
    const out: Record<string, unknown> = {};
    for (const k in obj) out[k] = past.valueOf(k, obj[k]);
    obj = out;
  }
  return obj as unknown as KubeObject;
}

/**
 * An object stored in etcd as itself until its JSON is read (see DeferredValue); once superseded,
 * as what it changed against the revision after it (see PastRevision).
 */
export class DeferredObject extends DeferredValue {
  protected override render(object: unknown): string {
    return renderStored(storedForm(object));
  }

  protected override supersede(object: unknown, next: KeyValue): unknown {
    return pastForm(object as KubeObject, next);
  }
}
