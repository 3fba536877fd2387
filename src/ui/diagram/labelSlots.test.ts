import { describe, it, expect } from 'vitest';
import { HeartbeatClassifier, isHeartbeatResource } from './heartbeat';
import { labelAnchor, LabelSlots, MAX_LABEL_SLOTS } from './labelSlots';

describe('label slots', () => {
  it('stacks labels that share a stretch at the same time, and reuses freed slots', () => {
    const slots = new LabelSlots();
    expect(slots.reserve('a', 0, 100)).toBe(0);
    expect(slots.reserve('a', 10, 110)).toBe(1);
    expect(slots.reserve('b', 10, 110)).toBe(0);
    expect(slots.reserve('a', 100, 200)).toBe(0);
  });

  it('gives no label once every slot is taken', () => {
    const slots = new LabelSlots();
    for (let i = 0; i < MAX_LABEL_SLOTS; i++) expect(slots.reserve('a', 0, 100)).toBe(i);
    expect(slots.reserve('a', 0, 100)).toBe(-1);
  });

  it('names routes into the API server by their entry point, others by both ends', () => {
    const up = [
      { x: 0, y: 500 },
      { x: 0, y: 100 },
      { x: 300, y: 100 },
    ];
    const other = [
      { x: 40, y: 500 },
      { x: 40, y: 100 },
      { x: 300, y: 100 },
    ];
    expect(labelAnchor(up, 'end')).toBe(labelAnchor(other, 'end'));
    const a = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ];
    expect(labelAnchor(a, null)).toBe(labelAnchor([...a].reverse(), null));
  });
});

describe('heartbeats', () => {
  it('recognises Lease renewals and node status, and everything in their flow', () => {
    expect(isHeartbeatResource({ resource: 'leases', summary: '', kind: 'request' })).toBe(true);
    expect(isHeartbeatResource({ resource: 'nodes/status', summary: '', kind: 'request' })).toBe(
      true,
    );
    expect(isHeartbeatResource({ resource: 'pods', summary: 'POST pods', kind: 'request' })).toBe(
      false,
    );
    const c = new HeartbeatClassifier();
    expect(
      c.isHeartbeat({ resource: 'leases', summary: 'PUT leases', kind: 'request', flow: 7 }),
    ).toBe(true);
    // Its authentication stage and the watch event it causes belong to it.
    expect(
      c.isHeartbeat({
        resource: '',
        summary: 'authentication: authenticated system:node:worker-1',
        kind: 'stage',
        flow: 7,
      }),
    ).toBe(true);
    expect(
      c.isHeartbeat({ resource: 'pods', summary: 'POST pods', kind: 'request', flow: 8 }),
    ).toBe(false);
  });
});
