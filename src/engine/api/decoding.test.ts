import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types';
import { decodeObject, dropFields, strictDecodingError } from './decoding';

const deployment = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
    ...spec,
  },
});

const pod = (
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec },
});

const DEPLOY = 'Deployment in version "v1" cannot be handled as a Deployment: ';
const POD = 'Pod in version "v1" cannot be handled as a Pod: ';

describe('decoding a body into its Go struct', () => {
  it('replicas: "three" is a string in an int32 field', () => {
    expect(decodeObject(deployment({ replicas: 'three' })).error).toBe(
      `${DEPLOY}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
  });

  it('replicas: 2.5 is a number that does not fit an int32, and says which', () => {
    expect(decodeObject(deployment({ replicas: 2.5 })).error).toBe(
      `${DEPLOY}json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
    expect(decodeObject(deployment({ replicas: 3_000_000_000 })).error).toBe(
      `${DEPLOY}json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
    expect(decodeObject(deployment({ replicas: 2 })).error).toBeUndefined();
  });

  it('names the innermost struct and the path without list indices', () => {
    expect(decodeObject(pod({ ports: [{ containerPort: '80' }] })).error).toBe(
      `${POD}json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`,
    );
    expect(decodeObject(pod({ image: 7 })).error).toBe(
      `${POD}json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string`,
    );
    expect(decodeObject(pod({ stdin: 'yes' })).error).toBe(
      `${POD}json: cannot unmarshal string into Go struct field Container.spec.containers.stdin of type bool`,
    );
  });

  it('int64 fields say int64', () => {
    expect(decodeObject(pod({}, { terminationGracePeriodSeconds: 'soon' })).error).toBe(
      `${POD}json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`,
    );
  });

  it('a struct, list or map given as the wrong JSON type names the Go type', () => {
    expect(decodeObject(deployment({ template: 'web' })).error).toBe(
      `${DEPLOY}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec`,
    );
    expect(decodeObject(pod({}, { containers: { name: 'c' } })).error).toBe(
      `${POD}json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container`,
    );
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: ['a'],
    };
    expect(decodeObject(cm).error).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string',
    );
  });

  it('reports the first error in document order, as Go meets them', () => {
    const d = deployment({ replicas: 'three', minReadySeconds: 'x' });
    expect(decodeObject(d).error).toContain('DeploymentSpec.spec.replicas');
  });

  it('a port may be a name or an int32 (IntOrString)', () => {
    const probe = (port: unknown) =>
      decodeObject(pod({ livenessProbe: { httpGet: { path: '/', port } } })).error;
    expect(probe('http')).toBeUndefined();
    expect(probe(8080)).toBeUndefined();
    expect(probe(80.5)).toBe(
      `${POD}json: cannot unmarshal number 80.5 into Go value of type int32`,
    );
  });

  it('finds unknown fields with list indices only when asked', () => {
    const p = pod({ imagePullPolice: 'Always' }, { restartPolicyy: 'Never' });
    expect(decodeObject(p).unknown).toEqual([]);
    const { unknown } = decodeObject(p, true);
    expect(unknown).toEqual(['spec.containers[0].imagePullPolice', 'spec.restartPolicyy']);
    expect(strictDecodingError(p, unknown)).toBe(
      `${POD}strict decoding error: unknown field "spec.containers[0].imagePullPolice", unknown field "spec.restartPolicyy"`,
    );
    dropFields(p, unknown);
    expect(decodeObject(p, true).unknown).toEqual([]);
    expect((p.spec as { containers: object[] }).containers[0]).toEqual({
      name: 'c',
      image: 'nginx',
    });
  });
});

describe('the field table', () => {
  it('knows the int64 fields, so values past int32 fit there and only there', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      status: { images: [{ names: ['big'], sizeBytes: 5_000_000_000 }] },
    };
    expect(decodeObject(node).error).toBeUndefined();
    const tolerant = pod({}, { tolerations: [{ key: 'k', tolerationSeconds: 5_000_000_000 }] });
    expect(decodeObject(tolerant).error).toBeUndefined();
    expect(decodeObject(pod({ ports: [{ containerPort: 5_000_000_000 }] })).error).toContain(
      'of type int32',
    );
  });
});

describe('field names', () => {
  it('treats names of JavaScript object properties as the unknown fields they are', () => {
    const body = pod({}, { constructor: 1, toString: 'x' });
    expect(decodeObject(body, true)).toEqual({
      unknown: ['spec.constructor', 'spec.toString'],
    });
  });
});
