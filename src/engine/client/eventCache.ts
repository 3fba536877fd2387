import type { Event } from '../api/types';

// The EventCorrelator's caches and keys (events.ts): client-go tools/record/events_cache.go.

/** groupcache's `lru.Cache`: `get` and `add` make a key the most recent; the oldest goes first. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(
    private readonly max: number,
    /** Told of each key that enters the cache and of each that leaves it. */
    private readonly keys?: { added(key: string): void; evicted(key: string): void },
  ) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  add(key: string, value: V): void {
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
// name by a short id (see EventCorrelator.objects). client-go joins each key's fields with "";
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

/** The id a cached key begins with (a spam key is its id alone). */
export function idOf(key: string): string {
  const end = key.indexOf('\u0000');
  return end < 0 ? key : key.slice(0, end);
}

/** The code of the rest a cached key ends with, after its id; undefined for a spam key. */
export function codeOf(key: string): string | undefined {
  const end = key.indexOf('\u0000');
  return end < 0 ? undefined : key.slice(end + 1);
}

/** The rest of keys (all but the object part), held once: its code, and how many keys use it. */
export interface RestRef {
  readonly rest: string;
  readonly code: string;
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
  readonly id: string;
  refs: number;
}
