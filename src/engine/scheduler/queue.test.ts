import { describe, it, expect } from 'vitest';
import { MAX_UNSCHEDULABLE_MS, SchedulingQueue } from './queue';
import { pod } from './testFixtures';

/** Fail the pod `times` times in a row; return the back-off after the last failure. */
function backoffAfter(times: number): number {
  const q = new SchedulingQueue();
  let now = 0;
  q.add('default/p', pod('p'), now);
  let wait = 0;
  for (let i = 0; i < times; i++) {
    q.pop(now);
    q.failed('default/p', now);
    q.moveAllToActiveOrBackoff(now);
    wait = q.nextWakeup()! - now;
    now += wait;
  }
  return wait;
}

describe('SchedulingQueue', () => {
  it('backs off 1 s, doubling to a 10 s cap', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffAfter)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('a pod moved by a cluster event waits out its back-off before it is popped again', () => {
    const q = new SchedulingQueue();
    q.add('default/p', pod('p'), 0);
    q.pop(0);
    q.failed('default/p', 100);
    q.moveAllToActiveOrBackoff(200);
    expect(q.sizes).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    expect(q.pop(1099)).toBeUndefined();
    expect(q.pop(1100)?.key).toBe('default/p');
  });

  it('an unschedulable pod without a cluster event is retried after 5 minutes', () => {
    const q = new SchedulingQueue();
    q.add('default/p', pod('p'), 0);
    q.pop(0);
    q.failed('default/p', 0);
    expect(q.sizes.unschedulable).toBe(1);
    expect(q.nextWakeup()).toBe(MAX_UNSCHEDULABLE_MS);
    expect(q.pop(MAX_UNSCHEDULABLE_MS - 1)).toBeUndefined();
    expect(q.pop(MAX_UNSCHEDULABLE_MS)?.attempts).toBe(2);
  });

  it('PrioritySort: higher priority first, then first come first served', () => {
    const q = new SchedulingQueue();
    q.add('default/low', pod('low', { spec: { priority: 0 } }), 0);
    q.add('default/high', pod('high', { spec: { priority: 1000 } }), 1);
    q.add('default/low2', pod('low2', { spec: { priority: 0 } }), 2);
    q.add('default/high2', pod('high2', { spec: { priority: 1000 } }), 3);
    const order = [q.pop(5), q.pop(5), q.pop(5), q.pop(5)].map((x) => x?.key);
    expect(order).toEqual(['default/high', 'default/high2', 'default/low', 'default/low2']);
  });

  it('a removed pod is never popped', () => {
    const q = new SchedulingQueue();
    q.add('default/p', pod('p'), 0);
    q.remove('default/p');
    expect(q.pop(0)).toBeUndefined();
    expect(q.has('default/p')).toBe(false);
  });
});
