import type { KubeObject } from '../../api/types';
import { deepFreeze, isJsonExact } from '../patch';

/** How many distinct values the table keeps (the most recently used). */
const TABLE_SIZE = 512;

/** A shared value, and whether it was used again since it was last passed over for eviction. */
interface Entry {
  value: object;
  used: boolean;
}

/**
 * Recently stored small values by their JSON, each frozen and shared by every object using it.
 * Evicted in insertion order, except that a value used again since is given a second chance
 * (moved to the back): nearly least-recently-used, without moving an entry on every hit.
 */
const table = new Map<string, Entry>();

/** The JSON of each value the table has held (frozen, so it stays the same). */
const textOf = new WeakMap<object, string>();

/**
 * The shared frozen copy of a value already seen with the same JSON, else the value itself,
 * frozen and kept for the next ones.
 */
function intern<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  // scale: a value the table holds (a status patch's copy shares the live pod's labels and owner
  // references) is known by its JSON, neither checked nor serialised again.
  const known = textOf.get(v);
  if (known !== undefined) {
    const entry = table.get(known);
    if (entry !== undefined && entry.value === v) {
      entry.used = true;
      return v;
    }
  }
  if (!isJsonExact(v)) return v;
  const text = JSON.stringify(v);
  const hit = table.get(text);
  if (hit !== undefined) {
    hit.used = true;
    return hit.value as T;
  }
  table.set(text, { value: deepFreeze(v) as object, used: false });
  textOf.set(v, text);
  while (table.size > TABLE_SIZE) {
    const [oldest, entry] = table.entries().next().value!;
    table.delete(oldest);
    if (entry.used) {
      entry.used = false;
      table.set(oldest, entry);
    }
  }
  return v;
}

/**
 * Share, between objects about to be stored, the parts that many of them repeat word for word:
 * the labels and owner references of a ReplicaSet's pods, their containers' resources, their
 * security context and tolerations. Each part is replaced by an equal frozen one already stored
 * (the JSON, and so everything a client sees, is the same; the API server freezes every stored
 * object anyway).
 *
 * scale: 150,000 pods of 1,500 ReplicaSets hold ~1 KB each less (owner references alone are
 * ~0.6 KB of objects a pod).
 */
export function shareRepeatedParts(obj: KubeObject): void {
  const meta = obj.metadata;
  if (meta) {
    if (meta.labels) meta.labels = intern(meta.labels);
    if (meta.annotations) meta.annotations = intern(meta.annotations);
    if (meta.ownerReferences) meta.ownerReferences = intern(meta.ownerReferences);
  }
  if (obj.kind === 'Event') {
    // A pod's Events (Scheduled, Pulling, Pulled, Created, Started…) name it alike, and a
    // component's all have one source.
    const ev = obj as { involvedObject?: unknown; source?: unknown };
    if (ev.involvedObject) ev.involvedObject = intern(ev.involvedObject);
    if (ev.source) ev.source = intern(ev.source);
    return;
  }
  if (obj.kind !== 'Pod') return;
  const spec = (obj as { spec?: PodParts }).spec;
  if (!spec || Object.isFrozen(spec)) return;
  if (spec.securityContext) spec.securityContext = intern(spec.securityContext);
  if (spec.tolerations) spec.tolerations = intern(spec.tolerations);
  for (const list of [spec.initContainers, spec.containers])
    if (Array.isArray(list))
      for (const c of list)
        if (c && typeof c === 'object' && !Object.isFrozen(c) && c.resources)
          c.resources = intern(c.resources);
}

interface PodParts {
  securityContext?: unknown;
  tolerations?: unknown;
  initContainers?: { resources?: unknown }[];
  containers?: { resources?: unknown }[];
}

/**
 * Share, in an object about to be stored over `live`, every part equal to the same part of the
 * live object (frozen, as the API server stores it): the part is replaced by the live one, so a
 * revision holds only what it changed (structural sharing). Equal means JSON-equal with the same
 * key order, so the text of the new revision is the same either way.
 *
 * scale: a kubelet's status patch rebuilds the pod's conditions and container statuses, most of
 * them unchanged; every revision of a pod the etcd history keeps (until compaction) held its own
 * copies, ~4 KB a Running pod.
 */
export function shareUnchanged(next: KubeObject, live: KubeObject): void {
  const n = next as unknown as Record<string, unknown>;
  const l = live as unknown as Record<string, unknown>;
  for (const k in n) {
    if (!Object.hasOwn(n, k)) continue;
    if (k === 'metadata') {
      // The metadata itself is the new revision's own (its resourceVersion is set on decode).
      const m = n[k];
      const lm = l[k];
      if (isPlain(m) && !Object.isFrozen(m) && isPlain(lm))
        for (const f in m) if (Object.hasOwn(m, f)) m[f] = shared(m[f], lm[f]);
      continue;
    }
    n[k] = shared(n[k], l[k]);
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** `b` when `a` equals it (see shareUnchanged), else `a` with its equal parts replaced by b's. */
function shared(a: unknown, b: unknown): unknown {
  if (a === b) return b;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a;
  if (Object.isFrozen(a) || !Object.isFrozen(b)) return a;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return a;
    let same = a.length === b.length;
    for (let i = 0; i < a.length; i++) {
      const v = i < b.length ? shared(a[i], b[i]) : a[i];
      if (v !== a[i]) a[i] = v;
      if (v !== b[i]) same = false;
    }
    return same ? b : a;
  }
  if (
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return a;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(bo);
  let same = true;
  let i = 0;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k)) return a;
    const v = Object.hasOwn(bo, k) ? shared(ao[k], bo[k]) : ao[k];
    if (v !== ao[k]) ao[k] = v;
    if (keys[i] !== k || v !== bo[k]) same = false;
    i++;
  }
  return same && i === keys.length ? b : a;
}
