/**
 * One kind's stored keys, sorted, made when read. A batch that adds or removes keys gives a new
 * list that only remembers the change; the sorted array is merged when someone reads `keys`.
 *
 * At 16× a rollout adds Events in almost every frame, and a big cluster holds thousands of them:
 * copying the whole sorted array for each batch was a tenth of what the page allocated, for a
 * list only the Events and etcd panels read. A chain of changes is merged at most
 * `MAX_PENDING` batches long, so reading stays cheap and the chain holds little.
 */
const MAX_PENDING = 64;

const NONE: readonly string[] = [];

export class KeyList {
  private sorted: readonly string[] | undefined;
  private base: KeyList | undefined;
  private add: readonly string[] | undefined;
  private remove: ReadonlySet<string> | undefined;
  private readonly pending: number;

  private constructor(
    sorted: readonly string[] | undefined,
    base?: KeyList,
    add?: readonly string[],
    remove?: ReadonlySet<string>,
  ) {
    this.sorted = sorted;
    this.base = base;
    this.add = add;
    this.remove = remove;
    this.pending = !base ? 0 : base.sorted ? 1 : base.pending + 1;
  }

  static readonly EMPTY = new KeyList(NONE);

  /** A list of these keys (sorted here). */
  static of(keys: readonly string[]): KeyList {
    return keys.length ? new KeyList([...keys].sort()) : KeyList.EMPTY;
  }

  /**
   * This list with `add` (keys it does not hold) added and `remove` (keys it holds) removed: the
   * merge waits until the keys are read.
   */
  patched(add: readonly string[], remove: ReadonlySet<string> | undefined): KeyList {
    if (add.length === 0 && !remove?.size) return this;
    const next = new KeyList(undefined, this, add, remove);
    if (next.pending >= MAX_PENDING) void next.keys;
    return next;
  }

  /** The keys, sorted. */
  get keys(): readonly string[] {
    if (this.sorted) return this.sorted;
    // The changes since the nearest merged list, oldest first, netted: a key added then removed
    // is neither; one removed then added again was there all along.
    const chain: KeyList[] = [this];
    let at = this.base as KeyList;
    while (!at.sorted) {
      chain.push(at);
      at = at.base as KeyList;
    }
    const added = new Set<string>();
    const removed = new Set<string>();
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i];
      if (link.remove) for (const k of link.remove) if (!added.delete(k)) removed.add(k);
      for (const k of link.add ?? NONE) if (!removed.delete(k)) added.add(k);
    }
    this.sorted = mergeSorted(at.sorted, [...added], removed);
    this.base = this.add = this.remove = undefined;
    return this.sorted;
  }

  get size(): number {
    return this.keys.length;
  }
}

/** A sorted key list with some keys removed and others added (merged in order). */
export function mergeSorted(
  keys: readonly string[],
  add: readonly string[],
  remove: ReadonlySet<string> | undefined,
): string[] {
  const kept = remove?.size ? keys.filter((k) => !remove.has(k)) : keys;
  if (add.length === 0) return kept === keys ? [...keys] : (kept as string[]);
  const fresh = [...add].sort();
  // Each new key's place is found by binary search, and the runs between are copied without
  // comparing: a rollout's thousands of Event keys share long prefixes, and comparing them all
  // was most of the store's work.
  const out: string[] = [];
  let from = 0;
  for (const f of fresh) {
    let lo = from;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid] <= f) lo = mid + 1;
      else hi = mid;
    }
    for (let k = from; k < lo; k++) out.push(kept[k]);
    out.push(f);
    from = lo;
  }
  for (let k = from; k < kept.length; k++) out.push(kept[k]);
  return out;
}

/** A kind's keys from a `keysByKind` record (none if the kind has none stored). */
export function keysOf(
  keysByKind: Readonly<Record<string, KeyList>>,
  kind: string,
): readonly string[] {
  return keysByKind[kind]?.keys ?? NONE;
}
