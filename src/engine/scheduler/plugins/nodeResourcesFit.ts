import type { Pod } from '../../api/types';
import { MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin } from '../framework';

/** Resources NodeResourcesFit checks otherwise (or, ephemeral storage and huge pages, not yet). */
const NATIVE = /^(cpu|memory|pods|ephemeral-storage|hugepages-.*)$/;

/**
 * A pod's requests of extended resources (whole numbers): the containers' sum, or an init
 * container's if larger (k/k: resource.PodRequests).
 */
function extendedRequests(pod: Pod): Map<string, number> {
  const sum = new Map<string, number>();
  const add = (to: Map<string, number>, reqs: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(reqs ?? {}))
      if (!NATIVE.test(k)) to.set(k, (to.get(k) ?? 0) + Number(v));
  };
  for (const c of pod.spec?.containers ?? []) add(sum, c.resources?.requests);
  for (const c of pod.spec?.initContainers ?? []) {
    const one = new Map<string, number>();
    add(one, c.resources?.requests);
    for (const [k, v] of one) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  }
  return sum;
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
    const reasons: string[] = [];
    if (info.requested.pods + 1 > info.allocatable.pods) reasons.push('Too many pods');
    if (state.request.cpu > 0 && info.requested.cpu + state.request.cpu > info.allocatable.cpu)
      reasons.push('Insufficient cpu');
    if (
      state.request.memory > 0 &&
      info.requested.memory + state.request.memory > info.allocatable.memory
    ) {
      reasons.push('Insufficient memory');
    }
    // Extended resources (`example.com/dongle`): only nodes that advertise enough of them fit.
    for (const [name, want] of extendedRequests(state.pod)) {
      const have = Number(info.node.status?.allocatable?.[name] ?? 0);
      const used = info.pods.reduce((n, p) => n + (extendedRequests(p).get(name) ?? 0), 0);
      if (used + want > have) reasons.push(`Insufficient ${name}`);
    }
    return reasons.length ? { reasons, unresolvable: false } : undefined;
  },
  score(state, info) {
    // k/k: noderesources/least_allocated.go: each resource scores
    // ((capacity − requested) × 100) / capacity in integer arithmetic, resources with no
    // allocatable are skipped, and the weighted sum (cpu 1, memory 1) is divided by the weights.
    const least = (requested: number, capacity: number) =>
      requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
    const parts: number[] = [];
    if (info.allocatable.cpu > 0)
      parts.push(least(info.nonZeroRequested.cpu + state.nonZeroRequest.cpu, info.allocatable.cpu));
    if (info.allocatable.memory > 0) {
      parts.push(
        least(info.nonZeroRequested.memory + state.nonZeroRequest.memory, info.allocatable.memory),
      );
    }
    return parts.length ? Math.floor(parts.reduce((a, b) => a + b, 0) / parts.length) : 0;
  },
};
