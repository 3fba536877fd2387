/**
 * Where each worker's compact pods are (nodes/CompactPods.tsx), by worker box id, outside the React Flow
 * nodes' data: a rolling update places some worker's pods again nearly every frame, and a node
 * whose data changed makes React Flow take the whole node list again (every node's selectors run).
 * With the places here, the node list changes only when a box moves or resizes, and a worker's
 * box re-renders only when its own pods moved.
 */
import { create } from 'zustand';
import { samePlaces } from './compactCanvas';
import type { CompactPod } from './compactCanvas';

interface CompactPlacements {
  byWorker: ReadonlyMap<string, readonly CompactPod[]>;
}

export const useCompactPlacements = create<CompactPlacements>(() => ({ byWorker: new Map() }));

/**
 * Publishes the places; each worker's list keeps its identity while its pods stay where they
 * were, so only the boxes whose pods moved re-render.
 */
export function publishCompactPlacements(next: ReadonlyMap<string, CompactPod[]>): void {
  const prev = useCompactPlacements.getState().byWorker;
  const byWorker = new Map<string, readonly CompactPod[]>();
  let changed = prev.size !== next.size;
  for (const [worker, pods] of next) {
    const old = prev.get(worker);
    const keep = samePlaces(old, pods);
    byWorker.set(worker, keep ? old : pods);
    if (!keep) changed = true;
  }
  if (changed) useCompactPlacements.setState({ byWorker });
}
