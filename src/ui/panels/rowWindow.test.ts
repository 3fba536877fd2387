import { describe, expect, it } from 'vitest';
import { rowWindow } from './rowWindow';

describe('the rows of a long table that are drawn', () => {
  it('draws the newest rows at the end, with the rest as one tall row above', () => {
    // 300 events, a 200 px view of 28 px rows: 9 in view, 30 more above.
    const w = rowWindow(300, { top: 0, height: 200, stuck: true }, 28, 30);
    expect(w.end).toBe(300);
    expect(w.first).toBe(300 - 9 - 30);
    expect(w.above).toBe(w.first * 28);
    expect(w.below).toBe(0);
  });

  it('draws the rows in view where the learner scrolled, and some on either side', () => {
    const w = rowWindow(300, { top: 28 * 100, height: 200, stuck: false }, 28, 30);
    expect(w.first).toBe(70);
    expect(w.end).toBe(70 + 9 + 60);
    expect(w.above + (w.end - w.first) * 28 + w.below).toBe(300 * 28);
  });

  it('draws every row of a short table', () => {
    for (const stuck of [true, false]) {
      const w = rowWindow(12, { top: 0, height: 200, stuck }, 28, 30);
      expect(w).toEqual({ first: 0, end: 12, above: 0, below: 0 });
    }
  });
});
