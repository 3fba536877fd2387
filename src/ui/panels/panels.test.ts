import { describe, it, expect } from 'vitest';
import type { ObjectRecord } from '../../protocol';
import { eventRows, humanDuration } from './events';
import { resultMarkers } from './resultMarkers';

function event(name: string, rev: number, fields: Record<string, unknown>): ObjectRecord {
  return {
    key: `/registry/events/default/${name}`,
    kind: 'Event',
    namespace: 'default',
    name,
    createRevision: rev,
    modRevision: rev,
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      ...fields,
    },
  };
}

describe('humanDuration (kubectl AGE / LAST SEEN)', () => {
  it('prints kubectl short durations', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(119_000)).toBe('119s');
    expect(humanDuration(192_000)).toBe('3m12s');
    expect(humanDuration(300_000)).toBe('5m');
    expect(humanDuration(3 * 3600_000 + 5 * 60_000)).toBe('3h5m');
    expect(humanDuration(51 * 3600_000)).toBe('2d3h');
    expect(humanDuration(-500)).toBe('0s');
  });
});

describe('event rows (kubectl get events)', () => {
  const scheduled = event('web.1', 20, {
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to worker-1',
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    source: { component: 'default-scheduler' },
    eventTime: '2024-05-01T10:00:01.000000Z',
  });
  const pulled = event('web.2', 25, {
    type: 'Warning',
    reason: 'Failed',
    message: 'Error: ErrImagePull ',
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: '2024-05-01T10:00:02Z',
    lastTimestamp: '2024-05-01T10:00:09Z',
    count: 3,
  });
  const created = event('rs.1', 10, {
    type: 'Normal',
    reason: 'SuccessfulCreate',
    message: 'Created pod: web',
    involvedObject: { kind: 'ReplicaSet', namespace: 'default', name: 'web-5948f7484f' },
    source: { component: 'replicaset-controller' },
    firstTimestamp: '2024-05-01T10:00:00Z',
    lastTimestamp: '2024-05-01T10:00:00Z',
  });

  it('lists newest last with kubectl columns and the emitting component', () => {
    const rows = eventRows([pulled, scheduled, created]);
    expect(rows.map((r) => r.reason)).toEqual(['SuccessfulCreate', 'Scheduled', 'Failed']);
    expect(rows[0]).toMatchObject({
      object: 'replicaset/web-5948f7484f',
      count: 1,
      componentId: 'kube-controller-manager',
    });
    expect(rows[1]).toMatchObject({ object: 'pod/web', componentId: 'kube-scheduler' });
    expect(rows[2]).toMatchObject({
      type: 'Warning',
      message: 'Error: ErrImagePull',
      count: 3,
      componentId: 'kubelet@worker-1',
    });
  });
  it('the newest N are the last N of them all, in the same order, ties and bad times included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const records = Array.from({ length: 2_000 }, (_, i) =>
      // Revisions are unique, as etcd's are; their order is not the records' order.
      event(`e.${i}`, ((i * 7919) % 2_000) + 1, {
        type: 'Normal',
        reason: `R${i}`,
        involvedObject: { kind: 'Pod', namespace: 'default', name: `p${i}` },
        // Few distinct seconds (many ties), and some times that do not parse.
        lastTimestamp:
          random() < 0.05 ? 'not a time' : `2024-05-01T10:0${Math.floor(random() * 10)}:00Z`,
      }),
    );
    const all = eventRows(records);
    expect(all).toHaveLength(2_000);
    expect(eventRows(records, 300).map((r) => r.key)).toEqual(all.slice(-300).map((r) => r.key));
    expect(eventRows(records.slice(0, 10), 300)).toHaveLength(10);
  });
});

describe('resultMarkers', () => {
  it('marks the precise problems of failed documents and nothing for applied ones', () => {
    const range = { line: 3, column: 1, endLine: 3, endColumn: 10 };
    const markers = resultMarkers([
      { index: 0, ok: true, message: 'deployment.apps/web created' },
      {
        index: 1,
        ok: false,
        message: 'The Pod "x" is invalid',
        range: { line: 10, column: 1, endLine: 20, endColumn: 1 },
        problems: [{ message: 'spec.containers[0].image: Required value', range }],
      },
      { index: 2, ok: false, message: 'bad', range },
    ]);
    expect(markers).toEqual([
      { ...range, message: 'spec.containers[0].image: Required value', severity: 'error' },
      { ...range, message: 'bad', severity: 'error' },
    ]);
  });
});
