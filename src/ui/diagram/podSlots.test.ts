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
