/**
 * The texts the ResourceQuota and LimitRanger admission plugins refuse with, as kube-apiserver
 * words them (k/k: plugin/pkg/admission/limitranger/admission.go, apiserver/pkg/admission/plugin/
 * resourcequota/controller.go), and what LimitRanger fills in.
 */
import { describe, expect, it } from 'vitest';
import { resourceForPlural } from '../../api/resources';
import type { KubeObject, Pod } from '../../api/types';
import type { AdmissionLookups, Attributes } from './interfaces';
import { limitRangerAdmit, limitRangerValidate } from './limitRanger';
import { resourceQuota } from './resourceQuota';

const pods = resourceForPlural('pods')!;
const pvcs = resourceForPlural('persistentvolumeclaims')!;

function lookups(policies: KubeObject[], stored: KubeObject[] = []): AdmissionLookups {
  return {
    namespace: () => undefined,
    serviceAccount: () => undefined,
    resourceQuotas: () => policies.filter((p) => p.kind === 'ResourceQuota'),
    limitRanges: () => policies.filter((p) => p.kind === 'LimitRange'),
    objectsIn: (info) => stored.filter((o) => o.kind === info.kind),
    object: () => undefined,
    now: () => 0,
  };
}

const quota = (hard: Record<string, string>): KubeObject => ({
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'ns' },
  spec: { hard },
});
const limitRange = (limits: unknown[]): KubeObject => ({
  kind: 'LimitRange',
  metadata: { name: 'lr', namespace: 'ns' },
  spec: { limits },
});
const pod = (name: string, resources: object, phase?: string): Pod => ({
  kind: 'Pod',
  metadata: { name, namespace: 'ns' },
  spec: { containers: [{ name: 'app', image: 'nginx', resources }] },
  ...(phase ? { status: { phase } } : {}),
});
const attrs = (object: KubeObject, resource = pods): Attributes => ({
  operation: 'CREATE',
  resource,
  namespace: 'ns',
  name: object.metadata!.name!,
  object,
});

describe('ResourceQuota admission', () => {
  it('refuses what would exceed hard, naming requested, used and limited', () => {
    const stored = [pod('a', { requests: { memory: '600Mi', cpu: '400m' } })];
    const plugin = resourceQuota(lookups([quota({ 'requests.memory': '1Gi', pods: '5' })], stored));
    const r = plugin.validate(attrs(pod('b', { requests: { memory: '700Mi', cpu: '400m' } })));
    expect(r?.message).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
    );
    expect(r?.code).toBe(403);
  });

  it('does not count pods that finished', () => {
    const stored = [pod('done', {}, 'Succeeded'), pod('failed', {}, 'Failed')];
    const plugin = resourceQuota(lookups([quota({ pods: '1' })], stored));
    expect(plugin.validate(attrs(pod('b', {})))).toBeUndefined();
  });

  it('charges an admitted pod until it is stored, so two creates in flight cannot both pass', () => {
    const plugin = resourceQuota(lookups([quota({ pods: '1' })]));
    expect(plugin.validate(attrs(pod('a', {})))).toBeUndefined();
    expect(plugin.validate(attrs(pod('b', {})))?.message).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  it('asks every container for the cpu and memory a quota limits', () => {
    const plugin = resourceQuota(
      lookups([quota({ 'limits.cpu': '2', 'requests.memory': '1Gi', pods: '3' })]),
    );
    const p = pod('web', { requests: { memory: '100Mi' } });
    p.spec!.containers.push({ name: 'sidecar', image: 'busybox' });
    expect(plugin.validate(attrs(p))?.message).toBe(
      'pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: app,sidecar; requests.memory for: sidecar',
    );
  });

  it('counts claims and their storage', () => {
    const claim = (name: string, storage: string): KubeObject => ({
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'ns' },
      spec: { resources: { requests: { storage } } },
    });
    const plugin = resourceQuota(
      lookups([quota({ 'requests.storage': '5Gi' })], [claim('a', '3Gi')]),
    );
    expect(plugin.validate(attrs(claim('b', '4Gi'), pvcs))?.message).toBe(
      'persistentvolumeclaims "b" is forbidden: exceeded quota: compute, requested: requests.storage=4Gi, used: requests.storage=3Gi, limited: requests.storage=5Gi',
    );
  });
});

describe('LimitRanger admission', () => {
  it('fills in default requests and limits, and says so in an annotation', () => {
    const lr = limitRange([
      { type: 'Container', default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } },
    ]);
    const p = pod('web', { limits: { memory: '1Gi' }, requests: { memory: '1Gi' } });
    p.spec!.containers.push({ name: 'bare', image: 'nginx' });
    limitRangerAdmit(lookups([lr])).admit(attrs(p));
    expect(p.spec!.containers.map((c) => c.resources)).toEqual([
      { limits: { memory: '1Gi' }, requests: { memory: '1Gi' } },
      { limits: { memory: '512Mi' }, requests: { memory: '256Mi' } },
    ]);
    expect(p.metadata!.annotations!['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: memory request for container bare; memory limit for container bare',
    );
  });

  it('refuses a container outside min and max, with the quantities as kube-apiserver prints them', () => {
    const v = limitRangerValidate(
      lookups([limitRange([{ type: 'Container', max: { cpu: '800m' }, min: { cpu: '200m' } }])]),
    );
    expect(
      v.validate(attrs(pod('a', { limits: { cpu: '1.5' }, requests: { cpu: '500m' } })))?.message,
    ).toBe('pods "a" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m');
    expect(
      v.validate(attrs(pod('b', { limits: { cpu: '800m' }, requests: { cpu: '100m' } })))?.message,
    ).toBe('pods "b" is forbidden: minimum cpu usage per Container is 200m, but request is 100m');
    expect(v.validate(attrs(pod('c', {})))?.message).toBe(
      'pods "c" is forbidden: [minimum cpu usage per Container is 200m.  No request is specified, maximum cpu usage per Container is 800m.  No limit is specified]',
    );
  });

  it('checks the limit to request ratio and a claim’s storage', () => {
    const v = limitRangerValidate(
      lookups([
        limitRange([
          { type: 'Container', maxLimitRequestRatio: { memory: '2' } },
          { type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1Gi' } },
        ]),
      ]),
    );
    expect(
      v.validate(attrs(pod('a', { limits: { memory: '1Gi' }, requests: { memory: '256Mi' } })))
        ?.message,
    ).toBe(
      'pods "a" is forbidden: memory max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    );
    const claim: KubeObject = {
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'big', namespace: 'ns' },
      spec: { resources: { requests: { storage: '5Gi' } } },
    };
    expect(v.validate(attrs(claim, pvcs))?.message).toBe(
      'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
    );
  });
});
