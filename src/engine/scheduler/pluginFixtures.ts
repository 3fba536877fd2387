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
  const m = new Map<string, number>();
  for (const i of all) m.set(i.node.metadata.name, plugin.score(state, i));
  const raw = Object.fromEntries(m);
  plugin.normalize?.(state, m);
  return { raw, normalized: Object.fromEntries(m) };
}
