/**
 * The discrete-event clock: virtual milliseconds and a priority queue of timed callbacks.
 * Nothing in the engine reads the wall clock; time moves only when the clock runs an event.
 * Events at the same time run in the order they were scheduled, which keeps runs deterministic.
 */

import { TimerHeap, TimerLane, type Guard } from './timerQueues';

export type { Guard } from './timerQueues';

/** Virtual time zero, as a wall-clock instant, used for timestamps in objects (RFC 3339). */
export const EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export type TimerId = number;

/**
 * Timer ids: the scheduling order times LANE_IDS, plus where the timer is queued (0: the heap,
 * 1…LANES: a lane), so clearTimeout knows where to look and ids still compare in scheduling order.
 */
const LANE_IDS = 16;
const LANES = LANE_IDS - 1;
/** A delay gets a lane of its own once this many timers were set with it. */
const LANE_AFTER = 64;
/** Delays counted towards a lane at most (jittered delays are all different). */
const COUNTED_DELAYS = 1024;

/**
 * How many cancelled timers are pending per `(id / LANE_IDS) & CANCELLED_MASK` in the heap: a
 * zero says at once that the timer at the top of the heap is not cancelled, without looking its
 * id up in the set of cancelled ones.
 */
const CANCELLED_MASK = (1 << 16) - 1;

export class Clock {
  /** Timers whose delay has no lane; the cancelled ones stay in it until due. */
  private heap = new TimerHeap();
  /** The lanes: `lanes[k - 1]` holds the timers whose id ends in lane k. */
  private readonly lanes: TimerLane[] = [];
  /**
   * `laneDelays[k - 1]` is lane k's delay: found by comparing numbers, where a Map lookup of a
   * fractional delay (the network's 0.2 and 0.5 ms) boxes it first (an allocation per timer).
   */
  private readonly laneDelays = new Float64Array(LANES);
  /** Timers set per delay without a lane yet (until every lane is taken). */
  private readonly delayCounts = new Map<number, number>();
  private lastDelay = NaN;
  private lastLane: number | undefined;
  /** Where the next timer is (0: the heap, k: lane k, -1: none), as `peek` found it; -2: unknown. */
  private nextSrc = -2;
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
  /** The id of the timer whose callback is running (0: none). */
  private _timer: TimerId = 0;
  /** The last second `timestamp()` formatted, and its text (many objects share a second). */
  private stampSec = NaN;
  private stamp = '';
  private nanoMs = NaN;
  private nanoPrefix = '';

  /** Virtual ms since the cluster started. */
  get now(): number {
    return this._now;
  }

  /**
   * The id of the timer whose callback is running (0: none): one callback can serve many timers
   * and still tell them apart, with no closure made for each.
   */
  get timer(): TimerId {
    return this._timer;
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
    return this.setTimeoutIf(fn, delayMs, undefined, undefined);
  }

  /**
   * Run `fn` after `delayMs` virtual milliseconds if `guard(arg)` holds then (the timer counts as
   * run either way). scale: what the network does for every message (deliver it if its receiver
   * is up), without a closure made for each.
   */
  setTimeoutIf<T>(
    fn: (data: T) => void,
    delayMs: number,
    guard: Guard | undefined,
    arg: string | undefined,
    /** What `fn` is called with (undefined: nothing): no closure made to carry it. */
    data?: T,
  ): TimerId {
    const delay = Math.max(0, delayMs);
    const seq = this.nextId++;
    this.nextSrc = -2;
    const lane = delay === this.lastDelay ? this.lastLane : this.laneFor(delay);
    if (lane !== undefined) {
      const id = seq * LANE_IDS + lane;
      const lanes = this.lanes[lane - 1];
      lanes.push(
        this._now + delay,
        id,
        this.currentFlow,
        fn as (data?: unknown) => void,
        guard,
        arg,
        data,
      );
      return id;
    }
    let run = fn as () => void;
    if (data !== undefined) run = () => fn(data);
    if (guard) {
      const call = run;
      run = () => {
        if (guard(arg!)) call();
      };
    }
    const id = seq * LANE_IDS;
    this.heap.push(this._now + delay, id, this.currentFlow, run);
    return id;
  }

  /** The lane of timers set with `delay` (counted towards one until it has one), if any. */
  private laneFor(delay: number): number | undefined {
    const delays = this.laneDelays;
    const laned = this.lanes.length;
    let lane: number | undefined;
    for (let k = 0; k < laned; k++) {
      if (delays[k] === delay) {
        lane = k + 1;
        break;
      }
    }
    if (lane === undefined && laned < LANES && Number.isFinite(delay)) {
      const counts = this.delayCounts;
      const n = (counts.get(delay) ?? 0) + 1;
      if (n < LANE_AFTER) {
        if (counts.size >= COUNTED_DELAYS) counts.clear();
        counts.set(delay, n);
      } else {
        counts.delete(delay);
        this.lanes.push(new TimerLane());
        lane = this.lanes.length;
        this.laneDelays[lane - 1] = delay;
        if (this.lanes.length === LANES) counts.clear();
      }
    }
    this.lastDelay = delay;
    this.lastLane = lane;
    return lane;
  }

  clearTimeout(id: TimerId | undefined): void {
    if (id === undefined) return;
    this.nextSrc = -2;
    const lane = id % LANE_IDS;
    if (lane !== 0) return this.lanes[lane - 1]?.clear(id);
    const size = this.cancelled.size;
    this.cancelled.add(id);
    if (this.cancelled.size !== size) this.cancelledCounts[(id / LANE_IDS) & CANCELLED_MASK]++;
    if (id === this.liveTop) this.liveTop = 0;
  }

  /** Time of the next pending event, or undefined when idle. */
  peek(): number | undefined {
    const src = this.nextSource();
    this.nextSrc = src;
    if (src < 0) return undefined;
    return src === 0 ? this.heap.topAt() : this.lanes[src - 1].topAt();
  }

  /** Number of pending events. */
  get pending(): number {
    let n = this.heap.size - this.cancelled.size;
    for (const lane of this.lanes) n += lane.live;
    return n;
  }

  /**
   * Where the next timer is: the earliest (time, id) of the heap's top and each lane's first
   * (cleared ones dropped on the way); 0 for the heap, k for lane k, -1 when none is pending.
   */
  private nextSource(): number {
    this.dropCancelled();
    const heap = this.heap;
    let src = -1;
    let at = 0;
    let id = 0;
    if (heap.size > 0) {
      src = 0;
      at = heap.topAt();
      id = heap.topId();
    }
    const lanes = this.lanes;
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[k];
      if (lane.count === 0) continue;
      if (lane.topFn() === undefined) {
        lane.skipCleared();
        if (lane.count === 0) continue;
      }
      const a = lane.topAt();
      if (src < 0 || a < at || (a === at && lane.topId() < id)) {
        src = k + 1;
        at = a;
        id = lane.topId();
      }
    }
    return src;
  }

  /** Run the next event (advancing time to it). Returns false when nothing is pending. */
  step(): boolean {
    const src = this.nextSrc === -2 ? this.nextSource() : this.nextSrc;
    this.nextSrc = -2;
    if (src < 0) return false;
    let at: number;
    let flow: number;
    let fn: (data?: unknown) => void;
    let guard: Guard | undefined;
    let arg: string | undefined;
    let data: unknown;
    let id: TimerId;
    if (src === 0) {
      const heap = this.heap;
      at = heap.topAt();
      id = heap.topId();
      flow = heap.topFlow();
      fn = heap.topFn();
      heap.pop();
    } else {
      const lane = this.lanes[src - 1];
      at = lane.topAt();
      id = lane.topId();
      flow = lane.topFlow();
      fn = lane.topFn()!;
      guard = lane.topGuard();
      arg = lane.topArg();
      data = lane.topData();
      lane.shift();
    }
    this._now = Math.max(this._now, at);
    const saved = this.currentFlow;
    const savedTimer = this._timer;
    this.currentFlow = flow;
    this._timer = id;
    this._executed++;
    try {
      if (guard === undefined || guard(arg!)) {
        if (data === undefined) fn();
        else fn(data);
      }
    } finally {
      this.currentFlow = saved;
      this._timer = savedTimer;
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
      const bucket = (id / LANE_IDS) & CANCELLED_MASK;
      if (counts[bucket] === 0 || !cancelled.delete(id)) break;
      counts[bucket]--;
      heap.pop();
    }
    if (heap.size > 0) this.liveTop = heap.topId();
  }
}
