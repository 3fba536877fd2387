import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { ControllerManager } from './manager';
import { PodGCController, POD_GC_PERIOD_MS, POD_GC_QUARANTINE_MS } from './podGC';
import { advanceUntil, createObject, objectsOf, startCluster } from '../testing/testCluster';

describe('PodGCController', () => {
  it('deletes pods bound to a node that does not exist, after the quarantine', () => {
    const c = startCluster();
    createObject(
      c,
      `apiVersion: v1
kind: Pod
metadata: {name: lost}
spec:
  nodeName: worker-9
  containers: [{name: nginx, image: nginx:1.27}]
`,
    );
    // First seen missing at the next period; deleted one quarantine later at the earliest.
    c.clock.advance(POD_GC_PERIOD_MS);
    expect(objectsOf(c, 'Pod')).toHaveLength(1);
    expect(
      advanceUntil(
        c,
        () => objectsOf(c, 'Pod').length === 0,
        POD_GC_QUARANTINE_MS + 2 * POD_GC_PERIOD_MS,
        1000,
      ),
    ).toBe(true);
  });

  it('keeps at most the threshold of terminated pods, deleting the oldest', () => {
    const c = startCluster();
    // A second manager hosting only a PodGC with --terminated-pod-gc-threshold=2.
    const gc = new ControllerManager(c.ctx, 'podgc-test');
    gc.add(new PodGCController(gc, 2));
    for (const name of ['a', 'b', 'c']) {
      createObject(
        c,
        `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox:1.36, command: [sh, -c, 'echo done']}]
`,
      );
      c.clock.advance(1500);
    }
    advanceUntil(
      c,
      () => objectsOf<Pod>(c, 'Pod').every((p) => p.status?.phase === 'Succeeded'),
      30_000,
    );
    gc.start();
    expect(
      advanceUntil(c, () => objectsOf(c, 'Pod').length === 2, 2 * POD_GC_PERIOD_MS, 1000),
    ).toBe(true);
    expect(
      objectsOf<Pod>(c, 'Pod')
        .map((p) => p.metadata!.name)
        .sort(),
    ).toEqual(['b', 'c']);
  });
});
