import { cpuMillis, memoryBytes } from '../api/quantity';
import type { Node, Pod } from '../api/types';
import { EventRecorder } from '../client/events';
import { objectKey, type Informer } from '../client/informer';
import { Component, type ClusterContext } from '../component';
import type { TimerId } from '../sim/clock';
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  type CycleState,
  type FilterPlugin,
  type FilterResult,
  type NodeInfo,
  type NodeVerdict,
  type SchedulingDecision,
  type ScorePlugin,
} from './framework';
import { ImageLocality } from './plugins/imageLocality';
import { InterPodAffinity } from './plugins/interPodAffinity';
import { NodeAffinity } from './plugins/nodeAffinity';
import { NodeName } from './plugins/nodeName';
import { NodePorts } from './plugins/nodePorts';
import { NodeResourcesBalancedAllocation } from './plugins/balancedAllocation';
import { NodeResourcesFit } from './plugins/nodeResourcesFit';
import { NodeUnschedulable } from './plugins/nodeUnschedulable';
import { PodTopologySpread } from './plugins/podTopologySpread';
import { TaintToleration } from './plugins/taintToleration';
import { SchedulingQueue } from './queue';
import { SchedulerCache, imageStatesOf, scoreCell } from './cache';

export const SCHEDULER = 'kube-scheduler';
export const SCHEDULER_NAME = 'default-scheduler';

/** Filters in the default profile's order (k/k: default_plugins.go). */
export const FILTERS: FilterPlugin[] = [
  NodeUnschedulable,
  NodeName,
  TaintToleration,
  NodeAffinity,
  NodePorts,
  NodeResourcesFit,
  PodTopologySpread,
  InterPodAffinity,
];

/** Score plugins with their default weights. */
export const SCORERS: ScorePlugin[] = [
  TaintToleration,
  NodeAffinity,
  PodTopologySpread,
  InterPodAffinity,
  NodeResourcesFit,
  NodeResourcesBalancedAllocation,
  ImageLocality,
];

// Cached objects are frozen and replaced on change, so results can be memoised by identity.
const requestsCache = new WeakMap<Pod, { cpu: number; memory: number }>();
const nonZeroCache = new WeakMap<Pod, { cpu: number; memory: number }>();

/** Requests of a pod: cpu millicores and memory bytes, summed over containers (init: max). */
export function podRequests(pod: Pod): { cpu: number; memory: number } {
  const hit = requestsCache.get(pod);
  if (hit) return hit;
  const r = computeRequests(pod);
  if (Object.isFrozen(pod)) requestsCache.set(pod, r);
  return r;
}

function computeRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu += cpuMillis(r.cpu);
    if (r.memory !== undefined) memory += memoryBytes(r.memory);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu = Math.max(cpu, cpuMillis(r.cpu));
    if (r.memory !== undefined) memory = Math.max(memory, memoryBytes(r.memory));
  }
  return { cpu, memory };
}

/** Requests with the scorers' defaults (100m, 200MB) for containers that name none. */
export function nonZero(pod: Pod): { cpu: number; memory: number } {
  const hit = nonZeroCache.get(pod);
  if (hit) return hit;
  const r = computeNonZero(pod);
  if (Object.isFrozen(pod)) nonZeroCache.set(pod, r);
  return r;
}

function computeNonZero(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    cpu += r.cpu !== undefined ? cpuMillis(r.cpu) : DEFAULT_MILLI_CPU_REQUEST;
    memory += r.memory !== undefined ? memoryBytes(r.memory) : DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

/**
 * How many feasible nodes to find before scoring (percentageOfNodesToScore's adaptive default:
 * 50 − nodes/125 percent, at least 5%, and never fewer than 100 nodes).
 */
export function numFeasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const pct = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * pct) / 100));
}

/**
 * FailedScheduling's message: `0/4 nodes are available: 1 node(s) had untolerated taint {…}, 3
 * Insufficient cpu. preemption: 0/4 nodes are available: …` (reasons counted, sorted as strings).
 */
export function failedSchedulingMessage(total: number, results: FilterResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results)
    for (const reason of r.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  const notHelpful = results.filter((r) => r.unresolvable).length;
  const noVictims = results.length - notHelpful;
  const pre: string[] = [];
  if (notHelpful) pre.push(`${notHelpful} Preemption is not helpful for scheduling`);
  if (noVictims) pre.push(`${noVictims} No preemption victims found for incoming pod`);
  pre.sort();
  const head = `0/${total} nodes are available`;
  if (reasons.length === 0) return `${head}.`;
  return `${head}: ${reasons.join(', ')}. preemption: ${head}: ${pre.join(', ')}.`;
}

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
  private cache = new SchedulerCache(buildNodeInfo);
  private cycleTimer: TimerId | undefined;
  private wakeTimer: TimerId | undefined;
  private recorder: EventRecorder;
  /** The latest decision per pod uid, for the score table. */
  readonly decisions = new Map<string, SchedulingDecision>();
  private onDecision: ((d: SchedulingDecision) => void)[] = [];
  /** A scheduling cycle is in progress (between popping a pod and its decision). */
  private inCycle = false;
  /** Where the next cycle starts looking for feasible nodes. */
  private nextStartNodeIndex = 0;

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
    this.pods.on({
      add: (p) => this.cache.podEvent(objectKey(p), p),
      update: (_o, p) => this.cache.podEvent(objectKey(p), p),
      delete: (p) => this.cache.podEvent(objectKey(p), undefined),
    });
    this.nodes.on({
      add: (n) => this.cache.nodeEvent(n.metadata!.name!, n),
      update: (_o, n) => this.cache.nodeEvent(n.metadata!.name!, n),
      delete: (n) => this.cache.nodeEvent(n.metadata!.name!, undefined),
    });
    this.pods.on({
      add: (p) => this.onPod(p),
      update: (_o, p) => this.onPod(p),
      delete: (p) => {
        this.queue.remove(objectKey(p));
        this.assumed.delete(objectKey(p));
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
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed'
    );
  }

  private onPod(p: Pod): void {
    const key = objectKey(p);
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
    // A scheduling cycle takes time proportional to the nodes it considers; the snapshot is
    // taken when it decides, so every earlier assumption is in it.
    this.inCycle = true;
    this.after(1 + 0.02 * this.nodes.size, () => {
      this.inCycle = false;
      const current = this.pods.get(next.key);
      if (!current || !this.isPending(current)) {
        this.queue.done(next.key);
        this.kick();
        return;
      }
      const fresh = current;
      const infos = this.nodeInfos();
      const decision = this.schedule(fresh, infos, next.attempts);
      this.decisions.set(fresh.metadata!.uid!, decision);
      if (this.decisions.size > 5000) this.decisions.delete(this.decisions.keys().next().value!);
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

  /** Run the filters and scorers for one pod over the given nodes. */
  schedule(pod: Pod, infos: NodeInfo[], attempt: number): SchedulingDecision {
    const state: CycleState = {
      pod,
      request: podRequests(pod),
      nonZeroRequest: nonZero(pod),
      allNodes: infos,
      imageStates: imageStates(infos),
    };
    const verdicts: NodeVerdict[] = [];
    const failures: FilterResult[] = [];
    const feasible: NodeInfo[] = [];
    const want = numFeasibleNodesToFind(infos.length);
    // Start where the previous cycle stopped, as the real scheduler rotates through nodes
    // (k/k: schedule_one.go findNodesThatPassFilters, nextStartNodeIndex).
    const start = infos.length ? this.nextStartNodeIndex % infos.length : 0;
    let processed = 0;
    for (let i = 0; i < infos.length; i++) {
      if (feasible.length >= want) break;
      const info = infos[(start + i) % infos.length];
      processed++;
      let failed: { plugin: string; result: FilterResult } | undefined;
      for (const f of FILTERS) {
        const r = f.filter(state, info);
        if (r) {
          failed = { plugin: f.name, result: r };
          break;
        }
      }
      const name = info.node.metadata!.name!;
      if (failed) {
        failures.push(failed.result);
        verdicts.push({
          node: name,
          filteredBy: { plugin: failed.plugin, reasons: failed.result.reasons },
        });
      } else feasible.push(info);
    }
    this.nextStartNodeIndex = infos.length ? (start + processed) % infos.length : 0;
    const base = {
      pod: pod.metadata!.name!,
      namespace: pod.metadata!.namespace!,
      uid: pod.metadata!.uid!,
      attempt,
      at: this.clock.now,
    };
    if (feasible.length === 0) {
      return {
        ...base,
        verdicts,
        message: failedSchedulingMessage(infos.length, failures),
        scored: 0,
      };
    }
    state.feasibleNodes = feasible;
    const totals = new Map<string, number>();
    const perNode = new Map<string, Record<string, { score: number; weighted: number }>>();
    for (const info of feasible) {
      totals.set(info.node.metadata!.name!, 0);
      perNode.set(info.node.metadata!.name!, {});
    }
    for (const s of SCORERS) {
      const scores = new Map<string, number>();
      for (const info of feasible) scores.set(info.node.metadata!.name!, s.score(state, info));
      s.normalize?.(state, scores);
      for (const [node, score] of scores) {
        perNode.get(node)![s.name] = scoreCell(score, score * s.weight);
        totals.set(node, totals.get(node)! + score * s.weight);
      }
    }
    // selectHost: the highest total, ties broken at random (reservoir sampling).
    let best: string | undefined;
    let bestScore = -1;
    let ties = 0;
    for (const info of feasible) {
      const name = info.node.metadata!.name!;
      const t = totals.get(name)!;
      if (t > bestScore) {
        best = name;
        bestScore = t;
        ties = 1;
      } else if (t === bestScore) {
        ties++;
        if (this.ctx.rng.int(ties) === 0) best = name;
      }
    }
    for (const info of feasible) {
      const name = info.node.metadata!.name!;
      verdicts.push({ node: name, scores: perNode.get(name), total: totals.get(name) });
    }
    return { ...base, verdicts, selected: best, scored: feasible.length };
  }

  private assume(pod: Pod, node: string): void {
    this.assumed.set(objectKey(pod), { ...pod, spec: { ...pod.spec!, nodeName: node } });
  }

  private bind(pod: Pod, node: string, key: string): void {
    const ns = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
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

  private markUnschedulable(pod: Pod, message: string): void {
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (existing?.status === 'False' && existing.message === message) return;
    this.client.patch(
      'pods',
      pod.metadata!.namespace,
      pod.metadata!.name!,
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

/** What the scheduler knows of one node: its pods' summed requests, host ports and allocatable. */
export function buildNodeInfo(node: Node, pods: Pod[]): NodeInfo {
  const requested = { cpu: 0, memory: 0, pods: pods.length };
  const nz = { cpu: 0, memory: 0 };
  const usedPorts = new Set<string>();
  for (const p of pods) {
    const r = podRequests(p);
    requested.cpu += r.cpu;
    requested.memory += r.memory;
    const z = nonZero(p);
    nz.cpu += z.cpu;
    nz.memory += z.memory;
    for (const c of p.spec?.containers ?? [])
      for (const port of c.ports ?? [])
        if (port.hostPort) usedPorts.add(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
  }
  const a = node.status?.allocatable ?? {};
  return {
    node,
    pods,
    requested,
    nonZeroRequested: nz,
    allocatable: {
      cpu: a.cpu !== undefined ? cpuMillis(a.cpu) : 0,
      memory: a.memory !== undefined ? memoryBytes(a.memory) : 0,
      pods: a.pods !== undefined ? Number(a.pods) : 110,
    },
    usedPorts,
  };
}
const json = (v: unknown) => JSON.stringify(v ?? null);

/**
 * Did a node update change what the filters look at: spec.unschedulable, allocatable, labels,
 * taints, annotations or the conditions' statuses (heartbeat times ignored)?
 */
export function nodeSchedulingPropertiesChanged(old: Node, node: Node): boolean {
  const conditions = (n: Node) =>
    (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  return (
    Boolean(old.spec?.unschedulable) !== Boolean(node.spec?.unschedulable) ||
    json(old.status?.allocatable) !== json(node.status?.allocatable) ||
    json(old.metadata?.labels) !== json(node.metadata?.labels) ||
    json(old.spec?.taints) !== json(node.spec?.taints) ||
    json(old.metadata?.annotations) !== json(node.metadata?.annotations) ||
    conditions(old) !== conditions(node)
  );
}

/** Each image's size and how many nodes hold it (ImageLocality's spread factor). */
export function imageStates(infos: NodeInfo[]): Map<string, { size: number; numNodes: number }> {
  return imageStatesOf(infos);
}
