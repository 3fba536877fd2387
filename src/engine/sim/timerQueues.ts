/**
 * The clock's queues of pending timers (./clock.ts): a heap for any delay, and a first-in
 * first-out lane for each common delay.
 */

/** What must hold of a timer's argument when it is due for its callback to run (setTimeoutIf). */
export type Guard = (arg: string) => boolean;

/**
 * The pending timers whose delay has no lane: a binary heap ordered by (time, id) — ids are
 * handed out in scheduling order, so equal times run in that order. scale: kept in parallel arrays (times, ids and flows
 * in typed arrays, callbacks beside them) rather than one object per timer: a sift compares
 * numbers laid out together instead of following pointers to timer objects spread over the
 * heap (hundreds of thousands are pending at 150,000 pods), and scheduling allocates nothing but
 * the callback.
 */
export class TimerHeap {
  size = 0;
  private at = new Float64Array(1024);
  private ids = new Float64Array(1024);
  /** The causal flow current when each timer was set; restored when it fires. */
  private flows = new Float64Array(1024);
  private fns: ((() => void) | undefined)[] = [];

  topAt(): number {
    return this.at[0];
  }

  topId(): number {
    return this.ids[0];
  }

  topFlow(): number {
    return this.flows[0];
  }

  topFn(): () => void {
    return this.fns[0]!;
  }

  push(at: number, id: number, flow: number, fn: () => void): void {
    if (this.size === this.at.length) this.grow();
    const a = this.at;
    const ids = this.ids;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(at < a[p] || (at === a[p] && id < ids[p]))) break;
      this.move(i, p);
      i = p;
    }
    this.set(i, at, id, flow, fn);
  }

  /** Remove the top entry. */
  pop(): void {
    const n = --this.size;
    const a = this.at;
    const ids = this.ids;
    const flows = this.flows;
    const fns = this.fns;
    if (n === 0) {
      fns[0] = undefined;
      return;
    }
    // Sift the last entry down from the root.
    const at = a[n];
    const id = ids[n];
    const flow = flows[n];
    const fn = fns[n];
    fns[n] = undefined;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && (a[r] < a[l] || (a[r] === a[l] && ids[r] < ids[l]))) m = r;
      if (!(a[m] < at || (a[m] === at && ids[m] < id))) break;
      this.move(i, m);
      i = m;
    }
    this.set(i, at, id, flow, fn);
  }

  /** Entry `from` moved to slot `to` (sifting). */
  private move(to: number, from: number): void {
    this.at[to] = this.at[from];
    this.ids[to] = this.ids[from];
    this.flows[to] = this.flows[from];
    this.fns[to] = this.fns[from];
  }

  private set(i: number, at: number, id: number, flow: number, fn: (() => void) | undefined): void {
    this.at[i] = at;
    this.ids[i] = id;
    this.flows[i] = flow;
    this.fns[i] = fn;
  }

  private grow(): void {
    const n = this.at.length * 2;
    const at = new Float64Array(n);
    at.set(this.at);
    this.at = at;
    const ids = new Float64Array(n);
    ids.set(this.ids);
    this.ids = ids;
    const flows = new Float64Array(n);
    flows.set(this.flows);
    this.flows = flows;
  }
}

/**
 * The timers set with one delay: a first-in first-out queue. Time never goes back, so timers set
 * with the same delay come due in the order they were set: the queue is sorted by (time, id)
 * without any sifting, and a timer is found by its id by bisection (ids grow along it). scale:
 * most timers are the network's (a message arrives 0.2, 0.5, 1 or 2 ms after it is sent) and
 * retries armed for every write (cleared when the answer comes, seconds before they are due): a
 * queue per delay costs O(1) to set and to run, and a cleared timer lets go of its callback at
 * once, instead of sifting through a heap of hundreds of thousands and holding its callback (and
 * everything it closes over) until it would have been due. A ring buffer of a power of two.
 */
export class TimerLane {
  /** Index of the first entry, and how many there are (cleared ones included). */
  head = 0;
  count = 0;
  /** Entries not cleared. */
  live = 0;
  private mask = 255;
  private at = new Float64Array(256);
  private ids = new Float64Array(256);
  private flows = new Float64Array(256);
  private fns: (((data?: unknown) => void) | undefined)[] = new Array<undefined>(256).fill(
    undefined,
  );
  /** A timer runs only if its guard (if any) holds for its argument then (setTimeoutIf). */
  private guards: (Guard | undefined)[] = new Array<undefined>(256).fill(undefined);
  private args: (string | undefined)[] = new Array<undefined>(256).fill(undefined);
  /** What each callback is called with (setTimeoutIf's `data`; undefined: nothing). */
  private data: unknown[] = new Array<undefined>(256).fill(undefined);

  topAt(): number {
    return this.at[this.head];
  }

  topId(): number {
    return this.ids[this.head];
  }

  topFlow(): number {
    return this.flows[this.head];
  }

  topFn(): ((data?: unknown) => void) | undefined {
    return this.fns[this.head];
  }

  topGuard(): Guard | undefined {
    return this.guards[this.head];
  }

  topArg(): string | undefined {
    return this.args[this.head];
  }

  topData(): unknown {
    return this.data[this.head];
  }

  push(
    at: number,
    id: number,
    flow: number,
    fn: (data?: unknown) => void,
    guard: Guard | undefined,
    arg: string | undefined,
    data: unknown,
  ): void {
    if (this.count > this.mask) this.grow();
    const i = (this.head + this.count++) & this.mask;
    this.at[i] = at;
    this.ids[i] = id;
    this.flows[i] = flow;
    this.fns[i] = fn;
    this.guards[i] = guard;
    this.args[i] = arg;
    this.data[i] = data;
    this.live++;
  }

  /** Remove the first entry. */
  shift(): void {
    if (this.fns[this.head] !== undefined) {
      this.fns[this.head] = undefined;
      this.live--;
    }
    if (this.guards[this.head] !== undefined) {
      this.guards[this.head] = undefined;
      this.args[this.head] = undefined;
    }
    if (this.data[this.head] !== undefined) this.data[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
  }

  /** Drop the cleared entries at the front. */
  skipCleared(): void {
    const fns = this.fns;
    while (this.count > 0 && fns[this.head] === undefined) {
      this.head = (this.head + 1) & this.mask;
      this.count--;
    }
  }

  /** Clear the timer `id` if it is queued here and not cleared already. */
  clear(id: number): void {
    const ids = this.ids;
    const mask = this.mask;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[(this.head + mid) & mask] < id) lo = mid + 1;
      else hi = mid;
    }
    const i = (this.head + lo) & mask;
    if (lo < this.count && ids[i] === id && this.fns[i] !== undefined) {
      this.fns[i] = undefined;
      this.data[i] = undefined;
      this.live--;
    }
  }

  /**
   * The ring is full. Mostly of cleared entries (retries cleared long before they were due: a
   * write's answer came), which would never run: drop them, in place, or into a smaller ring
   * after a burst. Otherwise: a ring twice the size, with only the live entries. scale: the ring
   * keeps room for the timers that will run, not for every timer set since; a compaction leaves
   * at least three quarters of the ring free, so it costs O(1) per timer set.
   */
  private grow(): void {
    const size = this.mask + 1;
    const live = this.live;
    if (live * 4 <= this.count) {
      let n = 256;
      while (n < live * 4) n *= 2;
      if (n < size) return this.resize(n);
      const mask = this.mask;
      const head = this.head;
      let j = 0;
      for (let k = 0; k < this.count; k++) {
        const i = (head + k) & mask;
        if (this.fns[i] === undefined) continue;
        const w = (head + j++) & mask;
        if (w === i) continue;
        this.at[w] = this.at[i];
        this.ids[w] = this.ids[i];
        this.flows[w] = this.flows[i];
        this.fns[w] = this.fns[i];
        this.guards[w] = this.guards[i];
        this.args[w] = this.args[i];
        this.data[w] = this.data[i];
      }
      for (let k = j; k < this.count; k++) {
        const i = (head + k) & mask;
        this.fns[i] = undefined;
        this.guards[i] = undefined;
        this.args[i] = undefined;
        this.data[i] = undefined;
      }
      this.count = j;
      return;
    }
    this.resize(size * 2);
  }

  /** Move the live entries into a ring of `n`. */
  private resize(n: number): void {
    const at = new Float64Array(n);
    const ids = new Float64Array(n);
    const flows = new Float64Array(n);
    const fns = new Array<((data?: unknown) => void) | undefined>(n).fill(undefined);
    const guards = new Array<Guard | undefined>(n).fill(undefined);
    const args = new Array<string | undefined>(n).fill(undefined);
    const data = new Array<unknown>(n).fill(undefined);
    let j = 0;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      if (this.fns[i] === undefined) continue;
      at[j] = this.at[i];
      ids[j] = this.ids[i];
      flows[j] = this.flows[i];
      fns[j] = this.fns[i];
      guards[j] = this.guards[i];
      args[j] = this.args[i];
      data[j] = this.data[i];
      j++;
    }
    this.at = at;
    this.ids = ids;
    this.flows = flows;
    this.fns = fns;
    this.guards = guards;
    this.args = args;
    this.data = data;
    this.head = 0;
    this.count = j;
    this.mask = n - 1;
  }
}
