import { matchesFieldSelector, matchesParsedSelector } from '../api/labels';
import type { ParsedFieldSelector, ParsedSelector } from '../api/labels';
import type { KubeObject } from '../api/types';
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

interface CachedEvent {
  revision: number;
  key: string;
  type: 'PUT' | 'DELETE';
  object: KubeObject;
  prev?: KubeObject;
}

/** How many past events the cache keeps for watches that start from an older revision. */
export const WATCH_CACHE_HISTORY = 20_000;

/**
 * kube-apiserver's watch cache (the "cacher"): fed by one etcd watch, it fans each change out to
 * the client watches whose prefix and selectors match. An object that stops matching a selector
 * is sent as DELETED, one that starts matching as ADDED, as the real cacher does.
 */
export class WatchCache {
  private watchers = new Map<number, CacheWatcher>();
  private history: CachedEvent[] = [];
  private nextId = 1;
  private oldest = 0;

  constructor(private readonly historySize = WATCH_CACHE_HISTORY) {}

  add(w: Omit<CacheWatcher, 'id'>): { id: number } | { tooOld: number } {
    if (w.fromRevision > 0 && w.fromRevision < this.oldest) return { tooOld: this.oldest };
    const id = this.nextId++;
    const watcher = { ...w, id };
    this.watchers.set(id, watcher);
    for (const ev of this.history) if (ev.revision > w.fromRevision) this.deliver(watcher, ev);
    return { id };
  }

  remove(id: number): void {
    this.watchers.delete(id);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  dispatch(ev: CachedEvent): void {
    this.history.push(ev);
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize);
      this.oldest = dropped[dropped.length - 1].revision;
    }
    for (const w of this.watchers.values()) this.deliver(w, ev);
  }

  private deliver(w: CacheWatcher, ev: CachedEvent): void {
    if (ev.revision <= w.fromRevision || !ev.key.startsWith(w.prefix)) return;
    const now = ev.type === 'PUT' && this.matches(w, ev.object);
    const before = ev.prev !== undefined && this.matches(w, ev.prev);
    if (ev.type === 'DELETE') {
      if (before) w.send({ type: 'DELETED', object: ev.prev! }, ev.revision);
      return;
    }
    if (now && before) w.send({ type: 'MODIFIED', object: ev.object }, ev.revision);
    else if (now) w.send({ type: 'ADDED', object: ev.object }, ev.revision);
    else if (before) w.send({ type: 'DELETED', object: ev.object }, ev.revision);
  }

  private matches(w: CacheWatcher, obj: KubeObject): boolean {
    if (w.labels && !matchesParsedSelector(obj.metadata?.labels, w.labels)) return false;
    if (w.fields && !matchesFieldSelector(obj, w.fields)) return false;
    return true;
  }
}
