/**
 * An MVCC key-value store with etcd's semantics: one global revision that every write bumps,
 * per-key create/mod revisions and versions, range reads by prefix, compare-and-swap on the
 * mod revision, watches from a past revision, and compaction (after which old revisions are gone
 * and a watch from before them fails with `mvcc: required revision has been compacted`, which the
 * API server turns into 410 Gone).
 */

export interface KeyValue {
  key: string;
  /** The stored bytes: the object serialized as JSON (the real API server stores protobuf). */
  value: string;
  createRevision: number;
  modRevision: number;
  /** Writes to this key since it was created (1 on create). */
  version: number;
}

/** The text of a current revision given as a DeferredValue, made because it was read. */
class Rendered {
  constructor(
    readonly text: string,
    readonly object: unknown,
  ) {}
}

/**
 * A stored revision. Its value is its text, or the object a DeferredValue stood for (its text
 * made from it when first read).
 */
class StoredKeyValue implements KeyValue {
  /** Set when stored (put); a DeferredValue is made before that. */
  key: string;
  createRevision: number;
  modRevision: number;
  /**
   * The version, negative while this is the key's current revision given as a DeferredValue
   * (scale: a flag in a field of its own would cost 8 bytes a revision, ~10 revisions a Running
   * pod with its Events, all of them kept until etcd compacts). A DeferredValue not stored yet
   * holds its length bound here.
   */
  protected v: number;
  /**
   * The value's text once made; before that, the object a DeferredValue stood for (its text is
   * made from it when first read, and it is let go then, once superseded: see seal). A current
   * revision read before it is superseded keeps both (Rendered): it is still the key's object.
   */
  private data: unknown;

  constructor(key: string, data: unknown, createRevision: number, modRevision: number, v: number) {
    this.key = key;
    this.createRevision = createRevision;
    this.modRevision = modRevision;
    this.v = v;
    this.data = data;
  }

  /** Writes to this key since it was created (1 on create). */
  get version(): number {
    const v = this.v;
    return v < 0 ? -v : v;
  }

  get value(): string {
    const d = this.data;
    if (typeof d === 'string') return d;
    if (d instanceof Rendered) return d.text;
    const made = this.render(d);
    this.data = this.v < 0 ? new Rendered(made, d) : made;
    return made;
  }

  /** The text of the object a DeferredValue stood for (see DeferredValue.render). */
  protected render(object: unknown): string {
    return JSON.stringify(object);
  }

  /** The object while this is the key's current revision given as a DeferredValue. */
  get deferred(): unknown {
    if (this.v > 0) return undefined;
    const d = this.data;
    return d instanceof Rendered ? d.object : d;
  }

  /** Stored at `key` as the revision `modRevision`: a DeferredValue is its own revision. */
  protected store(key: string, createRevision: number, modRevision: number, version: number) {
    this.key = key;
    this.createRevision = createRevision;
    this.modRevision = modRevision;
    this.v = -version;
  }

  /**
   * Superseded: no longer the current object (deferredObject). Its text is still made only when
   * read: the object is frozen (the API server froze it when it decoded the write), so the text
   * is the same whenever it is made. scale: a past revision of a pod shares its spec's objects
   * with the revisions after it, and a status write's object holds ~2 KB less than its text.
   */
  seal(next: KeyValue | undefined): void {
    if (this.v > 0) return;
    this.v = -this.v;
    const d = this.data;
    if (d instanceof Rendered) this.data = d.text;
    else if (next !== undefined && typeof d !== 'string') this.data = this.supersede(d, next);
  }

  /**
   * What a superseded revision keeps of the object it was given as, now that `next` is the key's
   * current revision: the object itself, or (a DeferredValue's subclass) a smaller form that names
   * next for what the two share, from which render makes the same text. scale: a past revision is
   * kept until etcd compacts, but read only when a watch from the past replays it.
   */
  protected supersede(object: unknown, next: KeyValue): unknown {
    void next;
    return object;
  }

  /** The object form this revision holds (a past form for a superseded one), if it has one. */
  get held(): unknown {
    const d = this.data;
    if (typeof d === 'string') return undefined;
    return d instanceof Rendered ? d.object : d;
  }
}

/**
 * A value given to put as the object it stands for, not yet as its bytes (the API server's
 * encoder, see apiserver/encoder.ts): its JSON is made when the value is first read, whether the
 * revision is still the key's current one or a past one the history keeps (the object is frozen,
 * so the text is the same whenever it is made).
 *
 * scale: the current revision of most keys is never read as text (the API server serves its
 * decoded object), so each object's JSON is not held twice beside it: 150,000 Pending pods are
 * ~1.8 KB each less. Nor is a past revision's, until a watch from the past replays it: a pod's
 * past revisions share their spec's frozen objects, ~2 KB less a Running pod than their texts.
 * The value put becomes the stored revision itself (scale: no wrapper of 40 bytes beside each
 * revision's 64, ~10 revisions a Running pod with its Events), so it is put once.
 */
export abstract class DeferredValue extends StoredKeyValue {
  constructor(object: unknown, length: number) {
    super('', object, 0, 0, length);
  }

  /**
   * An upper bound of the text's length (exact enough for etcd's request size limit), read
   * before it is put (once stored, the field holds the version).
   */
  get length(): number {
    return this.v;
  }

  /**
   * The text of `object` (the one this value stands for, read-only, or the form supersede made of
   * it): always the same.
   */
  protected abstract override render(object: unknown): string;

  /** put's: this value stored as a revision. */
  static stored(
    value: DeferredValue,
    key: string,
    createRevision: number,
    modRevision: number,
    version: number,
  ): KeyValue {
    if (value.modRevision !== 0) throw new Error('etcd: a DeferredValue is put once');
    value.store(key, createRevision, modRevision, version);
    return value;
  }
}

/** The object a stored revision was given as, while it is the key's current one. */
export function deferredObject(kv: KeyValue): unknown {
  return kv instanceof StoredKeyValue ? kv.deferred : undefined;
}

/**
 * The object form a stored revision holds, current or past (a past one's may be the form its
 * DeferredValue's supersede made), or undefined once it holds only its text.
 */
export function heldObject(kv: KeyValue): unknown {
  return kv instanceof StoredKeyValue ? kv.held : undefined;
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export type WatchCallback = (events: WatchEvent[]) => void;

export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compactRevision: number,
  ) {
    super('mvcc: required revision has been compacted');
  }
}

export interface PutResult {
  ok: boolean;
  revision: number;
  kv?: KeyValue;
  prevKv?: KeyValue;
}

interface Watcher {
  id: number;
  prefix: string;
  callback: WatchCallback;
}

/**
 * The resource part of a key (`/registry/pods/default/web` → `/registry/pods/`), or undefined
 * when the key or prefix is shorter than that: the range index's bucket.
 */
function bucketOf(key: string): string | undefined {
  const a = key.indexOf('/', 1);
  const b = a < 0 ? -1 : key.indexOf('/', a + 1);
  return b < 0 ? undefined : key.slice(0, b + 1);
}

export class EtcdStore {
  /**
   * The keys grouped by resource, so a range over one resource reads only its keys; the only
   * index of the keys (scale: a second map of every key, ~825,000 of them with 150,000 pods and
   * their Events, would cost ~40 bytes a key and a lookup in a map of them all on every write).
   */
  private buckets = new Map<string, Map<string, KeyValue>>();
  /** Keys shorter than `/registry/<resource>/…`, which no bucket holds. */
  private loose = new Map<string, KeyValue>();
  private keyCount = 0;
  /**
   * Every change since the compact revision, oldest first, for watches from the past: the kv
   * written (a tombstone, version 0, for a delete) and the kv it replaced, in two lists of the
   * same length. A change's revision is its kv's modRevision (a tombstone's too), and its type
   * follows from the kv, so no WatchEvent per write is kept (scale: ~40 bytes a revision, ~10
   * revisions a Running pod with its Events).
   */
  private historyKvs: KeyValue[] = [];
  private historyPrevs: (KeyValue | undefined)[] = [];
  private watchers = new Map<number, Watcher>();
  private nextWatchId = 1;
  private _revision = 1;
  private _compactRevision = 0;

  /** The store's current revision (the cluster's newest resourceVersion). */
  get revision(): number {
    return this._revision;
  }

  get compactRevision(): number {
    return this._compactRevision;
  }

  get size(): number {
    return this.keyCount;
  }

  get(key: string): KeyValue | undefined {
    return this.mapOf(key)?.get(key);
  }

  /** The map that holds `key` (its resource's bucket), if there is one yet. */
  private mapOf(key: string): Map<string, KeyValue> | undefined {
    const b = bucketOf(key);
    return b === undefined ? this.loose : this.buckets.get(b);
  }

  /** All keys with the prefix, sorted by key as etcd returns them. */
  range(prefix: string): { kvs: KeyValue[]; revision: number } {
    const kvs: KeyValue[] = [];
    const bucket = bucketOf(prefix);
    if (bucket !== undefined) {
      const source = this.buckets.get(bucket);
      if (source) for (const [k, kv] of source) if (k.startsWith(prefix)) kvs.push(kv);
    } else {
      // A prefix shorter than a resource's (`/registry/`): every bucket it covers.
      for (const [k, kv] of this.loose) if (k.startsWith(prefix)) kvs.push(kv);
      for (const [b, source] of this.buckets) {
        if (b.startsWith(prefix)) for (const kv of source.values()) kvs.push(kv);
      }
    }
    kvs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { kvs, revision: this._revision };
  }

  /**
   * Write `value` at `key`. With `expectModRevision`, the write happens only if the key's current
   * mod revision equals it (0 = the key must not exist): the transaction the API server uses for
   * optimistic concurrency.
   */
  put(key: string, value: string | DeferredValue, expectModRevision?: number): PutResult {
    const b = bucketOf(key);
    let keys = b === undefined ? this.loose : this.buckets.get(b);
    const prev = keys?.get(key);
    if (expectModRevision !== undefined && (prev?.modRevision ?? 0) !== expectModRevision) {
      return { ok: false, revision: this._revision, prevKv: prev };
    }
    const revision = ++this._revision;
    // The value is kept as given: the API server's encoder hands over the object (its text is
    // made when read or superseded), or a short rope whose long pieces are shared with earlier
    // revisions of the key (see encodeObject); flattening it here would copy them into every
    // revision the history keeps.
    // The key as first stored: every revision of it shares that one string (scale: a pod's ~13
    // revisions would each hold the caller's copy of its ~50 characters).
    const stored = prev ? prev.key : key;
    const created = prev ? prev.createRevision : revision;
    const version = prev ? prev.version + 1 : 1;
    const kv =
      typeof value === 'string'
        ? new StoredKeyValue(stored, value, created, revision, version)
        : DeferredValue.stored(value, stored, created, revision, version);
    if (prev instanceof StoredKeyValue) prev.seal(kv);
    if (!keys) {
      keys = new Map();
      if (b !== undefined) this.buckets.set(b, keys);
    }
    keys.set(key, kv);
    if (!prev) this.keyCount++;
    this.record({ type: 'PUT', kv, prevKv: prev });
    return { ok: true, revision, kv, prevKv: prev };
  }

  /** Delete `key`, optionally only if its mod revision matches. */
  delete(key: string, expectModRevision?: number): PutResult {
    const keys = this.mapOf(key);
    const prev = keys?.get(key);
    if (!keys || !prev) return { ok: false, revision: this._revision };
    if (expectModRevision !== undefined && prev.modRevision !== expectModRevision) {
      return { ok: false, revision: this._revision, prevKv: prev };
    }
    const revision = ++this._revision;
    keys.delete(key);
    this.keyCount--;
    if (prev instanceof StoredKeyValue) prev.seal(undefined);
    const tombstone: KeyValue = {
      key: prev.key,
      value: '',
      createRevision: prev.createRevision,
      modRevision: revision,
      version: 0,
    };
    this.record({ type: 'DELETE', kv: tombstone, prevKv: prev });
    return { ok: true, revision, prevKv: prev };
  }

  /**
   * Watch keys under `prefix` for changes after `fromRevision` (exclusive); past changes still
   * in history are replayed first, synchronously. Throws CompactedError when they are gone.
   * Returns a function that cancels the watch.
   */
  watch(prefix: string, fromRevision: number, callback: WatchCallback): () => void {
    if (fromRevision < this._compactRevision) {
      throw new CompactedError(fromRevision, this._compactRevision);
    }
    // Revisions only grow along the history: find the first one after fromRevision by bisection.
    const kvs = this.historyKvs;
    let lo = 0;
    let hi = kvs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kvs[mid].modRevision > fromRevision) hi = mid;
      else lo = mid + 1;
    }
    const replay: WatchEvent[] = [];
    for (let i = lo; i < kvs.length; i++) {
      const kv = kvs[i];
      if (!kv.key.startsWith(prefix)) continue;
      const type = kv.version === 0 ? 'DELETE' : 'PUT';
      replay.push({ type, kv, prevKv: this.historyPrevs[i] });
    }
    const id = this.nextWatchId++;
    this.watchers.set(id, { id, prefix, callback });
    if (replay.length > 0) callback(replay);
    return () => {
      this.watchers.delete(id);
    };
  }

  /** Forget history up to and including `revision`; the latest value of each key is kept. */
  compact(revision: number): void {
    if (revision <= this._compactRevision) return;
    this._compactRevision = Math.min(revision, this._revision);
    let i = 0;
    while (i < this.historyKvs.length && this.historyKvs[i].modRevision <= this._compactRevision)
      i++;
    this.historyKvs.splice(0, i);
    this.historyPrevs.splice(0, i);
  }

  private record(event: WatchEvent): void {
    this.historyKvs.push(event.kv);
    this.historyPrevs.push(event.prevKv);
    // One list for every watch it goes to (a watcher only reads it).
    let batch: WatchEvent[] | undefined;
    for (const w of this.watchers.values()) {
      if (event.kv.key.startsWith(w.prefix)) w.callback((batch ??= [event]));
    }
  }
}
