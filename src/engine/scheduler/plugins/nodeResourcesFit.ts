import type { Pod } from '../../api/types';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeInfo, type ScorePlugin } from '../framework';

/** Resources NodeResourcesFit checks otherwise (or, ephemeral storage and huge pages, not yet). */
const NATIVE = /^(cpu|memory|pods|ephemeral-storage|hugepages-.*)$/;

function addExtended(to: Map<string, number>, reqs: Record<string, unknown> | undefined): void {
  if (!reqs) return;
  for (const k in reqs) if (!NATIVE.test(k)) to.set(k, (to.get(k) ?? 0) + Number(reqs[k]));
}

/** The last pod asked about and its answer: the filter asks for the cycle's pod once per node. */
let lastPod: Pod | undefined;
let lastExtended: Map<string, number> | undefined;

/**
 * A pod's requests of extended resources (whole numbers): the containers' sum, or an init
 * container's if larger (k/k: resource.PodRequests). Kept for the last frozen pod only, not in a
 * per-pod WeakMap.
 */
export function extendedRequests(pod: Pod): Map<string, number> {
  if (pod === lastPod && lastExtended) return lastExtended;
  const sum = new Map<string, number>();
  for (const c of pod.spec?.containers ?? []) addExtended(sum, c.resources?.requests);
  for (const c of pod.spec?.initContainers ?? []) {
    const one = new Map<string, number>();
    addExtended(one, c.resources?.requests);
    for (const [k, v] of one) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  }
  if (Object.isFrozen(pod)) {
    lastPod = pod;
    lastExtended = sum;
  }
  return sum;
}

/** k/k: noderesources/least_allocated.go leastRequestedScore, in integer arithmetic. */
function leastRequested(requested: number, capacity: number): number {
  return requested > capacity
    ? 0
    : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** The extended-resource half of the filter: only nodes that advertise enough of them fit. */
function fitExtended(info: NodeInfo, extended: Map<string, number>, reasons: string[]) {
  for (const [name, want] of extended) {
    const have = Number(info.node.status?.allocatable?.[name] ?? 0);
    let used = 0;
    for (const p of info.pods) used += extendedRequests(p).get(name) ?? 0;
    if (used + want > have) reasons.push(`Insufficient ${name}`);
  }
  return reasons.length ? { reasons, unresolvable: false } : undefined;
}

/**
 * NodeResourcesFit: the pod's requests must fit in what is left of the node's allocatable
 * (`Insufficient cpu`, `Insufficient memory`, `Too many pods`); scoring is LeastAllocated over cpu
 * and memory with equal weights.
 */
export const NodeResourcesFit: FilterPlugin & ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  filter(state, info) {
    const tooMany = info.requested.pods + 1 > info.allocatable.pods;
    const cpu =
      state.request.cpu > 0 && info.requested.cpu + state.request.cpu > info.allocatable.cpu;
    const memory =
      state.request.memory > 0 &&
      info.requested.memory + state.request.memory > info.allocatable.memory;
    // Extended resources (`example.com/dongle`): only nodes that advertise enough of them fit.
    const extended = extendedRequests(state.pod);
    // Most nodes fit: the reasons are only listed for one that does not.
    if (!tooMany && !cpu && !memory && extended.size === 0) return undefined;
    const reasons: string[] = [];
    if (tooMany) reasons.push('Too many pods');
    if (cpu) reasons.push('Insufficient cpu');
    if (memory) reasons.push('Insufficient memory');
    if (extended.size > 0) return fitExtended(info, extended, reasons);
    return reasons.length ? { reasons, unresolvable: false } : undefined;
  },
  score(state, info) {
    // k/k: noderesources/least_allocated.go: each resource scores
    // ((capacity − requested) × 100) / capacity in integer arithmetic, resources with no
    // allocatable are skipped, and the weighted sum (cpu 1, memory 1) is divided by the weights.
    let sum = 0;
    let parts = 0;
    if (info.allocatable.cpu > 0) {
      sum += leastRequested(
        info.nonZeroRequested.cpu + state.nonZeroRequest.cpu,
        info.allocatable.cpu,
      );
      parts++;
    }
    if (info.allocatable.memory > 0) {
      sum += leastRequested(
        info.nonZeroRequested.memory + state.nonZeroRequest.memory,
        info.allocatable.memory,
      );
      parts++;
    }
    return parts ? Math.floor(sum / parts) : 0;
  },
  scoreAt(state, t, i) {
    let sum = 0;
    let parts = 0;
    if (t.allocCpu[i] > 0) {
      sum += leastRequested(t.nonZeroCpu[i] + state.nonZeroRequest.cpu, t.allocCpu[i]);
      parts++;
    }
    if (t.allocMemory[i] > 0) {
      sum += leastRequested(t.nonZeroMemory[i] + state.nonZeroRequest.memory, t.allocMemory[i]);
      parts++;
    }
    return parts ? Math.floor(sum / parts) : 0;
  },
};
