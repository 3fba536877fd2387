import { describe, expect, it } from 'vitest';
import type { Pod, ReplicaSet } from '../api/types';
import { EPOCH_MS } from '../sim/clock';
import { Scope, suspend } from '../client/coroutine';
import { rankPodsForDeletion, slowStartBatch, slowStartBatchCo } from './controllerUtils';
import { ControllerExpectations } from './expectations';
import { Clock } from '../sim/clock';
import {
  activePods,
  advanceUntil,
  createObject,
  eventsFrom,
  objectsOf,
  startCluster,
} from '../testing/testCluster';

const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

const ts = (ms: number) => new Date(EPOCH_MS + ms).toISOString().replace('.000Z', 'Z');

function pod(
  name: string,
  opts: { node?: string; phase?: string; readySince?: number; created?: number; restarts?: number },
): Pod {
  const conditions =
    opts.readySince !== undefined
      ? [{ type: 'Ready', status: 'True', lastTransitionTime: ts(opts.readySince) }]
      : [];
  return {
    metadata: { name, uid: name, creationTimestamp: ts(opts.created ?? 0) },
    spec: { containers: [], nodeName: opts.node },
    status: {
      phase: opts.phase ?? 'Running',
      conditions,
      containerStatuses: [{ name: 'c', restartCount: opts.restarts ?? 0 } as never],
    },
  };
}

describe('rankPodsForDeletion', () => {
  it('deletes unscheduled, then pending, then not-ready pods before ready ones', () => {
    const pods = [
      pod('ready', { node: 'w1', readySince: 0 }),
      pod('notready', { node: 'w1' }),
      pod('pending', { node: 'w1', phase: 'Pending' }),
      pod('unscheduled', { phase: 'Pending' }),
    ];
    const order = rankPodsForDeletion(pods, [0, 0, 0, 0], 100_000).map((p) => p.metadata!.name);
    expect(order).toEqual(['unscheduled', 'pending', 'notready', 'ready']);
  });

  it('prefers doubled-up pods, then pods ready for less time, then newer pods', () => {
    const doubled = rankPodsForDeletion(
      [pod('alone', { node: 'w1', readySince: 0 }), pod('crowded', { node: 'w2', readySince: 0 })],
      [1, 3],
      1e6,
    );
    expect(doubled[0].metadata!.name).toBe('crowded');
    const fresh = rankPodsForDeletion(
      [
        pod('old', { node: 'w1', readySince: 0 }),
        pod('young', { node: 'w1', readySince: 900_000 }),
      ],
      [0, 0],
      1e6,
    );
    expect(fresh[0].metadata!.name).toBe('young');
    const restarts = rankPodsForDeletion(
      [pod('calm', { node: 'w1' }), pod('crashy', { node: 'w1', restarts: 4 })],
      [0, 0],
      1e6,
    );
    expect(restarts[0].metadata!.name).toBe('crashy');
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4… and stops after a batch with a failure', () => {
    const batches: number[] = [];
    let inBatch = 0;
    const pending: ((ok: boolean) => void)[] = [];
    let result: number | undefined;
    slowStartBatch(
      10,
      1,
      (cb) => pending.push(cb),
      (n) => (result = n),
    );
    while (pending.length) {
      inBatch = pending.length;
      batches.push(inBatch);
      const now = pending.splice(0);
      now.forEach((cb, i) => cb(!(batches.length === 3 && i === 0)));
    }
    expect(batches).toEqual([1, 2, 4]);
    expect(result).toBe(6);
  });
});

describe('slowStartBatchCo', () => {
  it('runs batches of 1, 2, 4… side by side and stops after a batch with a failure', () => {
    const batches: number[] = [];
    const pending: ((ok: boolean) => void)[] = [];
    let result: number | undefined;
    new Scope().spawn(
      slowStartBatchCo(10, 1, () => suspend<boolean>((resume) => pending.push(resume))),
      (n) => (result = n),
    );
    while (pending.length) {
      batches.push(pending.length);
      const now = pending.splice(0);
      now.forEach((resume, i) => resume(!(batches.length === 3 && i === 0)));
    }
    expect(batches).toEqual([1, 2, 4]);
    expect(result).toBe(6);
  });
});

describe('ControllerExpectations', () => {
  it('is satisfied once every expected create was observed, or after five minutes', () => {
    const clock = new Clock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('default/web', 2);
    e.creationObserved('default/web');
    expect(e.satisfied('default/web')).toBe(false);
    e.creationObserved('default/web');
    expect(e.satisfied('default/web')).toBe(true);
    e.expectDeletions('default/web', ['default/a']);
    expect(e.satisfied('default/web')).toBe(false);
    clock.advance(5 * 60_000 + 1);
    expect(e.satisfied('default/web')).toBe(true);
  });
});

describe('ReplicaSetController', () => {
  it('creates the replicas as <rs>-<5 chars> pods owned by the ReplicaSet, and reports status', () => {
    const c = startCluster();
    expect(createObject(c, RS).code).toBe(201);
    expect(
      advanceUntil(c, () => objectsOf<ReplicaSet>(c, 'ReplicaSet')[0].status?.readyReplicas === 3),
    ).toBe(true);
    const pods = activePods(c);
    expect(pods).toHaveLength(3);
    const rs = objectsOf<ReplicaSet>(c, 'ReplicaSet')[0];
    for (const p of pods) {
      expect(p.metadata!.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata!.labels).toEqual({ app: 'web', tier: 'front' });
      expect(p.metadata!.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata!.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(p.status?.phase).toBe('Running');
    }
    expect(rs.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    const events = eventsFrom(c, 'replicaset-controller');
    expect(events.sort()).toEqual(
      pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata!.name}`).sort(),
    );
  });

  it('replaces a deleted pod at once, and deletes surplus pods when scaled down', () => {
    const c = startCluster();
    createObject(c, RS);
    advanceUntil(c, () => activePods(c).length === 3);
    const victim = activePods(c)[0].metadata!.name!;
    expect(
      c.requestSync({ verb: 'delete', resource: 'pods', namespace: 'default', name: victim }).code,
    ).toBe(200);
    expect(
      advanceUntil(
        c,
        () => activePods(c).length === 3 && !activePods(c).some((p) => p.metadata!.name === victim),
        5_000,
      ),
    ).toBe(true);
    c.requestSync({
      verb: 'patch',
      resource: 'replicasets',
      namespace: 'default',
      name: 'web',
      body: { spec: { replicas: 1 } },
      patchType: 'merge',
    });
    expect(advanceUntil(c, () => objectsOf<Pod>(c, 'Pod').length === 1, 30_000)).toBe(true);
    expect(
      eventsFrom(c, 'replicaset-controller').filter((e) =>
        e.startsWith('SuccessfulDelete: Deleted pod: web-'),
      ),
    ).toHaveLength(2);
  });

  it('adopts an orphan pod that matches its selector instead of creating one more', () => {
    const c = startCluster();
    createObject(
      c,
      `apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx:1.27}]
`,
    );
    createObject(c, RS.replace('replicas: 3', 'replicas: 2'));
    c.clock.advance(5_000);
    const pods = activePods(c);
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata!.name === 'stray')!;
    expect(stray.metadata!.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: 'web',
      controller: true,
    });
    // fullyLabeledReplicas counts only pods with every template label.
    advanceUntil(c, () => objectsOf<ReplicaSet>(c, 'ReplicaSet')[0].status?.replicas === 2);
    expect(objectsOf<ReplicaSet>(c, 'ReplicaSet')[0].status?.fullyLabeledReplicas).toBe(1);
  });
});

describe('ReplicaSetController and kube-controller-manager faults', () => {
  it('restores no replica while stopped, and catches up when started again', () => {
    const c = startCluster();
    createObject(c, RS);
    advanceUntil(c, () => activePods(c).filter((p) => p.status?.phase === 'Running').length === 3);
    c.controllerManager.stop();
    const victim = activePods(c)[0].metadata!.name!;
    c.requestSync({ verb: 'delete', resource: 'pods', namespace: 'default', name: victim });
    c.clock.advance(10_000);
    expect(activePods(c)).toHaveLength(2);
    c.controllerManager.start();
    expect(advanceUntil(c, () => activePods(c).length === 3, 10_000)).toBe(true);
  });
});
