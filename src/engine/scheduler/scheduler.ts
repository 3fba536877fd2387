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
import { ImageLocality, normalizedImageName } from './plugins/imageLocality';
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

function nonZero(pod: Pod): { cpu: number; memory: number } {
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
  private cycleTimer: TimerId | undefined;
  private wakeTimer: TimerId | undefined;
  private recorder: EventRecorder;
  /** The latest decision per pod uid, for the score table. */
  readonly decisions = new Map<string, SchedulingDecision>();
  private onDecision: ((d: SchedulingDecision) => void)[] = [];

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
      update: () => this.clusterEvent(),
    });
  }

  protected override onStop(): void {
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
    if (this.cycleTimer !== undefined || !this.running) return;
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
    const fresh = this.pods.get(next.key);
    if (!fresh || !this.isPending(fresh)) {
      this.queue.done(next.key);
      this.kick();
      return;
    }
    const infos = this.nodeInfos();
    // A scheduling cycle takes time proportional to the nodes it considers.
    this.after(1 + 0.02 * infos.length, () => {
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
    // Start where the previous cycle stopped, as the real scheduler rotates through nodes.
    for (const info of infos) {
      if (feasible.length >= want) break;
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
        perNode.get(node)![s.name] = { score, weighted: score * s.weight };
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

  /** Build NodeInfo for every node from the informers plus assumed pods. */
  private nodeInfos(): NodeInfo[] {
    const byNode = new Map<string, Pod[]>();
    for (const p of this.pods.list()) {
      const n = p.spec?.nodeName;
      if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      (byNode.get(n) ?? byNode.set(n, []).get(n)!).push(p);
    }
    for (const [key, p] of this.assumed) {
      if (this.pods.get(key)?.spec?.nodeName) continue;
      const n = p.spec!.nodeName!;
      (byNode.get(n) ?? byNode.set(n, []).get(n)!).push(p);
    }
    const nodes = this.nodes
      .list()
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
    return nodes.map((node) => {
      const pods = byNode.get(node.metadata!.name!) ?? [];
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
    });
  }
}

function imageStates(infos: NodeInfo[]): Map<string, { size: number; numNodes: number }> {
  const out = new Map<string, { size: number; numNodes: number }>();
  for (const info of infos) {
    for (const img of info.node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        const name = normalizedImageName(n);
        const s = out.get(name);
        if (s) s.numNodes++;
        else out.set(name, { size: img.sizeBytes ?? 0, numNodes: 1 });
      }
    }
  }
  return out;
}
