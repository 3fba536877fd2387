import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../api/fieldselectors';
import type { KubeObject } from '../api/types';
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
});
