import { describe, it, expect } from 'vitest';
import type { Event, KubeObject, Node, Service } from '../api/types';
import { Cluster } from '../cluster';
import { cloudState, deleteVM } from './index';

function objects(c: Cluster): KubeObject[] {
  return c.etcdStore.range('/registry/').kvs.map((kv) => JSON.parse(kv.value) as KubeObject);
}
const nodes = (c: Cluster) => objects(c).filter((o) => o.kind === 'Node') as Node[];
const events = (c: Cluster, reason: string) =>
  (objects(c).filter((o) => o.kind === 'Event') as Event[]).filter((e) => e.reason === reason);

describe('cloud-controller-manager', () => {
  it('initializes nodes from their VMs and routes each pod CIDR', () => {
    const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 5 }).start();
    c.clock.advance(2_000);
    const zones = nodes(c).map((n) => n.metadata!.labels!['topology.kubernetes.io/zone']);
    expect(new Set(zones)).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    const w1 = nodes(c).find((n) => n.metadata!.name === 'worker-1')!;
    expect(w1.metadata!.labels).toMatchObject({
      'topology.kubernetes.io/region': 'us-east-1',
      'failure-domain.beta.kubernetes.io/region': 'us-east-1',
      'node.kubernetes.io/instance-type': 'c5.xlarge',
      'beta.kubernetes.io/instance-type': 'c5.xlarge',
    });
    expect(w1.spec!.providerID).toMatch(/^aws:\/\/\/us-east-1[abc]\/i-0[0-9a-f]{16}$/);
    expect(w1.status!.addresses!.map((a) => a.type)).toEqual([
      'InternalIP',
      'ExternalIP',
      'InternalDNS',
      'ExternalDNS',
      'Hostname',
    ]);
    expect(w1.status!.addresses!.find((a) => a.type === 'InternalDNS')!.address).toBe(
      'ip-10-0-0-11.ec2.internal',
    );
    expect(w1.status!.conditions!.find((x) => x.type === 'NetworkUnavailable')).toMatchObject({
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
    });
    const routes = cloudState(c).routes;
    expect(routes.map((r) => `${r.targetNode} ${r.destinationCIDR}`).sort()).toEqual([
      'control-plane 10.244.0.0/24',
      'worker-1 10.244.1.0/24',
      'worker-2 10.244.2.0/24',
      'worker-3 10.244.3.0/24',
    ]);
  });

  it('gives a LoadBalancer Service its ELB hostname after provisioning, and removes it with the Service', () => {
    const c = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 5 }).start();
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    expect(
      c.requestSync({ verb: 'create', resource: 'services', namespace: 'default', body }).code,
    ).toBe(201);
    const svc = () =>
      objects(c).find((o) => o.kind === 'Service' && o.metadata?.name === 'web') as
        Service | undefined;
    c.clock.advance(1_000);
    // Pending: no ingress yet, but the cleanup finalizer and the first event are there.
    expect(svc()!.status?.loadBalancer?.ingress).toBeUndefined();
    expect(svc()!.metadata!.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    expect(events(c, 'EnsuringLoadBalancer')[0].message).toBe('Ensuring load balancer');
    c.clock.advance(15_000);
    const hostname = svc()!.status!.loadBalancer!.ingress![0].hostname!;
    expect(hostname).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(events(c, 'EnsuredLoadBalancer')[0].source?.component).toBe('service-controller');
    expect(cloudState(c).loadBalancers.map((lb) => [lb.hostname, lb.hosts])).toEqual([
      [hostname, ['worker-1', 'worker-2']],
    ]);

    expect(
      c.requestSync({ verb: 'delete', resource: 'services', namespace: 'default', name: 'web' })
        .code,
    ).toBe(200);
    c.clock.advance(5_000);
    expect(svc()).toBeUndefined();
    expect(cloudState(c).loadBalancers).toEqual([]);
    expect(events(c, 'DeletedLoadBalancer')).toHaveLength(1);
  });

  it('deletes the Node once its VM is gone and the node stops reporting', () => {
    const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 5 }).start();
    expect(deleteVM(c, 'worker-3')).toMatch(/^deleteVM worker-3 \(i-0[0-9a-f]{16}, us-east-1a\)$/);
    expect(c.nodes.find((n) => n.name === 'worker-3')!.kubelet.running).toBe(false);
    c.clock.advance(30_000);
    expect(nodes(c).some((n) => n.metadata!.name === 'worker-3')).toBe(true);
    c.clock.advance(30_000);
    expect(nodes(c).some((n) => n.metadata!.name === 'worker-3')).toBe(false);
    const deleting = events(c, 'DeletingNode');
    expect(deleting.map((e) => e.message)).toEqual([
      'Deleting node worker-3 because it does not exist in the cloud provider',
    ]);
    expect(deleting[0].source?.component).toBe('cloud-node-lifecycle-controller');
    expect(() => deleteVM(c, 'worker-3')).toThrow('no running VM "worker-3" in the cloud');
    expect(cloudState(c).vms.find((v) => v.name === 'worker-3')!.state).toBe('terminated');
  });
});
