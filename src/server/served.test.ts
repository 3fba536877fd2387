/**
 * What `sim serve` answers beyond the built-in resources, over HTTP as any client sees it (no
 * kubectl binary needed; realKubectl.test.ts runs real kubectl against the same paths): the
 * access reviews and the Impersonate-* headers, a CRD's resources in discovery, tables, OpenAPI
 * and writes, server-side apply's field ownership, and HorizontalPodAutoscalers at autoscaling/v1.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import { kubectlSync } from '../engine/scenario/actions';
import { serve, type SimServer } from './http';

interface Answer {
  status: number;
  body: Record<string, unknown> & { [k: string]: never };
  text: string;
}

function call(
  server: SimServer,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string | string[]>; type?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        method,
        headers: {
          ...(opts.body !== undefined ? { 'Content-Type': opts.type ?? 'application/json' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body = {} as Answer['body'];
          try {
            body = JSON.parse(text) as Answer['body'];
          } catch {
            // Not JSON.
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              replicas: {type: integer}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas, description: jobs}
`;

describe('sim serve: reviews, impersonation, custom resources, autoscaling/v1', () => {
  let server: SimServer;
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 3 }).start();
    server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed: 20,
      requireToken: false,
    });
  });
  afterAll(() => server?.close());

  it('answers access reviews and acts as the impersonated user', async () => {
    const ssar = await call(
      server,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
        },
      },
    );
    expect(ssar.status).toBe(201);
    expect(ssar.body.status).toEqual(expect.objectContaining({ allowed: true }));
    const asJane = { 'Impersonate-User': 'jane', 'Impersonate-Group': ['devs', 'qa'] };
    const denied = await call(
      server,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        headers: asJane,
        body: {
          spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } },
        },
      },
    );
    expect(denied.body.status).toEqual({ allowed: false });
    const whoami = await call(server, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      headers: { ...asJane, 'Impersonate-Uid': '42', 'Impersonate-Extra-Team%2FName': 'blue' },
      body: {},
    });
    expect(whoami.body.status).toEqual({
      userInfo: {
        username: 'jane',
        groups: ['devs', 'qa', 'system:authenticated'],
        uid: '42',
        extra: { 'team/name': ['blue'] },
      },
    });
    const forbidden = await call(server, 'GET', '/api/v1/namespaces/default/pods', {
      headers: asJane,
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toBe(
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    const local = await call(
      server,
      'POST',
      '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews',
      {
        body: {
          spec: {
            user: 'jane',
            resourceAttributes: { namespace: 'other', verb: 'get', resource: 'pods' },
          },
        },
      },
    );
    expect(local.status).toBe(400);
    expect(local.body.message).toBe(
      'spec.resourceAttributes.namespace must match namespace: default',
    );
    const noUser = await call(server, 'GET', '/api/v1/pods', {
      headers: { 'Impersonate-Group': 'x' },
    });
    expect(noUser.status).toBe(500);
    const groups = (await call(server, 'GET', '/apis')).body.groups as { name: string }[];
    expect(groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['authorization.k8s.io', 'authentication.k8s.io']),
    );
  });

  it('serves a CRD resource: discovery, tables with its columns, OpenAPI, writes, apply', async () => {
    expect(kubectlSync(cluster, 'apply -f crd.yaml', { 'crd.yaml': CRD }).exitCode).toBe(0);
    cluster.clock.advance(2_000);
    const list = (await call(server, 'GET', '/apis/stable.example.com/v1')).body;
    expect(list.resources).toEqual([
      expect.objectContaining({
        name: 'crontabs',
        kind: 'CronTab',
        shortNames: ['ct'],
        categories: ['all'],
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      }),
    ]);
    const aggregated = await call(server, 'GET', '/apis', { headers: { Accept: AGGREGATED } });
    const items = aggregated.body.items as { metadata: { name: string } }[];
    expect(items.map((i) => i.metadata.name)).toContain('stable.example.com');

    const base = '/apis/stable.example.com/v1/namespaces/default/crontabs';
    const created = await call(server, 'POST', base, {
      body: {
        apiVersion: 'stable.example.com/v1',
        kind: 'CronTab',
        metadata: { name: 'a' },
        spec: { cronSpec: '* * * * *' },
      },
    });
    expect(created.status).toBe(201);
    const table = await call(server, 'GET', base, { headers: { Accept: TABLE } });
    expect(table.body.columnDefinitions).toEqual([
      expect.objectContaining({ name: 'Name', type: 'string', format: 'name' }),
      expect.objectContaining({
        name: 'Spec',
        type: 'string',
        description: 'Custom resource definition column (in JSONPath format): .spec.cronSpec',
      }),
      expect.objectContaining({ name: 'Replicas', type: 'integer', description: 'jobs' }),
    ]);
    // A missing value is a null cell (kubectl prints it empty); an integer stays a number.
    expect((table.body.rows as { cells: unknown[] }[])[0].cells).toEqual(['a', '* * * * *', null]);
    await call(server, 'PATCH', `${base}/a`, {
      type: 'application/merge-patch+json',
      body: { spec: { replicas: 3 } },
    });
    const row = await call(server, 'GET', `${base}/a`, { headers: { Accept: TABLE } });
    expect((row.body.rows as { cells: unknown[] }[])[0].cells).toEqual(['a', '* * * * *', 3]);
    const strategic = await call(server, 'PATCH', `${base}/a`, {
      type: 'application/strategic-merge-patch+json',
      body: { spec: { replicas: 4 } },
    });
    expect(strategic.status).toBe(415);

    const doc = JSON.parse(
      (await call(server, 'GET', '/openapi/v3/apis/stable.example.com/v1')).text,
    ) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const schema = doc.components.schemas['com.example.stable.v1.CronTab'];
    expect(Object.keys(schema.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    const root = JSON.parse((await call(server, 'GET', '/openapi/v3')).text) as {
      paths: Record<string, unknown>;
    };
    expect(root.paths['apis/stable.example.com/v1']).toBeDefined();

    // Server-side apply: a manager's fields it no longer applies go, another manager's stay.
    const apply = (manager: string, spec: object) =>
      call(server, 'PATCH', `${base}/b?fieldManager=${manager}`, {
        type: 'application/apply-patch+yaml',
        body: {
          apiVersion: 'stable.example.com/v1',
          kind: 'CronTab',
          metadata: { name: 'b' },
          spec,
        },
      });
    expect((await apply('one', { cronSpec: '1 * * * *', replicas: 1 })).status).toBe(201);
    await apply('two', { replicas: 2 });
    const after = await apply('one', { cronSpec: '2 * * * *' });
    expect(after.status).toBe(200);
    expect(after.body.spec).toEqual({ cronSpec: '2 * * * *', replicas: 2 });
    expect(after.text).not.toContain('last-applied-configuration');
  });

  it('serves HorizontalPodAutoscalers at autoscaling/v1, converted from v2', async () => {
    const group = (await call(server, 'GET', '/apis/autoscaling')).body;
    expect(group.versions).toEqual([
      { groupVersion: 'autoscaling/v2', version: 'v2' },
      { groupVersion: 'autoscaling/v1', version: 'v1' },
    ]);
    const created = await call(
      server,
      'POST',
      '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers',
      {
        body: {
          apiVersion: 'autoscaling/v1',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'web' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            maxReplicas: 5,
            targetCPUUtilizationPercentage: 60,
          },
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('autoscaling/v1');
    expect(created.body.spec).toEqual(
      expect.objectContaining({ targetCPUUtilizationPercentage: 60 }),
    );
    const v2 = await call(
      server,
      'GET',
      '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web',
    );
    expect((v2.body.spec as { metrics: unknown[] }).metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
    ]);
    await call(
      server,
      'PATCH',
      '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web',
      {
        type: 'application/merge-patch+json',
        body: { spec: { targetCPUUtilizationPercentage: 70 } },
      },
    );
    const patched = await call(
      server,
      'GET',
      '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web',
    );
    expect(JSON.stringify(patched.body.spec)).toContain('"averageUtilization":70');
  });
});
