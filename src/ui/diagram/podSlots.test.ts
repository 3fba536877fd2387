import { describe, expect, it } from 'vitest';
import { growPodSlots } from './podSlots';

const pods = (n: number) => Array.from({ length: n }, (_, i) => `/registry/pods/default/p${i}`);

describe('room for pods in the workers’ boxes', () => {
  it('grows with a worker’s pods and keeps it while they come and go', () => {
    const workers = ['worker-1', 'worker-2'];
    let slots = growPodSlots(undefined, workers, { 'worker-1': pods(20), 'worker-2': pods(3) });
    expect(slots).toEqual({ 'worker-1': 20, 'worker-2': 3 });
    // The surge: a pod more on worker-1.
    slots = growPodSlots(slots, workers, { 'worker-1': pods(21), 'worker-2': pods(3) });
    expect(slots['worker-1']).toBe(21);
    // An old pod gone: the room stays, and the object is the same one (nothing to lay out).
    const same = growPodSlots(slots, workers, { 'worker-1': pods(19), 'worker-2': pods(3) });
    expect(same).toBe(slots);
  });
});

describe('room for pods on a big cluster', () => {
  const workers = Array.from({ length: 50 }, (_, i) => `worker-${i + 1}`);
  const each = (n: (w: string, i: number) => number) =>
    Object.fromEntries(workers.map((w, i) => [w, pods(n(w, i))]));

  it('gives every worker the fullest one’s room, fitted afresh', () => {
    const slots = growPodSlots(
      undefined,
      workers,
      each((_, i) => (i === 7 ? 22 : 20)),
    );
    expect(new Set(Object.values(slots))).toEqual(new Set([22]));
    expect(Object.keys(slots)).toHaveLength(50);
  });

  it('grows by half for all alike, then keeps the room while the surge fits', () => {
    let slots = growPodSlots(
      undefined,
      workers,
      each(() => 20),
    );
    // The rolling update's first new pod on worker-3: every box grows, to half as much again.
    slots = growPodSlots(
      slots,
      workers,
      each((_, i) => (i === 2 ? 21 : 20)),
    );
    expect(new Set(Object.values(slots))).toEqual(new Set([30]));
    // More surge pods, up to the room: nothing is laid out again (the same object).
    const same = growPodSlots(
      slots,
      workers,
      each((_, i) => 20 + (i % 11)),
    );
    expect(same).toBe(slots);
    // A worker outgrowing it: every box grows again.
    const grown = growPodSlots(
      slots,
      workers,
      each((_, i) => (i === 9 ? 31 : 20)),
    );
    expect(grown['worker-1']).toBe(45);
    // Pods gathering faster than that: at least a quarter more than the fullest worker has.
    expect(
      growPodSlots(
        grown,
        workers,
        each((_, i) => (i === 9 ? 60 : 20)),
      )['worker-2'],
    ).toBe(75);
  });

  it('fits the pods again once they settle (the room is made afresh)', () => {
    const settled = growPodSlots(
      undefined,
      workers,
      each(() => 20),
    );
    expect(settled['worker-50']).toBe(20);
  });
});
