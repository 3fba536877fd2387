/**
 * An immutable string-keyed map with structural sharing (a hash array mapped trie, as in
 * Bagwell's "Ideal Hash Trees" and Clojure's PersistentHashMap).
 *
 * The store keeps every object of the cluster by etcd key (about 10,000 records with a big
 * cluster's Events), a new state per frame, and the timeline keeps past states to rewind to. With a
 * plain object each frame copied all of them (3–8 % of the main thread during a rolling update);
 * here a change copies only the path to its key — a few arrays of at most 32 slots — and every
 * other part of the tree is shared between the old state and the new one, so past states stay
 * exactly as they were at no cost.
 *
 * Changes made through one {@link MapEditor} may mutate the nodes that editor itself copied, so
 * a frame's hundred changes copy each path once.
 */

/** Bits of the hash used per level: 32 slots per node. */
const BITS = 5;
const MASK = (1 << BITS) - 1;

/** Whoever may mutate a node in place: the editor that copied it, until its `done()`. */
type Owner = object;

// Field names are one letter: this module is in the page's first download, and they repeat.

/** A key with its value; `h` is the key's hash. */
interface Leaf<V> {
  readonly t: 0;
  readonly h: number;
  readonly k: string;
  readonly v: V;
}

/** A node whose slots `s` are given by the bits set in its bitmap `m`, in order. */
interface Branch<V> {
  readonly t: 1;
  m: number;
  s: Slot<V>[];
  o: Owner | null;
}

/** Leaves `s` of distinct keys with the same 32-bit hash `h`, below the last level. */
interface Collision<V> {
  readonly t: 2;
  readonly h: number;
  s: Leaf<V>[];
  o: Owner | null;
}

type Slot<V> = Leaf<V> | Branch<V> | Collision<V>;

/** FNV-1a over UTF-16 code units. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Where the slot of `bit` is in a branch's slots. */
const indexOf = (bitmap: number, bit: number) => popcount(bitmap & (bit - 1));

function lookup<V>(slot: Slot<V>, hash: number, key: string): V | undefined {
  for (let shift = 0; ; shift += BITS) {
    if (slot.t === 0) return slot.k === key ? slot.v : undefined;
    if (slot.t === 2) return slot.s.find((l) => l.k === key)?.v;
    const bit = 1 << ((hash >>> shift) & MASK);
    if (!(slot.m & bit)) return undefined;
    slot = slot.s[indexOf(slot.m, bit)];
  }
}

/** A branch holding two leaves with different keys, split down to where their hashes differ. */
function pair<V>(a: Leaf<V>, b: Leaf<V>, shift: number, o: Owner | null): Slot<V> {
  if (shift >= 32) return { t: 2, h: a.h, s: [a, b], o };
  const ia = (a.h >>> shift) & MASK;
  const ib = (b.h >>> shift) & MASK;
  if (ia === ib) return { t: 1, m: 1 << ia, s: [pair(a, b, shift + BITS, o)], o };
  return { t: 1, m: (1 << ia) | (1 << ib), s: ia < ib ? [a, b] : [b, a], o };
}

/** What an edit did, besides returning the new node. */
interface Change {
  /** +1 a key was added, -1 one was removed, 0 a value replaced or nothing found. */
  size: number;
}

function insert<V>(
  slot: Slot<V>,
  leaf: Leaf<V>,
  shift: number,
  owner: Owner | null,
  change: Change,
): Slot<V> {
  if (slot.t === 0) {
    if (slot.k === leaf.k) return slot.v === leaf.v ? slot : leaf;
    change.size = 1;
    return pair(slot, leaf, shift, owner);
  }
  if (slot.t === 2) {
    // Only reached below the last level, where every key has the collision's hash.
    const i = slot.s.findIndex((l) => l.k === leaf.k);
    if (i >= 0 && slot.s[i].v === leaf.v) return slot;
    const node = editable(slot, owner);
    if (i >= 0) node.s[i] = leaf;
    else {
      node.s.push(leaf);
      change.size = 1;
    }
    return node;
  }
  const bit = 1 << ((leaf.h >>> shift) & MASK);
  const i = indexOf(slot.m, bit);
  if (!(slot.m & bit)) {
    change.size = 1;
    const node = editable(slot, owner);
    node.s.splice(i, 0, leaf);
    node.m |= bit;
    return node;
  }
  const child = slot.s[i];
  const next = insert(child, leaf, shift + BITS, owner, change);
  if (next === child) return slot;
  const node = editable(slot, owner);
  node.s[i] = next;
  return node;
}

/** `slot` without `key`; `undefined` when nothing is left of it. */
function remove<V>(
  slot: Slot<V>,
  hash: number,
  key: string,
  shift: number,
  owner: Owner | null,
  change: Change,
): Slot<V> | undefined {
  if (slot.t === 0) {
    if (slot.k !== key) return slot;
    change.size = -1;
    return undefined;
  }
  if (slot.t === 2) {
    const i = slot.s.findIndex((l) => l.k === key);
    if (i < 0) return slot;
    change.size = -1;
    if (slot.s.length === 2) return slot.s[1 - i];
    const node = editable(slot, owner);
    node.s.splice(i, 1);
    return node;
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if (!(slot.m & bit)) return slot;
  const i = indexOf(slot.m, bit);
  const child = slot.s[i];
  const next = remove(child, hash, key, shift + BITS, owner, change);
  if (next === child) return slot;
  if (!next) {
    if (slot.s.length === 1) return undefined;
    // A branch left with one leaf is that leaf: its parent holds it directly.
    if (slot.s.length === 2 && shift > 0) {
      const other = slot.s[1 - i];
      if (other.t === 0) return other;
    }
    const node = editable(slot, owner);
    node.s.splice(i, 1);
    node.m &= ~bit;
    return node;
  }
  if (next.t === 0 && slot.s.length === 1 && shift > 0) return next;
  const node = editable(slot, owner);
  node.s[i] = next;
  return node;
}

/** The node itself if this editor copied it, else a copy the editor owns. */
function editable<N extends Branch<unknown> | Collision<unknown>>(node: N, owner: Owner | null): N {
  return owner && node.o === owner ? node : { ...node, s: node.s.slice(), o: owner };
}

function each<V>(slot: Slot<V>, fn: (value: V, key: string) => void): void {
  if (slot.t === 0) fn(slot.v, slot.k);
  else for (const s of slot.s) each(s, fn);
}

const EMPTY_ROOT: Branch<never> = { t: 1, m: 0, s: [], o: null };

/**
 * An immutable map from strings to `V`. Iteration order follows the keys' hashes: stable for the
 * same keys, but not the order they were added in.
 */
export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(EMPTY_ROOT, 0);

  private constructor(
    private readonly root: Branch<V>,
    /** How many keys it holds. */
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** @internal for MapEditor */
  static of<V>(root: Branch<V>, size: number): PersistentMap<V> {
    return new PersistentMap(root, size);
  }

  get(key: string): V | undefined {
    return lookup(this.root, hashKey(key), key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A map with `key` set to `value`; this one if it already was. */
  set(key: string, value: V): PersistentMap<V> {
    if (this.get(key) === value) return this;
    return this.edit().set(key, value).done();
  }

  /** A map without `key`; this one if it had none. */
  delete(key: string): PersistentMap<V> {
    if (!this.has(key)) return this;
    return this.edit().delete(key).done();
  }

  /** An editor for several changes at once, starting from this map (which does not change). */
  edit(): MapEditor<V> {
    return new MapEditor(this.root, this.size);
  }

  /** Every entry, in the order of the keys' hashes. */
  forEach(fn: (value: V, key: string) => void): void {
    each(this.root, fn);
  }
}

/**
 * Several changes to a map, made in place on the nodes this editor copied; `done()` gives the new
 * map, after which the editor copies again (the map it gave never changes).
 */
export class MapEditor<V> {
  private owner: Owner = {};
  private readonly change: Change = { size: 0 };

  constructor(
    private root: Branch<V>,
    private count: number,
  ) {}

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return lookup(this.root, hashKey(key), key);
  }

  /** `value` must not be `undefined` (`get` could not tell it from a missing key). */
  set(key: string, value: V): this {
    this.change.size = 0;
    const leaf: Leaf<V> = { t: 0, h: hashKey(key), k: key, v: value };
    this.root = insert(this.root, leaf, 0, this.owner, this.change) as Branch<V>;
    this.count += this.change.size;
    return this;
  }

  delete(key: string): this {
    this.change.size = 0;
    const next = remove(this.root, hashKey(key), key, 0, this.owner, this.change);
    this.root = (next as Branch<V> | undefined) ?? (EMPTY_ROOT as Branch<V>);
    this.count += this.change.size;
    return this;
  }

  /** The map as edited so far. */
  done(): PersistentMap<V> {
    // Nodes copied so far now belong to the map handed out: later edits copy them again.
    this.owner = {};
    return PersistentMap.of(this.root, this.count);
  }
}
