/**
 * A container's writable layer: the files its processes wrote (`touch`, `echo > f`, `rm`), kept
 * in virtual-time order.
 *
 * The container's main process is interpreted lazily and runs ahead of the clock (it is stepped
 * one output at a time, so `touch f; sleep 30; rm f; sleep 600` has removed `f` before the first
 * second is over). Its changes are therefore journaled with the virtual instant they happen at;
 * another process looking in — an exec probe, an exec hook — sees the files as they are at the
 * clock's instant ({@link FileStore.at}), as `kubectl exec` would on a real node.
 */

/** One change by the writing process, at an absolute virtual instant (ms). */
interface Change {
  at: number;
  path: string;
  /** The new content, text to append, or undefined for a removal. */
  data: string | undefined;
  append: boolean;
}

/** The shared empty maps and journal of a store nothing was written to (never changed). */
const NO_FILES: Map<string, string> = new Map();
const NO_CHANGES = Object.freeze([]) as unknown as Change[];

/** The process writing a store, running ahead of the clock on its own timeline. */
export interface StoreWriter {
  /** The absolute virtual instant (ms) its timeline has reached: when its next change happens. */
  writerNow(): number;
}

/** Files as the main process sees them, and as the clock has reached them. */
export class FileStore {
  /**
   * What the writing process sees: every change it made so far, however far ahead. Both maps are
   * made on the first write: most containers never write a file.
   */
  private head: Map<string, string> = NO_FILES;
  /** The files as they are at the last instant asked for. */
  private settled: Map<string, string> = NO_FILES;
  private journal: Change[] = NO_CHANGES;
  /**
   * The process whose changes these are: the interpreter running the container's main process
   * sets itself. Without one, changes are visible at once. scale: an object asked, not a closure
   * made for each container.
   */
  writer: StoreWriter | undefined = undefined;

  /** The absolute virtual instant (ms) of the writer's next change. */
  private writerTime(): number {
    return this.writer ? this.writer.writerNow() : -Infinity;
  }

  /** A store holding `files`, all visible at once (the view an exec'd process starts from). */
  static of(files: ReadonlyMap<string, string>): FileStore {
    const s = new FileStore();
    if (files.size === 0) return s;
    s.head = new Map(files);
    s.settled = new Map(files);
    s.journal = [];
    return s;
  }

  get(path: string): string | undefined {
    return this.head.get(path);
  }

  has(path: string): boolean {
    return this.head.has(path);
  }

  keys(): IterableIterator<string> {
    return this.head.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.head.entries();
  }

  /** Writes (creates or truncates) a file. */
  set(path: string, data: string): void {
    this.writable().set(path, data);
    this.record(path, data, false);
  }

  /** Appends to a file, creating it if needed (`>>`, and each write through a `>` redirection). */
  append(path: string, text: string): void {
    this.writable().set(path, (this.head.get(path) ?? '') + text);
    this.record(path, text, true);
  }

  /** Removes a file. */
  delete(path: string): void {
    this.writable().delete(path);
    this.record(path, undefined, false);
  }

  private record(path: string, data: string | undefined, append: boolean): void {
    this.journal.push({ at: this.writerTime(), path, data, append });
  }

  /** The writer's map, made (with the settled one and the journal) on the first change. */
  private writable(): Map<string, string> {
    if (this.head === NO_FILES) {
      this.head = new Map();
      this.settled = new Map();
      this.journal = [];
    }
    return this.head;
  }

  /**
   * The files as they are at virtual instant `t`. Instants only move forward: changes up to `t`
   * are folded in and forgotten.
   */
  at(t: number): ReadonlyMap<string, string> {
    if (this.journal.length === 0) return this.settled;
    const later: Change[] = [];
    for (const c of this.journal) {
      if (c.at > t) later.push(c);
      else if (c.data === undefined) this.settled.delete(c.path);
      else if (c.append) this.settled.set(c.path, (this.settled.get(c.path) ?? '') + c.data);
      else this.settled.set(c.path, c.data);
    }
    this.journal = later;
    return this.settled;
  }

  /**
   * Changes another process made at instant `t` (a file it wrote, or undefined: removed): they
   * are in place from `t` on, and the writer sees them unless it changes the same file later.
   */
  commit(t: number, changes: ReadonlyMap<string, string | undefined>): void {
    this.at(t);
    for (const [path, data] of changes) {
      const head = this.writable();
      if (data === undefined) this.settled.delete(path);
      else this.settled.set(path, data);
      if (this.journal.some((c) => c.path === path)) continue;
      if (data === undefined) head.delete(path);
      else head.set(path, data);
    }
  }

  /** What differs in this store from `base`: new or changed files, and removed ones (undefined). */
  changesFrom(base: ReadonlyMap<string, string>): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const [p, d] of this.head) if (base.get(p) !== d) out.set(p, d);
    for (const p of base.keys()) if (!this.head.has(p)) out.set(p, undefined);
    return out;
  }
}
