import type { KubeObject } from '../../api/types';
import { withFacts } from '../encoder';
import { deepFreeze, isJsonExact } from '../patch';
import { InternTable } from './internTable';

/** How many distinct values the table keeps (the most recently used). */
const TABLE_SIZE = 512;

/**
 * A shared value, its JSON (its key in the table), and whether it was used again since it was
 * last passed over for eviction.
 */
interface Entry {
  value: object;
  text: string;
  used: boolean;
}

/**
 * The entries a part of an object (its labels, its owner references…) was last interned as,
 * newest first. scale: a ReplicaSet's pods arrive in bursts, and every pod of a cluster carries
 * the same tolerations and security context: the next value is most often equal to one of these,
 * which a walk comparing the two tells without making its JSON or hashing it.
 */
type Slot = (Entry | undefined)[];

/** How many recent entries a slot remembers. */
const SLOT_SIZE = 4;

const slot = (size = SLOT_SIZE): Slot => new Array<Entry | undefined>(size).fill(undefined);
const LABELS = slot();
const ANNOTATIONS = slot();
const OWNERS = slot();
const SECURITY = slot();
const TOLERATIONS = slot();
const RESOURCES = slot();

/** Remember `e` as the slot's newest entry. */
function remember(s: Slot, e: Entry): void {
  if (s[0] === e) return;
  let i = 1;
  while (i < s.length - 1 && s[i] !== e) i++;
  for (; i > 0; i--) s[i] = s[i - 1];
  s[0] = e;
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
function intern<T>(v: T, recent: Slot): T {
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
  // A value equal (as sameJson tells) to a recent entry still in the table: what the lookup by
  // its JSON below would find.
  for (let i = 0; i < recent.length; i++) {
    const e = recent[i];
    if (e === undefined) break;
    if (sameJson(v, e.value) && table.get(e.text) === e) {
      e.used = true;
      if (i > 0) remember(recent, e);
      return e.value as T;
    }
  }
  if (!isJsonExact(v)) return v;
  const text = JSON.stringify(v);
  const hit = table.get(text);
  if (hit !== undefined) {
    hit.used = true;
    remember(recent, hit);
    return hit.value as T;
  }
  const entry: Entry = { value: deepFreeze(withFacts(v)) as object, text, used: false };
  table.set(text, entry);
  textOf.set(v, text);
  remember(recent, entry);
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
 * Whether `a` is JSON-exact (see isJsonExact) with the same JSON as `b`, a value of the table
 * (exact and frozen): the same plain objects' keys in the same order, the same array lengths,
 * the same leaves (Object.is: -0, not exact, is not 0).
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (a === b) return true;
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(bo);
  let i = 0;
  for (const k in ao) {
    if (k === '__proto__' || !Object.hasOwn(ao, k) || keys[i] !== k) return false;
    if (!sameJson(ao[k], bo[k])) return false;
    i++;
  }
  return i === keys.length;
}

/** A field of a part used in its key: its text, or nothing for a value of another type. */
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/**
 * The shared frozen value equal to `v` (as sameJson tells) that the table holds under `key`,
 * else `v`, frozen and kept under the key (in place of an unequal value the key had). The key
 * only finds the candidate: two values with the same key and different JSON are never shared.
 */
function internKeyed<T extends object>(v: T, table: InternTable<object>, key: string): T {
  const hit = table.get(key);
  if (hit !== undefined && (hit === v || sameJson(v, hit))) return hit as T;
  if (!isJsonExact(v)) return v;
  table.set(key, deepFreeze(v));
  return v;
}

/**
 * Events' sources, by component and node. scale: one per kubelet, where the recent few every
 * Event used to be compared with shared almost none at 200 nodes: ~200 bytes a pod.
 */
const SOURCES = new InternTable<object>(8192);

function internSource(v: Record<string, unknown>): object {
  return internKeyed(v, SOURCES, `${str(v.component)}\0${str(v.host)}`);
}

/**
 * Events' involved objects, by the object's uid (else its kind, namespace and name), the
 * resourceVersion they name and the field path: a pod's kubelet Events (Pulling, Pulled,
 * Created, Started) name it alike, its scheduler's Event at another resourceVersion, and a
 * ReplicaSet's SuccessfulCreate Events alike while it does not change.
 *
 * scale: a pod's Events span ~10 virtual seconds; at 700 pods a second, ~2 entries a pod, a
 * generation of 8,192 keeps an entry 6 s at least, and one still in use is set again in the
 * next generation. The keys and entries are ~2 MB at most.
 */
const INVOLVED_OBJECTS = new InternTable<object>(8192);

function internInvolved(v: Record<string, unknown>): object {
  const who =
    typeof v.uid === 'string' ? v.uid : `${str(v.kind)}/${str(v.namespace)}/${str(v.name)}`;
  return internKeyed(v, INVOLVED_OBJECTS, `${who}\0${str(v.resourceVersion)}\0${str(v.fieldPath)}`);
}

/**
 * Small parts of the objects' status that many objects repeat: a pod's conditions (equal across
 * the pods that changed state in the same second), its containers' states, its host IPs (one
 * per node), a ReplicaSet's counts. Keyed by their leaves and their parts' ids (see partKey).
 */
const STATUS_PARTS = new InternTable<object>(1024);

/**
 * The id of each value STATUS_PARTS holds or held (frozen, JSON-exact), which stands for it in
 * the key of a value holding it. scale: a pod's conditions list is keyed by five ids, not by
 * its ~400 characters of JSON, made and hashed again on every status write.
 */
const partIds = new WeakMap<object, number>();
let lastPartId = 0;

/**
 * The shared frozen value with the JSON of `v`, else `v`, its own parts shared likewise, frozen
 * and kept; `v` as it is when JSON would not give it back exactly (see isJsonExact).
 */
function internTree<T>(v: T): T {
  if (typeof v !== 'object' || v === null || partIds.has(v)) return v;
  const key = partKey(v);
  if (key === undefined) return v;
  const hit = STATUS_PARTS.get(key);
  // The key finds the candidate; the JSON decides (a string holding the key's separators).
  if (hit !== undefined && sameJson(v, hit)) return hit as T;
  // Its parts are frozen already.
  if (!Object.isFrozen(v)) Object.freeze(withFacts(v));
  partIds.set(v, ++lastPartId);
  STATUS_PARTS.set(key, v);
  return v;
}

/**
 * The key of an object or array in STATUS_PARTS: its keys, its leaves (tagged with their type)
 * and its parts' ids, once its parts are interned (and put in its place, while it is open).
 * Undefined when JSON would not give it back exactly.
 */
function partKey(v: object): string | undefined {
  const open = !Object.isFrozen(v);
  if (Array.isArray(v)) {
    let key = '[';
    for (let i = 0; i < v.length; i++) {
      const x = childKey(v as unknown[] as Record<number, unknown>, i, open);
      if (x === undefined) return undefined;
      key += x + '\0';
    }
    return key;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  const o = v as Record<string, unknown>;
  let key = '{';
  for (const k in o) {
    if (k === '__proto__') return undefined;
    const x = childKey(o, k, open);
    if (x === undefined) return undefined;
    key += k + '\0' + x + '\0';
  }
  return key;
}

/** The key of one child of a part (see partKey): a leaf tagged with its type, or a part's id. */
function childKey(
  parent: Record<string | number, unknown>,
  k: string | number,
  open: boolean,
): string | undefined {
  const x = parent[k];
  switch (typeof x) {
    case 'string':
      return 's' + x;
    case 'number':
      return Number.isFinite(x) && !Object.is(x, -0) ? 'n' + x : undefined;
    case 'boolean':
      return x ? 't' : 'f';
    case 'object': {
      if (x === null) return 'z';
      const y = internTree(x);
      const id = partIds.get(y);
      if (id === undefined) return undefined;
      if (open && y !== x) parent[k] = y;
      return '#' + id;
    }
    default:
      return undefined;
  }
}

/** The pod status fields whose values no other pod repeats: the status is not interned whole. */
interface PodStatusParts {
  conditions?: unknown;
  hostIPs?: unknown;
  initContainerStatuses?: unknown;
  containerStatuses?: unknown;
  ephemeralContainerStatuses?: unknown;
}

/** Fields a pod's status may have and still be shared whole (a Pending pod's). */
const SHARED_POD_STATUS = new Set(['phase', 'qosClass', 'conditions', 'message', 'reason']);

/**
 * Share the status parts many objects repeat (see STATUS_PARTS): those of a pod and of a
 * ReplicaSet. Not the unique ones (a pod's IP, its containers' IDs), which would only churn the
 * table. scale: a Running pod's revisions held ~13 conditions and ~8 container states, empty
 * objects and host IPs of their own, ~1.2 KB.
 */
function shareRepeatedStatus(obj: KubeObject): void {
  const holder = obj as { status?: unknown };
  const status = holder.status;
  if (!isPlain(status) || Object.isFrozen(status)) return;
  if (obj.kind === 'ReplicaSet') {
    holder.status = internTree(status);
    return;
  }
  if (obj.kind !== 'Pod') return;
  const st = status as PodStatusParts & Record<string, unknown>;
  if (st.conditions) st.conditions = internTree(st.conditions);
  if (st.hostIPs) st.hostIPs = internTree(st.hostIPs);
  for (const list of [
    st.initContainerStatuses,
    st.containerStatuses,
    st.ephemeralContainerStatuses,
  ])
    if (Array.isArray(list) && !Object.isFrozen(list))
      for (let i = 0; i < list.length; i++) list[i] = shareContainerStatus(list[i]);
  let whole = true;
  for (const k in st)
    if (!SHARED_POD_STATUS.has(k)) {
      whole = false;
      break;
    }
  if (whole) holder.status = internTree(st);
}

/**
 * A container's status shared whole while it has no container (a waiting one: its name, image
 * and state are its pod template's), else its states but a terminated one (which names the
 * container).
 */
function shareContainerStatus(c: unknown): unknown {
  if (!isPlain(c) || Object.isFrozen(c)) return c;
  if (c.containerID === undefined) return internTree(c);
  if (isPlain(c.state) && !('terminated' in c.state)) c.state = internTree(c.state);
  if (isPlain(c.lastState) && !('terminated' in c.lastState)) c.lastState = internTree(c.lastState);
  return c;
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
    if (meta.labels) meta.labels = intern(meta.labels, LABELS);
    if (meta.annotations) meta.annotations = intern(meta.annotations, ANNOTATIONS);
    if (meta.ownerReferences) meta.ownerReferences = intern(meta.ownerReferences, OWNERS);
  }
  if (obj.kind === 'Event') {
    // A pod's Events (Scheduled, Pulling, Pulled, Created, Started…) name it alike, and a
    // component's all have one source.
    const ev = obj as { involvedObject?: unknown; source?: unknown };
    if (isPlain(ev.involvedObject)) ev.involvedObject = internInvolved(ev.involvedObject);
    if (isPlain(ev.source)) ev.source = internSource(ev.source);
    return;
  }
  shareRepeatedStatus(obj);
  if (obj.kind !== 'Pod') return;
  const spec = (obj as { spec?: PodParts }).spec;
  if (!spec || Object.isFrozen(spec)) return;
  if (spec.securityContext) spec.securityContext = intern(spec.securityContext, SECURITY);
  if (spec.tolerations) spec.tolerations = intern(spec.tolerations, TOLERATIONS);
  for (const list of [spec.initContainers, spec.containers])
    if (Array.isArray(list))
      for (const c of list)
        if (c && typeof c === 'object' && !Object.isFrozen(c) && c.resources)
          c.resources = intern(c.resources, RESOURCES);
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
        for (const f in m) {
          if (!Object.hasOwn(m, f)) continue;
          // Written only when it changes (most fields are strings, or already the live ones).
          const v = shared(m[f], lm[f]);
          if (v !== m[f]) m[f] = v;
        }
      continue;
    }
    const v = shared(n[k], l[k]);
    if (v !== n[k]) n[k] = v;
  }
  // The parts changed, shared with other objects' equal ones.
  shareRepeatedStatus(next);
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
  // Both are plain objects: for-in lists their own keys only.
  for (const k in ao) {
    const x = ao[k];
    // b has the key when it is b's i-th too (the usual case, not looked up again).
    const y = keys[i] === k || Object.hasOwn(bo, k) ? bo[k] : undefined;
    if (x !== y) {
      // scale: a string or number (most leaves) is decided here, without a call.
      const v = typeof x === 'object' && x !== null ? shared(x, y) : x;
      if (v !== y) same = false;
      else ao[k] = v;
    }
    if (keys[i] !== k) same = false;
    i++;
  }
  return same && i === keys.length ? b : a;
}
