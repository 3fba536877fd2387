import { describe, it, expect } from 'vitest';
import type { KubeObject, Namespace } from '../api/types';
import { Cluster } from '../cluster';

function objects(c: Cluster): KubeObject[] {
  return c.etcdStore.range('/registry/').kvs.map((kv) => JSON.parse(kv.value) as KubeObject);
}

describe('namespace controller', () => {
  it('deletes everything in a Terminating namespace, then the namespace', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 2,
      cpu: '4',
      memory: '8Gi',
      seed: 3,
    }).start();
    const create = (resource: string, namespace: string | undefined, body: KubeObject) =>
      expect(c.requestSync({ verb: 'create', resource, namespace, body }).code).toBe(201);
    create('namespaces', undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    c.clock.advance(1_000);
    create('pods', 'team', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'team', labels: { app: 'api' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    });
    create('configmaps', 'team', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'team' },
      data: { a: '1' },
    });
    create('services', 'team', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'team' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
    });
    c.clock.advance(20_000);
    const inTeam = () => objects(c).filter((o) => o.metadata?.namespace === 'team');
    expect(inTeam().map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Pod', 'ConfigMap', 'Service', 'Endpoints', 'ServiceAccount']),
    );

    expect(c.requestSync({ verb: 'delete', resource: 'namespaces', name: 'team' }).code).toBe(200);
    c.clock.advance(300);
    const ns = objects(c).find(
      (o) => o.kind === 'Namespace' && o.metadata?.name === 'team',
    ) as Namespace;
    expect(ns.status!.phase).toBe('Terminating');
    const conditions = Object.fromEntries(ns.status!.conditions!.map((x) => [x.type, x]));
    expect(conditions.NamespaceDeletionDiscoveryFailure).toMatchObject({
      status: 'False',
      reason: 'ResourcesDiscovered',
      message: 'All resources successfully discovered',
    });
    // The pod terminates gracefully, so it is still there on the first pass.
    expect(conditions.NamespaceContentRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
    });
    expect(conditions.NamespaceContentRemaining.message).toMatch(
      /^Some resources are remaining: .*pods\. has 1 resource instances/,
    );

    c.clock.advance(60_000);
    expect(inTeam()).toEqual([]);
    expect(
      objects(c).find((o) => o.kind === 'Namespace' && o.metadata?.name === 'team'),
    ).toBeUndefined();
    // Other namespaces keep their objects.
    expect(
      objects(c).some((o) => o.kind === 'ConfigMap' && o.metadata?.namespace === 'default'),
    ).toBe(true);
  });
});
