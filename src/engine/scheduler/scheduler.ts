import type { Node, Pod } from '../api/types';
import type { Named, Stored } from '../api/stored';
import { EventRecorder } from '../client/events';
import { objectKey, watchedKey, type Informer } from '../client/informer';
import { Component, type ClusterContext } from '../component';
import type { TimerId } from '../sim/clock';
import type { NodeInfo, SchedulingDecision } from './framework';
import { cycleDurationMs, runAlgorithm } from './algorithm';
import { buildNodeInfo, nodePart, nodeSchedulingPropertiesChanged } from './nodeInfo';
import { SchedulingQueue } from './queue';
import { SchedulerCache, type SnapshotCounts } from './cache';
import { podClaimNames, VolumeBinder } from './volumeBinder';

export {
  FILTERS,
  SCORERS,
  cycleDurationMs,
  failedSchedulingMessage,
  numFeasibleNodesToFind,
} from './algorithm';
export {
  buildNodeInfo,
  imageStates,
  nodeSchedulingPropertiesChanged,
  nonZero,
  podRequests,
} from './nodeInfo';

export const SCHEDULER = 'kube-scheduler';
export const SCHEDULER_NAME = 'default-scheduler';

/**
 * kube-scheduler: watches pods with no node and nodes, runs each pending pod through the
 * framework's filters and scores, and binds it through `pods/binding`.
 */
export class Scheduler extends Component {
  private queue = new SchedulingQueue();
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  /** Pods bound (or being bound) per node, including assumed ones. */
  private assumed = new Map<string, Pod>();
  /** NodeInfo per node, kept up to date from the informers (the scheduler's cache). */
  private cache = new SchedulerCache(buildNodeInfo, nodePart);
  private cycleTimer: TimerId | undefined;
  private wakeTimer: TimerId | undefined;
  private recorder: EventRecorder;
  /**
   * Who gets each decision: the UI's score table, which keeps the latest per pod. The scheduler
   * keeps none (scale: at 5,000 nodes its last 5,000 held ~17 MB that nothing read).
   */
  private onDecision: ((d: SchedulingDecision) => void)[] = [];
  /** A scheduling cycle is in progress (between popping a pod and its decision). */
  private inCycle = false;
  /** Where the next cycle starts looking for feasible nodes. */
  private nextStartNodeIndex = 0;
  /** storage: claims, volumes and classes for VolumeBinding, and its PreBind. */
  private volumes!: VolumeBinder;

  constructor(ctx: ClusterContext) {
    super(ctx, SCHEDULER, 'kube-scheduler', 'control-plane');
    this.recorder = new EventRecorder(this.client, ctx.clock, { component: SCHEDULER_NAME });
  }

  /** Listen for scheduling decisions (the UI's score table). */
  subscribe(fn: (d: SchedulingDecision) => void): void {
    this.onDecision.push(fn);
  }

  get queueSizes() {
    return this.queue.sizes;
  }

  protected onStart(): void {
    this.queue = new SchedulingQueue();
    this.assumed.clear();
    this.pods = this.informers.informer<Pod>('pods');
    this.nodes = this.informers.informer<Node>('nodes');
    this.cache.reset();
    // scale: keys by watchedKey, which the informer has just built (and hashed) for the
    // delivered object: every pod event of the cluster reaches these handlers.
    this.pods.on({
      add: (p) => this.cache.podEvent(watchedKey(p), p),
      update: (_o, p) => this.cache.podEvent(watchedKey(p), p),
      delete: (p) => this.cache.podEvent(watchedKey(p), undefined),
    });
    this.nodes.on({
      add: (n) => this.cache.nodeEvent(n.metadata.name, n),
      update: (_o, n) => this.cache.nodeEvent(n.metadata.name, n),
      delete: (n) => this.cache.nodeEvent(n.metadata.name, undefined),
    });
    this.pods.on({
      add: (p) => this.onPod(p),
      update: (_o, p) => this.onPod(p),
      delete: (p) => {
        const key = watchedKey(p);
        this.queue.remove(key);
        this.assumed.delete(key);
        if (p.spec?.nodeName) this.queue.moveAllToActiveOrBackoff(this.clock.now);
        this.kick();
      },
    });
    this.nodes.on({
      add: () => this.clusterEvent(),
      // Only a change that can make a pod fit moves the unschedulable ones: a heartbeat or a
      // new image list does not (k/k: pkg/scheduler/framework/events.go
      // NodeSchedulingPropertiesChange).
      update: (old, node) => {
        if (nodeSchedulingPropertiesChanged(old, node)) this.clusterEvent();
      },
    });
    // storage:
    this.volumes = new VolumeBinder(this.informers);
    this.volumes.onChange(() => this.clusterEvent());
  }

  protected override onStop(): void {
    this.inCycle = false;
    this.cycleTimer = undefined;
    this.wakeTimer = undefined;
  }

  private isPending(p: Pod): boolean {
    return (
      !p.spec?.nodeName &&
      !p.metadata?.deletionTimestamp &&
      (p.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
      // The SchedulingGates PreEnqueue plugin: a gated pod never enters the active queue.
      !p.spec?.schedulingGates?.length &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed'
    );
  }

  private onPod(p: Pod): void {
    const key = watchedKey(p);
    if (this.isPending(p)) {
      if (!this.assumed.has(key)) this.queue.add(key, p, this.clock.now);
    } else {
      this.queue.remove(key);
      if (p.spec?.nodeName) this.assumed.delete(key);
    }
    this.kick();
  }

  private clusterEvent(): void {
    this.queue.moveAllToActiveOrBackoff(this.clock.now);
    this.kick();
  }

  /** Start a scheduling cycle soon, if one is not already due. */
  private kick(): void {
    // One scheduling cycle at a time, as scheduleOne runs in a single goroutine: a second cycle
    // started from a stale snapshot would place two pods into the same free space.
    if (this.cycleTimer !== undefined || this.inCycle || !this.running) return;
    this.cycleTimer = this.after(0.2, () => {
      this.cycleTimer = undefined;
      this.scheduleOne();
    });
  }

  private scheduleOne(): void {
    if (!this.nodes.hasSynced || !this.pods.hasSynced) return;
    const next = this.queue.pop(this.clock.now);
    if (!next) {
      this.armWakeup();
      return;
    }
    const popped = this.pods.get(next.key);
    if (!popped || !this.isPending(popped)) {
      this.queue.done(next.key);
      this.kick();
      return;
    }
    // A scheduling cycle takes a fixed time plus a little per node it evaluates (see
    // cycleDurationMs); the snapshot is taken when it decides, so every earlier assumption is in it.
    this.inCycle = true;
    this.after(cycleDurationMs(this.nodes.size), () => {
      this.inCycle = false;
      const current = this.pods.get(next.key);
      if (!current || !this.isPending(current)) {
        this.queue.done(next.key);
        this.kick();
        return;
      }
      const fresh = current;
      const infos = this.nodeInfos();
      const decision = this.schedule(fresh, infos, next.attempts, this.cache.snapshotCounts(infos));
      for (const fn of this.onDecision) fn(decision);
      if (decision.selected) {
        this.queue.done(next.key);
        this.assume(fresh, decision.selected);
        this.bind(fresh, decision.selected, next.key);
      } else {
        this.queue.failed(next.key, this.clock.now);
        this.recorder.event(fresh, 'Warning', 'FailedScheduling', decision.message!);
        this.markUnschedulable(fresh, decision.message!);
        this.armWakeup();
      }
      this.kick();
    });
  }

  private armWakeup(): void {
    const t = this.queue.nextWakeup();
    if (t === undefined) return;
    this.cancel(this.wakeTimer);
    this.wakeTimer = this.after(Math.max(0, t - this.clock.now), () => {
      this.wakeTimer = undefined;
      this.kick();
    });
  }

  /**
   * Run the filters and scorers for one pod over the given nodes (`counts`: the cache's counts
   * of the snapshot `infos` is, when it is one).
   */
  schedule(
    pod: Named<Pod>,
    infos: NodeInfo[],
    attempt: number,
    counts?: SnapshotCounts,
  ): SchedulingDecision {
    // Start where the previous cycle stopped, as the real scheduler rotates through nodes
    // (k/k: schedule_one.go findNodesThatPassFilters, nextStartNodeIndex).
    const start = infos.length ? this.nextStartNodeIndex % infos.length : 0;
    const { decision, processed } = runAlgorithm(
      pod,
      infos,
      start,
      this.ctx.rng,
      {
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace!,
        uid: pod.metadata.uid!,
        attempt,
        at: this.clock.now,
      },
      podClaimNames(pod).length ? this.volumes : undefined,
      counts,
    );
    this.nextStartNodeIndex = infos.length ? (start + processed) % infos.length : 0;
    return decision;
  }

  private assume(pod: Stored<Pod>, node: string): void {
    this.assumed.set(objectKey(pod), { ...pod, spec: { ...pod.spec!, nodeName: node } });
  }

  private bind(pod: Stored<Pod>, node: string, key: string): void {
    // storage: PreBind binds the pod's WaitForFirstConsumer claims on this node first.
    if (podClaimNames(pod).length) {
      return this.volumes.preBind(pod, node, this.client, this.clock, (ok) => {
        if (ok) return this.bindPod(pod, node, key);
        this.assumed.delete(key);
        const p = this.pods.get(key);
        if (p && this.isPending(p)) {
          this.queue.add(key, p, this.clock.now);
          this.queue.failed(key, this.clock.now);
          this.armWakeup();
        }
      });
    }
    this.bindPod(pod, node, key);
  }

  private bindPod(pod: Stored<Pod>, node: string, key: string): void {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    this.client.request(
      {
        verb: 'create',
        resource: 'pods',
        subresource: 'binding',
        namespace: ns,
        name,
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: ns },
          target: { apiVersion: 'v1', kind: 'Node', name: node },
        },
      },
      (r) => {
        if (r.code >= 300) {
          // Binding failed: forget the assumption and try again later.
          this.assumed.delete(key);
          const p = this.pods.get(key);
          if (p && this.isPending(p)) {
            this.queue.add(key, p, this.clock.now);
            this.queue.failed(key, this.clock.now);
            this.armWakeup();
          }
          return;
        }
        this.recorder.event(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${ns}/${name} to ${node}`,
        );
      },
    );
  }

  private markUnschedulable(pod: Stored<Pod>, message: string): void {
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (existing?.status === 'False' && existing.message === message) return;
    this.client.patch(
      'pods',
      pod.metadata.namespace,
      pod.metadata.name,
      {
        status: {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message,
              lastProbeTime: null,
              lastTransitionTime: this.clock.timestamp(),
            },
          ],
        },
      },
      undefined,
      'status',
    );
  }

  /**
   * NodeInfo for every node (sorted by name) from the informers plus assumed pods: the cycle's
   * snapshot of the cache, which the informer events keep up to date.
   */
  private nodeInfos(): NodeInfo[] {
    return this.cache.snapshot(this.assumed);
  }
}
