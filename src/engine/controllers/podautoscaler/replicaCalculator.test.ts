import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import type { Named } from '../../api/stored';
import { resourceReplicas, TOLERANCE, type PodMetric } from './replicaCalculator';
import {
  convertDesiredReplicasWithRules,
  convertWithBehaviorRate,
  stabilizeRecommendation,
  stabilizeWithBehaviors,
  type Recommendation,
} from './normalize';
import { scaleDownRules, scaleUpRules } from '../../api/hpa';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const NOW = T0 + 20 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A Running, Ready pod started long ago, asking 200m CPU. */
function pod(
  name: string,
  extra: Partial<{ phase: string; ready: boolean; startedAt: number }> = {},
): Named<Pod> {
  const started = extra.startedAt ?? T0;
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: '200m' } } }] },
    status: {
      phase: (extra.phase ?? 'Running') as 'Running',
      startTime: iso(started),
      conditions: [
        {
          type: 'Ready',
          status: extra.ready === false ? 'False' : 'True',
          lastTransitionTime: iso(started + 5_000),
        },
      ],
    },
  } as Named<Pod>;
}
const used = (milli: number): PodMetric => ({
  timestamp: NOW - 1000,
  windowMs: 15_000,
  value: milli,
});

describe('HPA replica calculation (k/k replica_calculator.go)', () => {
  it('scales by the ratio of utilization to target, rounding up', () => {
    // One pod at 500m of a 200m request = 250 %; target 50 % → ceil(5 × 1) = 5.
    const r = resourceReplicas(1, 50, 'cpu', [pod('a')], new Map([['a', used(500)]]), NOW);
    expect(r).toEqual({ replicas: 5, utilization: 250, rawAverage: 500 });
  });

  it('keeps the size within the 0.1 tolerance', () => {
    // 4 pods at 108m average = 54 %: ratio 1.08 ≤ 1 + tolerance.
    const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n));
    const m = new Map(pods.map((p) => [p.metadata!.name!, used(108)]));
    expect(TOLERANCE).toBe(0.1);
    expect(resourceReplicas(4, 50, 'cpu', pods, m, NOW)).toMatchObject({
      replicas: 4,
      utilization: 54,
    });
    m.set('a', used(160)); // average 121.5m = 60 %: ratio 1.2 → ceil(4.8) = 5
    expect(resourceReplicas(4, 50, 'cpu', pods, m, NOW)).toMatchObject({
      replicas: 5,
      utilization: 60,
    });
  });

  it('counts a pod without metrics as idle when scaling up, and at its request when scaling down', () => {
    const pods = [pod('a'), pod('b')];
    // a at 300 % alone would ask for 6 pods per ready pod; b without metrics counts as 0.
    const up = resourceReplicas(2, 50, 'cpu', pods, new Map([['a', used(600)]]), NOW);
    expect(up).toMatchObject({ replicas: 6, utilization: 300 });
    // a at 10 % alone would scale down to 1; b counted at 100 % of its request keeps 2... then
    // the recomputed ratio (110 % / 2 / 50) is above 1: the direction flipped, so no change.
    const down = resourceReplicas(2, 50, 'cpu', pods, new Map([['a', used(20)]]), NOW);
    expect(down).toMatchObject({ replicas: 2, utilization: 10 });
  });

  it('ignores the CPU of unready and young pods whose sample predates readiness', () => {
    const pods = [pod('a'), pod('b', { ready: false, startedAt: NOW - 60_000 })];
    const m = new Map([
      ['a', used(100)],
      ['b', used(1000)],
    ]);
    // Only a counts: 50 % = target.
    expect(resourceReplicas(2, 50, 'cpu', pods, m, NOW)).toMatchObject({
      replicas: 2,
      utilization: 50,
    });
  });

  it('names what is missing: no pods, no requests', () => {
    expect(resourceReplicas(1, 50, 'cpu', [], new Map(), NOW)).toEqual({
      error: 'no pods returned by selector while calculating replica count',
    });
    const p = pod('a');
    p.spec!.containers[0].resources = {};
    expect(resourceReplicas(1, 50, 'cpu', [p], new Map([['a', used(10)]]), NOW)).toEqual({
      error: 'missing request for cpu in container c of Pod a',
    });
  });
});

describe('HPA normalization (k/k horizontal.go)', () => {
  it('keeps the highest recommendation of the last five minutes before scaling down', () => {
    const recs: Recommendation[] = [];
    expect(stabilizeRecommendation(recs, 7, 0)).toBe(7);
    expect(stabilizeRecommendation(recs, 1, 60_000)).toBe(7);
    expect(stabilizeRecommendation(recs, 1, 299_000)).toBe(7);
    expect(stabilizeRecommendation(recs, 1, 301_000)).toBe(1);
  });

  it('limits a scale-up to max(2 × current, 4) and bounds by min/max', () => {
    expect(convertDesiredReplicasWithRules(1, 5, 1, 10)).toMatchObject({
      replicas: 4,
      reason: 'ScaleUpLimit',
    });
    expect(convertDesiredReplicasWithRules(4, 7, 1, 10)).toMatchObject({
      replicas: 7,
      reason: 'DesiredWithinRange',
    });
    expect(convertDesiredReplicasWithRules(8, 20, 1, 10)).toMatchObject({
      replicas: 10,
      reason: 'TooManyReplicas',
    });
    expect(convertDesiredReplicasWithRules(3, 0, 2, 10)).toMatchObject({
      replicas: 2,
      reason: 'TooFewReplicas',
    });
  });

  it('with behavior: the default policies allow +4 pods or +100 % per 15 s, the window holds a drop', () => {
    const up = scaleUpRules(undefined);
    const down = scaleDownRules(undefined);
    expect(convertWithBehaviorRate(2, 10, 1, 10, [], [], up, down, 0)).toMatchObject({
      replicas: 6,
      reason: 'ScaleUpLimit',
    });
    // 4 added 10 s ago: the period started at 6 → at most 10 (Pods) or 12 (Percent).
    expect(
      convertWithBehaviorRate(10, 30, 1, 40, [{ change: 4, at: -10_000 }], [], up, down, 0),
    ).toMatchObject({ replicas: 12 });
    const recs: Recommendation[] = [];
    expect(stabilizeWithBehaviors(recs, 7, 7, 0, up, down).replicas).toBe(7);
    expect(stabilizeWithBehaviors(recs, 7, 1, 200_000, up, down)).toMatchObject({
      replicas: 7,
      reason: 'ScaleDownStabilized',
    });
    expect(stabilizeWithBehaviors(recs, 7, 1, 301_000, up, down).replicas).toBe(1);
  });
});
