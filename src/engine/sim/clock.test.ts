import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import { Rng } from './rng';

describe('Clock', () => {
  it('runs timers in time order, equal times in the order they were set, skipping cancelled ones', () => {
    const clock = new Clock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b@5'), 5);
    clock.setTimeout(() => ran.push('a@1'), 1);
    const cancelled = clock.setTimeout(() => ran.push('cancelled@3'), 3);
    clock.setTimeout(() => ran.push('c@5'), 5);
    clock.setTimeout(() => {
      ran.push('d@1');
      // Set while running: at the same instant, after everything already due then.
      clock.setTimeout(() => ran.push('e@1'), 0);
    }, 1);
    clock.clearTimeout(cancelled);
    expect(clock.pending).toBe(4);
    expect(clock.peek()).toBe(1);
    clock.runUntil(10);
    expect(ran).toEqual(['a@1', 'd@1', 'e@1', 'b@5', 'c@5']);
    expect(clock.now).toBe(10);
    expect(clock.pending).toBe(0);
    expect(clock.executed).toBe(5);
    expect(clock.step()).toBe(false);
  });

  it('skips a timer cancelled after peek found it next', () => {
    const clock = new Clock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('other'), 9);
    const first = clock.setTimeout(() => ran.push('first'), 1);
    const second = clock.setTimeout(() => ran.push('second'), 2);
    clock.clearTimeout(clock.setTimeout(() => ran.push('never'), 5));
    expect(clock.peek()).toBe(1);
    clock.clearTimeout(first);
    expect(clock.peek()).toBe(2);
    clock.clearTimeout(second);
    expect(clock.step()).toBe(true);
    expect(ran).toEqual(['other']);
    expect(clock.pending).toBe(0);
  });

  it('keeps the order over many timers (the heap grows) and restores each timer’s flow', () => {
    const clock = new Clock();
    const rng = new Rng(7);
    const want: { at: number; n: number; flow: number }[] = [];
    const got: { at: number; n: number; flow: number }[] = [];
    for (let n = 0; n < 5000; n++) {
      const at = rng.int(200) / 4;
      const flow = n % 13;
      clock.currentFlow = flow;
      const id = clock.setTimeout(
        () => got.push({ at: clock.now, n, flow: clock.currentFlow }),
        at,
      );
      if (n % 7 === 0) clock.clearTimeout(id);
      else want.push({ at, n, flow });
    }
    clock.currentFlow = 0;
    want.sort((x, y) => x.at - y.at || x.n - y.n);
    clock.runUntilIdle();
    expect(got).toEqual(want);
    expect(clock.currentFlow).toBe(0);
  });
  it('keeps the order when most timers share a few delays, set as time goes on and cleared', () => {
    // Timers with a common delay are queued first-in first-out (a lane each); the rest in the
    // heap. The order must be the one of (time, scheduling order) all the same.
    const clock = new Clock();
    const rng = new Rng(11);
    const delays = [0, 0.2, 0.5, 1, 2, 5, 10_000];
    const got: string[] = [];
    const want: { at: number; n: number }[] = [];
    const live = new Map<number, number>();
    let n = 0;
    const set = (depth: number) => {
      const k = n++;
      const delay = rng.int(10) < 8 ? delays[rng.int(delays.length)] : rng.int(400) / 8;
      const at = clock.now + delay;
      const id = clock.setTimeout(() => {
        got.push(`${at}:${k}`);
        live.delete(k);
        if (depth < 3) for (let j = rng.int(3); j > 0; j--) set(depth + 1);
        // Clear a pending timer now and then (perhaps one that already ran: nothing happens).
        if (rng.int(4) === 0) {
          const victim = rng.int(n);
          if (live.has(victim)) {
            clock.clearTimeout(live.get(victim));
            live.delete(victim);
            cleared.add(victim);
          }
        }
      }, delay);
      live.set(k, id);
      want.push({ at, n: k });
    };
    const cleared = new Set<number>();
    for (let i = 0; i < 3000; i++) set(0);
    clock.runUntilIdle();
    const expected = want
      .filter((w) => !cleared.has(w.n))
      .sort((x, y) => x.at - y.at || x.n - y.n)
      .map((w) => `${w.at}:${w.n}`);
    expect(cleared.size).toBeGreaterThan(100);
    expect(got).toEqual(expected);
    expect(clock.pending).toBe(0);
  });
  it('runs a timer whose id shares its low bits with cancelled ones, and skips those', () => {
    // Timer ids 65,536 apart fall in the same bucket of the cancelled count.
    const clock = new Clock();
    const ran: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 3 * 65_536 + 10; i++) {
      const n = i;
      ids.push(clock.setTimeout(() => ran.push(n), 1 + (i % 7)));
    }
    const cancelled = new Set([5, 5 + 65_536, 9 + 2 * 65_536]);
    for (const i of cancelled) clock.clearTimeout(ids[i]);
    // Cancelling twice changes nothing.
    clock.clearTimeout(ids[5]);
    clock.runUntilIdle();
    expect(ran.length).toBe(ids.length - cancelled.size);
    for (const i of cancelled) expect(ran).not.toContain(i);
    for (const i of [5 + 2 * 65_536, 9, 9 + 65_536]) expect(ran).toContain(i);
    expect(clock.pending).toBe(0);
  });

  it('runs a lane’s timers in order, with their data and Clock.timer, when most were cleared while it filled up', () => {
    const clock = new Clock();
    const ran: string[] = [];
    const ids: number[] = [];
    const timers: number[] = [];
    const grown: number[] = [];
    // 3,000 timers with one delay (a lane of their own), set 1 ms apart; all but every 7th are
    // cleared before they are due, and more are set while the ring is full of cleared ones (it
    // compacts).
    for (let i = 0; i < 3000; i++) {
      const id = clock.setTimeoutIf(
        (n: number) => {
          ran.push(`t${n}`);
          timers.push(clock.timer);
        },
        60_000,
        undefined,
        undefined,
        i,
      );
      ids.push(id);
      if (i >= 7 && (i - 7) % 7 !== 0) clock.clearTimeout(ids[i - 7]);
      // Another lane whose timers all stay: it grows.
      if (i < 1000)
        clock.setTimeoutIf((n: number) => grown.push(n), 50_000, undefined, undefined, i);
      clock.advance(1);
    }
    const kept = ids.map((id, i) => ({ id, i })).filter(({ i }) => i % 7 === 0 || i >= 2993);
    expect(clock.pending).toBe(kept.length + 1000);
    clock.runUntil(70_000);
    expect(ran).toEqual(kept.map(({ i }) => `t${i}`));
    expect(timers).toEqual(kept.map(({ id }) => id));
    expect(grown).toEqual([...Array(1000).keys()]);
    expect(clock.timer).toBe(0);
  });
});
