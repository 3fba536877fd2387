import { describe, it, expect } from 'vitest';
import { Cluster } from '../cluster';
import { applyFault } from '../scenario/faults';
import { applySync } from '../scenario/runner';
import type { TraceEvent } from './trace';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
`;

function record(cluster: Cluster) {
  const foreground: TraceEvent[] = [];
  const background: TraceEvent[] = [];
  cluster.onTrace((e) => (e.background ? background : foreground).push(e));
  return { foreground, background };
}

describe('background messages (heartbeats), as their senders mark them', () => {
  it('are all a quiet cluster sends: Lease renewals and node status, with their whole flows', () => {
    const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 3 }).start();
    const t = record(cluster);
    cluster.clock.advance(120_000);
    expect(t.foreground).toEqual([]);
    const said = new Set(t.background.map((e) => `${e.kind} ${e.from}→${e.to} ${e.verb}`));
    expect(said).toContain('request kubelet@worker-1→kube-apiserver PUT');
    expect(said).toContain('request kubelet@worker-1→kube-apiserver PATCH');
    expect(said).toContain('stage kube-apiserver→kube-apiserver authentication');
    expect(said).toContain('request kube-apiserver→etcd TXN');
    expect(said).toContain('watch etcd→kube-apiserver PUT');
    expect(said).toContain('watch kube-apiserver→kube-controller-manager MODIFIED');
    expect(said).toContain('response kube-apiserver→kubelet@worker-1 PUT');
  });

  it('leave a node failure and a user request in the foreground', () => {
    const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 3 }).start();
    const t = record(cluster);
    applySync(cluster, POD, 'pod.yaml');
    cluster.clock.advance(5_000);
    expect(t.foreground.some((e) => e.from === 'kubectl' && e.verb === 'POST')).toBe(true);
    expect(t.foreground.some((e) => e.resource === 'pods/binding')).toBe(true);

    applyFault(cluster, { stop: 'kubelet', node: 'worker-2' });
    cluster.clock.advance(60_000);
    const said = t.foreground.map((e) => `${e.from} ${e.verb} ${e.resource}`);
    // The node lifecycle controller marking the node Unknown is the news a learner came to see.
    expect(said).toContain('kube-controller-manager PUT nodes/status');
    expect(said.some((s) => /^kube-controller-manager (PUT|PATCH) nodes$/.test(s))).toBe(true);
  });
});
