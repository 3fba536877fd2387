import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KubeObject, Status } from '../api/types';
import type { ListBody, WatchEventMessage } from './types';
import { kubectlErrorLine } from './errors';
import { WatchCache } from './watchcache';

function cluster(): Cluster {
  return new Cluster({ kubeSystem: false, workers: 2, cpu: '4', memory: '8Gi', seed: 3 }).start();
}

const cm = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data: { a: '1' },
});

describe('kube-apiserver', () => {
  it('sets uid, creationTimestamp and resourceVersion from the store revision', () => {
    const c = cluster();
    const r = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('one'),
    });
    expect(r.code).toBe(201);
    const obj = r.body as KubeObject;
    expect(obj.metadata!.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(obj.metadata!.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata!.resourceVersion).toBe(
      String(c.etcdStore.get('/registry/configmaps/default/one')!.modRevision),
    );
  });

  it('fills generateName with five characters of the Kubernetes alphabet', () => {
    const c = cluster();
    const body = { ...cm(''), metadata: { generateName: 'cfg-' } };
    const r = c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body });
    expect((r.body as KubeObject).metadata!.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers 409 AlreadyExists and 409 Conflict with the real messages', () => {
    const c = cluster();
    c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('x') });
    const dup = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('x'),
    });
    expect(dup.code).toBe(409);
    expect(kubectlErrorLine(dup.body as Status)).toBe(
      'Error from server (AlreadyExists): configmaps "x" already exists',
    );
    const live = c.requestSync({
      verb: 'get',
      resource: 'configmaps',
      namespace: 'default',
      name: 'x',
    }).body as KubeObject;
    const first = { ...live, data: { a: '2' } };
    expect(
      c.requestSync({
        verb: 'update',
        resource: 'configmaps',
        namespace: 'default',
        name: 'x',
        body: first,
      }).code,
    ).toBe(200);
    const stale = { ...live, data: { a: '3' } };
    const conflict = c.requestSync({
      verb: 'update',
      resource: 'configmaps',
      namespace: 'default',
      name: 'x',
      body: stale,
    });
    expect(conflict.code).toBe(409);
    expect((conflict.body as Status).message).toBe(
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('names the group in a Deployment conflict and prints validation as kubectl does', () => {
    const c = cluster();
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: -1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    };
    const r = c.requestSync({
      verb: 'create',
      resource: 'deployments',
      namespace: 'default',
      body: dep,
    });
    expect(r.code).toBe(422);
    expect(kubectlErrorLine(r.body as Status)).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('refuses objects in a namespace that does not exist', () => {
    const c = cluster();
    const r = c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'nope',
      body: cm('x'),
    });
    expect(r.code).toBe(404);
    expect(kubectlErrorLine(r.body as Status)).toBe(
      'Error from server (NotFound): namespaces "nope" not found',
    );
  });

  it('filters lists by label selector and by the field selector spec.nodeName', () => {
    const c = cluster();
    c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('a', { tier: 'web' }),
    });
    c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('b', { tier: 'db' }),
    });
    const web = c.requestSync({
      verb: 'list',
      resource: 'configmaps',
      namespace: 'default',
      labelSelector: 'tier in (web)',
    });
    expect((web.body as ListBody).items.map((i) => i.metadata!.name)).toEqual(['a']);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        nodeName: 'worker-2',
        containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }],
      },
    };
    c.requestSync({ verb: 'create', resource: 'pods', namespace: 'default', body: pod });
    const on2 = c.requestSync({
      verb: 'list',
      resource: 'pods',
      fieldSelector: 'spec.nodeName=worker-2',
    });
    const on1 = c.requestSync({
      verb: 'list',
      resource: 'pods',
      fieldSelector: 'spec.nodeName=worker-1',
    });
    expect((on2.body as ListBody).items).toHaveLength(1);
    expect((on1.body as ListBody).items).toHaveLength(0);
  });

  it('keeps an object with finalizers until they are removed, with deletionTimestamp set', () => {
    const c = cluster();
    const body = { ...cm('f'), metadata: { name: 'f', finalizers: ['example.com/hold'] } };
    c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body });
    expect(
      c.requestSync({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'f' })
        .code,
    ).toBe(200);
    const held = c.requestSync({
      verb: 'get',
      resource: 'configmaps',
      namespace: 'default',
      name: 'f',
    });
    expect((held.body as KubeObject).metadata!.deletionTimestamp).toBeDefined();
    const r = c.requestSync({
      verb: 'patch',
      resource: 'configmaps',
      namespace: 'default',
      name: 'f',
      body: { metadata: { finalizers: null } },
      patchType: 'merge',
    });
    expect(r.code).toBe(200);
    expect(
      c.requestSync({ verb: 'get', resource: 'configmaps', namespace: 'default', name: 'f' }).code,
    ).toBe(404);
  });

  it('streams watch events in revision order from a resourceVersion, and 410 Gone when compacted', () => {
    const c = cluster();
    const start = String(c.etcdStore.revision);
    c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('w1') });
    c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('w2') });
    c.requestSync({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'w1' });
    const seen: string[] = [];
    c.kubectl.watch(
      { resource: 'configmaps', namespace: 'default', resourceVersion: start },
      (e: WatchEventMessage) => seen.push(`${e.type} ${e.object.metadata!.name}`),
    );
    c.clock.advance(100);
    expect(seen.filter((s) => / w\d$/.test(s))).toEqual(['ADDED w1', 'ADDED w2', 'DELETED w1']);
  });

  it('answers a watch from a revision older than the watch cache keeps with 410 Gone', () => {
    const cache = new WatchCache(2);
    const obj = (n: string): KubeObject => ({ kind: 'ConfigMap', metadata: { name: n } });
    for (let rev = 10; rev < 15; rev++)
      cache.dispatch({
        revision: rev,
        key: `/registry/configmaps/default/c${rev}`,
        type: 'PUT',
        object: obj(`c${rev}`),
      });
    expect(
      cache.add({ prefix: '/registry/configmaps/', fromRevision: 11, send: () => {} }),
    ).toEqual({ tooOld: 12 });
    const got: string[] = [];
    cache.add({
      prefix: '/registry/configmaps/',
      fromRevision: 12,
      send: (e) => got.push(`${e.type} ${e.object.metadata!.name}`),
    });
    expect(got).toEqual(['ADDED c13', 'ADDED c14']);
  });

  it('binds a pod through pods/binding and sets PodScheduled', () => {
    const c = cluster();
    c.scheduler.stop();
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'b' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    c.requestSync({ verb: 'create', resource: 'pods', namespace: 'default', body: pod });
    const r = c.requestSync({
      verb: 'create',
      resource: 'pods',
      subresource: 'binding',
      namespace: 'default',
      name: 'b',
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'b' },
        target: { kind: 'Node', name: 'worker-1' },
      },
    });
    expect(r.code).toBe(201);
    const got = c.requestSync({ verb: 'get', resource: 'pods', namespace: 'default', name: 'b' })
      .body as {
      spec: { nodeName: string };
      status: { conditions: { type: string; status: string }[] };
    };
    expect(got.spec.nodeName).toBe('worker-1');
    expect(got.status.conditions.find((x) => x.type === 'PodScheduled')?.status).toBe('True');
    const again = c.requestSync({
      verb: 'create',
      resource: 'pods',
      subresource: 'binding',
      namespace: 'default',
      name: 'b',
      body: { target: { name: 'worker-2' } },
    });
    expect(again.code).toBe(409);
  });

  it('gives every pod the default service account, its token volume and the 300 s tolerations', () => {
    const c = cluster();
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sa' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    };
    const r = c.requestSync({ verb: 'create', resource: 'pods', namespace: 'default', body: pod });
    const spec = (
      r.body as {
        spec: {
          serviceAccountName: string;
          volumes: { name: string }[];
          tolerations: { key: string; tolerationSeconds: number }[];
          containers: { imagePullPolicy: string }[];
        };
      }
    ).spec;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.tolerations.map((t) => `${t.key}:${t.tolerationSeconds}`)).toEqual([
      'node.kubernetes.io/not-ready:300',
      'node.kubernetes.io/unreachable:300',
    ]);
    expect(spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('makes each pipeline stage visible in the trace', () => {
    const c = cluster();
    const stages: string[] = [];
    c.onTrace((e) => {
      if (e.kind === 'stage') stages.push(e.verb);
    });
    c.requestSync({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('s') });
    expect(stages).toEqual([
      'authentication',
      'authorization',
      'mutating admission',
      'validation',
      'validating admission',
    ]);
  });
});
