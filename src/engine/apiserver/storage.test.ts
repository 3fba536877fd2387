import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { Event, KubeObject } from '../api/types';
import type { ListBody, WatchEventMessage } from './types';
import { ETCD_COMPACTION_INTERVAL_MS } from './server';

const cm = (name: string, a: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { a },
});

describe('kube-apiserver storage', () => {
  it('compacts etcd every 5 minutes up to the revision of the previous tick', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 7,
    }).start();
    c.clock.runUntil(ETCD_COMPACTION_INTERVAL_MS + 1);
    expect(c.etcdStore.compactRevision).toBe(0); // the first tick only records a revision
    c.clock.runUntil(2 * ETCD_COMPACTION_INTERVAL_MS + 1_000);
    expect(c.etcdStore.compactRevision).toBeGreaterThan(0);
    expect(() => c.etcdStore.watch('/registry/', 1, () => {})).toThrow(
      'mvcc: required revision has been compacted',
    );
  });

  it('never compacts with etcdCompactionIntervalMs 0', () => {
    const c = new Cluster({
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 7,
      etcdCompactionIntervalMs: 0,
    }).start();
    c.clock.runUntil(3 * ETCD_COMPACTION_INTERVAL_MS);
    expect(c.etcdStore.compactRevision).toBe(0);
  });

  it('keeps no decoded Events (no watch cache for events), yet lists and watches them', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 7,
    }).start();
    const seen: WatchEventMessage[] = [];
    c.kubectl.watch({ resource: 'events', namespace: 'default' }, (e) => seen.push(e));
    c.clock.advance(10);
    c.requestSync({
      verb: 'create',
      resource: 'pods',
      namespace: 'default',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    });
    c.clock.advance(5_000);
    expect([...c.api.objects.keys()].some((k) => k.startsWith('/registry/events/'))).toBe(false);
    const list = c.requestSync({ verb: 'list', resource: 'events', namespace: 'default' });
    const reasons = ((list.body as ListBody).items as Event[]).map((e) => e.reason);
    expect(reasons).toContain('Scheduled');
    expect(seen.map((e) => (e.object as Event).reason)).toContain('Scheduled');
  });

  it('replays past changes of a watch from an older resourceVersion with their objects', () => {
    const c = new Cluster({
      kubeSystem: false,
      workers: 1,
      cpu: '4',
      memory: '8Gi',
      seed: 7,
    }).start();
    const from = String(c.etcdStore.revision);
    c.requestSync({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('x', '1'),
    });
    c.requestSync({
      verb: 'patch',
      resource: 'configmaps',
      namespace: 'default',
      name: 'x',
      patchType: 'merge',
      body: { data: { a: '2' } },
    });
    const seen: WatchEventMessage[] = [];
    c.kubectl.watch({ resource: 'configmaps', namespace: 'default', resourceVersion: from }, (e) =>
      seen.push(e),
    );
    c.clock.advance(20);
    expect(seen.map((e) => [e.type, (e.object as { data: { a: string } }).data.a])).toEqual([
      ['ADDED', '1'],
      ['MODIFIED', '2'],
    ]);
  });
  it('takes a status write and a patch to a Namespace, whose stored labels are shared and frozen', () => {
    const c = new Cluster({ kubeSystem: false, workers: 1, cpu: '4', memory: '8Gi', seed: 7 });
    c.start();
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    expect(c.requestSync({ verb: 'create', resource: 'namespaces', body: ns }).code).toBe(201);
    const live = c.requestSync({ verb: 'get', resource: 'namespaces', name: 'team' })
      .body as KubeObject;
    const status = c.requestSync({
      verb: 'update',
      resource: 'namespaces',
      name: 'team',
      subresource: 'status',
      body: { ...live, status: { phase: 'Active' } },
    });
    expect(status.code).toBe(200);
    const patched = c.requestSync({
      verb: 'patch',
      resource: 'namespaces',
      name: 'team',
      patchType: 'merge',
      body: { metadata: { annotations: { owner: 'me' } } },
    });
    expect(patched.code).toBe(200);
    expect((patched.body as KubeObject).metadata!.labels).toEqual({
      'kubernetes.io/metadata.name': 'team',
    });
  });
  it('takes from a status patch only the status, merged into the live one', () => {
    const c = new Cluster({ kubeSystem: false, workers: 1, cpu: '4', memory: '8Gi', seed: 7 });
    c.start();
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    expect(c.requestSync({ verb: 'create', resource: 'namespaces', body: ns }).code).toBe(201);
    const patch = (patchType: 'merge' | 'strategic', body: unknown) =>
      c.requestSync({
        verb: 'patch',
        resource: 'namespaces',
        name: 'team',
        subresource: 'status',
        patchType,
        body,
      }).body as KubeObject & { status?: Record<string, unknown> };
    const merged = patch('merge', {
      metadata: { labels: { team: 'a' } },
      spec: { finalizers: [] },
      status: { conditions: [{ type: 'A', status: 'True' }] },
    });
    expect(merged.metadata!.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect((merged as { spec?: unknown }).spec).toEqual({ finalizers: ['kubernetes'] });
    expect(merged.status).toEqual({
      phase: 'Active',
      conditions: [{ type: 'A', status: 'True' }],
    });
    // A strategic patch merges conditions by type; a merge patch's null removes them.
    const strategic = patch('strategic', {
      status: { conditions: [{ type: 'B', status: 'False' }] },
    });
    expect(strategic.status!.conditions).toEqual([
      { type: 'A', status: 'True' },
      { type: 'B', status: 'False' },
    ]);
    expect(patch('merge', { status: { conditions: null } }).status).toEqual({ phase: 'Active' });
  });
});
