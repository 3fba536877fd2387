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
