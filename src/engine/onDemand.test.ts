/**
 * The engine's parts loaded on demand (onDemand.ts) must never be needed by what runs before a
 * learner's first kubectl or apply: the worker draws the first diagram, takes faults and runs for
 * minutes before they load. A cluster run without them must be the same run as with them.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from './api/types';
import { Cluster } from './cluster';
import { objectsOf } from './testing/testCluster';
import type { ClusterShape } from './replay/run';
import { applyFault } from './scenario/faults';
import { onDemandProvided, withoutOnDemand } from './onDemand';
import { startProgram } from './userland/programs';
import { lookupImage } from './node/runtime/images';
import { APPLICATION_IMAGES } from './node/runtime/imageCatalogue';
import { SYSTEM_IMAGES } from './node/runtime/catalogue/system';

/** Boots a cluster, runs it through node faults and restarts, and returns its trace and pods. */
function run(shape: ClusterShape) {
  const cluster = new Cluster(shape);
  const trace: string[] = [];
  cluster.onTrace((e) => trace.push(`${e.sentAt} ${e.from}>${e.to} ${e.verb} ${e.summary}`));
  cluster.start();
  cluster.clock.advance(60_000);
  // What the page's fault buttons do before any kubectl: a kubelet and kube-proxy stop and start
  // (their node goes NotReady, pods are restarted), and the scheduler is away for a while.
  applyFault(cluster, { stop: 'kubelet', node: 'worker-1' });
  applyFault(cluster, { stop: 'kube-scheduler' });
  cluster.clock.advance(90_000);
  applyFault(cluster, { start: 'kubelet', node: 'worker-1' });
  applyFault(cluster, { start: 'kube-scheduler' });
  applyFault(cluster, { stop: 'kube-proxy', node: 'worker-2' });
  cluster.clock.advance(60_000);
  applyFault(cluster, { start: 'kube-proxy', node: 'worker-2' });
  cluster.clock.advance(120_000);
  const pods = objectsOf<Pod>(cluster, 'Pod');
  return { trace, pods: pods.map((p) => `${p.metadata.name} ${p.status?.phase}`) };
}

describe('the parts of the engine loaded on demand', () => {
  it('are not needed by a cluster booting and running through faults: the run is the same without them', () => {
    // (A cluster with the metrics-server addon waits for them: src/worker/toolsLoading.test.ts.)
    const shape: ClusterShape = { workers: 2, cpu: '4', memory: '8Gi', seed: 11 };
    const without = withoutOnDemand(() => {
      expect(onDemandProvided()).toBe(false);
      return run(shape);
    });
    expect(onDemandProvided()).toBe(true);
    const withParts = run(shape);
    expect(without.pods.length).toBeGreaterThan(10);
    expect(without.pods.filter((p) => !p.endsWith(' Running'))).toEqual([]);
    expect(without.pods.some((p) => p.startsWith('coredns-'))).toBe(true);
    expect(without.trace.length).toBeGreaterThan(1000);
    expect(without.trace).toEqual(withParts.trace);
  });

  it('are an internal error when a workload reaches one before it is loaded, never a different run', () => {
    const input = {
      image: 'docker.io/library/busybox:1.36',
      command: ['sh', '-c', 'echo hi'],
      env: {},
      containerName: 'c',
      podName: 'p',
      namespace: 'default',
      hostname: 'p',
      podIP: '10.244.1.2',
    };
    expect(() => withoutOnDemand(() => startProgram(input, () => 0))).toThrow(
      'internal error: a part of the engine loaded on demand was needed before it was loaded',
    );
    expect(() => withoutOnDemand(() => lookupImage('nginx:1.27'))).toThrow('internal error');
    expect(startProgram(input, () => 0).next()).toMatchObject({ type: 'output', text: 'hi' });
  });

  it('split the image catalogue by repository: no application image is also a system image', () => {
    expect(Object.keys(SYSTEM_IMAGES).filter((n) => n in APPLICATION_IMAGES)).toEqual([]);
    // A system image resolves without the application images.
    const etcd = withoutOnDemand(() => lookupImage('registry.k8s.io/etcd:3.5.15-0'));
    expect(etcd.ok).toBe(true);
  });
});
