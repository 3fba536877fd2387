/**
 * The discrete-event clock: virtual milliseconds and a priority queue of timed callbacks.
 * Nothing in the engine reads the wall clock; time moves only when the clock runs an event.
 * Events at the same time run in the order they were scheduled, which keeps runs deterministic.
 */

/** Virtual time zero, as a wall-clock instant, used for timestamps in objects (RFC 3339). */
export const EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  fn: () => void;
  /** The causal flow current when the timer was set; restored when it fires. */
  flow: number;
}

export class Clock {
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();
  private nextId = 1;
  private seq = 0;
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
    const at = this._now + Math.max(0, delayMs);
    this.push({ id, at, seq: this.seq++, fn, flow: this.currentFlow });
    return id;
  }

  clearTimeout(id: TimerId | undefined): void {
    if (id !== undefined) this.cancelled.add(id);
  }

  /** Time of the next pending event, or undefined when idle. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Number of pending events. */
  get pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Run the next event (advancing time to it). Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled();
    const timer = this.pop();
    if (!timer) return false;
    this._now = Math.max(this._now, timer.at);
    const saved = this.currentFlow;
    this.currentFlow = timer.flow;
    this._executed++;
    try {
      timer.fn();
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
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
