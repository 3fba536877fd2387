/**
 * kind's local-path-provisioner runs in its own pod (namespace local-path-storage), not in
 * kube-controller-manager: the volume of a claim is created by that pod's process, and a cluster
 * without the pod (a bare control plane) leaves the claim Pending, as a real one would.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../sim/trace';
import { createObject, objectsOf, startCluster } from '../testing/testCluster';

const CLAIM_AND_POD = [
  `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}`,
  `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: app, image: busybox:1.36, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /data}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]`,
];

describe('the local-path provisioner', () => {
  it("is the local-path-provisioner pod's process that creates the claim's volume", () => {
    const c = startCluster(2, true);
    const posts: TraceEvent[] = [];
    c.net.onTrace((e) => {
      if (e.kind === 'request' && e.verb === 'POST' && e.resource?.includes('persistentvolumes'))
        posts.push(e);
    });
    for (const doc of CLAIM_AND_POD) createObject(c, doc);
    c.clock.advance(30_000);
    expect(posts.map((e) => e.from)).toEqual([
      expect.stringMatching(/^pod:local-path-storage\/local-path-provisioner-\w+-\w{5}$/),
    ]);
    const [claim] = objectsOf(c, 'PersistentVolumeClaim') as { status?: { phase?: string } }[];
    expect(claim.status?.phase).toBe('Bound');
  });

  it('leaves the claim Pending on a bare control plane, which runs no provisioner pod', () => {
    const c = startCluster(2, false);
    for (const doc of CLAIM_AND_POD) createObject(c, doc);
    c.clock.advance(30_000);
    expect(objectsOf(c, 'PersistentVolume')).toEqual([]);
    const [claim] = objectsOf(c, 'PersistentVolumeClaim') as { status?: { phase?: string } }[];
    expect(claim.status?.phase).toBe('Pending');
  });
});
