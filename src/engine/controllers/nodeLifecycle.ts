import type { Lease, Node, NodeCondition, Pod, Taint } from '../api/types';
import { clone, jsonEqual } from '../apiserver/patch';
import type { Co } from '../client/coroutine';
import type { Cached, Informer } from '../client/informer';
import type { Component } from '../component';
import { EPOCH_MS } from '../sim/clock';
import { Controller } from './controller';

/** kube-controller-manager --node-monitor-period (default 5 s). */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/**
 * --node-monitor-grace-period. We follow v1.31, whose default is 40 s (v1.32 raised it to 50 s).
 */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** --node-startup-grace-period (default 60 s): for a node that never posted a Ready condition. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** k/k nodeConditionToTaintKeyStatusMap: NoSchedule taints that mirror node conditions. */
const CONDITION_TAINTS: [type: string, status: string, key: string][] = [
  ['Ready', 'False', TAINT_NOT_READY],
  ['Ready', 'Unknown', TAINT_UNREACHABLE],
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['NetworkUnavailable', 'True', 'node.kubernetes.io/network-unavailable'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
];
const NO_SCHEDULE_KEYS = new Set([...CONDITION_TAINTS.map((c) => c[2]), TAINT_UNSCHEDULABLE]);

/** The work-queue key of the periodic health pass (it never collides with a node name). */
const MONITOR_KEY = '(monitorNodeHealth)';

/** What the controller remembers of a node between passes (k/k nodeHealthData). */
interface NodeHealth {
  probeTimestamp: number;
  heartbeat?: string;
  transition?: string;
  leaseRenewTime?: string;
}

function condition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

function toMs(ts: string | undefined): number {
  return ts ? Date.parse(ts) - EPOCH_MS : 0;
}

/**
 * The node lifecycle controller (k/k: pkg/controller/nodelifecycle/node_lifecycle_controller.go).
 * Every 5 s it checks each node's heartbeats — its Lease in kube-node-lease and its Ready
 * condition. A node silent for longer than the grace period gets its conditions set to Unknown
 * (`NodeStatusUnknown`), a `NodeNotReady` event, its pods marked Ready=False, and the
 * `node.kubernetes.io/unreachable` taints (`not-ready` when the kubelet reports Ready=False).
 * The NoExecute taint is what the taint eviction controller acts on.
 */
export class NodeLifecycleController extends Controller {
  private nodes!: Informer<Node>;
  private leases!: Informer<Lease>;
  private pods!: Informer<Pod>;
  private health = new Map<string, NodeHealth>();
  private known = new Set<string>();
  private retry = new Set<string>();

  constructor(manager: Component) {
    super(manager, 'node-lifecycle', 'node-controller');
  }

  setup(): void {
    // A restarted controller knows nothing: every node's probe timestamp starts again from now.
    this.health.clear();
    this.known.clear();
    this.retry.clear();
    this.nodes = this.informers.informer<Node>('nodes');
    this.leases = this.informers.informer<Lease>('leases', { namespace: 'kube-node-lease' });
    this.pods = this.informers.informer<Pod>('pods');
    // doNoScheduleTaintingPass runs on every node change.
    this.nodes.on({ add: (n) => this.enqueue(n), update: (_o, n) => this.enqueue(n) });
    this.queue.add(MONITOR_KEY);
  }

  reconcile(key: string): void {
    if (!this.synced(this.nodes, this.leases, this.pods)) return this.queue.addAfter(key, 100);
    if (key === MONITOR_KEY) {
      this.monitorNodeHealth();
      this.queue.addAfter(MONITOR_KEY, NODE_MONITOR_PERIOD_MS);
      return;
    }
    const node = this.nodes.get(key);
    if (node) this.noScheduleTaintingPass(node);
  }

  private monitorNodeHealth(): void {
    const nodes = this.nodes.list();
    const names = new Set(nodes.map((n) => n.metadata.name));
    for (const node of nodes) {
      const name = node.metadata.name;
      if (this.known.has(name)) continue;
      this.known.add(name);
      this.recorder.event(
        node,
        'Normal',
        'RegisteredNode',
        `Node ${name} event: Registered Node ${name} in Controller`,
      );
      this.swapTaints(
        name,
        [],
        [TAINT_UNREACHABLE, TAINT_NOT_READY].map((key) => ({ key, effect: 'NoExecute' })),
      );
    }
    for (const name of [...this.known]) {
      if (names.has(name)) continue;
      this.known.delete(name);
      this.health.delete(name);
      const ref = { apiVersion: 'v1', kind: 'Node', metadata: { name } };
      this.recorder.event(
        ref,
        'Normal',
        'RemovingNode',
        `Node ${name} event: Removing Node ${name} from Controller`,
      );
    }
    for (const node of nodes) this.updateNodeHealth(node);
  }

  /** k/k tryUpdateNodeHealth plus the per-node part of monitorNodeHealth. */
  private updateNodeHealth(node: Cached<Node>): void {
    const name = node.metadata.name;
    const now = this.clock.now;
    const ready = condition(node, 'Ready');
    const observed = ready?.status ?? 'Unknown';
    const grace = ready ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
    let h = this.health.get(name);
    if (!ready) h = h ?? { probeTimestamp: toMs(node.metadata?.creationTimestamp) };
    else if (!h || h.heartbeat === undefined) {
      h = {
        probeTimestamp: now,
        heartbeat: ready.lastHeartbeatTime,
        transition: ready.lastTransitionTime,
        leaseRenewTime: h?.leaseRenewTime,
      };
    } else if (h.heartbeat !== ready.lastHeartbeatTime) {
      h = {
        ...h,
        probeTimestamp: now,
        heartbeat: ready.lastHeartbeatTime,
        transition: ready.lastTransitionTime,
      };
    }
    // Always update the probe time if the node's Lease was renewed.
    const renew = this.leases.get(`kube-node-lease/${name}`)?.spec?.renewTime;
    if (renew && (!h.leaseRenewTime || h.leaseRenewTime < renew)) {
      h.leaseRenewTime = renew;
      h.probeTimestamp = now;
    }
    this.health.set(name, h);

    let current = observed;
    if (now > h.probeTimestamp + grace) {
      const next = clone(node);
      const stamp = this.clock.timestamp();
      next.status = next.status ?? {};
      const conditions = (next.status.conditions = next.status.conditions ?? []);
      for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
        const c = conditions.find((x) => x.type === type);
        if (!c) {
          conditions.push({
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
            lastHeartbeatTime: node.metadata?.creationTimestamp,
            lastTransitionTime: stamp,
          });
        } else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = stamp;
        }
      }
      const nextReady = conditions.find((c) => c.type === 'Ready')!;
      if (!jsonEqual(nextReady, ready ?? {})) {
        this.client.updateStatus('nodes', next);
        current = nextReady.status;
      }
    }
    if (!ready) return;
    this.processTaintBaseEviction(node, observed);
    if (current !== 'True' && observed === 'True') {
      // Report the node event only once, when the status changes.
      this.recorder.event(
        node,
        'Normal',
        'NodeNotReady',
        `Node ${name} status is now: NodeNotReady`,
      );
      this.markPodsNotReady(name);
    } else if (this.retry.has(name) && observed !== 'True') this.markPodsNotReady(name);
    else this.retry.delete(name);
  }

  /** NoExecute taints follow the Ready condition the pass observed (k/k processTaintBaseEviction). */
  private processTaintBaseEviction(node: Cached<Node>, observed: string): void {
    const has = (key: string) =>
      node.spec?.taints?.some((t) => t.key === key && t.effect === 'NoExecute') ?? false;
    const unreachable = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
    const notReady = { key: TAINT_NOT_READY, effect: 'NoExecute' };
    const name = node.metadata.name;
    if (observed === 'False' && !has(TAINT_NOT_READY))
      this.swapTaints(name, [notReady], [unreachable]);
    else if (observed === 'Unknown' && !has(TAINT_UNREACHABLE))
      this.swapTaints(name, [unreachable], [notReady]);
    else if (observed === 'True' && (has(TAINT_NOT_READY) || has(TAINT_UNREACHABLE)))
      this.swapTaints(name, [], [unreachable, notReady]);
  }

  /** k/k doNoScheduleTaintingPass: NoSchedule taints mirror the conditions and spec.unschedulable. */
  private noScheduleTaintingPass(node: Cached<Node>): void {
    const want = new Set<string>();
    for (const [type, status, key] of CONDITION_TAINTS)
      if (condition(node, type)?.status === status) want.add(key);
    if (node.spec?.unschedulable) want.add(TAINT_UNSCHEDULABLE);
    const have = new Set(
      (node.spec?.taints ?? [])
        .filter((t) => t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key))
        .map((t) => t.key),
    );
    const add = [...want].filter((k) => !have.has(k)).map((key) => ({ key, effect: 'NoSchedule' }));
    const remove = [...have]
      .filter((k) => !want.has(k))
      .map((key) => ({ key, effect: 'NoSchedule' }));
    if (add.length || remove.length) this.swapTaints(node.metadata.name, add, remove);
  }

  /** Swap taints on a node (k/k SwapNodeControllerTaint), in its own coroutine. */
  private swapTaints(name: string, add: Taint[], remove: Taint[]): void {
    this.go(this.swapNodeControllerTaint(name, add, remove));
  }

  /**
   * k/k SwapNodeControllerTaint: add taints (stamped with timeAdded) and remove others with an
   * optimistic update; on a conflict, read the node from the API server and try again.
   */
  private *swapNodeControllerTaint(name: string, add: Taint[], remove: Taint[]): Co<void> {
    let node: Node | undefined = this.nodes.get(name);
    for (let attempt = 0; node; attempt++) {
      const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
      const old = node.spec?.taints ?? [];
      const kept = old.filter(
        (t) => !remove.some((r) => same(r, t)) && !add.some((a) => same(a, t)),
      );
      const added = add.map(
        (t) => old.find((o) => same(o, t)) ?? { ...t, timeAdded: this.clock.timestamp() },
      );
      const taints = [...kept, ...added];
      if (jsonEqual(taints, old)) return;
      const next = clone(node);
      next.spec = next.spec ?? {};
      if (taints.length) next.spec.taints = taints;
      else delete next.spec.taints;
      const r = yield* this.api.update('nodes', next);
      if (r.code !== 409 || attempt >= 4) return;
      const g = yield* this.api.get('nodes', undefined, name);
      node = g.code === 200 ? (g.body as Node) : undefined;
    }
  }

  /** k/k pkg/controller/util/node MarkPodsNotReady: set each pod's Ready condition to False. */
  private markPodsNotReady(nodeName: string): void {
    for (const pod of this.pods.list()) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const readyCond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!readyCond || readyCond.status === 'False') continue;
      const next = clone(pod);
      const c = next.status!.conditions!.find((x) => x.type === 'Ready')!;
      c.status = 'False';
      c.lastTransitionTime = this.clock.timestamp();
      this.go(this.markPodNotReady(nodeName, pod, next));
    }
  }

  /** PUT the pod's status with Ready False; then its event, or a retry on the next pass. */
  private *markPodNotReady(nodeName: string, pod: Cached<Pod>, next: Pod): Co<void> {
    const r = yield* this.api.updateStatus('pods', next);
    if (r.code === 404) return;
    if (r.code >= 300) this.retry.add(nodeName);
    // Record the event after the update, to make sure the pod still exists.
    this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
}
