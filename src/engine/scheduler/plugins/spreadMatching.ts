import type { NodeCounts } from '../cache';
import type { CycleState } from '../framework';

/**
 * A selector's matching pods per node, from the cache's counts: by node name, and as snapshot
 * indices with their counts (`at[k]` holds `n[k]`; a node may be there twice, its counts add
 * up). scale: each node's index is looked up once a cycle, not once per use.
 */
export interface Matching {
  byName: NodeCounts;
  at: number[];
  n: number[];
}

export function matchingOf(state: CycleState, byName: NodeCounts): Matching {
  const at: number[] = [];
  const n: number[] = [];
  const add = (m: ReadonlyMap<string, number>) => {
    for (const [name, c] of m) {
      const i = state.counts!.index(name);
      if (i === undefined) continue;
      at.push(i);
      n.push(c);
    }
  };
  add(byName.counted);
  if (byName.assumed) add(byName.assumed);
  return { byName, at, n };
}
