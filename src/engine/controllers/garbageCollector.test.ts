import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../api/types';
import type { Cluster } from '../cluster';
import { advanceUntil, createObject, objectsOf, startCluster } from '../testing/testCluster';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

function running(): Cluster {
  const c = startCluster();
  createObject(c, DEPLOYMENT);
  advanceUntil(c, () => objectsOf<Deployment>(c, 'Deployment')[0].status?.availableReplicas === 3);
  return c;
}

const del = (c: Cluster, propagationPolicy: 'Background' | 'Foreground' | 'Orphan') =>
  c.requestSync({
    verb: 'delete',
    resource: 'deployments',
    namespace: 'default',
    name: 'web',
    propagationPolicy,
  });

describe('GarbageCollector', () => {
  it('background deletion: the Deployment goes at once, then its ReplicaSet, then the pods', () => {
    const c = running();
    expect(del(c, 'Background').code).toBe(200);
    expect(objectsOf(c, 'Deployment')).toHaveLength(0);
    expect(
      advanceUntil(
        c,
        () => objectsOf(c, 'ReplicaSet').length === 0 && objectsOf(c, 'Pod').length === 0,
        30_000,
        50,
      ),
    ).toBe(true);
  });

  it('foreground deletion: the Deployment stays, with its finalizer, until its dependents are gone', () => {
    const c = running();
    expect(del(c, 'Foreground').code).toBe(200);
    const d = objectsOf<Deployment>(c, 'Deployment')[0];
    expect(d.metadata!.deletionTimestamp).toBeDefined();
    expect(d.metadata!.finalizers).toEqual(['foregroundDeletion']);
    let deploymentOutlivedPods = true;
    expect(
      advanceUntil(
        c,
        () => {
          const gone = objectsOf(c, 'Deployment').length === 0;
          if (gone && objectsOf(c, 'Pod').length > 0) deploymentOutlivedPods = false;
          return gone;
        },
        30_000,
        10,
      ),
    ).toBe(true);
    expect(deploymentOutlivedPods).toBe(true);
    expect(objectsOf(c, 'ReplicaSet')).toHaveLength(0);
  });

  it('orphan deletion: the ReplicaSet and pods stay, without the owner reference', () => {
    const c = running();
    expect(del(c, 'Orphan').code).toBe(200);
    expect(advanceUntil(c, () => objectsOf(c, 'Deployment').length === 0, 10_000, 50)).toBe(true);
    c.clock.advance(5_000);
    const rss = objectsOf<ReplicaSet>(c, 'ReplicaSet');
    expect(rss).toHaveLength(1);
    expect(rss[0].metadata!.ownerReferences).toBeUndefined();
    const pods = objectsOf<Pod>(c, 'Pod');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata!.ownerReferences?.[0].name === rss[0].metadata!.name)).toBe(
      true,
    );
  });

  it('deletes a Job’s pods after the Job, despite their job-tracking finalizer', () => {
    const c = startCluster();
    createObject(
      c,
      `apiVersion: batch/v1
kind: Job
metadata: {name: sleeper}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: [sleep, '3600']}]
`,
    );
    advanceUntil(
      c,
      () => objectsOf<Pod>(c, 'Pod').some((p) => p.status?.phase === 'Running'),
      20_000,
    );
    expect(
      c.requestSync({
        verb: 'delete',
        resource: 'jobs',
        namespace: 'default',
        name: 'sleeper',
        propagationPolicy: 'Background',
      }).code,
    ).toBe(200);
    expect(advanceUntil(c, () => objectsOf(c, 'Pod').length === 0, 60_000)).toBe(true);
  });
});
