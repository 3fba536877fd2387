import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { deepFreeze } from '../apiserver/patch';
import { Rng } from '../sim/rng';
import { node, pod } from '../testing/schedulerFixtures';
import { runAlgorithm } from './algorithm';
import { SchedulerCache } from './cache';
import { buildNodeInfo } from './nodeInfo';

const ZONE = 'topology.kubernetes.io/zone';

/** A cache of 12 nodes in 3 zones (and 2 without a zone), with pods of 4 label sets moving about. */
function churnedCache(seed: number) {
  const cache = new SchedulerCache(buildNodeInfo);
  const names = Array.from({ length: 12 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
  names.forEach((n, i) =>
    cache.nodeEvent(n, deepFreeze(node(n, { labels: i < 10 ? { [ZONE]: `z${i % 3}` } : {} }))),
  );
  const rng = new Rng(seed);
  const apps = ['web', 'db', 'cache', 'web'];
  for (let step = 0; step < 400; step++) {
    const i = rng.int(60);
    const app = apps[i % 4];
    const p = pod(`p${i}`, {
      labels: i % 4 === 3 ? { app, tier: 'front' } : { app },
      owned: true,
      nodeName: rng.int(5) === 0 ? undefined : names[rng.int(12)],
      terminating: rng.int(9) === 0,
    });
    if (i % 7 === 0) p.metadata.namespace = 'other';
    if (rng.int(8) === 0) p.status = { phase: 'Succeeded' };
    cache.podEvent(
      `${p.metadata.namespace}/${p.metadata.name}`,
      rng.int(10) === 0 ? undefined : deepFreeze(p),
    );
  }
  return { cache, names };
}

/** The decision's score table, as the UI shows it. */
function table(p: Pod, cache: SchedulerCache, assumed: Map<string, Pod>, withCounts: boolean) {
  const infos = cache.snapshot(assumed);
  const { decision } = runAlgorithm(
    p,
    infos,
    0,
    new Rng(1),
    { pod: 'x', namespace: 'default', uid: 'x', attempt: 1, at: 0 },
    undefined,
    withCounts ? cache.snapshotCounts(infos) : undefined,
  );
  return { selected: decision.selected, verdicts: decision.verdicts };
}

describe("PodTopologySpread's counts from the scheduler cache", () => {
  it('score every node as counting each NodeInfo would, through adds, moves, removals, terminating and assumed pods', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { cache, names } = churnedCache(seed);
      const assumed = new Map<string, Pod>([
        ['default/assumed-1', pod('assumed-1', { labels: { app: 'web' }, nodeName: names[3] })],
        ['default/assumed-2', pod('assumed-2', { labels: { app: 'db' }, nodeName: names[0] })],
      ]);
      const incoming: Pod[] = [
        // Default constraints: the pod's own labels on hostname and zone.
        pod('in-web', { labels: { app: 'web' }, owned: true }),
        pod('in-front', { labels: { app: 'web', tier: 'front' }, owned: true }),
        // Its own soft constraint over zones, with a nodeSelector the inclusion policy honours.
        pod('in-own', {
          labels: { app: 'db' },
          spec: {
            nodeSelector: { [ZONE]: 'z1' },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: ZONE,
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { app: 'db' } },
              },
            ],
          },
        }),
      ].map((p) => deepFreeze(p));
      for (const p of incoming) {
        for (const a of [new Map<string, Pod>(), assumed]) {
          const counted = table(p, cache, a, true);
          expect(counted).toEqual(table(p, cache, a, false));
          // The tables differ between nodes: the counts are not all zero.
          const spread = counted.verdicts.map((v) => v.scores?.PodTopologySpread?.score);
          expect(new Set(spread).size).toBeGreaterThan(1);
        }
      }
    }
  });
});
