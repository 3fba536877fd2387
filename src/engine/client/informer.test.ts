import { describe, expect, it } from 'vitest';
import type { Namespace } from '../api/types';
import { clone } from '../apiserver/patch';
import { startCluster } from '../testing/testCluster';

describe('informer cache', () => {
  it('holds stored objects, read-only, and clone() gives a mutable copy', () => {
    const c = startCluster();
    const inf = c.controllerManager.informers.informer<Namespace>('namespaces');
    const ns = inf.get('default')!;
    // Stored: the API server filled in what the type promises.
    expect(ns.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ns.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(ns.metadata.creationTimestamp).toBeTruthy();
    const copy: Namespace = clone(ns);
    copy.metadata!.labels = { team: 'a' };
    expect(inf.get('default')!.metadata.labels).not.toEqual({ team: 'a' });
    // The type forbids changing a cached object in place (`npm run typecheck` checks the
    // expected errors); a frozen one would throw.
    const frozen: typeof ns = Object.freeze({ ...ns, metadata: Object.freeze({ ...ns.metadata }) });
    expect(() => {
      // @ts-expect-error read-only
      frozen.status = {};
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error read-only
      frozen.metadata.labels = {};
    }).toThrow(TypeError);
  });
});
