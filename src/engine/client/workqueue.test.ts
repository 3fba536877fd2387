import { describe, expect, it } from 'vitest';
import { Clock } from '../sim/clock';
import { WorkQueue } from './workqueue';

describe('WorkQueue', () => {
  it('hands keys out in FIFO order, each waiting key once, across thousands of keys', () => {
    const clock = new Clock();
    const seen: string[] = [];
    const q = new WorkQueue(clock, (k) => {
      seen.push(k);
      // A key added back while it is being processed is queued again, at the end.
      if (k === 'k-10' && seen.length < 20) q.add('k-10');
    });
    for (let i = 0; i < 5000; i++) q.add(`k-${i}`);
    for (let i = 0; i < 5000; i += 2) q.add(`k-${i}`);
    expect(q.depth).toBe(5000);
    clock.runUntilIdle();
    expect(seen).toEqual([...Array.from({ length: 5000 }, (_, i) => `k-${i}`), 'k-10']);
    expect(q.depth).toBe(0);
  });

  it('processes one key per processing time, and keys added while draining keep their turn', () => {
    const clock = new Clock();
    const at: [string, number][] = [];
    const q = new WorkQueue(clock, (k) => {
      at.push([k, clock.now]);
      if (k === 'a') q.add('c');
    });
    q.add('a');
    q.add('b');
    clock.runUntilIdle();
    expect(at).toEqual([
      ['a', 0.5],
      ['b', 1],
      ['c', 1.5],
    ]);
  });

  it('drops waiting keys on stop', () => {
    const clock = new Clock();
    const seen: string[] = [];
    const q = new WorkQueue(clock, (k) => seen.push(k));
    for (let i = 0; i < 2000; i++) q.add(`k-${i}`);
    clock.advance(600);
    q.stop();
    expect(q.depth).toBe(0);
    q.start();
    q.add('k-0');
    clock.runUntilIdle();
    expect(seen).toHaveLength(1201);
    expect(seen.at(-1)).toBe('k-0');
  });
});
