import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Pod } from '../api/types';
import { INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, MAX_UNSCHEDULABLE_MS, SchedulingQueue } from './queue';
import { pod } from '../testing/schedulerFixtures';

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

interface QueuedPod {
  key: string;
  pod: Pod;
  attempts: number;
  /** Virtual ms when the pod was first queued (FIFO among equal priorities). */
  timestamp: number;
  backoffUntil: number;
}

/**
 * The queue before heaps (arrays and full scans), kept as the model the heap-based queue must
 * match pop for pop.
 */
class ReferenceQueue {
  private active: QueuedPod[] = [];
  private backoff = new Map<string, QueuedPod>();
  private unschedulable = new Map<string, QueuedPod & { since: number }>();
  private known = new Map<string, QueuedPod>();

  get sizes(): { active: number; backoff: number; unschedulable: number } {
    return {
      active: this.active.length,
      backoff: this.backoff.size,
      unschedulable: this.unschedulable.size,
    };
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  /** A new or updated pending pod. */
  add(key: string, pod: Pod, now: number): void {
    const existing = this.known.get(key);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const q: QueuedPod = { key, pod, attempts: 0, timestamp: now, backoffUntil: 0 };
    this.known.set(key, q);
    this.pushActive(q);
  }

  remove(key: string): void {
    const q = this.known.get(key);
    if (!q) return;
    this.known.delete(key);
    this.active = this.active.filter((x) => x !== q);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule (PrioritySort), after moving due back-offs to active. */
  pop(now: number): { key: string; pod: Pod; attempts: number } | undefined {
    this.flush(now);
    const q = this.active.shift();
    if (!q) return undefined;
    q.attempts++;
    return q;
  }

  /** Scheduling succeeded (the pod is assumed and being bound). */
  done(key: string): void {
    this.known.delete(key);
  }

  /** Scheduling failed: the pod waits for back-off, then for a cluster event. */
  failed(key: string, now: number): void {
    const q = this.known.get(key);
    if (!q) return;
    const backoffMs = Math.min(
      INITIAL_BACKOFF_MS * 2 ** Math.max(0, q.attempts - 1),
      MAX_BACKOFF_MS,
    );
    q.backoffUntil = now + backoffMs;
    this.unschedulable.set(key, { ...q, since: now });
    this.known.set(key, this.unschedulable.get(key)!);
  }

  /** A cluster event that may make pods schedulable (node added or changed, pod deleted). */
  moveAllToActiveOrBackoff(now: number): void {
    for (const [key, q] of this.unschedulable) {
      this.unschedulable.delete(key);
      if (q.backoffUntil > now) this.backoff.set(key, q);
      else this.pushActive(q);
    }
  }

  /** The earliest virtual time at which a waiting pod becomes ready to retry. */
  nextWakeup(): number | undefined {
    let t: number | undefined;
    for (const q of this.backoff.values())
      t = t === undefined ? q.backoffUntil : Math.min(t, q.backoffUntil);
    for (const q of this.unschedulable.values()) {
      const due = q.since + MAX_UNSCHEDULABLE_MS;
      t = t === undefined ? due : Math.min(t, due);
    }
    return t;
  }

  private flush(now: number): void {
    for (const [key, q] of this.backoff) {
      if (q.backoffUntil <= now) {
        this.backoff.delete(key);
        this.pushActive(q);
      }
    }
    for (const [key, q] of this.unschedulable) {
      if (q.since + MAX_UNSCHEDULABLE_MS <= now) {
        this.unschedulable.delete(key);
        this.pushActive(q);
      }
    }
  }

  private pushActive(q: QueuedPod): void {
    const prio = (p: Pod) => p.spec?.priority ?? 0;
    let i = this.active.length;
    while (i > 0) {
      const o = this.active[i - 1];
      if (prio(o.pod) > prio(q.pod) || (prio(o.pod) === prio(q.pod) && o.timestamp <= q.timestamp))
        break;
      i--;
    }
    this.active.splice(i, 0, q);
  }
}

type Op =
  | { op: 'add' | 'remove' | 'done' | 'failed'; pod: number }
  | { op: 'pop' | 'move' }
  | { op: 'wait'; ms: number };

describe('SchedulingQueue with heaps', () => {
  it('pops the same pods in the same order as the scanning queue it replaced', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constantFrom('add' as const, 'remove' as const, 'done' as const, 'failed' as const),
        pod: fc.integer({ min: 0, max: 12 }),
      }),
      fc.record({ op: fc.constantFrom('pop' as const, 'pop' as const, 'move' as const) }),
      fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const a = new SchedulingQueue();
        const b = new ReferenceQueue();
        let now = 0;
        for (const o of ops) {
          if (o.op === 'wait') now += o.ms === 0 ? 0 : Math.ceil(o.ms / 1000) * 1000;
          else if (o.op === 'pop') {
            const [x, y] = [a.pop(now), b.pop(now)];
            expect(x && [x.key, x.attempts, x.pod]).toEqual(y && [y.key, y.attempts, y.pod]);
          } else if (o.op === 'move') {
            a.moveAllToActiveOrBackoff(now);
            b.moveAllToActiveOrBackoff(now);
          } else if ('pod' in o) {
            const key = `default/p${o.pod}`;
            if (o.op === 'add') {
              // spec.priority is immutable: each pod keeps one.
              const p: Pod = pod(`p${o.pod}`, { spec: { priority: o.pod % 4 === 0 ? 100 : 0 } });
              a.add(key, p, now);
              b.add(key, p, now);
            } else if (o.op === 'failed') {
              a.failed(key, now);
              b.failed(key, now);
            } else {
              a[o.op](key);
              b[o.op](key);
            }
          }
          expect(a.sizes).toEqual(b.sizes);
          expect(a.nextWakeup()).toBe(b.nextWakeup());
        }
      }),
      { seed: 1515, numRuns: 500 },
    );
  });
});
