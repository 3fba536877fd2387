import { describe, it, expect } from 'vitest';
import type { Endpoints, EndpointSlice, KubeObject, Pod } from '../api/types';
import { Cluster } from '../cluster';

function objects(c: Cluster): KubeObject[] {
  return c.etcdStore.range('/registry/').kvs.map((kv) => JSON.parse(kv.value) as KubeObject);
}

function create(c: Cluster, resource: string, body: KubeObject): void {
  const r = c.requestSync({ verb: 'create', resource, namespace: 'default', body });
  expect(r.code).toBe(201);
}

/**
 * Three nginx pods labelled app=web with a named port, and a Service selecting them by name.
 * Pod number `unready` gets a readiness probe that nginx answers with 404, so it never is Ready.
 */
function webCluster(unready?: number): Cluster {
  const c = new Cluster({
    kubeSystem: false,
    workers: 3,
    cpu: '4',
    memory: '8Gi',
    seed: 1,
  }).start();
  for (let i = 1; i <= 3; i++) {
    create(c, 'pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            ports: [{ containerPort: 8080, name: 'http' }],
            ...(i === unready
              ? { readinessProbe: { httpGet: { path: '/ready', port: 80 }, periodSeconds: 2 } }
              : {}),
          },
        ],
      },
    });
  }
  create(c, 'services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
  });
  c.clock.advance(30_000);
  return c;
}

const endpoints = (c: Cluster) =>
  objects(c).find((o) => o.kind === 'Endpoints' && o.metadata?.name === 'web') as Endpoints;
/** Service `web`'s slices (kube-apiserver keeps `kubernetes`'s own slice beside them). */
const slices = (c: Cluster) =>
  objects(c).filter(
    (o) =>
      o.kind === 'EndpointSlice' && o.metadata?.labels?.['kubernetes.io/service-name'] === 'web',
  ) as EndpointSlice[];

describe('Endpoints and EndpointSlice controllers', () => {
  it('list the three ready pods of a Service, with the named targetPort resolved', () => {
    const c = webCluster();
    const ep = endpoints(c);
    expect(ep.metadata?.labels).toEqual({ tier: 'front' });
    expect(ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(
      /^2026-01-05T09:00:\d\dZ$/,
    );
    expect(ep.subsets).toHaveLength(1);
    const subset = ep.subsets![0];
    expect(subset.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(subset.notReadyAddresses).toBeUndefined();
    expect(subset.addresses!.map((a) => a.targetRef!.name).sort()).toEqual([
      'web-1',
      'web-2',
      'web-3',
    ]);
    expect(
      subset.addresses!.every(
        (a) => a.ip.startsWith('10.244.') && a.nodeName?.startsWith('worker-'),
      ),
    ).toBe(true);

    const all = slices(c);
    expect(all).toHaveLength(1);
    const s = all[0];
    expect(s.metadata!.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata!.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s.metadata!.ownerReferences![0]).toMatchObject({
      kind: 'Service',
      name: 'web',
      controller: true,
    });
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect(s.endpoints).toHaveLength(3);
    for (const e of s.endpoints) {
      expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
      expect(e.zone).toMatch(/^us-east-1[abc]$/);
    }
  });

  it('keeps a pod whose readiness probe fails in notReadyAddresses with ready:false', () => {
    const c = webCluster(2);
    const pod = objects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === 'web-2') as Pod;
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    const subset = endpoints(c).subsets![0];
    expect(subset.addresses!.map((a) => a.targetRef!.name).sort()).toEqual(['web-1', 'web-3']);
    expect(subset.notReadyAddresses!.map((a) => a.targetRef!.name)).toEqual(['web-2']);
    const e = slices(c)[0].endpoints.find((x) => x.targetRef?.name === 'web-2')!;
    expect(e.conditions).toEqual({ ready: false, serving: false, terminating: false });
  });

  it('deletes the Endpoints with its Service', () => {
    const c = webCluster();
    expect(
      c.requestSync({ verb: 'delete', resource: 'services', namespace: 'default', name: 'web' })
        .code,
    ).toBe(200);
    c.clock.advance(1_000);
    expect(endpoints(c)).toBeUndefined();
  });
});
