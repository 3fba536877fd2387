import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { followThrottled } from './throttled';

describe('a panel following the store at most 4 times a second', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('shows the first change at once, then at most one read per 250 ms, and always the last', () => {
    const store = createStore<{ n: number; other: number }>()(() => ({ n: 0, other: 0 }));
    const shown: number[] = [];
    let reads = 0;
    const stop = followThrottled(
      store,
      (s, prev) => s.n !== prev.n,
      (s) => (reads++, s.n),
      250,
      (v) => shown.push(v),
    );
    store.setState({ n: 1 });
    vi.advanceTimersByTime(0);
    expect(shown).toEqual([1]);
    // A frame's batch every 16 ms for a second: four more reads, not sixty.
    for (let i = 2; i <= 61; i++) {
      store.setState({ n: i });
      vi.advanceTimersByTime(16);
    }
    vi.advanceTimersByTime(250);
    expect(shown.length).toBeLessThanOrEqual(6);
    expect(shown.at(-1)).toBe(61);
    expect(reads).toBe(shown.length);
    // What it does not follow does not wake it.
    store.setState({ other: 5 });
    vi.advanceTimersByTime(500);
    expect(reads).toBe(shown.length);
    stop();
    store.setState({ n: 99 });
    vi.advanceTimersByTime(500);
    expect(shown.at(-1)).toBe(61);
  });
});
