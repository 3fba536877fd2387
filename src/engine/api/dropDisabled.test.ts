import { describe, expect, it } from 'vitest';
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
