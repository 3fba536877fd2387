import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KubeObject, Status } from '../api/types';
import { kubectlErrorLine } from './errors';

function cluster(): Cluster {
  return new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 5 }).start();
}

const deployment = (replicas: unknown, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
  },
});

const line = (body: unknown) => kubectlErrorLine(body as Status);

describe('kube-apiserver decoding', () => {
  it('refuses replicas: "three" on create and on an apply to an existing object', () => {
    const c = cluster();
    const bad = deployment('three');
    const create = c.requestSync({
      verb: 'create',
      resource: 'deployments',
      namespace: 'default',
      body: bad,
    });
    expect(create.code).toBe(400);
    expect(line(create.body)).toBe(
      'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const ok = c.requestSync({
      verb: 'apply',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      body: deployment(2),
    });
    expect(ok.code).toBe(201);
    const apply = c.requestSync({
      verb: 'apply',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      body: deployment(2.5),
    });
    expect(apply.code).toBe(400);
    expect((apply.body as Status).message).toContain(
      'cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const patch = c.requestSync({
      verb: 'patch',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      patchType: 'merge',
      body: { spec: { replicas: 'x' } },
    });
    expect(patch.code).toBe(400);
    // A patch is decoded as its resource's kind and version, whatever it says of them.
    expect((patch.body as Status).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const typed = c.requestSync({
      verb: 'patch',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      patchType: 'merge',
      body: { kind: 7, spec: { replicas: 'x' } },
    });
    expect((typed.body as Status).message).toBe((patch.body as Status).message);
  });

  it('refuses a create that sets metadata.resourceVersion, after validation, as etcd3 storage does', () => {
    const c = cluster();
    const r = c.requestSync({
      verb: 'create',
      resource: 'deployments',
      namespace: 'default',
      body: deployment(1, { resourceVersion: '123' }),
    });
    expect(r.code).toBe(500);
    expect(line(r.body)).toBe(
      'Error from server: resourceVersion should not be set on objects to be created',
    );
    const invalid = deployment(-1, { resourceVersion: '123' });
    expect(
      c.requestSync({
        verb: 'create',
        resource: 'deployments',
        namespace: 'default',
        body: invalid,
      }).code,
    ).toBe(422);
    // A version that is not a positive number is ignored (k/k: kubernetes#113847).
    expect(
      c.requestSync({
        verb: 'create',
        resource: 'deployments',
        namespace: 'default',
        body: deployment(1, { resourceVersion: '0' }),
      }).code,
    ).toBe(201);
  });

  it('honours fieldValidation: Strict refuses, Warn warns and drops, Ignore drops', () => {
    const c = cluster();
    const body = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data: { a: '1' },
      dataa: { b: '2' },
    });
    const strict = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: body('s'),
      fieldValidation: 'Strict',
    });
    expect(strict.code).toBe(400);
    expect((strict.body as Status).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dataa"',
    );
    const warn = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: body('w'),
      fieldValidation: 'Warn',
    });
    expect(warn.code).toBe(201);
    expect(warn.warnings).toEqual(['unknown field "dataa"']);
    expect((warn.body as KubeObject).dataa).toBeUndefined();
    const ignore = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: body('i'),
      fieldValidation: 'Ignore',
    });
    expect(ignore.code).toBe(201);
    expect(ignore.warnings).toBeUndefined();
    expect((ignore.body as KubeObject).dataa).toBeUndefined();
  });
});

describe('kube-apiserver storage limits', () => {
  it('an object over etcd’s 1.5 MiB request limit is refused with etcd’s error', () => {
    const c = cluster();
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(1.6 * 1024 * 1024) },
    };
    const r = c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body });
    expect(line(r.body)).toBe('Error from server: etcdserver: request is too large');
    const small = { ...body, data: { blob: 'x' } };
    expect(
      c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body: small })
        .code,
    ).toBe(201);
  });
});

describe('dry run', () => {
  it('a dry-run Service create reserves no node port', () => {
    const c = cluster();
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type: 'NodePort', selector: { app: 's' }, ports: [{ port: 80, nodePort: 30080 }] },
    };
    const dry = c.requestSync({
      verb: 'create',
      resource: 'services',
      namespace: 'default',
      body: svc,
      dryRun: true,
    });
    expect(dry.code).toBe(201);
    const real = c.requestSync({
      verb: 'create',
      resource: 'services',
      namespace: 'default',
      body: svc,
    });
    expect(real.code).toBe(201);
  });

  it('decodes a strategic merge patch without its directives, refusing its unknown fields', () => {
    const c = cluster();
    expect(
      c.requestSync({
        verb: 'create',
        resource: 'deployments',
        namespace: 'default',
        body: deployment(1),
      }).code,
    ).toBe(201);
    const patch = (extra: Record<string, unknown>) =>
      c.requestSync({
        verb: 'patch',
        resource: 'deployments',
        namespace: 'default',
        name: 'web',
        fieldValidation: 'Strict',
        body: {
          $retainKeys: ['spec'],
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'web' }],
                containers: [{ name: 'web', image: 'nginx:1.27', ...extra }],
              },
            },
          },
        },
      });
    expect(patch({}).code).toBe(200);
    const unknown = patch({ imagePullPolice: 'Always' });
    expect(unknown.code).toBe(400);
    expect((unknown.body as Status).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice"',
    );
    // A Secret's data map: a directive is not a base64 value.
    expect(
      c.requestSync({
        verb: 'create',
        resource: 'secrets',
        namespace: 'default',
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' } },
      }).code,
    ).toBe(201);
    const secret = c.requestSync({
      verb: 'patch',
      resource: 'secrets',
      namespace: 'default',
      name: 's',
      body: { data: { $patch: 'replace', b: 'Yg==' } },
    });
    expect(secret.code).toBe(200);
    expect((secret.body as KubeObject & { data: unknown }).data).toEqual({ b: 'Yg==' });
    // A patch's data values are base64 too.
    const bad = c.requestSync({
      verb: 'patch',
      resource: 'secrets',
      namespace: 'default',
      name: 's',
      body: { data: { c: 'Y!==' } },
    });
    expect(bad.code).toBe(400);
    expect((bad.body as Status).message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 1',
    );
  });
});
