import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../protocol';
import { Inference } from './liveInfer';

const pod = (patch: {
  nodeName?: string;
  phase?: string;
  ready?: boolean;
  owner?: boolean;
  deleting?: boolean;
}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'default',
      ...(patch.owner
        ? {
            ownerReferences: [{ kind: 'ReplicaSet', name: 'web', apiVersion: 'apps/v1', uid: 'u' }],
          }
        : {}),
      ...(patch.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [], ...(patch.nodeName ? { nodeName: patch.nodeName } : {}) },
    status: {
      phase: patch.phase ?? 'Pending',
      conditions: [{ type: 'Ready', status: patch.ready ? 'True' : 'False' }],
    },
  }) as KubeObject;

const KEY = '/registry/pods/default/web-1';
const said = (events: { from: string; to: string; summary: string }[]) =>
  events.map((e) => `${e.from} → ${e.to}: ${e.summary}`);

describe('live mode: messages inferred from watch events', () => {
  it('a pod a client created: POST, stored, the scheduler told', () => {
    const events = new Inference().infer('pods', KEY, 'ADDED', undefined, pod({}), 1000);
    expect(said(events)).toEqual([
      'kubectl → kube-apiserver: POST pods web-1',
      `kube-apiserver → etcd: txn create ${KEY}`,
      'kube-apiserver → kube-scheduler: WATCH pods: ADDED web-1',
    ]);
    // One flow, in order, each marked as inferred, never as captured.
    expect(new Set(events.map((e) => e.flow)).size).toBe(1);
    expect(events.every((e) => e.inferred)).toBe(true);
    expect(events.map((e) => e.sentAt)).toEqual([1000, 1002, 1004]);
  });

  it("a ReplicaSet's pod is created by kube-controller-manager", () => {
    const [first] = new Inference().infer('pods', KEY, 'ADDED', undefined, pod({ owner: true }), 0);
    expect(first.from).toBe('kube-controller-manager');
  });

  it('spec.nodeName appearing is the scheduler binding the pod; its kubelet is told', () => {
    const events = new Inference().infer(
      'pods',
      KEY,
      'MODIFIED',
      pod({}),
      pod({ nodeName: 'kind-worker' }),
      0,
    );
    expect(said(events)).toEqual([
      'kube-scheduler → kube-apiserver: bind web-1 → kind-worker',
      'kube-apiserver → kubelet@kind-worker: WATCH pods: MODIFIED web-1',
    ]);
  });

  it('a phase change is the kubelet reporting pod status; an unchanged pod says nothing', () => {
    const infer = new Inference();
    const bound = pod({ nodeName: 'n1' });
    const running = pod({ nodeName: 'n1', phase: 'Running', ready: true });
    expect(said(infer.infer('pods', KEY, 'MODIFIED', bound, running, 0))).toEqual([
      'kubelet@n1 → kube-apiserver: PATCH pods/status web-1 Running, ready',
    ]);
    expect(infer.infer('pods', KEY, 'MODIFIED', running, running, 0)).toEqual([]);
  });

  it('a deletion: the client asks and the kubelet is told; the kubelet deletes it at the end', () => {
    const infer = new Inference();
    const running = pod({ nodeName: 'n1', phase: 'Running', ready: true });
    const deleting = pod({ nodeName: 'n1', phase: 'Running', ready: true, deleting: true });
    expect(said(infer.infer('pods', KEY, 'MODIFIED', running, deleting, 0))).toEqual([
      'kubectl → kube-apiserver: DELETE pods web-1',
      `kube-apiserver → etcd: txn delete ${KEY}`,
      'kube-apiserver → kubelet@n1: WATCH pods: MODIFIED web-1',
    ]);
    expect(said(infer.infer('pods', KEY, 'DELETED', deleting, deleting, 0))[0]).toBe(
      'kubelet@n1 → kube-apiserver: DELETE pods web-1',
    );
  });

  it("a node Lease renewed is its kubelet's heartbeat, drawn as background", () => {
    const lease = { kind: 'Lease', metadata: { name: 'n1', namespace: 'kube-node-lease' } };
    const [e] = new Inference().infer(
      'leases',
      '/registry/leases/kube-node-lease/n1',
      'MODIFIED',
      lease,
      lease,
      0,
    );
    expect(e).toMatchObject({
      from: 'kubelet@n1',
      to: 'kube-apiserver',
      verb: 'PUT',
      background: true,
    });
  });
});
