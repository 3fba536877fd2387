import type { KubeObject } from '../../api/types';
import { withFacts } from '../encoder';
import { deepFreeze, isJsonExact } from '../patch';
import { InternTable, PathTable } from './internTable';

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
 * Events' sources, by node, else by component (a controller's). scale: one per kubelet, where
 * the recent few every Event used to be compared with shared almost none at 200 nodes: ~200
 * bytes a pod. The key is a string the source already holds (no key made, its hash kept).
 */
const SOURCES = new InternTable<object>(8192);

function internSource(v: Record<string, unknown>): object {
  const key = typeof v.host === 'string' ? v.host : v.component;
  return typeof key === 'string' ? internKeyed(v, SOURCES, key) : v;
}

/**
 * Events' involved objects, by the object's uid, the newest for each: a pod's kubelet Events
 * (Pulling, Pulled, Created, Started of a container) name it alike, after its scheduler's
 * Event named it at another resourceVersion; a ReplicaSet's SuccessfulCreate Events name it
 * alike while it does not change.
 *
 * scale: a pod's Events span ~10 virtual seconds; at 700 pods a second, a generation of 8,192
 * keeps an entry 11 s at least, and one still in use is set again in the next generation. The
 * key is the uid the object already holds (no key made, its hash kept): ~1 MB at most.
 */
const INVOLVED_OBJECTS = new InternTable<object>(8192);

function internInvolved(v: Record<string, unknown>): object {
  return typeof v.uid === 'string' ? internKeyed(v, INVOLVED_OBJECTS, v.uid) : v;
}

/**
 * Small parts that many objects repeat, mostly of their status: a pod's conditions (equal across
 * the pods that changed state in the same second), its containers' states, its host IPs (one
 * per node), its containers' commands, a ReplicaSet's counts. By their path (see pathOf).
 */
const PARTS = new PathTable<object>(1024);

/** The values PARTS holds or held: frozen and JSON-exact, so each stands for its JSON in a path. */
const interned = new WeakSet<object>();

/** What begins the path of an array, of a plain object. */
const ARRAY = Symbol('array');
const OBJECT = Symbol('object');

/**
 * The shared frozen value with the JSON of `v`, else `v`, its own parts shared likewise, frozen
 * and kept; `v` as it is when JSON would not give it back exactly (see isJsonExact).
 */
function internTree<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  return (internPart(v) ?? v) as T;
}

/** internTree of an object: undefined when JSON would not give it back exactly. */
function internPart(v: object): object | undefined {
  // (Only a frozen value may be one the table holds: a fresh one is not looked up.)
  const frozen = Object.isFrozen(v);
  if (frozen && interned.has(v)) return v;
  const path = pathOf(v, !frozen);
  if (path === undefined) return undefined;
  const hit = PARTS.get(path);
  // The path finds the candidate; the JSON decides (the same leaves under other keys).
  if (hit !== undefined && sameJson(v, hit)) return hit;
  // Its parts are frozen already.
  if (!frozen) Object.freeze(withFacts(v));
  interned.add(v);
  PARTS.set(path, v);
  return v;
}

/**
 * The path of an object or array in PARTS, which two values share when their JSON is the same:
 * whether it is an array, its leaves in order (typed: the string '1' is not the number 1), and
 * its parts once interned (put in its place while it is open), by identity; not its keys (a
 * step each, where comparing the one value found costs less). Undefined when JSON would not
 * give it back exactly. `open`: `v` is not frozen.
 */
function pathOf(v: object, open: boolean): unknown[] | undefined {
  if (Array.isArray(v)) {
    const path: unknown[] = [ARRAY];
    for (let i = 0; i < v.length; i++) {
      const x = step(v as unknown[] as Record<number, unknown>, i, open);
      if (x === NOT_EXACT) return undefined;
      path.push(x);
    }
    return path;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  const o = v as Record<string, unknown>;
  const path: unknown[] = [OBJECT];
  for (const k in o) {
    if (k === '__proto__') return undefined;
    const x = step(o, k, open);
    if (x === NOT_EXACT) return undefined;
    path.push(x);
  }
  return path;
}

const NOT_EXACT = Symbol('not exact');

/** One child's step in its parent's path (see pathOf). */
function step(
  parent: Record<string | number, unknown>,
  k: string | number,
  open: boolean,
): unknown {
  const x = parent[k];
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      // A Map tells 0 from -0 no more than JSON does: -0 is not exact.
      return Number.isFinite(x) && !Object.is(x, -0) ? x : NOT_EXACT;
    case 'object': {
      if (x === null) return null;
      const y = internPart(x);
      if (y === undefined) return NOT_EXACT;
      if (open && y !== x) parent[k] = y;
      return y;
    }
    default:
      return NOT_EXACT;
  }
}

/** The parts of a node's status that other nodes repeat. */
const NODE_STATUS_PARTS = [
  'capacity',
  'allocatable',
  'conditions',
  'daemonEndpoints',
  'images',
] as const;

/** The lists of a pod's containers' statuses. */
const CONTAINER_STATUSES = [
  'initContainerStatuses',
  'containerStatuses',
  'ephemeralContainerStatuses',
] as const;

/** Fields a pod's status may have and still be shared whole (a Pending pod's). */
const SHARED_POD_STATUS = new Set(['phase', 'qosClass', 'conditions', 'message', 'reason']);

/**
 * Share the status parts many objects repeat (see PARTS): those of a pod, a node and a
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
  if (obj.kind === 'Node') {
    // Equal across nodes of a size: their capacity, their images; their conditions when they
    // reported in the same second. (Not their addresses or system info, their own.)
    for (const f of NODE_STATUS_PARTS) if (status[f]) status[f] = internTree(status[f]);
    return;
  }
  if (obj.kind !== 'Pod') return;
  const st = status;
  if (st.conditions) st.conditions = internTree(st.conditions);
  if (st.hostIPs) st.hostIPs = internTree(st.hostIPs);
  for (const f of CONTAINER_STATUSES) {
    const list = st[f];
    if (!Array.isArray(list) || Object.isFrozen(list)) continue;
    let waiting = true;
    for (let i = 0; i < list.length; i++) {
      const c = shareContainerStatus(list[i]);
      if (c !== list[i]) list[i] = c;
      if (!isPlain(c) || c.containerID !== undefined) waiting = false;
    }
    // The list of a pod whose containers are all waiting (ContainerCreating) is its template's.
    if (waiting) st[f] = internTree(list);
  }
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
      for (const c of list) {
        if (!c || typeof c !== 'object' || Object.isFrozen(c)) continue;
        if (c.resources) c.resources = intern(c.resources, RESOURCES);
        // A ReplicaSet's pods run the same command (a container's own data is its name and
        // its volume mounts', which name the pod's service account token volume).
        if (c.command) c.command = internTree(c.command);
        if (c.args) c.args = internTree(c.args);
      }
}

interface PodParts {
  securityContext?: unknown;
  tolerations?: unknown;
  initContainers?: ContainerParts[];
  containers?: ContainerParts[];
}

interface ContainerParts {
  resources?: unknown;
  command?: unknown;
  args?: unknown;
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
