/**
 * The discrete-event clock: virtual milliseconds and a priority queue of timed callbacks.
 * Nothing in the engine reads the wall clock; time moves only when the clock runs an event.
 * Events at the same time run in the order they were scheduled, which keeps runs deterministic.
 */

/** Virtual time zero, as a wall-clock instant, used for timestamps in objects (RFC 3339). */
export const EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export type TimerId = number;

/**
 * The pending timers: a binary heap ordered by (time, id) — ids are handed out in scheduling
 * order, so equal times run in that order. scale: kept in parallel arrays (times, ids and flows
 * in typed arrays, callbacks beside them) rather than one object per timer: a sift compares
 * numbers laid out together instead of following pointers to timer objects spread over the
 * heap (hundreds of thousands are pending at 150,000 pods), and scheduling allocates nothing but
 * the callback.
 */
class TimerHeap {
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
 * How many cancelled timers are pending per `id & CANCELLED_MASK`: a zero says at once that the
 * timer at the top of the heap is not cancelled, without looking its id up in the set of
 * cancelled ones (a large set: a timer cancelled long before it is due stays in it until then).
 */
const CANCELLED_MASK = (1 << 16) - 1;

export class Clock {
  private heap = new TimerHeap();
  private cancelled = new Set<TimerId>();
  private readonly cancelledCounts = new Uint32Array(CANCELLED_MASK + 1);
  /**
   * The id at the top of the heap when it was last found not cancelled (0: none): `peek` and
   * `step` both ask, and only a clearTimeout or a pop changes the answer.
   */
  private liveTop = 0;
  private nextId = 1;
  private _now = 0;
  private _executed = 0;
  /** The causal flow of the callback that is running (see TraceEvent.flow). */
  currentFlow = 0;
  /** The last second `timestamp()` formatted, and its text (many objects share a second). */
  private stampSec = NaN;
  private stamp = '';
  private nanoMs = NaN;
  private nanoPrefix = '';

  /** Virtual ms since the cluster started. */
  get now(): number {
    return this._now;
  }

  /** How many callbacks have run: the benchmark's "simulated events". */
  get executed(): number {
    return this._executed;
  }

  /** RFC 3339 timestamp (second precision) of the current virtual instant, as the API uses. */
  timestamp(at: number = this._now): string {
    const sec = Math.floor(at / 1000);
    if (sec !== this.stampSec) {
      this.stampSec = sec;
      this.stamp = new Date(EPOCH_MS + sec * 1000).toISOString().replace('.000Z', 'Z');
    }
    return this.stamp;
  }

  /** RFC 3339 timestamp with nanoseconds, as CRI log lines use. */
  timestampNano(at: number = this._now): string {
    const ms = Math.floor(EPOCH_MS + at);
    if (ms !== this.nanoMs) {
      this.nanoMs = ms;
      // `2026-01-05T09:00:00.123Z` without its `Z`: the microseconds and nanoseconds follow.
      this.nanoPrefix = new Date(ms).toISOString().slice(0, -1);
    }
    const frac = Math.round((at - Math.floor(at)) * 1e6)
      .toString()
      .padStart(6, '0');
    return `${this.nanoPrefix}${frac}Z`;
  }

  /** Run `fn` after `delayMs` virtual milliseconds. */
  setTimeout(fn: () => void, delayMs: number): TimerId {
    const id = this.nextId++;
    this.heap.push(this._now + Math.max(0, delayMs), id, this.currentFlow, fn);
    return id;
  }

  clearTimeout(id: TimerId | undefined): void {
    if (id === undefined) return;
    const size = this.cancelled.size;
    this.cancelled.add(id);
    if (this.cancelled.size !== size) this.cancelledCounts[id & CANCELLED_MASK]++;
    if (id === this.liveTop) this.liveTop = 0;
  }

  /** Time of the next pending event, or undefined when idle. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap.size > 0 ? this.heap.topAt() : undefined;
  }

  /** Number of pending events. */
  get pending(): number {
    return this.heap.size - this.cancelled.size;
  }

  /** Run the next event (advancing time to it). Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled();
    const heap = this.heap;
    if (heap.size === 0) return false;
    const at = heap.topAt();
    const flow = heap.topFlow();
    const fn = heap.topFn();
    heap.pop();
    this._now = Math.max(this._now, at);
    const saved = this.currentFlow;
    this.currentFlow = flow;
    this._executed++;
    try {
      fn();
    } finally {
      this.currentFlow = saved;
    }
    return true;
  }

  /** Run every event up to and including virtual time `t`, then set the time to `t`. */
  runUntil(t: number): void {
    for (;;) {
      const next = this.peek();
      if (next === undefined || next > t) break;
      this.step();
    }
    if (t > this._now) this._now = t;
  }

  /** Advance by `ms` virtual milliseconds. */
  advance(ms: number): void {
    this.runUntil(this._now + ms);
  }

  /**
   * Run until `done()` holds or nothing is pending; at most `limitMs` of virtual time.
   * Returns whether `done()` held.
   */
  runUntilCondition(done: () => boolean, limitMs = 3_600_000): boolean {
    const end = this._now + limitMs;
    while (!done()) {
      const next = this.peek();
      if (next === undefined || next > end) return done();
      this.step();
    }
    return true;
  }

  /**
   * Run until no event is pending. Periodic loops (heartbeats, resyncs) never go idle, so this
   * stops at `limitMs` of virtual time from now.
   */
  runUntilIdle(limitMs = 3_600_000): void {
    const end = this._now + limitMs;
    for (;;) {
      const next = this.peek();
      if (next === undefined || next > end) break;
      this.step();
    }
  }

  private dropCancelled(): void {
    const heap = this.heap;
    const cancelled = this.cancelled;
    if (cancelled.size === 0 || (heap.size > 0 && heap.topId() === this.liveTop)) return;
    const counts = this.cancelledCounts;
    while (heap.size > 0) {
      const id = heap.topId();
      if (counts[id & CANCELLED_MASK] === 0 || !cancelled.delete(id)) break;
      counts[id & CANCELLED_MASK]--;
      heap.pop();
    }
    if (heap.size > 0) this.liveTop = heap.topId();
  }
}
