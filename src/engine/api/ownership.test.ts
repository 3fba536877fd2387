import { describe, expect, it } from 'vitest';
import { ownershipGraph } from './ownership';
import type { KubeObject } from './types';

const owner = (kind: string, name: string, uid: string) => ({
  apiVersion: 'v1',
  kind,
  name,
  uid,
  controller: true,
});

const records: { key: string; object: KubeObject }[] = [
  {
    key: 'd',
    object: {
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'u-d' },
      spec: { replicas: 2 },
      status: { readyReplicas: 1 },
    } as KubeObject,
  },
  {
    key: 'rs',
    object: {
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-1',
        namespace: 'default',
        uid: 'u-rs',
        ownerReferences: [owner('Deployment', 'web', 'u-d')],
      },
      spec: { replicas: 2 },
    } as KubeObject,
  },
  ...['a', 'b'].map((p) => ({
    key: `p-${p}`,
    object: {
      kind: 'Pod',
      metadata: {
        name: `web-1-${p}`,
        namespace: 'default',
        uid: `u-${p}`,
        ownerReferences: [owner('ReplicaSet', 'web-1', 'u-rs')],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
      status: { phase: p === 'a' ? 'Running' : 'Pending' },
    } as KubeObject,
  })),
  {
    key: 'svc',
    object: {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', uid: 'u-s' },
      spec: { clusterIP: '10.96.0.10' },
    } as KubeObject,
  },
  {
    key: 'eps',
    object: {
      kind: 'EndpointSlice',
      metadata: {
        name: 'web-x',
        namespace: 'default',
        uid: 'u-e',
        ownerReferences: [owner('Service', 'web', 'u-s')],
      },
      endpoints: [
        {
          addresses: ['10.0.0.1'],
          conditions: { ready: true },
          targetRef: { kind: 'Pod', name: 'web-1-a', uid: 'u-a' },
        },
        {
          addresses: ['10.0.0.2'],
          conditions: { ready: false },
          targetRef: { kind: 'Pod', name: 'web-1-b', uid: 'u-b' },
        },
      ],
    } as KubeObject,
  },
  { key: 'cm', object: { kind: 'ConfigMap', metadata: { name: 'x', uid: 'u-cm' } } as KubeObject },
];

describe('the ownership graph', () => {
  it('follows ownerReferences and EndpointSlice targetRefs, and leaves other kinds out', () => {
    const g = ownershipGraph(records);
    expect(g.objects.map((o) => `${o.kind}/${o.name}@${o.column}`)).toEqual([
      'Deployment/web@0',
      'ReplicaSet/web-1@1',
      'Pod/web-1-a@2',
      'Pod/web-1-b@2',
      'Service/web@0',
      'EndpointSlice/web-x@1',
    ]);
    expect(
      g.edges.map((e) => `${e.from}→${e.to}:${e.kind}${e.ready === false ? ' not ready' : ''}`),
    ).toEqual([
      'd→rs:owner',
      'rs→p-a:owner',
      'rs→p-b:owner',
      'svc→eps:owner',
      'eps→p-a:endpoint',
      'eps→p-b:endpoint not ready',
    ]);
  });

  it('says what kubectl would: READY counts, pod STATUS, the Service’s address', () => {
    const status = Object.fromEntries(
      ownershipGraph(records).objects.map((o) => [o.key, o.status]),
    );
    expect(status).toMatchObject({
      d: '1/2 ready',
      rs: '0/2 ready',
      'p-a': 'Running',
      'p-b': 'Pending',
      svc: 'ClusterIP 10.96.0.10',
      eps: '1 of 2 endpoints ready',
    });
  });

  it('draws no arrow to an owner that is not there (deleted, or in another list)', () => {
    const g = ownershipGraph(records.filter((r) => r.key !== 'rs'));
    expect(g.edges.some((e) => e.from === 'rs' || e.to === 'rs')).toBe(false);
  });
});
