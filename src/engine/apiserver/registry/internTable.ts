/**
 * A bounded table of shared values by key, for the registry's interning (see intern.ts): the
 * values set or found recently, at most two generations of `generation` entries each.
 *
 * New entries go into the young generation; when it is full it becomes the old one (the old one
 * is dropped, whole) and a new young one begins. A value found in the old generation is set again
 * in the young one, so a value still in use outlives the generation it was set in, and one no
 * longer used is gone after at most two generations. scale: nothing is moved or counted on a hit
 * in the young generation (most hits), and eviction is one map let go, not an entry at a time.
 */
export class InternTable<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generation: number) {}

  /** The value set for `key` within the last two generations. */
  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const kept = this.old.get(key);
    if (kept !== undefined) this.set(key, kept);
    return kept;
  }

  /** Keep `value` for `key` (in place of what the key had). */
  set(key: string, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** How many entries the table holds (a key in both generations counts twice). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}

/** A trie node: the next step of a path, and under END the value of the path ending here. */
type Node = Map<unknown, unknown>;

/** The key under which a node holds the value of the path that ends at it. */
const END = Symbol('end');

/**
 * A bounded table of shared values by path: a sequence of primitives and objects (compared as
 * a Map compares its keys: by value, and by identity for objects), held as a trie of maps, in
 * two generations of at most `generation` values each (see InternTable).
 *
 * scale: a value's key is not made as a string (a concatenation, flattened and hashed on every
 * lookup), but walked step by step, each step a lookup of a value whose hash V8 keeps (a
 * property name, a literal, an object): ~10× faster for a pod condition.
 */
export class PathTable<V> {
  private young: Node = new Map();
  private old: Node = new Map();
  private count = 0;

  constructor(private readonly generation: number) {}

  /** The value set for `path` within the last two generations. */
  get(path: readonly unknown[]): V | undefined {
    const v = find(this.young, path);
    if (v !== undefined) return v as V;
    const kept = find(this.old, path);
    if (kept !== undefined) this.set(path, kept as V);
    return kept as V | undefined;
  }

  /** Keep `value` for `path` (in place of what the path had). */
  set(path: readonly unknown[], value: V): void {
    let n = this.young;
    for (let i = 0; i < path.length; i++) {
      let next = n.get(path[i]) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        n.set(path[i], next);
      }
      n = next;
    }
    if (!n.has(END)) this.count++;
    n.set(END, value);
    if (this.count >= this.generation) {
      this.old = this.young;
      this.young = new Map();
      this.count = 0;
    }
  }
}

function find(root: Node, path: readonly unknown[]): unknown {
  let n: Node | undefined = root;
  for (let i = 0; i < path.length; i++) {
    n = n.get(path[i]) as Node | undefined;
    if (n === undefined) return undefined;
  }
  return n.get(END);
}
