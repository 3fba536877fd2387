import type { Event } from '../api/types';

// The EventCorrelator's caches (events.ts): client-go tools/record/events_cache.go.
//
// scale: a kubelet keeps ~9 keys on each of its pods (an aggregate and a log key per reason, a
// spam key per pod). Each cache is columns of small numbers and strings indexed by a slot, linked
// from the least to the most recently used as groupcache's `lru.Cache` orders its keys, instead of
// a Map entry, a value object and its boxed numbers per key: a key is its object's id and the
// code of its other four parts, which are held once however many keys share them.

/**
 * Columns start empty, shared, and grow on first use: a recorder that never records (or before it
 * does) holds no arrays of its own (scale: 5,000 kubelets).
 */
const NO_I32 = new Int32Array(0);
const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);

/** `a` grown to `n` elements. */
function grownI32(a: Int32Array, n: number) {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function grownF64(a: Float64Array, n: number) {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** The next capacity of columns holding `n` (at most `max`). */
function nextCapacity(n: number, max: number): number {
  return Math.min(Math.max(8, Math.ceil(n * 1.5)), max);
}

/**
 * The objects keys are about (k/k: events_cache.go getSpamKey, which is also the object part of
 * the event and aggregate keys): the fields of a spam key (source and involvedObject, no
 * fieldPath, reason or message; `''` for a missing one) by a small id, each held while any cached
 * key is about it. The fields are the event's own strings (the object's, shared with its
 * informer): no joined key of ~100 characters to make and hash for every event. Each object also
 * holds its token bucket (the spam filter's cache, one key per object) and the heads of its lists
 * of entries in the two other caches.
 */
export class ObjectTable {
  readonly component: string[] = [''];
  readonly host: string[] = [''];
  readonly kind: string[] = [''];
  readonly namespace: string[] = [''];
  readonly name: string[] = [''];
  readonly uid: string[] = [''];
  readonly apiVersion: string[] = [''];
  /** Cached keys about each object. */
  refs = NO_I32;
  /** The next object with the same uid (0: none); of a free id, the next free id. */
  sameUid = NO_I32;
  /** The first of each object's entries in the aggregator's and the logger's cache (0: none). */
  aggregates = NO_I32;
  logs = NO_I32;
  /**
   * The spam filter's cache: the objects with a token bucket, from the least to the most recently
   * used (id 0 ends the list), and each bucket's tokens and last refill.
   */
  bucketPrev = NO_I32;
  bucketNext = NO_I32;
  bucketed = NO_U8;
  tokens = NO_F64;
  bucketLast = NO_F64;
  buckets = 0;
  /** Objects held. */
  size = 0;
  private readonly byUid = new Map<string, number>();
  private top = 1;
  private free = 0;

  constructor(private readonly max: number) {}

  /** The id of an event's source and involvedObject, made (with no keys) if it has none. */
  of(ev: Event): number {
    const o = ev.involvedObject;
    const uid = o.uid ?? '';
    const first = this.byUid.get(uid) ?? 0;
    const name = o.name ?? '';
    const namespace = o.namespace ?? '';
    const kind = o.kind ?? '';
    const apiVersion = o.apiVersion ?? '';
    const component = ev.source?.component ?? '';
    const host = ev.source?.host ?? '';
    for (let id = first; id !== 0; id = this.sameUid[id]) {
      if (
        this.name[id] === name &&
        this.namespace[id] === namespace &&
        this.kind[id] === kind &&
        this.apiVersion[id] === apiVersion &&
        this.component[id] === component &&
        this.host[id] === host
      )
        return id;
    }
    let id = this.free;
    if (id !== 0) this.free = this.sameUid[id];
    else {
      if (this.top >= this.refs.length) this.grow();
      id = this.top++;
    }
    this.component[id] = component;
    this.host[id] = host;
    this.kind[id] = kind;
    this.namespace[id] = namespace;
    this.name[id] = name;
    this.uid[id] = uid;
    this.apiVersion[id] = apiVersion;
    this.refs[id] = 0;
    this.aggregates[id] = 0;
    this.logs[id] = 0;
    this.sameUid[id] = first;
    this.byUid.set(uid, id);
    this.size++;
    return id;
  }

  /** Forget object `id` if no cached key is about it. */
  settle(id: number): void {
    if (this.refs[id] > 0) return;
    const uid = this.uid[id];
    const first = this.byUid.get(uid);
    if (first === id) {
      if (this.sameUid[id] !== 0) this.byUid.set(uid, this.sameUid[id]);
      else this.byUid.delete(uid);
    } else {
      let p = first ?? 0;
      while (p !== 0 && this.sameUid[p] !== id) p = this.sameUid[p];
      if (p === 0) return; // forgotten already
      this.sameUid[p] = this.sameUid[id];
    }
    this.component[id] = '';
    this.host[id] = '';
    this.kind[id] = '';
    this.namespace[id] = '';
    this.name[id] = '';
    this.uid[id] = '';
    this.apiVersion[id] = '';
    this.sameUid[id] = this.free;
    this.free = id;
    this.size--;
  }

  /** Make object `id`'s bucket the most recently used (adding it to the list if it has none). */
  touchBucket(id: number): void {
    const prev = this.bucketPrev;
    const next = this.bucketNext;
    if (this.bucketed[id] !== 0) {
      if (prev[0] === id) return;
      next[prev[id]] = next[id];
      prev[next[id]] = prev[id];
    } else {
      this.bucketed[id] = 1;
      this.buckets++;
    }
    const last = prev[0];
    prev[id] = last;
    next[id] = 0;
    next[last] = id;
    prev[0] = id;
  }

  /** Take the least recently used bucket out of the cache; its object's id. */
  dropOldestBucket(): number {
    const id = this.bucketNext[0];
    const next = this.bucketNext[id];
    this.bucketNext[0] = next;
    this.bucketPrev[next] = 0;
    this.bucketed[id] = 0;
    this.buckets--;
    return id;
  }

  private grow(): void {
    const n = nextCapacity(this.refs.length, this.max + 2);
    this.refs = grownI32(this.refs, n);
    this.sameUid = grownI32(this.sameUid, n);
    this.aggregates = grownI32(this.aggregates, n);
    this.logs = grownI32(this.logs, n);
    this.bucketPrev = grownI32(this.bucketPrev, n);
    this.bucketNext = grownI32(this.bucketNext, n);
    const bucketed = new Uint8Array(n);
    bucketed.set(this.bucketed);
    this.bucketed = bucketed;
    this.tokens = grownF64(this.tokens, n);
    this.bucketLast = grownF64(this.bucketLast, n);
  }
}

/**
 * The other four parts of keys, held once by a code while any cached key has them: an event
 * key's fieldPath, type, reason and message, or an aggregate key's type, reason, reporting
 * component and instance (k/k: events_cache.go getEventKey and EventAggregatorByReasonFunc,
 * less the source and involvedObject, which the object's id stands for). The same four strings
 * are the same key in either cache, as they are when both are joined.
 */
export class RestTable {
  readonly a: string[] = [''];
  readonly b: string[] = [''];
  readonly c: string[] = [''];
  readonly d: string[] = [''];
  /** Cached keys with each rest. */
  private refs = NO_I32;
  /** The next rest with the same `d` (0: none); of a free code, the next free code. */
  private sameD = NO_I32;
  private readonly byD = new Map<string, number>();
  private top = 1;
  private free = 0;
  size = 0;

  /** The code of the rest a, b, c, d (0: none is held). */
  find(a: string, b: string, c: string, d: string): number {
    for (let r = this.byD.get(d) ?? 0; r !== 0; r = this.sameD[r]) {
      if (this.c[r] === c && this.b[r] === b && this.a[r] === a) return r;
    }
    return 0;
  }

  /** The code of the rest a, b, c, d, held for one more key. */
  hold(a: string, b: string, c: string, d: string): number {
    let r = this.find(a, b, c, d);
    if (r === 0) {
      r = this.free;
      if (r !== 0) this.free = this.sameD[r];
      else {
        if (this.top >= this.refs.length) {
          const n = Math.max(8, Math.ceil(this.top * 1.5));
          this.refs = grownI32(this.refs, n);
          this.sameD = grownI32(this.sameD, n);
        }
        r = this.top++;
      }
      this.a[r] = a;
      this.b[r] = b;
      this.c[r] = c;
      this.d[r] = d;
      this.refs[r] = 0;
      this.sameD[r] = this.byD.get(d) ?? 0;
      this.byD.set(d, r);
      this.size++;
    }
    this.refs[r]++;
    return r;
  }

  /** A key with rest `r` left a cache: forget the rest when no cached key has it. */
  release(r: number): void {
    if (--this.refs[r] > 0) return;
    const d = this.d[r];
    const first = this.byD.get(d)!;
    if (first === r) {
      if (this.sameD[r] !== 0) this.byD.set(d, this.sameD[r]);
      else this.byD.delete(d);
    } else {
      let p = first;
      while (this.sameD[p] !== r) p = this.sameD[p];
      this.sameD[p] = this.sameD[r];
    }
    this.a[r] = '';
    this.b[r] = '';
    this.c[r] = '';
    this.d[r] = '';
    this.sameD[r] = this.free;
    this.free = r;
    this.size--;
  }
}

/**
 * One of the correlator's caches of keys with a rest, groupcache's `lru.Cache` (a use makes a
 * key the most recent; past `max` keys the oldest goes): each entry is a slot, linked from the
 * least to the most recently used, and into the list of its object's entries.
 */
export class LruSlots {
  /** Slot 0 ends the list: `next[0]` is the least recently used entry, `prev[0]` the most recent. */
  prev = NO_I32;
  next = NO_I32;
  /** The next entry of the same object (0: none); of a free slot, the next free slot. */
  along = NO_I32;
  /** Each entry's key: its object's id and its rest's code. */
  owner = NO_I32;
  rest = NO_I32;
  /** Entries held. */
  size = 0;
  private top = 1;
  private free = 0;

  constructor(
    /** Entries held at most (the correlator forgets the oldest past this). */
    readonly max: number,
  ) {}

  /** The entry of the list from `head` with rest `r` (0: none), not made more recent. */
  find(head: number, r: number): number {
    const along = this.along;
    const rest = this.rest;
    for (let s = head; s !== 0; s = along[s]) if (rest[s] === r) return s;
    return 0;
  }

  /** A slot for a new entry (owner, rest), the most recent and first of `head`'s list. */
  take(owner: number, rest: number, head: number): number {
    let s = this.free;
    if (s !== 0) this.free = this.along[s];
    else {
      if (this.top >= this.prev.length) this.grow(nextCapacity(this.top, this.max + 2));
      s = this.top++;
    }
    this.along[s] = head;
    this.owner[s] = owner;
    this.rest[s] = rest;
    this.link(s);
    this.size++;
    return s;
  }

  /** Make `s` the most recently used. */
  touch(s: number): void {
    if (this.prev[0] === s) return;
    this.unlink(s);
    this.link(s);
  }

  /** The least recently used entry (0 when empty). */
  get oldest(): number {
    return this.next[0];
  }

  /** Take `s` out of the list of its object's entries that begins at `head`; the new head. */
  unlinkAlong(head: number, s: number): number {
    const along = this.along;
    if (head === s) return along[s];
    let p = head;
    while (along[p] !== s) p = along[p];
    along[p] = along[s];
    return head;
  }

  /** Forget the entry `s` (already out of its object's list). */
  release(s: number): void {
    this.unlink(s);
    this.clear(s);
    this.along[s] = this.free;
    this.free = s;
    this.size--;
  }

  /** The columns grew to `n` slots (subclasses grow theirs). */
  protected grow(n: number): void {
    this.prev = grownI32(this.prev, n);
    this.next = grownI32(this.next, n);
    this.along = grownI32(this.along, n);
    this.owner = grownI32(this.owner, n);
    this.rest = grownI32(this.rest, n);
  }

  /** Let go of the data of a freed slot (subclasses). */
  protected clear(_s: number): void {}

  private link(s: number): void {
    const last = this.prev[0];
    this.prev[s] = last;
    this.next[s] = 0;
    this.next[last] = s;
    this.prev[0] = s;
  }

  private unlink(s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    this.next[p] = n;
    this.prev[n] = p;
  }
}

/** The aggregator's records (aggregateRecord): the distinct messages seen, and when the last was. */
export class AggregateSlots extends LruSlots {
  /**
   * The messages, oldest first: one is held as itself, more as a list (not a Set: at most
   * AGGREGATE_MAX_EVENTS of them, and most records only ever see one).
   */
  readonly localKeys: (string | string[])[] = [''];
  last = NO_F64;

  protected override grow(n: number): void {
    super.grow(n);
    this.last = grownF64(this.last, n);
  }

  protected override clear(s: number): void {
    this.localKeys[s] = '';
  }
}

/** The eventLogger's records (eventLog): the Event written for a key. */
export class LogSlots extends LruSlots {
  count = NO_F64;
  readonly first: (string | undefined)[] = [''];
  readonly name: string[] = [''];

  protected override grow(n: number): void {
    super.grow(n);
    this.count = grownF64(this.count, n);
  }

  protected override clear(s: number): void {
    this.first[s] = '';
    this.name[s] = '';
  }
}

/**
 * Strings made of the same characters, the recorder's one copy of each (bounded: cleared when it
 * is full). scale: each kubelet writes `Created container app` for every pod it starts; held
 * once, the correlator's caches and the queued Events share it.
 */
export class Interner {
  private readonly map = new Map<string, string>();
  constructor(private readonly max: number) {}

  of(s: string): string {
    const held = this.map.get(s);
    if (held !== undefined) return held;
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(s, s);
    return s;
  }
}
