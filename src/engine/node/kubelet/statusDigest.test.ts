import { describe, expect, it } from 'vitest';
import { valueDigest } from './statusManager';

const status = () => ({
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
  containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
});

describe('the kubelet status digest', () => {
  it('is the same for values with the same JSON text', () => {
    expect(valueDigest(status())).toBe(valueDigest(status()));
    expect(valueDigest({ ...status(), message: undefined })).toBe(valueDigest(status()));
    expect(valueDigest([1, undefined])).toBe(valueDigest([1, null]));
    expect(valueDigest({ n: -0 })).toBe(valueDigest({ n: 0 }));
  });

  it('changes with any value, key, order or type', () => {
    const seen = new Set<number>();
    for (const v of [
      status(),
      { ...status(), phase: 'Pending' },
      { ...status(), containerStatuses: [{ name: 'app', ready: true, restartCount: 1 }] },
      { phase: 'Running', reason: 'x' },
      { reason: 'x', phase: 'Running' },
      { phase: 'Running', reasonx: '' },
      { a: '1' },
      { a: 1 },
      { a: 1.5 },
      { a: 3e9 },
      { a: true },
      { a: null },
      { a: [] },
      { a: {} },
      { a: ['b', 'c'] },
      { a: ['bc'] },
      {},
      [],
      '',
    ])
      seen.add(valueDigest(v));
    expect(seen.size).toBe(19);
  });
});
