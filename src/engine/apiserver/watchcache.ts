import { matchesFieldSelector, matchesParsedSelector } from '../api/labels';
import type { ParsedFieldSelector, ParsedSelector } from '../api/labels';
import type { KubeObject } from '../api/types';
import type { KeyValue } from '../etcd/store';
import type { WatchEventMessage } from './types';

/** A client's watch: a resource prefix, optional selectors, and where to send events. */
export interface CacheWatcher {
  id: number;
  /** etcd prefix, e.g. `/registry/pods/` or `/registry/pods/default/`. */
  prefix: string;
  fromRevision: number;
  labels?: ParsedSelector;
  fields?: ParsedFieldSelector;
  send: (event: WatchEventMessage, revision: number) => void;
}

/** A change as the cache dispatches it: the decoded object now and before. */
export interface CachedEvent {
  revision: number;
  key: string;
  type: 'PUT' | 'DELETE';
  object: KubeObject;
  prev?: KubeObject;
  /** The stored key-values, when the objects can be decoded again from them (see below). */
  kv?: KeyValue;
  prevKv?: KeyValue;
}

/**
 * A past change as the history keeps it: the stored key-value it wrote (etcd's own revision
 * object, a tombstone for a delete; its revision, key and type are the change's), decoded again
 * when a watch from an older revision replays it (a cache of a busy cluster would otherwise keep
 * every old version of every object decoded); or, when it cannot be decoded again, the change.
 */
type PastEvent = KeyValue | CachedEvent;

/** The change itself, kept because it has no key-value to decode again. */
function isKept(h: PastEvent): h is CachedEvent {
  return (h as Partial<CachedEvent>).revision !== undefined;
}

function revisionOf(h: PastEvent): number {
  return isKept(h) ? h.revision : h.modRevision;
}

/** A resource's past events. */
interface BucketHistory {
  /** Their positions in the whole history (an index into `history` plus historyBase). */
  positions: number[];
  /**
   * The same by object name (a key's last segment), made once a watch of one name asked:
   * 5,000 kube-proxies joining, each watching its own Node, replay only that Node's events
   * instead of passing over every other Node's.
   */
  byName?: Map<string, number[]>;
}

/** An object's name: its key's last segment. */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function pushTo(byName: Map<string, number[]>, name: string, position: number): void {
  const ps = byName.get(name);
  if (ps) ps.push(position);
  else byName.set(name, [position]);
}

/** The index of the first of the ascending `positions` that is `first` or after. */
function firstFrom(positions: number[], first: number): number {
  let i = 0;
  while (i < positions.length && positions[i] < first) i++;
  return i;
}

/** How many past events the cache keeps for watches that start from an older revision. */
export const WATCH_CACHE_HISTORY = 20_000;

/**
 * Fields whose `field=value` watches are indexed by value (k/k: the cacher's IndexerFuncs, e.g.
 * `pod.spec.nodeName` for kubelets, so a pod's change is not offered to every node's watch).
 * The getters return what the field selector compares (`''` for a missing field).
 */
const INDEXED_FIELDS: Record<string, (o: KubeObject) => string> = {
  'spec.nodeName': (o) => {
    const v = (o.spec as { nodeName?: unknown } | undefined)?.nodeName;
    return v === undefined || v === null ? '' : String(v);
  },
  'metadata.name': (o) => {
    const v = o.metadata?.name;
    return v === undefined || v === null ? '' : String(v);
  },
};

/** The watchers of one prefix: those indexed by a field's value, and the rest. */
interface PrefixGroup {
  prefix: string;
  unindexed: Map<number, CacheWatcher>;
  /** field → value → watchers. */
  byField: Map<string, Map<string, Map<number, CacheWatcher>>>;
}

/** The resource part of a key or prefix (`/registry/pods/`), when it has one. */
function bucketOf(key: string): string | undefined {
  const a = key.indexOf('/', 1);
  const b = a < 0 ? -1 : key.indexOf('/', a + 1);
  return b < 0 ? undefined : key.slice(0, b + 1);
}

/** The index entry a watcher is filed under, if it has an indexable `field=value` term. */
function indexTerm(w: CacheWatcher): { field: string; value: string } | undefined {
  for (const r of w.fields?.requirements ?? []) {
    if (r.operator === '=' && INDEXED_FIELDS[r.field]) return { field: r.field, value: r.value };
  }
  return undefined;
}

/**
 * kube-apiserver's watch cache (the "cacher"): fed by one etcd watch, it fans each change out to
 * the client watches whose prefix and selectors match. An object that stops matching a selector
 * is sent as DELETED, one that starts matching as ADDED, as the real cacher does.
 *
 * Watchers are indexed by prefix, and by `spec.nodeName` / `metadata.name` when their field
 * selector pins one, so a change is only offered to the watches that can match it; matching
 * watchers still receive it in the order they were opened.
 */
export class WatchCache {
  private watchers = new Map<number, CacheWatcher>();
  /** Watchers by prefix, for prefixes that end in `/` (resource or namespace prefixes). */
  private groups = new Map<string, PrefixGroup>();
  /**
   * The same groups as an event's key finds them from its resource (bucketOf), without a slice
   * of the key and a lookup for every `/` in it: the group of the resource itself, and how many
   * groups lie deeper in it (namespace prefixes), which only then are looked up.
   */
  private byBucket = new Map<string, { own?: PrefixGroup; deeper: number }>();
  /** Groups of prefixes shorter than a resource's (`/registry/`), shortest first. */
  private shallow: PrefixGroup[] = [];
  /** Watchers whose prefix does not end in `/` (a single object's key): matched by startsWith. */
  private odd = new Map<number, CacheWatcher>();
  /**
   * Past events, oldest first, from `historyStart` on (a queue without shifting), and the
   * key-value each one replaced at the same index (scale: no event object per change, ~20,000
   * of them kept: 64 bytes each).
   */
  private history: PastEvent[] = [];
  private historyPrevs: (KeyValue | undefined)[] = [];
  private historyStart = 0;
  /** How many events were dropped from the front of `history` (its first one's position). */
  private historyBase = 0;
  /** The same events by resource, so a new watch replays only its resource's events. */
  private historyByBucket = new Map<string, BucketHistory>();
  private nextId = 1;
  private oldest = 0;
  /** The list dispatch gathers an event's candidate watchers in, while no dispatch uses it. */
  private scratch: CacheWatcher[] | undefined = [];

  constructor(
    private readonly historySize = WATCH_CACHE_HISTORY,
    /** Decode a stored key-value (the API server's, which reuses its current objects). */
    private readonly decode?: (kv: KeyValue) => KubeObject,
  ) {}

  /** The past event at `i` in `history` with its objects, decoded again if it was kept slim. */
  private materialize(i: number): CachedEvent {
    const h = this.history[i];
    if (isKept(h)) return h;
    const prevKv = this.historyPrevs[i];
    const prev = prevKv && this.decode!(prevKv);
    // A tombstone (version 0) is a delete's.
    if (h.version === 0)
      return { revision: h.modRevision, key: h.key, type: 'DELETE', object: prev!, prev };
    return { revision: h.modRevision, key: h.key, type: 'PUT', object: this.decode!(h), prev };
  }

  add(w: Omit<CacheWatcher, 'id'>): { id: number } | { tooOld: number } {
    if (w.fromRevision > 0 && w.fromRevision < this.oldest) return { tooOld: this.oldest };
    const id = this.nextId++;
    // One shape for every watcher (its optional selectors undefined when absent), not a copy of
    // each caller's object: the dispatch reads them per change.
    const { prefix, fromRevision, labels, fields, send } = w;
    const watcher: CacheWatcher = { id, prefix, fromRevision, labels, fields, send };
    this.watchers.set(id, watcher);
    this.file(watcher);
    // History is in revision order: replay only the events after the watch's revision (and
    // after the oldest kept one), from its resource's events when the prefix names a resource.
    const bucket = bucketOf(w.prefix);
    const history = this.history;
    const from = Math.max(w.fromRevision, this.oldest);
    const term = indexTerm(watcher);
    const get = term && INDEXED_FIELDS[term.field];
    // A watch of one name (a kubelet's own Node): an object's name is its key's last segment,
    // so another object's events are passed over without decoding them (5,000 nodes joining
    // each replay the others' events).
    const nameSuffix = term?.field === 'metadata.name' ? `/${term.value}` : undefined;
    const replay = (i: number) => {
      if (nameSuffix !== undefined && !history[i].key.endsWith(nameSuffix)) return;
      const ev = this.materialize(i);
      // An event whose object never had the watch's pinned field value cannot match it.
      if (
        get &&
        (ev.type !== 'PUT' || get(ev.object) !== term.value) &&
        (ev.prev === undefined || get(ev.prev) !== term.value)
      )
        return;
      this.deliver(watcher, ev);
    };
    if (bucket === undefined) {
      for (let i = this.after(this.historyStart, history.length, from); i < history.length; i++)
        replay(i);
    } else {
      // Its resource's events only; a watch of one name, that object's only.
      const b = this.historyByBucket.get(bucket);
      let positions = b?.positions ?? [];
      if (b !== undefined && nameSuffix !== undefined && !term!.value.includes('/')) {
        b.byName ??= this.byName(b.positions);
        positions = b.byName.get(term!.value) ?? [];
      }
      const base = this.historyBase;
      let lo = 0;
      let hi = positions.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (revisionOf(history[positions[mid] - base]) > from) hi = mid;
        else lo = mid + 1;
      }
      for (let j = lo; j < positions.length; j++) replay(positions[j] - base);
    }
    return { id };
  }

  /** The past events at `positions` by object name. */
  private byName(positions: number[]): Map<string, number[]> {
    const byName = new Map<string, number[]>();
    for (const p of positions) pushTo(byName, nameOf(this.history[p - this.historyBase].key), p);
    return byName;
  }

  /** The first index in `history[lo, hi)` whose event is after `revision` (they only grow). */
  private after(lo: number, hi: number, revision: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (revisionOf(this.history[mid]) > revision) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  remove(id: number): void {
    const w = this.watchers.get(id);
    if (!w) return;
    this.watchers.delete(id);
    if (!w.prefix.endsWith('/')) {
      this.odd.delete(id);
      return;
    }
    const g = this.groups.get(w.prefix)!;
    const term = indexTerm(w);
    if (term) g.byField.get(term.field)?.get(term.value)?.delete(id);
    else g.unindexed.delete(id);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  dispatch(ev: CachedEvent): void {
    const slim =
      this.decode !== undefined && ev.kv !== undefined && (ev.type === 'PUT' || ev.prevKv);
    const position = this.historyBase + this.history.length;
    this.history.push(slim ? ev.kv! : ev);
    this.historyPrevs.push(slim ? ev.prevKv : undefined);
    const bucket = bucketOf(ev.key);
    if (bucket !== undefined) {
      const b = this.historyByBucket.get(bucket);
      if (b === undefined) this.historyByBucket.set(bucket, { positions: [position] });
      else {
        b.positions.push(position);
        if (b.byName !== undefined) pushTo(b.byName, nameOf(ev.key), position);
      }
    }
    const kept = this.history.length - this.historyStart;
    if (kept > this.historySize) {
      this.historyStart += kept - this.historySize;
      this.oldest = revisionOf(this.history[this.historyStart - 1]);
      // Drop the consumed front now and then, so the arrays do not grow without bound.
      if (this.historyStart >= this.historySize) {
        this.history = this.history.slice(this.historyStart);
        this.historyPrevs = this.historyPrevs.slice(this.historyStart);
        this.historyBase += this.historyStart;
        this.historyStart = 0;
        const first = this.historyBase;
        for (const [k, b] of this.historyByBucket) {
          const i = firstFrom(b.positions, first);
          if (i === 0) continue;
          if (i === b.positions.length) {
            this.historyByBucket.delete(k);
            continue;
          }
          b.positions = b.positions.slice(i);
          if (b.byName === undefined) continue;
          for (const [name, ps] of b.byName) {
            const j = firstFrom(ps, first);
            if (j === ps.length) b.byName.delete(name);
            else if (j > 0) b.byName.set(name, ps.slice(j));
          }
        }
      }
    }
    // One list of candidates reused from event to event (a fresh one if a delivery dispatched
    // another change before this one was done).
    const candidates = this.scratch ?? [];
    this.scratch = undefined;
    this.candidates(ev, bucket, candidates);
    for (const w of candidates) this.deliver(w, ev);
    candidates.length = 0;
    this.scratch = candidates;
  }

  private file(w: CacheWatcher): void {
    if (!w.prefix.endsWith('/')) {
      this.odd.set(w.id, w);
      return;
    }
    let g = this.groups.get(w.prefix);
    if (!g) {
      g = { prefix: w.prefix, unindexed: new Map(), byField: new Map() };
      this.groups.set(w.prefix, g);
      const bucket = bucketOf(w.prefix);
      if (bucket === undefined) {
        this.shallow.push(g);
        this.shallow.sort((x, y) => x.prefix.length - y.prefix.length);
      } else {
        let b = this.byBucket.get(bucket);
        if (!b) this.byBucket.set(bucket, (b = { deeper: 0 }));
        if (bucket === w.prefix) b.own = g;
        else b.deeper++;
      }
    }
    const term = indexTerm(w);
    if (!term) {
      g.unindexed.set(w.id, w);
      return;
    }
    let byValue = g.byField.get(term.field);
    if (!byValue) g.byField.set(term.field, (byValue = new Map()));
    let set = byValue.get(term.value);
    if (!set) byValue.set(term.value, (set = new Map()));
    set.set(w.id, w);
  }

  /**
   * The watchers that may match the event, in the order they were opened, put in `out`.
   * `bucket` is the resource part of the event's key (bucketOf).
   */
  private candidates(ev: CachedEvent, bucket: string | undefined, out: CacheWatcher[]): void {
    const key = ev.key;
    // The groups whose prefix the key starts with, shortest prefix first.
    for (const g of this.shallow) if (key.startsWith(g.prefix)) this.collect(g, ev, out);
    const b = bucket === undefined ? undefined : this.byBucket.get(bucket);
    if (b) {
      if (b.own) this.collect(b.own, ev, out);
      if (b.deeper > 0) {
        for (let i = key.indexOf('/', bucket!.length); i >= 0; i = key.indexOf('/', i + 1)) {
          const g = this.groups.get(key.slice(0, i + 1));
          if (g) this.collect(g, ev, out);
        }
      }
    }
    for (const w of this.odd.values()) if (key.startsWith(w.prefix)) out.push(w);
    // Each group's watchers are in opening order already (Maps keep insertion order and ids
    // grow), so most events need no sort: with 5,000 kubelets or CNI agents watching pods, a
    // sort per event would compare tens of thousands of pairs for nothing.
    for (let i = 1; i < out.length; i++)
      if (out[i - 1].id > out[i].id) {
        out.sort((x, y) => x.id - y.id);
        break;
      }
  }

  /** The watchers of one group that may match the event, added to `out`. */
  private collect(g: PrefixGroup, ev: CachedEvent, out: CacheWatcher[]): void {
    for (const w of g.unindexed.values()) out.push(w);
    for (const [field, byValue] of g.byField) {
      const get = INDEXED_FIELDS[field];
      const a = ev.type === 'PUT' ? get(ev.object) : undefined;
      const b = ev.prev !== undefined ? get(ev.prev) : undefined;
      const setA = a !== undefined ? byValue.get(a) : undefined;
      if (setA) for (const w of setA.values()) out.push(w);
      if (b !== undefined && b !== a) {
        const setB = byValue.get(b);
        if (setB) for (const w of setB.values()) out.push(w);
      }
    }
  }

  private deliver(w: CacheWatcher, ev: CachedEvent): void {
    if (ev.revision <= w.fromRevision || !ev.key.startsWith(w.prefix)) return;
    const now = ev.type === 'PUT' && this.matches(w, ev.object);
    const before = ev.prev !== undefined && this.matches(w, ev.prev);
    if (ev.type === 'DELETE') {
      if (before) w.send(this.message(ev, 'DELETED', ev.prev!), ev.revision);
      return;
    }
    if (now && before) w.send(this.message(ev, 'MODIFIED', ev.object), ev.revision);
    else if (now) w.send(this.message(ev, 'ADDED', ev.object), ev.revision);
    else if (before) w.send(this.message(ev, 'DELETED', ev.object), ev.revision);
  }

  /** The change whose watch messages `added`, `modified` and `deleted` are (see message). */
  private messagesOf: CachedEvent | undefined;
  private added: WatchEventMessage | undefined;
  private modified: WatchEventMessage | undefined;
  private deleted: WatchEventMessage | undefined;

  /**
   * The watch message of a change: one per change and type, the same (read-only) message for
   * every watch it goes to, as the real cacher encodes a watch event once for all its watchers.
   * Within one change each type has one object (DELETED: the old one when the object is gone,
   * else the new one that stopped matching).
   */
  private message(
    ev: CachedEvent,
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: KubeObject,
  ): WatchEventMessage {
    if (this.messagesOf !== ev) {
      this.messagesOf = ev;
      this.added = this.modified = this.deleted = undefined;
    }
    if (type === 'ADDED') return (this.added ??= { type, object });
    if (type === 'MODIFIED') return (this.modified ??= { type, object });
    return (this.deleted ??= { type, object });
  }

  private matches(w: CacheWatcher, obj: KubeObject): boolean {
    if (w.labels && !matchesParsedSelector(obj.metadata?.labels, w.labels)) return false;
    if (w.fields && !matchesFieldSelector(obj, w.fields)) return false;
    return true;
  }
}
