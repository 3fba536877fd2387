import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../api/types';
import type { PersistentVolume } from '../../api/storageTypes';
import { Cluster } from '../../cluster';
import { applySync, kubectlSync, storedObjects } from '../../scenario/runner';

const pod = (c: Cluster, name: string) =>
  storedObjects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === name) as Pod | undefined;
const events = (c: Cluster, name: string) =>
  (storedObjects(c).filter((o) => o.kind === 'Event') as Event[]).filter(
    (e) => e.involvedObject.name === name,
  );

function exec(c: Cluster, name: string, argv: string[]) {
  const p = pod(c, name)!;
  const node = c.nodes.find((n) => n.name === p.spec!.nodeName)!;
  const id = p.status!.containerStatuses![0].containerID!.replace(/^[a-z-]+:\/\//, '');
  return node.runtime.exec(id, argv, 5000);
}

const podUsing = (name: string, claim: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claim}}
`;

const claim = (name: string, cls = '') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  ${cls ? `storageClassName: ${cls}` : ''}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`;

describe('VolumeBinding', () => {
  const c = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 21 }).start();

  it('keeps a pod whose claim does not exist Pending, with the real FailedScheduling text', () => {
    applySync(c, podUsing('orphan', 'missing'), 'p.yaml');
    c.clock.advance(5_000);
    expect(pod(c, 'orphan')!.spec!.nodeName).toBeUndefined();
    const ev = events(c, 'orphan').find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(
      '0/3 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('says an unbound claim of an Immediate class must be bound first', () => {
    applySync(c, claim('manual-claim', 'manual'), 'c.yaml');
    applySync(c, podUsing('waits', 'manual-claim'), 'p.yaml');
    c.clock.advance(5_000);
    const ev = events(c, 'waits').find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('leaves a claim of the default class Pending until its first consumer', () => {
    applySync(c, claim('data'), 'c.yaml');
    c.clock.advance(5_000);
    expect(kubectlSync(c, 'get pvc data').stdout).toMatch(
      /^data {3}Pending {38}standard {7}<unset> {17}5s\n$/m,
    );
    expect(events(c, 'data').map((e) => e.reason)).toContain('WaitForFirstConsumer');
  });

  it('provisions a local-path volume on the chosen node, then runs the pod', () => {
    applySync(c, podUsing('user', 'data'), 'p.yaml');
    c.clock.advance(60_000);
    const p = pod(c, 'user')!;
    expect(p.status!.phase).toBe('Running');
    const pv = storedObjects(c).find((o) => o.kind === 'PersistentVolume') as PersistentVolume;
    expect(pv.spec!.hostPath!.path).toMatch(
      /^\/var\/local-path-provisioner\/pvc-[0-9a-f-]+_default_data$/,
    );
    expect(
      pv.spec!.nodeAffinity!.required!.nodeSelectorTerms[0].matchExpressions![0].values,
    ).toEqual([p.spec!.nodeName]);
    expect(kubectlSync(c, 'get pvc data').stdout).toMatch(
      /^data {3}Bound {4}pvc-\S+ {3}1Gi {8}RWO {12}standard /m,
    );
    const reasons = events(c, 'data').map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']),
    );
  });

  it('keeps the data for the next pod, which goes to the volume’s node', () => {
    exec(c, 'user', ['sh', '-c', 'echo survived > /data/file']);
    const first = pod(c, 'user')!.spec!.nodeName;
    kubectlSync(c, 'delete pod user');
    c.clock.advance(40_000);
    applySync(c, podUsing('user2', 'data'), 'p.yaml');
    c.clock.advance(60_000);
    expect(pod(c, 'user2')!.spec!.nodeName).toBe(first);
    expect(exec(c, 'user2', ['cat', '/data/file']).output).toBe('survived\n');
  });

  it('deletes the provisioned volume once its claim is gone (reclaim policy Delete)', () => {
    kubectlSync(c, 'delete pod user2');
    c.clock.advance(40_000);
    kubectlSync(c, 'delete pvc data');
    c.clock.advance(10_000);
    expect(storedObjects(c).some((o) => o.kind === 'PersistentVolume')).toBe(false);
  });
});
