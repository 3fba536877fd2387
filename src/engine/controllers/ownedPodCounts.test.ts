import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import type { Cached, Informer, InformerHandlers } from '../client/informer';
import { Rng } from '../sim/rng';
import { OwnedPodCounts } from './ownedPodCounts';
import { OwnerIndex } from './ownerIndex';
import { calculateStatus } from './replicaSet';
import type { ReplicaSet } from '../api/types';

/** An informer stand-in: a cache and its handlers, fed by hand. */
class FakeInformer {
  readonly cache = new Map<string, Cached<Pod>>();
  private handlers: InformerHandlers<Pod>[] = [];
  on(h: InformerHandlers<Pod>): this {
    this.handlers.push(h);
    return this;
  }
  set(p: Cached<Pod>): void {
    const old = this.cache.get(p.metadata.name);
    this.cache.set(p.metadata.name, p);
    for (const h of this.handlers) {
      if (old) h.update?.(old, p);
      else h.add?.(p);
    }
  }
  remove(name: string): void {
    const old = this.cache.get(name);
    if (!old) return;
    this.cache.delete(name);
    for (const h of this.handlers) h.delete?.(old);
  }
}

const RS_UID = 'rs-uid';
const rs = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default', uid: RS_UID },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web', tier: 'front' } } },
  },
} as unknown as ReplicaSet;

function randomPod(rng: Rng, i: number): Cached<Pod> {
  const labels: Record<string, string> = {};
  if (rng.next() < 0.8) labels.app = 'web';
  if (rng.next() < 0.6) labels.tier = 'front';
  const owned = rng.next() < 0.8;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `p-${i}`,
      namespace: 'default',
      uid: `u-${i}`,
      resourceVersion: String(i),
      creationTimestamp: '2026-01-05T09:00:00Z',
      labels,
      ...(rng.next() < 0.1 ? { deletionTimestamp: '2026-01-05T09:01:00Z' } : {}),
      ...(owned
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'web',
                uid: RS_UID,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: rng.pick(['Pending', 'Running', 'Running', 'Succeeded', 'Failed']),
      conditions: [{ type: 'Ready', status: rng.next() < 0.5 ? 'True' : 'False' }],
    },
  } as unknown as Cached<Pod>;
}

describe('OwnedPodCounts', () => {
  it('keeps the counts calculateStatus finds over the owned pods through adds, updates and deletes', () => {
    const rng = new Rng(3);
    const inf = new FakeInformer();
    const informer = inf as unknown as Informer<Pod>;
    const index = new OwnerIndex(informer);
    const counts = new OwnedPodCounts(informer, index);
    const sel = rs.spec!.selector;
    const tpl = rs.spec!.template!.metadata!.labels!;
    for (let step = 0; step < 2000; step++) {
      const i = rng.int(60);
      if (rng.next() < 0.2) inf.remove(`p-${i}`);
      else inf.set(randomPod(rng, i));
      // Ask only now and then: the counts must follow the events in between.
      if (step % 37 !== 0) continue;
      const c = counts.counts(RS_UID, sel, tpl);
      const owned = [...inf.cache.values()].filter(
        (p) =>
          p.metadata.ownerReferences?.[0]?.uid === RS_UID &&
          p.status?.phase !== 'Succeeded' &&
          p.status?.phase !== 'Failed' &&
          !p.metadata.deletionTimestamp,
      );
      const claimed = owned.filter((p) => p.metadata.labels?.app === 'web');
      const want = calculateStatus(rs, claimed, undefined, 0, () => '');
      expect(c.claimed).toBe(want.replicas);
      expect(c.fullyLabeled).toBe(want.fullyLabeledReplicas);
      expect(c.ready).toBe(want.readyReplicas);
      expect(c.mismatched).toBe(owned.length - claimed.length);
    }
  });
});
