import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../api/fieldselectors';
import type { KubeObject } from '../api/types';
import { EtcdStore } from '../etcd/store';
import { WatchCache, type CachedEvent } from './watchcache';

function pod(ns: string, name: string, nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: ns, name },
    spec: nodeName ? { nodeName } : {},
  } as KubeObject;
}

let revision = 1;
function put(object: KubeObject, prev?: KubeObject): CachedEvent {
  const m = object.metadata!;
  return {
    revision: ++revision,
    key: `/registry/pods/${m.namespace}/${m.name}`,
    type: 'PUT',
    object,
    prev,
  };
}

describe('WatchCache', () => {
  it('offers a change to every watch whose prefix and field selector match, in opening order', () => {
    const cache = new WatchCache(100);
    const seen: string[] = [];
    const watch = (label: string, prefix: string, fieldSelector?: string) =>
      cache.add({
        prefix,
        fromRevision: revision,
        fields: fieldSelector ? parseFieldSelector(fieldSelector) : undefined,
        send: (ev) => seen.push(`${label} ${ev.type} ${ev.object.metadata!.name}`),
      });
    watch('ns1', '/registry/pods/ns1/');
    watch('node-a', '/registry/pods/', 'spec.nodeName=a');
    watch('all', '/registry/');
    watch('pods', '/registry/pods/');
    watch('one', '/registry/pods/ns1/web');
    watch('ns2', '/registry/pods/ns2/');
    watch('configmaps', '/registry/configmaps/');

    const pending = pod('ns1', 'web');
    cache.dispatch(put(pending));
    const bound = pod('ns1', 'web', 'a');
    cache.dispatch(put(bound, pending));
    cache.dispatch(put(pod('ns1', 'web', 'b'), bound));
    expect(seen).toEqual([
      'ns1 ADDED web',
      'all ADDED web',
      'pods ADDED web',
      'one ADDED web',
      'ns1 MODIFIED web',
      'node-a ADDED web',
      'all MODIFIED web',
      'pods MODIFIED web',
      'one MODIFIED web',
      'ns1 MODIFIED web',
      // No longer on node a: its kubelet's watch sees the pod go.
      'node-a DELETED web',
      'all MODIFIED web',
      'pods MODIFIED web',
      'one MODIFIED web',
    ]);
  });

  it('replays past changes from the key-values etcd keeps, decoded again, after older ones are dropped', () => {
    const etcd = new EtcdStore();
    const decoded: string[] = [];
    const cache = new WatchCache(3, (kv) => {
      decoded.push(`${kv.key.slice('/registry/'.length)}@${kv.modRevision}`);
      return JSON.parse(kv.value) as KubeObject;
    });
    const live = new Map<string, KubeObject>();
    const write = (key: string, object: KubeObject | undefined) => {
      const prev = live.get(key);
      const r = object ? etcd.put(key, JSON.stringify(object)) : etcd.delete(key);
      const kv = r.kv ?? { key, value: '', createRevision: 0, modRevision: r.revision, version: 0 };
      if (object) live.set(key, object);
      else live.delete(key);
      cache.dispatch({
        revision: r.revision,
        key,
        type: object ? 'PUT' : 'DELETE',
        object: object ?? prev!,
        prev,
        kv,
        prevKv: r.prevKv,
      });
    };
    const cm = (name: string, v: string): KubeObject =>
      ({ kind: 'ConfigMap', metadata: { namespace: 'ns1', name }, data: { v } }) as KubeObject;
    write('/registry/pods/ns1/a', pod('ns1', 'a', 'x')); // 2
    write('/registry/configmaps/ns1/c', cm('c', '1')); // 3
    write('/registry/pods/ns1/b', pod('ns1', 'b', 'x')); // 4
    write('/registry/configmaps/ns1/c', cm('c', '2')); // 5
    write('/registry/pods/ns1/a', pod('ns1', 'a', 'y')); // 6
    write('/registry/configmaps/ns1/c', cm('c', '3')); // 7
    write('/registry/pods/ns1/b', undefined); // 8
    write('/registry/configmaps/ns1/c', cm('c', '4')); // 9
    // Three events kept (7, 8, 9): a watch from before them is too old.
    expect(cache.add({ prefix: '/registry/pods/', fromRevision: 5, send: () => {} })).toEqual({
      tooOld: 6,
    });
    expect(decoded).toEqual([]);
    const seen: string[] = [];
    const watch = (label: string, prefix: string, fromRevision: number, fieldSelector?: string) =>
      cache.add({
        prefix,
        fromRevision,
        fields: fieldSelector ? parseFieldSelector(fieldSelector) : undefined,
        send: (ev, rev) => {
          const o = ev.object as KubeObject & { data?: { v: string } };
          seen.push(
            `${label} ${rev} ${ev.type} ${o.metadata!.name}${o.data ? ' ' + o.data.v : ''}`,
          );
        },
      });
    watch('all', '/registry/', 6);
    watch('pods', '/registry/pods/', 6);
    watch('x', '/registry/pods/', 6, 'spec.nodeName=x');
    watch('c', '/registry/configmaps/ns1/', 7);
    expect(seen).toEqual([
      'all 7 MODIFIED c 3',
      'all 8 DELETED b',
      'all 9 MODIFIED c 4',
      'pods 8 DELETED b',
      'x 8 DELETED b',
      'c 9 MODIFIED c 4',
    ]);
    // The deleted pod is decoded from the revision it replaced; nothing older was kept.
    expect(decoded).toContain('pods/ns1/b@4');
    expect(decoded.every((d) => Number(d.split('@')[1]) >= 4)).toBe(true);
    // More changes drop older events again; a new watch replays only what is kept.
    write('/registry/pods/ns1/a', pod('ns1', 'a', 'x')); // 10
    write('/registry/pods/ns1/d', pod('ns1', 'd', 'x')); // 11
    seen.length = 0;
    watch('x2', '/registry/pods/', 9, 'spec.nodeName=x');
    watch('all2', '/registry/', 9);
    watch('a', '/registry/pods/', 9, 'metadata.name=a');
    watch('d in ns2', '/registry/pods/ns2/', 9, 'metadata.name=d');
    watch('none', '/registry/pods/', 9, 'metadata.name=zz');
    expect(seen).toEqual([
      'x2 10 ADDED a',
      'x2 11 ADDED d',
      'all2 10 MODIFIED a',
      'all2 11 ADDED d',
      'a 10 MODIFIED a',
    ]);
    // A watch of one name replays that object's events also after older ones are dropped.
    write('/registry/pods/ns1/a', pod('ns1', 'a', 'y')); // 12
    write('/registry/configmaps/ns1/c', cm('c', '5')); // 13
    write('/registry/pods/ns1/d', pod('ns1', 'd', 'y')); // 14
    write('/registry/pods/ns1/a', undefined); // 15
    write('/registry/pods/ns2/a', pod('ns2', 'a', 'y')); // 16
    seen.length = 0;
    watch('a3', '/registry/pods/', 13, 'metadata.name=a');
    watch('a3 in ns2', '/registry/pods/ns2/', 13, 'metadata.name=a');
    watch('d3', '/registry/pods/', 13, 'metadata.name=d');
    expect(seen).toEqual([
      'a3 15 DELETED a',
      'a3 16 ADDED a',
      'a3 in ns2 16 ADDED a',
      'd3 14 MODIFIED d',
    ]);
  });
});
