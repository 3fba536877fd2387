import { describe, it, expect } from 'vitest';
import type { SchedulingDecision } from '../../protocol';
import { decisionSummary, SCORE_PLUGINS, scoreRows } from './scoreTable';
import { replicaSetRows, rolloutBounds } from './rollout';
import type { Deployment, ReplicaSet } from '../../engine/public';

const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function decision(selected?: string): SchedulingDecision {
  const scores = (fit: number) => ({
    TaintToleration: { score: 100, weighted: 300 },
    NodeResourcesFit: { score: fit, weighted: fit },
  });
  return {
    pod: 'web-1',
    namespace: 'default',
    uid: 'u1',
    attempt: 1,
    at: 1000,
    selected,
    scored: 2,
    verdicts: [
      { node: 'control-plane', filteredBy: { plugin: 'TaintToleration', reasons: [taint] } },
      { node: 'worker-10', scores: scores(90), total: 390 },
      { node: 'worker-2', scores: scores(96), total: 396 },
    ],
  };
}

describe('score table', () => {
  it('lists the chosen node first, then by total, filtered nodes last with their reason', () => {
    const rows = scoreRows(decision('worker-2'));
    expect(rows.map((r) => r.node)).toEqual(['worker-2', 'worker-10', 'control-plane']);
    expect(rows[0].chosen).toBe(true);
    expect(rows[0].total).toBe(396);
    expect(rows[2].filtered).toEqual({ plugin: 'TaintToleration', reasons: [taint] });
  });

  it('has a cell per default score plugin, with normalised score and weighted contribution', () => {
    const [row] = scoreRows(decision('worker-2'));
    expect(row.cells.map((c) => c.plugin)).toEqual(SCORE_PLUGINS.map((p) => p.name));
    expect(row.cells[0]).toEqual({ plugin: 'TaintToleration', score: 100, weighted: 300 });
    expect(row.cells[1]).toEqual({ plugin: 'NodeAffinity' });
    expect(SCORE_PLUGINS.map((p) => p.weight)).toEqual([3, 2, 2, 2, 1, 1, 1]);
  });

  it('says who won, or that nothing fits', () => {
    expect(decisionSummary(decision('worker-2'))).toBe(
      'Attempt 1: 2 of 3 nodes passed the filters, 2 scored; worker-2 won with a total of 396.',
    );
    const none: SchedulingDecision = {
      ...decision(),
      verdicts: decision().verdicts.slice(0, 1),
      scored: 0,
    };
    expect(decisionSummary(none)).toBe('Attempt 1: no node fits — 1 of 1 filtered out.');
  });
});

describe('rollout', () => {
  const deployment = {
    metadata: { name: 'web', uid: 'd1' },
    spec: { replicas: 10 },
  } as Deployment;
  const rs = (name: string, revision: string, replicas: number, uid = 'd1') =>
    ({
      metadata: {
        name,
        annotations: { 'deployment.kubernetes.io/revision': revision },
        ownerReferences: [
          { controller: true, uid, kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        ],
      },
      spec: { replicas },
      status: { replicas, readyReplicas: replicas - 1 },
    }) as unknown as ReplicaSet;

  it('resolves the default 25% surge up and 25% unavailable down', () => {
    expect(rolloutBounds(deployment)).toMatchObject({
      surge: 3,
      unavailable: 2,
      maxPods: 13,
      minAvailable: 8,
    });
    const zero = {
      ...deployment,
      spec: { replicas: 3, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
    };
    expect(rolloutBounds(zero as Deployment).unavailable).toBe(1);
  });

  it('lists the owned ReplicaSets, the highest revision as new', () => {
    const rows = replicaSetRows(deployment, [
      rs('web-a', '1', 7),
      rs('web-b', '2', 4),
      rs('other', '9', 1, 'x'),
    ]);
    expect(rows.map((r) => [r.name, r.isNew, r.desired, r.ready])).toEqual([
      ['web-b', true, 4, 3],
      ['web-a', false, 7, 6],
    ]);
  });
});
