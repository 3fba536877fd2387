/**
 * The disruption controller and the eviction subresource honouring PodDisruptionBudgets
 * (k/k: pkg/controller/disruption, pkg/registry/core/pod/storage/eviction.go), through the
 * zookeeper budgets of /docs/tasks/run-application/configure-pdb/ and kubectl drain.
 */
import { describe, expect, it } from 'vitest';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObject, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';
import { objectsOf } from '../testing/testCluster';
import { clusterEnv } from '../kubectl/env';
import { runKubectl } from '../kubectl/run';

const zk = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: zk }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app.kubernetes.io/name: zookeeper } }
  template:
    metadata: { labels: { app.kubernetes.io/name: zookeeper } }
    spec:
      containers: [{ name: zk, image: nginx }]
`;
const pdb = (rule: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: zk-pdb }
spec:
  ${rule}
  selector: { matchLabels: { app.kubernetes.io/name: zookeeper } }
`;

function setup(replicas: number, rule: string): Cluster {
  const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 11 }).start();
  expect(applySync(c, zk(replicas), 'zk.yaml').exitCode).toBe(0);
  c.clock.advance(20_000);
  expect(applySync(c, pdb(rule), 'pdb.yaml').exitCode).toBe(0);
  c.clock.advance(5_000);
  return c;
}

const status = (c: Cluster) =>
  (objectsOf<KubeObject>(c, 'PodDisruptionBudget')[0] as unknown as PodDisruptionBudget).status!;

describe('PodDisruptionBudget', () => {
  it('counts healthy pods against minAvailable and maxUnavailable', () => {
    let c = setup(3, 'minAvailable: 2');
    expect(status(c)).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      expectedPods: 3,
      observedGeneration: 1,
    });
    expect(status(c).conditions?.[0]).toMatchObject({
      type: 'DisruptionAllowed',
      status: 'True',
      reason: 'SufficientPods',
    });
    // maxUnavailable reads the Deployment's replicas (through its ReplicaSet).
    c = setup(4, 'maxUnavailable: "50%"');
    expect(status(c)).toMatchObject({
      currentHealthy: 4,
      desiredHealthy: 2,
      disruptionsAllowed: 2,
    });
    expect(kubectlSync(c, 'get pdb').stdout).toMatch(/zk-pdb\s+N\/A\s+50%\s+2\s+\d+s/);
  });

  it('refuses an eviction that would break the budget; kubectl drain retries every 5 s', () => {
    const c = setup(3, 'minAvailable: 3');
    expect(status(c).disruptionsAllowed).toBe(0);
    const node = objectsOf<Pod>(c, 'Pod').find((p) => p.metadata?.name?.startsWith('zk-'))!.spec!
      .nodeName!;
    // drain keeps trying (no --timeout): its stderr as a terminal shows it 12 s in.
    let stderr = '';
    const handle = runKubectl(
      clusterEnv(c, { write: (chunk) => (stderr += chunk.stderr ?? '') }),
      `drain ${node} --ignore-daemonsets`,
      () => {},
    );
    c.clock.advance(12_000);
    const name = objectsOf<Pod>(c, 'Pod').find(
      (p) => p.metadata?.name?.startsWith('zk-') && p.spec?.nodeName === node,
    )!.metadata!.name!;
    const line = `error when evicting pods/"${name}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
    // The first try and two retries, 5 s apart.
    expect(stderr.split(line).length - 1).toBe(3);
    handle.cancel();
    // The pod is still there, still healthy: the budget held.
    expect(status(c).currentHealthy).toBe(3);
  });

  it('takes one disruption per eviction, then lets the controller count again', () => {
    const c = setup(3, 'minAvailable: 2');
    const pod = objectsOf<Pod>(c, 'Pod').find((p) => p.metadata?.name?.startsWith('zk-'))!;
    const evict = () =>
      c.requestSync({
        verb: 'create',
        resource: 'pods',
        subresource: 'eviction',
        namespace: 'default',
        name: pod.metadata!.name!,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: pod.metadata!.name! },
        },
      });
    expect(evict().code).toBe(201);
    const other = objectsOf<Pod>(c, 'Pod').find(
      (p) => p.metadata?.name?.startsWith('zk-') && p.metadata.name !== pod.metadata!.name,
    )!;
    const second = c.requestSync({
      verb: 'create',
      resource: 'pods',
      subresource: 'eviction',
      namespace: 'default',
      name: other.metadata!.name!,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: other.metadata!.name! },
      },
    });
    expect(second.code).toBe(429);
    // The replacement comes up and the budget allows one disruption again.
    c.clock.advance(30_000);
    expect(status(c)).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
  });
});
