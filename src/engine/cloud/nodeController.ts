import type { Node } from '../api/types';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from '../controllers/controller';
import type { SimulatedCloud } from './cloud';

/** k/k: staging/src/k8s.io/api/core/v1/well_known_labels.go. */
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_INSTANCE_TYPE_BETA = 'beta.kubernetes.io/instance-type';
/** The taint a kubelet with --cloud-provider=external registers with, removed once initialized. */
const TAINT_UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
/** cloud-controller-manager --node-monitor-period (default 5 s). */
const NODE_MONITOR_PERIOD_MS = 5_000;
const MONITOR_KEY = '(monitorNodes)';

type NodeAddress = NonNullable<NonNullable<Node['status']>['addresses']>[number];

/**
 * The cloud node controller (k/k: staging/src/k8s.io/cloud-provider/controllers/node): initializes
 * each Node from its VM — region, zone and instance-type labels (and their beta twins),
 * `spec.providerID`, and the addresses the cloud knows (ExternalIP, InternalDNS, ExternalDNS).
 */
export class CloudNodeController extends Controller {
  private nodes!: Informer<Node>;

  constructor(
    manager: Component,
    private readonly cloud: SimulatedCloud,
  ) {
    super(manager, 'cloud-node', 'cloud-node-controller');
  }

  setup(): void {
    this.nodes = this.informers.informer<Node>('nodes');
    this.nodes.on({ add: (n) => this.enqueue(n), update: (_o, n) => this.enqueue(n) });
  }

  reconcile(name: string): void {
    if (!this.synced(this.nodes)) return this.queue.addAfter(name, 100);
    const node = this.nodes.get(name);
    const vm = this.cloud.instance(name);
    if (!node || !vm) return;
    const want: Record<string, string> = {
      [LABEL_INSTANCE_TYPE_BETA]: vm.instanceType,
      [LABEL_REGION_BETA]: vm.region,
      [LABEL_ZONE_BETA]: vm.zone,
      [LABEL_INSTANCE_TYPE]: vm.instanceType,
      [LABEL_REGION]: vm.region,
      [LABEL_ZONE]: vm.zone,
    };
    const labels = node.metadata?.labels ?? {};
    const needsLabels = Object.entries(want).some(([k, v]) => labels[k] !== v);
    const taints = node.spec?.taints ?? [];
    const uninitialized = taints.some((t) => t.key === TAINT_UNINITIALIZED);
    if (needsLabels || !node.spec?.providerID || uninitialized) {
      const patch: { metadata: unknown; spec: Record<string, unknown> } = {
        metadata: { labels: want },
        spec: {},
      };
      if (!node.spec?.providerID) patch.spec.providerID = vm.providerID;
      if (uninitialized) {
        const rest = taints.filter((t) => t.key !== TAINT_UNINITIALIZED);
        patch.spec.taints = rest.length ? rest : null;
      }
      this.client.patch(
        'nodes',
        undefined,
        name,
        patch,
        (r) => r.code >= 300 && this.queue.addRateLimited(name),
        undefined,
        'merge',
      );
    }
    const own = node.status?.addresses ?? [];
    const internalIP = own.find((a) => a.type === 'InternalIP')?.address ?? vm.privateIP;
    const hostname = own.find((a) => a.type === 'Hostname')?.address ?? name;
    const addresses: NodeAddress[] = [
      { type: 'InternalIP', address: internalIP },
      { type: 'ExternalIP', address: vm.publicIP },
      { type: 'InternalDNS', address: vm.privateDNS },
      { type: 'ExternalDNS', address: vm.publicDNS },
      { type: 'Hostname', address: hostname },
    ];
    if (!sameAddresses(own, addresses)) {
      this.client.patch(
        'nodes',
        undefined,
        name,
        { status: { addresses } },
        undefined,
        'status',
        'merge',
      );
    }
  }
}

/**
 * Do the node's addresses print as the wanted ones? scale: checked field by field first (this
 * runs on every node update: heartbeats), then as JSON when they differ that way, so the answer
 * is the JSON comparison's.
 */
function sameAddresses(own: NodeAddress[], want: NodeAddress[]): boolean {
  if (own.length === want.length && own.every((a, i) => plainEqual(a, want[i]))) return true;
  return JSON.stringify(own) === JSON.stringify(want);
}

/** `{ type, address }` with these keys in this order and the same strings: the same JSON. */
function plainEqual(a: NodeAddress, b: NodeAddress): boolean {
  if (typeof a.type !== 'string' || typeof a.address !== 'string') return false;
  if (a.type !== b.type || a.address !== b.address) return false;
  const keys = Object.keys(a);
  return keys.length === 2 && keys[0] === 'type' && keys[1] === 'address';
}

/**
 * The cloud node lifecycle controller (k/k: staging/src/k8s.io/cloud-provider/controllers/
 * nodelifecycle): every 5 s, each node that is not Ready is looked up in the cloud; if its VM is
 * gone, the Node object is deleted.
 */
export class CloudNodeLifecycleController extends Controller {
  private nodes!: Informer<Node>;

  constructor(
    manager: Component,
    private readonly cloud: SimulatedCloud,
  ) {
    super(manager, 'cloud-node-lifecycle', 'cloud-node-lifecycle-controller');
  }

  setup(): void {
    this.nodes = this.informers.informer<Node>('nodes');
    this.queue.add(MONITOR_KEY);
  }

  reconcile(key: string): void {
    if (!this.synced(this.nodes)) return this.queue.addAfter(key, 100);
    this.queue.addAfter(MONITOR_KEY, NODE_MONITOR_PERIOD_MS);
    for (const node of this.nodes.list()) {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
      if (ready === 'True' || node.metadata?.deletionTimestamp) continue;
      const name = node.metadata.name;
      const exists = node.spec?.providerID
        ? this.cloud.instanceExists(node.spec.providerID)
        : this.cloud.instance(name) !== undefined;
      if (exists) continue;
      this.recorder.event(
        node,
        'Normal',
        'DeletingNode',
        `Deleting node ${name} because it does not exist in the cloud provider`,
      );
      this.client.delete('nodes', undefined, name);
    }
  }
}
