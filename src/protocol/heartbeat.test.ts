import { describe, it, expect } from 'vitest';
import { Cluster } from '../engine/cluster';
import { applyFault } from '../engine/scenario/faults';
import type { TraceEvent } from '../engine/sim/trace';
import { HeartbeatClassifier, isHeartbeatResource } from './heartbeat';

const ev = (e: Partial<TraceEvent>): TraceEvent => ({
  id: 1,
  from: 'kubelet@worker-1',
  to: 'kube-apiserver',
  kind: 'request',
  verb: 'PUT',
  resource: '',
  summary: '',
  sentAt: 0,
  arriveAt: 1,
  flow: 1,
  ...e,
});

describe('heartbeats', () => {
  it("are Lease renewals and a kubelet's own node status, not a controller's", () => {
    expect(isHeartbeatResource(ev({ resource: 'leases' }))).toBe(true);
    expect(isHeartbeatResource(ev({ resource: 'nodes/status', verb: 'PATCH' }))).toBe(true);
    expect(isHeartbeatResource(ev({ resource: 'nodes', verb: 'GET' }))).toBe(true);
    expect(isHeartbeatResource(ev({ resource: 'nodes', verb: 'POST' }))).toBe(false);
    // The node lifecycle controller marking a node Unknown is the news a learner came to see.
    expect(
      isHeartbeatResource(ev({ from: 'kube-controller-manager', resource: 'nodes/status' })),
    ).toBe(false);
    expect(isHeartbeatResource(ev({ resource: 'pods', summary: 'POST pods' }))).toBe(false);
  });

  it('take along their API-server stages, etcd call and watch events, but not the reactions', () => {
    const c = new HeartbeatClassifier();
    expect(c.isHeartbeat(ev({ resource: 'leases', flow: 7 }))).toBe(true);
    expect(c.isHeartbeat(ev({ kind: 'stage', from: 'kube-apiserver', flow: 7 }))).toBe(true);
    const etcd = { from: 'kube-apiserver', to: 'etcd', resource: '/registry/leases/x' };
    expect(c.isHeartbeat(ev({ ...etcd, flow: 9, cause: 7, resource: '/registry/minions/a' }))).toBe(
      true,
    );
    expect(c.isHeartbeat(ev({ kind: 'watch', from: 'etcd', flow: 9 }))).toBe(true);
    // The scheduler binding a pod because a node changed is not a heartbeat.
    expect(
      c.isHeartbeat(ev({ from: 'kube-scheduler', resource: 'pods/binding', flow: 11, cause: 9 })),
    ).toBe(false);
  });

  it('are all a quiet cluster sends, and a node failure is told in foreground messages', () => {
    const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 3 }).start();
    const c = new HeartbeatClassifier();
    const foreground: TraceEvent[] = [];
    cluster.onTrace((e) => {
      if (!c.isHeartbeat(e)) foreground.push(e);
    });
    cluster.clock.advance(120_000);
    expect(foreground).toEqual([]);

    applyFault(cluster, { stop: 'kubelet', node: 'worker-2' });
    cluster.clock.advance(60_000);
    const said = foreground.map((e) => `${e.from} ${e.verb} ${e.resource}`);
    expect(said).toContain('kube-controller-manager PUT nodes/status');
    expect(said.some((s) => /^kube-controller-manager (PUT|PATCH) nodes$/.test(s))).toBe(true);
  });
});
