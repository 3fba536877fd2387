import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Rng } from '../sim/rng';
import { cycle, infos, node, pod } from '../testing/schedulerFixtures';
import { FILTERS, runAlgorithm, SCORERS } from './algorithm';
import type { FilterPlugin, ScorePlugin } from './framework';

/** The decision's score table and choice. */
function decide(p: Pod, all: ReturnType<typeof infos>) {
  const { decision } = runAlgorithm(p, all, 0, new Rng(3), {
    pod: 'x',
    namespace: 'default',
    uid: 'x',
    attempt: 1,
    at: 0,
  });
  return { selected: decision.selected, message: decision.message, verdicts: decision.verdicts };
}

/** The same decision with every plugin run on every node (no PreFilter/PreScore Skip). */
function decideWithoutSkips(p: Pod, all: ReturnType<typeof infos>) {
  const saved = [...FILTERS, ...SCORERS].map((pl) => {
    const f = pl as FilterPlugin & ScorePlugin;
    const kept = { pl: f, skipFilter: f.skipFilter, skipScore: f.skipScore };
    delete f.skipFilter;
    delete f.skipScore;
    return kept;
  });
  try {
    return decide(p, all);
  } finally {
    for (const { pl, skipFilter, skipScore } of saved) {
      if (skipFilter) pl.skipFilter = skipFilter;
      if (skipScore) pl.skipScore = skipScore;
    }
  }
}

describe('PreFilter and PreScore Skip', () => {
  const ZONE = 'topology.kubernetes.io/zone';
  const all = infos(
    [
      node('a', { labels: { [ZONE]: 'z1', disk: 'ssd' } }),
      node('b', {
        labels: { [ZONE]: 'z2' },
        taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }],
      }),
      node('c', { labels: { [ZONE]: 'z1' }, cpu: '1' }),
      node('d', { unschedulable: true }),
    ],
    [
      pod('web-1', { labels: { app: 'web' }, nodeName: 'a', owned: true, cpu: '500m' }),
      pod('web-2', { labels: { app: 'web' }, nodeName: 'a', owned: true }),
      pod('db-1', {
        labels: { app: 'db' },
        nodeName: 'b',
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: ZONE, labelSelector: { matchLabels: { app: 'cache' } } },
              ],
            },
          },
        },
      }),
    ],
  );

  it('leave every score table and choice as running each plugin on each node gives', () => {
    const incoming: Pod[] = [
      pod('plain', { cpu: '100m' }),
      pod('owned', { labels: { app: 'web' }, owned: true }),
      pod('cache', { labels: { app: 'cache' } }),
      pod('big', { cpu: '3500m' }),
      pod('named', { spec: { nodeName: 'c' } }),
      pod('selector', { spec: { nodeSelector: { disk: 'ssd' } } }),
      pod('ports', {
        spec: {
          containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80, hostPort: 80 }] }],
        },
      }),
      pod('preferred', {
        labels: { app: 'web' },
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 10,
                  preference: { matchExpressions: [{ key: ZONE, operator: 'In', values: ['z2'] }] },
                },
              ],
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 5,
                  podAffinityTerm: {
                    topologyKey: ZONE,
                    labelSelector: { matchLabels: { app: 'web' } },
                  },
                },
              ],
            },
          },
        },
      }),
    ];
    for (const p of incoming)
      expect(decide(p, all), p.metadata!.name).toEqual(decideWithoutSkips(p, all));
  });

  it('skip only what cannot change a decision', () => {
    const skipped = (p: Pod) =>
      FILTERS.filter((f) => f.skipFilter?.(cycle(p, all))).map((f) => f.name);
    // A plain pod: only the node-level filters run.
    expect(skipped(pod('plain'))).toEqual([
      'NodeName',
      'NodeAffinity',
      'NodePorts',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    // db-1's anti-affinity selects app=cache: InterPodAffinity must filter this one.
    expect(skipped(pod('cache', { labels: { app: 'cache' } }))).not.toContain('InterPodAffinity');
  });
});
