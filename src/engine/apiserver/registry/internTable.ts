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
