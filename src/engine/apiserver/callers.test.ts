import { describe, expect, it } from 'vitest';
import { Callers } from './callers';
import type { ApiRequest } from './types';

describe('Callers', () => {
  it('says who may do what for each kind of request, one text per kind, whatever the order', () => {
    const kubelet = new Callers().of('kubelet@worker-1');
    expect(kubelet.authentication.text).toBe('authentication: authenticated system:node:worker-1');
    const kinds: Pick<ApiRequest, 'verb' | 'resource' | 'subresource'>[] = [
      { verb: 'patch', resource: 'pods', subresource: 'status' },
      { verb: 'patch', resource: 'pods' },
      { verb: 'create', resource: 'events' },
      { verb: 'update', resource: 'leases' },
      { verb: 'patch', resource: 'nodes', subresource: 'status' },
      { verb: 'get', resource: 'nodes' },
      { verb: 'create', resource: 'pods', subresource: 'eviction' },
    ];
    const first = kinds.map((k) => kubelet.authorization(k as ApiRequest));
    expect(first.map((t) => t.text)).toEqual([
      'authorization: system:node:worker-1 may patch pods/status (Node,RBAC)',
      'authorization: system:node:worker-1 may patch pods (Node,RBAC)',
      'authorization: system:node:worker-1 may create events (Node,RBAC)',
      'authorization: system:node:worker-1 may update leases (Node,RBAC)',
      'authorization: system:node:worker-1 may patch nodes/status (Node,RBAC)',
      'authorization: system:node:worker-1 may get nodes (Node,RBAC)',
      'authorization: system:node:worker-1 may create pods/eviction (Node,RBAC)',
    ]);
    expect(first.every((t) => t.name === 'authorization')).toBe(true);
    // Asked again in another order, each kind gets the text it got (made once, not per request).
    for (const i of [3, 0, 6, 6, 1, 5, 2, 4, 0])
      expect(kubelet.authorization({ ...kinds[i] } as ApiRequest)).toBe(first[i]);
  });

  it('keeps one caller per component', () => {
    const callers = new Callers();
    expect(callers.of('kube-scheduler')).toBe(callers.of('kube-scheduler'));
    expect(callers.of('kube-scheduler').user.username).toBe('system:kube-scheduler');
    expect(callers.of('kubelet@worker-2')).not.toBe(callers.of('kubelet@worker-1'));
  });
});
