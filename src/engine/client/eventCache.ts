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

// k/k: events_cache.go getSpamKey — source and involvedObject, no fieldPath, reason or message.
// It is also the object part of the two keys below, which the correlator holds once and the keys
// name by a small number (see EventCorrelator.objects). client-go joins each key's fields with "";
// here they are joined with NUL, so no two different field lists make the same key.
export function spamKey(ev: Event): string {
  const o = ev.involvedObject;
  return [
    ev.source?.component ?? '',
    ev.source?.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
    o.uid ?? '',
    o.apiVersion ?? '',
  ].join('\u0000');
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

/** The object part of keys, held once: its id, and how many cached keys begin with the id. */
export interface ObjectRef {
  readonly spamKey: string;
  readonly id: number;
  refs: number;
}
