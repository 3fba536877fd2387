import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { shareRepeatedParts, shareUnchanged } from './intern';
import { deepFreeze } from '../patch';

const pod = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'web', 'pod-template-hash': 'abc' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u' }],
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m' } } }],
      securityContext: {},
    },
  }) as KubeObject;

describe('shareRepeatedParts', () => {
  it('gives pods of one template the same frozen labels, owners and resources, same JSON', () => {
    const a = pod('web-abc-1');
    const b = pod('web-abc-2');
    const before = JSON.stringify(b);
    shareRepeatedParts(a);
    shareRepeatedParts(b);
    expect(JSON.stringify(b)).toBe(before);
    expect(b.metadata!.labels).toBe(a.metadata!.labels);
    expect(b.metadata!.ownerReferences).toBe(a.metadata!.ownerReferences);
    const res = (p: KubeObject) =>
      (p.spec as { containers: { resources: unknown }[] }).containers[0];
    expect(res(b).resources).toBe(res(a).resources);
    expect(Object.isFrozen(a.metadata!.labels)).toBe(true);
    // The rest of the pod stays its own.
    expect(res(b)).not.toBe(res(a));
    expect(Object.isFrozen(b.metadata)).toBe(false);
  });

  it('keeps parts whose JSON differs, or that JSON would not give back, apart', () => {
    const a = pod('x');
    const b = pod('y');
    b.metadata!.labels = { app: 'other' };
    const odd = pod('z');
    odd.metadata!.labels = { app: undefined } as unknown as Record<string, string>;
    for (const p of [a, b, odd]) shareRepeatedParts(p);
    expect(b.metadata!.labels).not.toBe(a.metadata!.labels);
    expect(Object.isFrozen(odd.metadata!.labels)).toBe(false);
  });

  it('tells a part equal to a recent one from one that only looks alike', () => {
    const a = pod('r1');
    shareRepeatedParts(a);
    const shared = a.metadata!.labels;
    // Equal (same keys, same order): the recent shared value, without its JSON made again.
    const same = pod('r2');
    shareRepeatedParts(same);
    expect(same.metadata!.labels).toBe(shared);
    // Other key order, an extra undefined key, -0 for 0: not the same JSON, or not exact.
    const reordered = pod('r3');
    reordered.metadata!.labels = { 'pod-template-hash': 'abc', app: 'web' };
    const extra = pod('r4');
    extra.metadata!.labels = { app: 'web', 'pod-template-hash': 'abc', x: undefined } as never;
    const zero = pod('r5');
    const negative = pod('r6');
    const res = (p: KubeObject) =>
      (p.spec as { containers: { resources: unknown }[] }).containers[0];
    res(zero).resources = { limits: { n: 0 } };
    res(negative).resources = { limits: { n: -0 } };
    for (const p of [reordered, extra, zero, negative]) shareRepeatedParts(p);
    expect(reordered.metadata!.labels).not.toBe(shared);
    expect(Object.keys(reordered.metadata!.labels!)).toEqual(['pod-template-hash', 'app']);
    expect(extra.metadata!.labels).not.toBe(shared);
    expect(Object.isFrozen(extra.metadata!.labels)).toBe(false);
    expect(res(negative).resources).not.toBe(res(zero).resources);
    expect(Object.isFrozen(res(negative).resources)).toBe(false);
  });
});

describe('shareRepeatedParts of Events', () => {
  const event = (name: string, pod: string, node: string): KubeObject =>
    ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: pod, uid: `uid-${pod}` },
      source: { component: 'kubelet', host: node },
      reason: 'Pulled',
    }) as KubeObject;
  type Parts = { involvedObject: object; source: object };
  const parts = (e: KubeObject) => e as unknown as Parts;

  it('shares the involved object and source of recent Events, same JSON', () => {
    const a = event('e1', 'web-1', 'node-1');
    const b = event('e2', 'web-1', 'node-1');
    const other = event('e3', 'web-2', 'node-2');
    const before = JSON.stringify(b);
    for (const e of [a, other, b]) shareRepeatedParts(e);
    expect(JSON.stringify(b)).toBe(before);
    expect(parts(b).involvedObject).toBe(parts(a).involvedObject);
    expect(parts(b).source).toBe(parts(a).source);
    expect(parts(other).involvedObject).not.toBe(parts(a).involvedObject);
    expect(Object.isFrozen(parts(a).involvedObject)).toBe(true);
  });
});

describe('shareRepeatedParts of Events from many nodes', () => {
  const event = (pod: string, node: string, rv: string, fieldPath?: string): KubeObject =>
    ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${pod}.${rv}`, namespace: 'default' },
      involvedObject: {
        kind: 'Pod',
        namespace: 'default',
        name: pod,
        uid: `uid-${pod}`,
        apiVersion: 'v1',
        resourceVersion: rv,
        ...(fieldPath ? { fieldPath } : {}),
      },
      source: { component: 'kubelet', host: node },
    }) as KubeObject;
  type Parts = { involvedObject: object; source: object };
  const parts = (e: KubeObject) => e as unknown as Parts;

  it('gives every Event of a node one source, and of a pod’s container one involved object', () => {
    // 300 nodes' kubelets, each starting a pod: their Events interleave.
    const round = (reason: string) =>
      Array.from({ length: 300 }, (_, i) => {
        const e = event(`web-${i}`, `node-${i}`, '7', 'spec.containers{app}');
        (e as { reason?: string }).reason = reason;
        shareRepeatedParts(e);
        return e;
      });
    const pulled = round('Pulled');
    const started = round('Started');
    for (let i = 0; i < 300; i++) {
      expect(parts(started[i]).source).toBe(parts(pulled[i]).source);
      expect(parts(started[i]).involvedObject).toBe(parts(pulled[i]).involvedObject);
    }
    expect(parts(pulled[1]).source).not.toBe(parts(pulled[0]).source);
    expect(Object.isFrozen(parts(pulled[0]).source)).toBe(true);
  });

  it('keeps apart involved objects at another resourceVersion, field path or key order', () => {
    const a = event('api-1', 'node-1', '10', 'spec.containers{app}');
    const olderRv = event('api-1', 'node-1', '9', 'spec.containers{app}');
    const otherField = event('api-1', 'node-1', '10', 'spec.containers{sidecar}');
    const reordered = event('api-1', 'node-1', '10', 'spec.containers{app}');
    const io = parts(reordered).involvedObject as Record<string, unknown>;
    const { uid, ...rest } = io;
    (reordered as unknown as { involvedObject: object }).involvedObject = { uid, ...rest };
    const before = [a, olderRv, otherField, reordered].map((e) => JSON.stringify(e));
    for (const e of [a, olderRv, otherField, reordered]) shareRepeatedParts(e);
    expect([a, olderRv, otherField, reordered].map((e) => JSON.stringify(e))).toEqual(before);
    const io0 = parts(a).involvedObject;
    expect(parts(olderRv).involvedObject).not.toBe(io0);
    expect(parts(otherField).involvedObject).not.toBe(io0);
    expect(parts(reordered).involvedObject).not.toBe(io0);
    // The same again after the reordered one took the key: still its own JSON.
    const again = event('api-1', 'node-1', '10', 'spec.containers{app}');
    shareRepeatedParts(again);
    expect(JSON.stringify(parts(again).involvedObject)).toBe(JSON.stringify(io0));
  });
});

describe('shareRepeatedParts of status', () => {
  const running = (name: string, node: string, ip: string, id: string): KubeObject =>
    ({
      ...pod(name),
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: 't1' },
          {
            type: 'Ready',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: 't1',
            reason: 'ContainersNotReady',
            message: 'containers with unready status: [app]',
          },
        ],
        hostIP: node,
        hostIPs: [{ ip: node }],
        podIP: ip,
        podIPs: [{ ip }],
        containerStatuses: [
          {
            containerID: `containerd://${id}`,
            lastState: {},
            name: 'app',
            ready: true,
            state: { running: { startedAt: 't1' } },
          },
        ],
      },
    }) as KubeObject;
  type Status = {
    conditions: object[];
    hostIPs: object[];
    podIPs: object[];
    containerStatuses: { state: object; lastState: object }[];
  };
  const status = (p: KubeObject) => (p as unknown as { status: Status }).status;

  it('shares the conditions, host IPs and container states of pods, not their own IPs', () => {
    const a = running('web-1', '10.0.0.1', '10.244.0.1', 'aaa');
    const b = running('web-2', '10.0.0.1', '10.244.0.2', 'bbb');
    const before = JSON.stringify(b);
    shareRepeatedParts(a);
    shareRepeatedParts(b);
    expect(JSON.stringify(b)).toBe(before);
    expect(status(b).conditions).toBe(status(a).conditions);
    expect(status(b).hostIPs).toBe(status(a).hostIPs);
    expect(status(b).podIPs).not.toBe(status(a).podIPs);
    const [ca, cb] = [status(a).containerStatuses[0], status(b).containerStatuses[0]];
    expect(cb).not.toBe(ca);
    expect(cb.state).toBe(ca.state);
    expect(cb.lastState).toBe(ca.lastState);
    expect(Object.isFrozen(status(a).conditions[1])).toBe(true);
    // The status itself stays the pod's own, open like the rest of the object until stored.
    expect(Object.isFrozen(status(b))).toBe(false);
  });

  it('shares the equal conditions a status write changes (shareUnchanged), same JSON', () => {
    const other = running('web-3', '10.0.0.2', '10.244.0.3', 'ccc');
    shareRepeatedParts(other);
    const live = deepFreeze(running('web-4', '10.0.0.2', '10.244.0.4', 'ddd'));
    const next = running('web-4', '10.0.0.2', '10.244.0.4', 'ddd');
    status(next).conditions.reverse();
    const reordered = running('web-5', '10.0.0.2', '10.244.0.5', 'eee');
    status(reordered).conditions.reverse();
    shareRepeatedParts(reordered);
    const before = JSON.stringify(next);
    shareUnchanged(next, live);
    expect(JSON.stringify(next)).toBe(before);
    // Not the live pod's (another order), but the other pod's with the same order.
    expect(status(next).conditions).not.toBe(status(live).conditions);
    expect(status(next).conditions).toBe(status(reordered).conditions);
    expect(status(next).conditions[0]).toBe(status(other).conditions[1]);
  });

  it('never shares parts whose JSON differs, or that JSON would not give back', () => {
    // Keyed alike by their leaves (a string holding the key's separator), not the same JSON.
    const a = running('odd-1', '10.0.0.3', '10.244.0.6', 'fff');
    (status(a).conditions as object[]) = [{ type: 'x\0b\0sy' }];
    const b = running('odd-2', '10.0.0.3', '10.244.0.7', 'ggg');
    (status(b).conditions as object[]) = [{ type: 'x', b: 'y' }];
    const c = running('odd-3', '10.0.0.3', '10.244.0.8', 'hhh');
    (status(c).conditions as object[]) = [{ type: 'x', b: 'y', n: -0 }];
    const d = running('odd-4', '10.0.0.3', '10.244.0.9', 'iii');
    (status(d).conditions as object[]) = [{ type: 'x', b: 'y', n: 0 }];
    // The same leaves under other keys.
    const e = running('odd-5', '10.0.0.3', '10.244.0.10', 'jjj');
    (status(e).conditions as object[]) = [{ name: 'x', b: 'y' }];
    const texts = [a, b, c, d, e].map((p) => JSON.stringify(p));
    for (const p of [a, b, c, d, e]) shareRepeatedParts(p);
    expect([a, b, c, d, e].map((p) => JSON.stringify(p))).toEqual(texts);
    expect(status(b).conditions).not.toBe(status(a).conditions);
    expect(status(e).conditions).not.toBe(status(b).conditions);
    expect(status(e).conditions[0]).not.toBe(status(b).conditions[0]);
    expect(status(c).conditions[0]).not.toBe(status(d).conditions[0]);
    expect(Object.isFrozen(status(c).conditions)).toBe(false);
  });

  it('shares the container statuses of pods whose containers are all waiting, and commands', () => {
    const creating = (name: string, image: string) =>
      ({
        ...pod(name),
        spec: { containers: [{ name: 'app', image, command: ['sleep', '3600'] }] },
        status: {
          phase: 'Pending',
          hostIP: '10.0.0.9',
          containerStatuses: [
            {
              image,
              imageID: '',
              lastState: {},
              name: 'app',
              ready: false,
              restartCount: 0,
              started: false,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        },
      }) as KubeObject;
    const [a, b, other] = [
      creating('c-1', 'busybox:1.36'),
      creating('c-2', 'busybox:1.36'),
      creating('c-3', 'nginx:1.27'),
    ];
    const before = JSON.stringify(b);
    for (const p of [a, other, b]) shareRepeatedParts(p);
    expect(JSON.stringify(b)).toBe(before);
    const list = (p: KubeObject) => p as unknown as { status: { containerStatuses: object[] } };
    expect(list(b).status.containerStatuses).toBe(list(a).status.containerStatuses);
    expect(list(other).status.containerStatuses).not.toBe(list(a).status.containerStatuses);
    const command = (p: KubeObject) =>
      (p.spec as { containers: { command: string[] }[] }).containers[0].command;
    expect(command(b)).toBe(command(a));
    expect(command(other)).toBe(command(a));
    expect(Object.isFrozen(command(a))).toBe(true);
  });

  it('shares the capacity, images and conditions of nodes, not their addresses', () => {
    const node = (name: string, ip: string, heartbeat: string) =>
      ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name },
        status: {
          capacity: { cpu: '8', memory: '32Gi', pods: '110' },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              lastHeartbeatTime: heartbeat,
              lastTransitionTime: 't0',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            },
          ],
          addresses: [{ type: 'InternalIP', address: ip }],
          images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 1000 }],
        },
      }) as KubeObject;
    type NodeStatus = Record<'capacity' | 'conditions' | 'addresses' | 'images', object>;
    const st = (n: KubeObject) => (n as unknown as { status: NodeStatus }).status;
    const [a, b] = [node('n-1', '10.0.0.1', 't5'), node('n-2', '10.0.0.2', 't5')];
    const later = node('n-3', '10.0.0.3', 't6');
    const before = JSON.stringify(b);
    for (const n of [a, b, later]) shareRepeatedParts(n);
    expect(JSON.stringify(b)).toBe(before);
    expect(st(b).capacity).toBe(st(a).capacity);
    expect(st(b).images).toBe(st(a).images);
    expect(st(b).conditions).toBe(st(a).conditions);
    expect(st(later).conditions).not.toBe(st(a).conditions);
    expect(st(later).images).toBe(st(a).images);
    expect(st(b).addresses).not.toBe(st(a).addresses);
    expect(Object.isFrozen(st(b).addresses)).toBe(false);
  });

  it('shares a Pending pod’s status whole, and a ReplicaSet’s', () => {
    const pending = (name: string) =>
      ({ ...pod(name), status: { phase: 'Pending', qosClass: 'Burstable' } }) as KubeObject;
    const [a, b] = [pending('p-1'), pending('p-2')];
    shareRepeatedParts(a);
    shareRepeatedParts(b);
    expect(status(b)).toBe(status(a));
    const rs = (name: string, ready: number) =>
      ({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name },
        status: { replicas: 3, readyReplicas: ready, observedGeneration: 1 },
      }) as KubeObject;
    const [r1, r2] = [rs('r-1', 3), rs('r-2', 3)];
    shareRepeatedParts(r1);
    // A status write of the second (2 of 3 ready before).
    shareUnchanged(r2, deepFreeze(rs('r-2', 2)));
    expect(status(r2)).toBe(status(r1));
  });
});

describe('shareUnchanged', () => {
  const withStatus = (ready: string, time: string): KubeObject =>
    ({
      ...pod('web-abc-1'),
      status: {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: 't0' },
          { type: 'Ready', status: ready, lastTransitionTime: time },
        ],
        containerStatuses: [{ name: 'app', ready: ready === 'True', restartCount: 0 }],
      },
    }) as KubeObject;
  type Status = { conditions: object[]; containerStatuses: object[] };
  const status = (p: KubeObject) => (p as unknown as { status: Status }).status;

  it('reuses the live revision’s unchanged parts, keeps the changed ones, same JSON', () => {
    const live = deepFreeze(withStatus('False', 't0'));
    const next = withStatus('True', 't1');
    const before = JSON.stringify(next);
    shareUnchanged(next, live);
    expect(JSON.stringify(next)).toBe(before);
    expect(status(next).conditions[0]).toBe(status(live).conditions[0]);
    expect(status(next).conditions[1]).not.toBe(status(live).conditions[1]);
    expect(status(next).containerStatuses).not.toBe(status(live).containerStatuses);
    expect(next.metadata!.ownerReferences).toBe(live.metadata!.ownerReferences);
    expect(next.metadata).not.toBe(live.metadata);
    expect(Object.isFrozen(next.metadata)).toBe(false);
  });

  it('does not share a part whose keys come in another order (its JSON would differ)', () => {
    const live = deepFreeze(withStatus('True', 't0'));
    const next = withStatus('True', 't0');
    status(next).conditions[0] = { status: 'True', type: 'PodScheduled', lastTransitionTime: 't0' };
    const before = JSON.stringify(next);
    shareUnchanged(next, live);
    expect(JSON.stringify(next)).toBe(before);
    expect(status(next).conditions[0]).not.toBe(status(live).conditions[0]);
    expect(status(next).containerStatuses).toBe(status(live).containerStatuses);
  });
});
