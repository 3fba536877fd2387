import { MAX_NODE_SCORE, type ScorePlugin } from '../framework';

/** The fraction of a resource the node would use, at most 1 (0 without capacity). */
function fraction(requested: number, capacity: number): number {
  return capacity === 0 ? 0 : Math.min(1, requested / capacity);
}

/**
 * NodeResourcesBalancedAllocation: favour nodes whose cpu and memory would be used in equal
 * fractions: score = (1 − standard deviation of the fractions) × 100.
 */
export const NodeResourcesBalancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(state, info) {
    const cpu = fraction(
      info.nonZeroRequested.cpu + state.nonZeroRequest.cpu,
      info.allocatable.cpu,
    );
    const mem = fraction(
      info.nonZeroRequested.memory + state.nonZeroRequest.memory,
      info.allocatable.memory,
    );
    const std = Math.abs(cpu - mem) / 2;
    return Math.floor((1 - std) * MAX_NODE_SCORE);
  },
  scoreAt(state, t, i) {
    const cpu = fraction(t.nonZeroCpu[i] + state.nonZeroRequest.cpu, t.allocCpu[i]);
    const mem = fraction(t.nonZeroMemory[i] + state.nonZeroRequest.memory, t.allocMemory[i]);
    const std = Math.abs(cpu - mem) / 2;
    return Math.floor((1 - std) * MAX_NODE_SCORE);
  },
};
