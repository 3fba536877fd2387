/** Helpers the scheduler plugin tests share (beside ./testFixtures, which builds nodes and pods). */
import type { CycleState, NodeInfo, ScorePlugin } from './framework';

/**
 * Raw scores of a plugin over every node, then normalised as the framework does
 * (k/k: framework.RunScorePlugins, then NormalizeScore).
 */
export function scores(
  plugin: ScorePlugin,
  state: CycleState,
  all: NodeInfo[] = state.allNodes,
): { raw: Record<string, number>; normalized: Record<string, number> } {
  const names = all.map((i) => i.node.metadata.name);
  const values = all.map((i) => plugin.score(state, i));
  const raw = Object.fromEntries(names.map((n, j) => [n, values[j]]));
  plugin.normalize?.(state, values, names);
  return { raw, normalized: Object.fromEntries(names.map((n, j) => [n, values[j]])) };
}
