import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';
import { decodeObject } from './decoding';
import { dropDisabledPodFields } from './dropDisabled';
import type { Pod } from './types';

const pod = (): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      securityContext: { runAsUser: 1000, supplementalGroupsPolicy: 'Strict' },
      containers: [
        {
          name: 'c',
          image: 'debian',
          volumeMounts: [
            { name: 'volume', mountPath: '/volume' },
            { name: 'cache', mountPath: '/cache' },
          ],
        },
      ],
      volumes: [
        {
          name: 'volume',
          image: { reference: 'quay.io/crio/artifact:v1', pullPolicy: 'IfNotPresent' },
        },
        { name: 'cache', emptyDir: {} },
      ],
    },
  }) as unknown as Pod;

describe("v1.31's alpha pod fields (gates off)", () => {
  it('are known to strict decoding', () => {
    expect(decodeObject(pod(), true)).toEqual({ unknown: [] });
  });

  it('are dropped on create: image volumes with their mounts, supplementalGroupsPolicy', () => {
    const p = pod();
    dropDisabledPodFields(p);
    expect(p.spec!.volumes!.map((v) => v.name)).toEqual(['cache']);
    expect(p.spec!.containers[0].volumeMounts!.map((m) => m.name)).toEqual(['cache']);
    expect(p.spec!.securityContext).toEqual({ runAsUser: 1000 });
  });
});

describe("v1.31's DRA pod fields (DynamicResourceAllocation off)", () => {
  const draPod = (): Pod =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'ubuntu:24.04',
            resources: { claims: [{ name: 'gpu', request: 'gpu' }], limits: { cpu: '1' } },
          },
        ],
        resourceClaims: [
          { name: 'gpu', resourceClaimName: 'some-gpu' },
          { name: 'tpl', resourceClaimTemplateName: 'gpu-template' },
        ],
      },
    }) as unknown as Pod;

  it("are v1.31's shape: resourceClaimName and request are known, 1.30's source is not", () => {
    expect(decodeObject(draPod(), true)).toEqual({ unknown: [] });
    const old = draPod() as unknown as { spec: { resourceClaims: object[] } };
    old.spec.resourceClaims = [{ name: 'gpu', source: { resourceClaimName: 'x' } }];
    expect(decodeObject(old as unknown as Pod, true).unknown).toEqual([
      'spec.resourceClaims[0].source',
    ]);
  });

  it('are dropped on create: the pod keeps its other resources', () => {
    const p = draPod();
    dropDisabledPodFields(p);
    expect(p.spec!.resourceClaims).toBeUndefined();
    expect(p.spec!.containers[0].resources).toEqual({ limits: { cpu: '1' } });
  });
});

describe("v1.31's ClusterTrustBundle projection (ClusterTrustBundleProjection off)", () => {
  const ctbPod = (): Pod =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', image: 'busybox' }],
        volumes: [
          {
            name: 'roots',
            projected: {
              sources: [
                { clusterTrustBundle: { name: 'example', path: 'example-roots.pem' } },
                { configMap: { name: 'kube-root-ca.crt' } },
              ],
            },
          },
        ],
      },
    }) as unknown as Pod;

  it('is dropped on create, leaving an empty source beside the others', () => {
    const p = ctbPod();
    dropDisabledPodFields(p);
    expect(p.spec!.volumes![0].projected!.sources).toEqual([
      {},
      { configMap: { name: 'kube-root-ca.crt' } },
    ]);
  });

  it('is stored as an empty source by the API server, and the pod is admitted', () => {
    const cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 1 }).start();
    const applied = applySync(cluster, JSON.stringify(ctbPod()), 'ctb.json');
    expect(applied.stderr).toBe('');
    expect(
      kubectlSync(cluster, 'get pod p -o jsonpath={.spec.volumes[0].projected.sources}').stdout,
    ).toBe('[{},{"configMap":{"name":"kube-root-ca.crt"}}]');
  });
});
