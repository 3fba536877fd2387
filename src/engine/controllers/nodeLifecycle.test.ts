import { describe, it, expect } from 'vitest';
import type { Event, KubeObject, Node, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { applyFault } from '../scenario/faults';
import { evictionDelayMs } from './taintEviction';

function objects(c: Cluster): KubeObject[] {
  return c.etcdStore.range('/registry/').kvs.map((kv) => JSON.parse(kv.value) as KubeObject);
}
const node = (c: Cluster, name: string) =>
  objects(c).find((o) => o.kind === 'Node' && o.metadata?.name === name) as Node | undefined;
const pods = (c: Cluster) => objects(c).filter((o) => o.kind === 'Pod') as Pod[];
const events = (c: Cluster, reason: string) =>
  (objects(c).filter((o) => o.kind === 'Event') as Event[]).filter((e) => e.reason === reason);

/** Six nginx pods spread over three workers (one of them pinned to worker-2 and tolerating nothing special). */
function cluster(): Cluster {
  const c = new Cluster({
    kubeSystem: false,
    workers: 3,
    cpu: '4',
    memory: '8Gi',
    seed: 7,
  }).start();
  for (let i = 1; i <= 6; i++) {
    const body = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'nginx', image: 'nginx:1.27' }],
        ...(i === 1 ? { nodeName: 'worker-2' } : {}),
      },
    };
    expect(
      c.requestSync({ verb: 'create', resource: 'pods', namespace: 'default', body }).code,
    ).toBe(201);
  }
  c.clock.advance(20_000);
  return c;
}

describe('node lifecycle and taint eviction', () => {
  it('marks a silent node Unknown after the 40 s grace period, taints it and its pods not ready', () => {
    const c = cluster();
    applyFault(c, { stop: 'kubelet', node: 'worker-2' });
    c.clock.advance(30_000);
    expect(node(c, 'worker-2')!.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe(
      'True',
    );
    c.clock.advance(30_000);
    const n = node(c, 'worker-2')!;
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(n.status!.conditions!.find((x) => x.type === type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    expect(n.spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    const onNode = pods(c).filter((p) => p.spec?.nodeName === 'worker-2');
    expect(onNode.length).toBeGreaterThan(0);
    for (const p of onNode)
      expect(p.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('False');
    const notReady = events(c, 'NodeNotReady');
    expect(notReady.find((e) => e.involvedObject.kind === 'Node')!.message).toBe(
      'Node worker-2 status is now: NodeNotReady',
    );
    const podEvents = notReady.filter((e) => e.involvedObject.kind === 'Pod');
    expect(podEvents).toHaveLength(onNode.length);
    expect(
      podEvents.every(
        (e) =>
          e.type === 'Warning' &&
          e.message === 'Node is not ready' &&
          e.source?.component === 'node-controller',
      ),
    ).toBe(true);
    // Pods elsewhere are untouched.
    for (const p of pods(c).filter((x) => x.spec?.nodeName !== 'worker-2')) {
      expect(p.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    }
  });

  it('evicts the pods 300 s after the NoExecute taint; they stay Terminating on the dead node', () => {
    const c = cluster();
    applyFault(c, { stop: 'kubelet', node: 'worker-2' });
    c.clock.advance(60_000);
    const victims = pods(c)
      .filter((p) => p.spec?.nodeName === 'worker-2')
      .map((p) => p.metadata!.name!);
    c.clock.advance(250_000);
    expect(events(c, 'TaintManagerEviction')).toHaveLength(0);
    c.clock.advance(60_000);
    const evictions = events(c, 'TaintManagerEviction');
    expect(evictions.map((e) => e.message).sort()).toEqual(
      victims.map((v) => `Marking for deletion Pod default/${v}`).sort(),
    );
    expect(evictions[0].source?.component).toBe('taint-eviction-controller');
    for (const v of victims) {
      const p = pods(c).find((x) => x.metadata?.name === v)!;
      expect(p.metadata!.deletionTimestamp).toBeDefined();
      expect(p.status!.conditions!.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      });
    }
  });

  it('removes the taints when the kubelet comes back before the eviction', () => {
    const c = cluster();
    applyFault(c, { stop: 'kubelet', node: 'worker-2' });
    c.clock.advance(60_000);
    applyFault(c, { start: 'kubelet', node: 'worker-2' });
    c.clock.advance(15_000);
    const n = node(c, 'worker-2')!;
    expect(n.spec!.taints ?? []).toEqual([]);
    expect(n.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    c.clock.advance(300_000);
    expect(
      events(c, 'TaintManagerEviction').filter((e) => e.message?.startsWith('Marking')),
    ).toHaveLength(0);
    expect(pods(c).every((p) => !p.metadata?.deletionTimestamp)).toBe(true);
  });

  it('computes the eviction delay from the matching tolerations', () => {
    const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
    const tol300 = {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    };
    expect(evictionDelayMs([unreachable], [tol300])).toBe(300_000);
    expect(evictionDelayMs([unreachable], [])).toBeUndefined();
    expect(evictionDelayMs([unreachable], [{ operator: 'Exists' }])).toBe(-1);
    expect(evictionDelayMs([unreachable], [{ ...tol300, tolerationSeconds: 0 }])).toBe(0);
  });
});
