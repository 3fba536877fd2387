import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { deepFreeze } from '../apiserver/patch';
import { Rng } from '../sim/rng';
import { node, pod } from '../testing/schedulerFixtures';
import { changedNodes, SchedulerCache } from './cache';
import type { NodeInfo } from './framework';
import { buildNodeInfo } from './nodeInfo';

describe('changedNodes (what derived snapshot state is updated for)', () => {
  it('lists every index whose NodeInfo differs between two snapshots of one cache', () => {
    const cache = new SchedulerCache(buildNodeInfo);
    const names = Array.from({ length: 20 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
    for (const n of names) cache.nodeEvent(n, deepFreeze(node(n)));
    const rng = new Rng(5);
    const snapshots: NodeInfo[][] = [];
    let related = 0;
    // The informer's pods in its order (a Map keeps a key's place on update, as the cache does).
    const informer = new Map<string, Pod>();
    // Assumed pods stay for a few steps, as a binding takes a few cycles to come back.
    const assumed = new Map<string, Pod>();
    for (let step = 0; step < 300; step++) {
      const i = rng.int(40);
      const p = pod(`p${i}`, { nodeName: rng.int(4) === 0 ? undefined : names[rng.int(20)] });
      const gone = rng.int(10) === 0;
      cache.podEvent(`default/p${i}`, gone ? undefined : deepFreeze(p));
      if (gone) informer.delete(`default/p${i}`);
      else informer.set(`default/p${i}`, p);
      // Now and then a snapshot with assumed pods added on top.
      if (rng.int(3) === 0) {
        const a = pod(`assumed${step}`, { nodeName: names[rng.int(20)] });
        assumed.set(`default/assumed${step}`, deepFreeze(a));
      }
      if (assumed.size > 0 && rng.int(4) === 0) assumed.delete(assumed.keys().next().value!);
      const snapshot = cache.snapshot(assumed);
      snapshots.push(snapshot);
      // Each node's NodeInfo holds the informer's pods on it, in its order, then the assumed.
      names.forEach((n, k) => {
        const want = [...informer.values(), ...assumed.values()]
          .filter((q) => q.spec?.nodeName === n)
          .map((q) => q.metadata!.name);
        expect(snapshot[k].pods.map((q) => q.metadata!.name)).toEqual(want);
        expect(snapshot[k].requested.pods).toBe(want.length);
      });
    }
    for (let a = 0; a < snapshots.length; a += 7) {
      for (let b = a; b < Math.min(snapshots.length, a + 80); b += 3) {
        const changed = changedNodes(snapshots[a], snapshots[b]);
        if (!changed) continue;
        related++;
        for (let i = 0; i < names.length; i++)
          if (snapshots[a][i] !== snapshots[b][i]) expect(changed.has(i)).toBe(true);
      }
    }
    expect(related).toBeGreaterThan(100);
  });

  it('cannot relate snapshots taken before and after a node joined', () => {
    const cache = new SchedulerCache(buildNodeInfo);
    cache.nodeEvent('a', deepFreeze(node('a')));
    const before = cache.snapshot(new Map());
    cache.nodeEvent('b', deepFreeze(node('b')));
    expect(changedNodes(before, cache.snapshot(new Map()))).toBeUndefined();
  });
});
