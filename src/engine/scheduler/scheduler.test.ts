import { describe, it, expect } from 'vitest';
import { Cluster } from '../cluster';
import {
  cycleDurationMs,
  failedSchedulingMessage,
  numFeasibleNodesToFind,
  SCORERS,
  nodeSchedulingPropertiesChanged,
} from './scheduler';
import { defaultNormalize } from './framework';
import { infos, node, pod } from '../testing/schedulerFixtures';

/** A scheduler to call `schedule()` on directly (the cluster is never started). */
const schedulerOf = (seed: number) =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed }).scheduler;

describe('numFeasibleNodesToFind (percentageOfNodesToScore adaptive default)', () => {
  it('scores every node below 100, else 50 − nodes/125 percent, at least 5% and 100 nodes', () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(100)).toBe(100); // 50% of 100 = 50 → at least 100
    expect(numFeasibleNodesToFind(500)).toBe(230); // 50 − 4 = 46%
    expect(numFeasibleNodesToFind(1000)).toBe(420); // 42%
    expect(numFeasibleNodesToFind(5000)).toBe(500); // 10%
    expect(numFeasibleNodesToFind(6000)).toBe(300); // 50 − 48 = 2% → 5%
  });
});

describe('failedSchedulingMessage', () => {
  const taint = {
    reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    unresolvable: true,
  };
  const cpu = { reasons: ['Insufficient cpu'], unresolvable: false };

  it('counts reasons per node and adds the preemption verdicts', () => {
    expect(failedSchedulingMessage(4, [taint, cpu, cpu, cpu])).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('sorts "<count> <reason>" as strings (so 10 comes before 2) and counts every reason of a node', () => {
    const both = { reasons: ['Insufficient cpu', 'Insufficient memory'], unresolvable: false };
    const selector = {
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
      unresolvable: true,
    };
    const msg = failedSchedulingMessage(12, [...Array(10).fill(both), selector, selector]);
    expect(msg).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it('with no nodes at all', () => {
    expect(failedSchedulingMessage(0, [])).toBe('0/0 nodes are available.');
  });
});

describe('normalisation and the weighted sum', () => {
  it('defaultNormalize scales the maximum to 100 (or reverses), all-zero stays 0 (or 100)', () => {
    const m = [10, 5, 0];
    defaultNormalize(m, false);
    expect(m).toEqual([100, 50, 0]);
    const r = [10, 5, 0];
    defaultNormalize(r, true);
    expect(r).toEqual([0, 50, 100]);
    const z = [0];
    defaultNormalize(z, true);
    expect(z).toEqual([100]);
  });

  it('uses the default profile weights', () => {
    expect(Object.fromEntries(SCORERS.map((s) => [s.name, s.weight]))).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesFit: 1,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
  });

  it('each feasible node’s total is the sum of score × weight; filtered nodes keep their reason', () => {
    const all = infos(
      [node('a'), node('b', { labels: { disktype: 'ssd' } }), node('c', { cpu: '1' })],
      [pod('x', { nodeName: 'a', cpu: '1' })],
    );
    const p = pod('p', {
      cpu: '2',
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 5,
                preference: {
                  matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }],
                },
              },
            ],
          },
        },
      },
    });
    const d = schedulerOf(1).schedule(p, all, 1);
    expect(d.selected).toBe('b');
    expect(d.scored).toBe(2);
    const c = d.verdicts.find((v) => v.node === 'c')!;
    expect(c.filteredBy).toEqual({ plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] });
    for (const v of d.verdicts.filter((x) => x.scores)) {
      const sum = Object.values(v.scores!).reduce((n, s) => n + s.weighted, 0);
      expect(v.total).toBe(sum);
      for (const [name, s] of Object.entries(v.scores!))
        expect(s.weighted).toBe(s.score * SCORERS.find((x) => x.name === name)!.weight);
    }
    const b = d.verdicts.find((v) => v.node === 'b')!;
    expect(b.scores!.NodeAffinity).toEqual({ score: 100, weighted: 200 });
    // a already runs 1 cpu: LeastAllocated (1000×100/4000 = 25 cpu, memory 95) is lower than b's.
    const a = d.verdicts.find((v) => v.node === 'a')!;
    expect(a.scores!.NodeResourcesFit.score).toBeLessThan(b.scores!.NodeResourcesFit.score);
  });

  it('lists the scored nodes in the order visited, from where the last cycle stopped', () => {
    // 120 nodes: 100 are scored a cycle, so the second cycle starts at node 100 and wraps.
    const names = Array.from({ length: 120 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    const all = infos(names.map((n) => node(n)));
    const s = schedulerOf(1);
    const first = s.schedule(pod('p'), all, 1);
    const second = s.schedule(pod('q'), all, 1);
    expect(first.verdicts.map((v) => v.node)).toEqual(names.slice(0, 100));
    expect(second.verdicts.map((v) => v.node)).toEqual([
      ...names.slice(100),
      ...names.slice(0, 80),
    ]);
    // A node that does not fit breaks the run: it is listed first, filtered.
    const third = s.schedule(
      pod('r'),
      [...all.slice(0, 85), ...infos([node('n085', { pods: 0 })]), ...all.slice(86)],
      1,
    );
    expect(third.verdicts[0]).toMatchObject({
      node: 'n085',
      filteredBy: { plugin: 'NodeResourcesFit' },
    });
    expect(third.verdicts.slice(1).map((v) => v.node)).toEqual([
      ...names.slice(80, 85),
      ...names.slice(86),
      ...names.slice(0, 61),
    ]);
    for (const v of third.verdicts.slice(1)) expect(v.scores?.NodeResourcesFit).toBeDefined();
  });

  it('with no feasible node the decision carries the FailedScheduling message', () => {
    const all = infos([node('a', { cpu: '1' }), node('b', { cpu: '1' })]);
    const d = schedulerOf(1).schedule(pod('p', { cpu: '2' }), all, 1);
    expect(d.selected).toBeUndefined();
    expect(d.message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
  });
});

describe('tie-breaking by the seeded PRNG', () => {
  const all = infos([node('a'), node('b'), node('c'), node('d')]);
  const picks = (seed: number) => {
    const s = schedulerOf(seed);
    return Array.from({ length: 40 }, (_, i) => s.schedule(pod(`p${i}`), all, 1).selected);
  };

  it('the same seed picks the same nodes among equal totals', () => {
    expect(picks(5)).toEqual(picks(5));
  });

  it('every tied node gets picked, and another seed gives another sequence', () => {
    expect(new Set(picks(5))).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(picks(6)).not.toEqual(picks(5));
  });
});

describe('node updates that requeue unschedulable pods', () => {
  const base = node('a', { labels: { x: '1' } });
  base.status!.conditions = [{ type: 'Ready', status: 'True', lastHeartbeatTime: 't1' }];

  it('a heartbeat or a new image list is not a scheduling change', () => {
    const beat = structuredClone(base);
    beat.status!.conditions![0].lastHeartbeatTime = 't2';
    beat.status!.images = [{ names: ['nginx'], sizeBytes: 1 }];
    expect(nodeSchedulingPropertiesChanged(base, beat)).toBe(false);
  });

  it('labels, taints, cordon, allocatable and condition status are', () => {
    const changes = [
      (n: typeof base) => (n.metadata!.labels!.x = '2'),
      (n: typeof base) => (n.spec!.taints = [{ key: 'k', effect: 'NoSchedule' }]),
      (n: typeof base) => (n.spec!.unschedulable = true),
      (n: typeof base) => (n.status!.allocatable!.cpu = '8'),
      (n: typeof base) => (n.status!.conditions![0].status = 'False'),
    ];
    for (const change of changes) {
      const next = structuredClone(base);
      change(next);
      expect(nodeSchedulingPropertiesChanged(base, next)).toBe(true);
    }
  });
});

describe('the time a scheduling cycle takes (virtual)', () => {
  it('is about half a millisecond plus a little per evaluated node, capped by percentageOfNodesToScore', () => {
    expect(cycleDurationMs(3)).toBeCloseTo(0.5045, 6);
    expect(cycleDurationMs(100)).toBeCloseTo(0.65, 6);
    // 5,000 nodes: 500 evaluated → 1.25 ms, 800 pods/s, inside scheduler_perf's 680–810 band.
    expect(cycleDurationMs(5000)).toBeCloseTo(1.25, 6);
    expect(1000 / cycleDurationMs(5000)).toBeGreaterThanOrEqual(680);
    expect(1000 / cycleDurationMs(5000)).toBeLessThanOrEqual(810);
  });
});

describe('kept decisions', () => {
  it('list filtered nodes first, then every scored node with its per-plugin cells', () => {
    const all = infos([node('a'), node('b'), node('c', { cpu: '1' })]);
    const d = schedulerOf(2).schedule(pod('p', { cpu: '2' }), all, 1);
    expect(d.verdicts.map((v) => [v.node, v.filteredBy?.plugin ?? 'scored'])).toEqual([
      ['c', 'NodeResourcesFit'],
      ['a', 'scored'],
      ['b', 'scored'],
    ]);
    expect(Object.keys(d.verdicts[1].scores!)).toEqual(SCORERS.map((s) => s.name));
    expect(JSON.parse(JSON.stringify(d)).verdicts).toEqual(d.verdicts);
  });
});
