import { describe, expect, it } from 'vitest';
import { createObject, startCluster } from '../testing/testCluster';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

describe('kube-controller-manager', () => {
  it('runs every core controller, each started by it', () => {
    const c = startCluster();
    expect(c.controllerManager.controllers.map((x) => x.name)).toEqual([
      'deployment',
      'replicaset',
      'job',
      'garbagecollector',
      'podgc',
      'endpoint',
      'endpointslice',
      'node-lifecycle',
      'taint-eviction-controller',
      'namespace',
      'serviceaccount',
      'serviceaccount-token',
      'daemonset',
      'statefulset',
      'cronjob',
      // storage:
      'persistentvolume-binder',
      // quota:
      'replicationcontroller',
      'resourcequota',
      // hpa:
      'horizontalpodautoscaling',
      // corpus-apps: kubeadm's --controllers=*,bootstrapsigner,tokencleaner.
      'tokencleaner',
      // corpus-policy:
      'disruption',
      'clusterrole-aggregation',
      'validatingadmissionpolicy-status',
    ]);
    expect(c.cloudControllerManager?.controllers.map((x) => x.name)).toEqual([
      'cloud-node',
      'cloud-node-lifecycle',
      'route',
      'service-lb-controller',
    ]);
  });

  it('says which key a controller is syncing while its sync waits for the API server', () => {
    const c = startCluster();
    const syncing = (name: string) =>
      c.controllerManager.controllers.find((x) => x.name === name)!.syncing;
    expect(syncing('deployment')).toBeUndefined();
    createObject(c, deployment);
    const seen = { deployment: new Set<string>(), replicaset: new Set<string>() };
    for (let t = 0; t < 5_000; t++) {
      c.clock.advance(1);
      for (const name of ['deployment', 'replicaset'] as const) {
        const key = syncing(name);
        if (key) seen[name].add(key);
      }
    }
    expect([...seen.deployment]).toEqual(['default/web']);
    expect([...seen.replicaset]).toEqual([expect.stringMatching(/^default\/web-[a-z0-9]+$/)]);
    // Settled: nothing in flight.
    expect(syncing('deployment')).toBeUndefined();
    expect(syncing('replicaset')).toBeUndefined();
  });

  it('reports no sync while its process is stopped', () => {
    const c = startCluster();
    createObject(c, deployment);
    let key: string | undefined;
    const dc = c.controllerManager.controllers.find((x) => x.name === 'deployment')!;
    for (let t = 0; t < 5_000 && !key; t++) {
      c.clock.advance(1);
      key = dc.syncing;
    }
    expect(key).toBe('default/web');
    c.controllerManager.stop();
    expect(dc.syncing).toBeUndefined();
  });
});
