import { MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin } from '../framework';

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
