import { describe, expect, it } from 'vitest';
import { Clock } from './clock';

describe('Clock', () => {
  it('runs timers in time order, and those due at the same time in the order they were set', () => {
    const clock = new Clock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b'), 5);
    clock.setTimeout(() => ran.push('a'), 1);
    clock.setTimeout(() => ran.push('c'), 5);
    clock.runUntilIdle();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(clock.now).toBe(5);
  });

  it('never runs a cleared timer, and counts only the timers still to run', () => {
    const clock = new Clock();
    const ran: number[] = [];
    const ids = [1, 2, 3, 4].map((n) => clock.setTimeout(() => ran.push(n), n * 10));
    expect(clock.pending).toBe(4);
    clock.clearTimeout(ids[1]);
    clock.clearTimeout(ids[1]);
    clock.clearTimeout(undefined);
    expect(clock.pending).toBe(3);
    clock.advance(15);
    // A timer cleared after it ran, or by a callback clearing itself, changes nothing.
    clock.clearTimeout(ids[0]);
    const self: number = clock.setTimeout(() => {
      clock.clearTimeout(self);
      ran.push(5);
    }, 0);
    clock.runUntilIdle();
    expect(ran).toEqual([1, 5, 3, 4]);
    expect(clock.pending).toBe(0);
    expect(clock.peek()).toBeUndefined();
  });

  it('counts the callbacks it ran as its executed events', () => {
    const clock = new Clock();
    const id = clock.setTimeout(() => {}, 1);
    clock.setTimeout(() => {}, 2);
    clock.clearTimeout(id);
    clock.runUntilIdle();
    expect(clock.executed).toBe(1);
  });
});
