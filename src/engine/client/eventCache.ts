import type { Event } from '../api/types';

// The EventCorrelator's caches and keys (events.ts): client-go tools/record/events_cache.go.

/** groupcache's `lru.Cache`: `get` and `add` make a key the most recent; the oldest goes first. */
export class Lru<V, K = string> {
  private readonly map = new Map<K, V>();
  constructor(
    private readonly max: number,
    /** Told of each key that enters the cache and of each that leaves it. */
    private readonly keys?: { added(key: K): void; evicted(key: K): void },
  ) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  add(key: K, value: V): void {
    const known = this.map.delete(key);
    this.map.set(key, value);
    if (!known) this.keys?.added(key);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value!;
      this.map.delete(oldest);
      this.keys?.evicted(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

// k/k: events_cache.go getEventKey — source, involvedObject (with fieldPath), type, reason,
// message, less the source and the involvedObject but its fieldPath (the key's id stands for them).
export function eventRest(ev: Event): string {
  return [
    '',
    ev.involvedObject.fieldPath ?? '',
    ev.type ?? '',
    ev.reason ?? '',
    ev.message ?? '',
  ].join('\u0000');
}

// k/k: events_cache.go EventAggregatorByReasonFunc — (aggregateKey, localKey): everything but the
// message (and fieldPath), and the message; the aggregateKey less the source and the
// involvedObject (the key's id stands for them).
export function aggregateRest(ev: Event): string {
  return [
    '',
    ev.type ?? '',
    ev.reason ?? '',
    ev.reportingComponent ?? '',
    ev.reportingInstance ?? '',
  ].join('\u0000');
}

/**
 * A cached key is a number: its object's id and its rest's code (a spam key: its id alone, with
 * the code {@link NO_REST}). Ids and codes are reused once no cached key has them, so both stay
 * below the three caches' total size, and every key is a small integer: no string to make, hold
 * and hash for each key (scale: a kubelet keeps ~7 keys on each of its pods).
 */
export const KEY_PARTS = 1 << 15;
/** The code of a spam key, which has no rest; the codes of rests are below it. */
export const NO_REST = KEY_PARTS - 1;
/**
 * Ids are below this: at most one an object a cached key names (three caches of
 * EVENT_CACHE_ENTRIES keys) and the one of the event being correlated.
 */
export const EVENT_KEY_LIMIT = KEY_PARTS;

/** The key of an object's id and a rest's code. */
export function keyOf(id: number, code: number): number {
  return id * KEY_PARTS + code;
}

/** The id a cached key begins with. */
export function idOf(key: number): number {
  return Math.floor(key / KEY_PARTS);
}

/** The code of the rest of a cached key ({@link NO_REST} for a spam key). */
export function codeOf(key: number): number {
  return key % KEY_PARTS;
}

/** Small numbers handed out and given back, the last given back handed out first. */
export class Numbers {
  private next = 0;
  private readonly free: number[] = [];
  constructor(
    /** Numbers are below this. */
    private readonly limit: number,
  ) {}

  take(): number {
    const n = this.free.pop();
    if (n !== undefined) return n;
    if (this.next >= this.limit) throw new Error('event cache: out of key numbers');
    return this.next++;
  }

  release(n: number): void {
    this.free.push(n);
  }
}

/** The rest of keys (all but the object part), held once: its code, and how many keys use it. */
export interface RestRef {
  readonly rest: string;
  readonly code: number;
  refs: number;
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

/**
 * The object part of keys, held once (k/k: events_cache.go getSpamKey, which is also the object
 * part of the event and aggregate keys): the fields of its spam key (source and involvedObject,
 * no fieldPath, reason or message; `''` for a missing one), its id, and how many cached keys
 * begin with the id.
 * The fields are the event's own strings (the object's, shared with its informer): no joined
 * key of ~100 characters to make and hash for every event, and to hold for every object.
 */
export class ObjectRef {
  readonly component: string;
  readonly host: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly apiVersion: string;
  refs = 0;
  /** Another object with the same uid (refs of one uid are a list, most often of one). */
  next: ObjectRef | undefined = undefined;

  constructor(
    ev: Event,
    readonly id: number,
  ) {
    const o = ev.involvedObject;
    this.component = ev.source?.component ?? '';
    this.host = ev.source?.host ?? '';
    this.kind = o.kind ?? '';
    this.namespace = o.namespace ?? '';
    this.name = o.name ?? '';
    this.uid = o.uid ?? '';
    this.apiVersion = o.apiVersion ?? '';
  }

  /** Whether `ev` has this spam key (the same source and involvedObject). */
  names(ev: Event): boolean {
    const o = ev.involvedObject;
    return (
      this.name === (o.name ?? '') &&
      this.namespace === (o.namespace ?? '') &&
      this.kind === (o.kind ?? '') &&
      this.apiVersion === (o.apiVersion ?? '') &&
      this.component === (ev.source?.component ?? '') &&
      this.host === (ev.source?.host ?? '')
    );
  }
}
