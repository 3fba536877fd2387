import type { ApiRequest, ListBody, WatchEventMessage } from '../apiserver/types';
import type { KubeObject } from '../api/types';
import type { StoredMeta } from '../api/stored';
import type { ApiClient } from './client';

export type { StoredMeta } from '../api/stored';

declare const cachedOf: unique symbol;

/**
 * An object as an informer's cache holds it: stored, so its metadata is filled in, and shared
 * between every controller of the process, so read-only — `clone()` gives a mutable copy to
 * change and write back (client-go's rule: never mutate an object from a lister).
 */
export type Cached<T extends KubeObject> = Readonly<Omit<T, 'metadata'>> & {
  readonly metadata: Readonly<StoredMeta & NonNullable<T['metadata']>>;
  /** Type-only: what `clone()` gives back. */
  readonly [cachedOf]?: T;
};

export interface InformerHandlers<T extends KubeObject> {
  add?(obj: Cached<T>): void;
  update?(oldObj: Cached<T>, newObj: Cached<T>): void;
  delete?(obj: Cached<T>): void;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key of caches and work queues. */
export function objectKey(obj: KubeObject): string {
  const m = obj.metadata!;
  return m.namespace ? `${m.namespace}/${m.name}` : m.name!;
}

/**
 * objectKey of an object a watch delivered, computed once per object: the API server sends the
 * same decoded object to every watch it matches (with 5,000 CNI agents watching every pod, the
 * same key would be built and hashed 5,000 times). Those deliveries leave together and arrive
 * together (the same latency, consecutive timers), so the last object's key is kept: no table
 * of every object ever delivered. A watched object's name never changes.
 */
let lastWatched: object | undefined;
let lastWatchedKey = '';
export function watchedKey(obj: KubeObject): string {
  if (obj === lastWatched) return lastWatchedKey;
  const key = objectKey(obj);
  // Flat, so each informer's Map hashes it once (a concatenated string is hashed when flattened).
  key.charCodeAt(0);
  lastWatched = obj;
  lastWatchedKey = key;
  return key;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * A client-go style informer: LIST into a local cache, then WATCH from the list's
 * resourceVersion, calling handlers on each change. Objects in the cache are shared and frozen:
 * copy one (`clone`) before changing it. On 410 Gone it lists again.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private cache = new Map<string, Cached<T>>();
  private handlers: InformerHandlers<T>[] = [];
  private stream?: { stop(): void };
  private _synced = false;
  private generation = 0;
  /** Failed lists or watches in a row, for the back-off. */
  private failures = 0;

  constructor(
    private readonly client: ApiClient,
    readonly request: Omit<ApiRequest, 'verb'>,
  ) {}

  /** `pods`, `pods?fieldSelector=spec.nodeName=worker-1`: what this informer watches. */
  get description(): string {
    const q = [
      this.request.labelSelector && `labelSelector=${this.request.labelSelector}`,
      this.request.fieldSelector && `fieldSelector=${this.request.fieldSelector}`,
    ]
      .filter(Boolean)
      .join('&');
    return q ? `${this.request.resource}?${q}` : this.request.resource;
  }

  get hasSynced(): boolean {
    return this._synced;
  }

  on(h: InformerHandlers<T>): this {
    this.handlers.push(h);
    return this;
  }

  get(key: string): Cached<T> | undefined {
    return this.cache.get(key);
  }

  list(): Cached<T>[] {
    return [...this.cache.values()];
  }

  get size(): number {
    return this.cache.size;
  }

  start(): void {
    const gen = ++this.generation;
    this.client.request({ ...this.request, verb: 'list' }, (resp) => {
      if (gen !== this.generation) return;
      if (resp.code !== 200) {
        // Retry the list after a pause, as a reflector's back-off does.
        this.retry(gen);
        return;
      }
      this.failures = 0;
      const body = resp.body as ListBody;
      const seen = new Set<string>();
      for (const item of body.items as Cached<T>[]) {
        const key = objectKey(item);
        seen.add(key);
        const old = this.cache.get(key);
        this.cache.set(key, item);
        if (old) {
          if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion)
            this.emit('update', item, old);
        } else this.emit('add', item);
      }
      for (const [key, old] of this.cache) {
        if (!seen.has(key)) {
          this.cache.delete(key);
          this.emit('delete', old);
        }
      }
      this._synced = true;
      this.stream = this.client.watch(
        { ...this.request, resourceVersion: body.metadata.resourceVersion },
        (ev) => this.onEvent(ev),
        (open) => {
          if (gen === this.generation && open.code !== 200) this.retry(gen);
        },
      );
    });
  }

  stop(): void {
    this.generation++;
    this.stream?.stop();
    this.stream = undefined;
    this._synced = false;
  }

  private retry(gen: number): void {
    this.stream?.stop();
    // A reflector backs off while the API server keeps failing (client-go reflector.go:
    // exponential from about 1 s, capped at 30 s), so an outage is not a storm of lists.
    const ms = Math.min(1000 * 2 ** this.failures, 30_000);
    this.failures++;
    this.client.retryLater(() => {
      if (gen === this.generation) this.start();
    }, ms);
  }

  private onEvent(ev: WatchEventMessage): void {
    const obj = ev.object as Cached<T>;
    const key = watchedKey(obj);
    const old = this.cache.get(key);
    if (ev.type === 'DELETED') {
      this.cache.delete(key);
      this.emit('delete', old ?? obj);
    } else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
      this.cache.set(key, obj);
      if (old) this.emit('update', obj, old);
      else this.emit('add', obj);
    }
  }

  private emit(type: 'add' | 'update' | 'delete', obj: Cached<T>, old?: Cached<T>): void {
    for (const h of this.handlers) {
      if (type === 'add') h.add?.(obj);
      else if (type === 'update') h.update?.(old!, obj);
      else h.delete?.(obj);
    }
  }
}

/** One informer per resource and selector, shared by the controllers of one process. */
export class SharedInformerFactory {
  private informers = new Map<string, Informer>();

  constructor(private readonly client: ApiClient) {}

  informer<T extends KubeObject>(
    resource: string,
    opts: Omit<ApiRequest, 'verb' | 'resource'> = {},
  ): Informer<T> {
    const key = JSON.stringify([resource, opts]);
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(this.client, { resource, ...opts });
      this.informers.set(key, inf);
    }
    return inf as unknown as Informer<T>;
  }

  all(): Informer[] {
    return [...this.informers.values()];
  }

  start(): void {
    for (const i of this.informers.values()) i.start();
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
