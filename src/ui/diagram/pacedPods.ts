/**
 * The pods by node the diagram lays out, paced when there is much to lay out. On a small cluster
 * at 1× and 2× every change is laid out in the frame it arrives. At 4× and faster (or during a
 * fast-forward), or with hundreds of pods, pods come and go on nearly every frame of a rollout,
 * and laying the diagram out again and handing React Flow its nodes each time was a good part of
 * every frame. There the layout follows at most every PACE_MS (FAST_PACE_MS at 8× and faster)
 * of wall time, in a task of its own, and the last change always lands. What each box draws of
 * its pods (their colours, the workers' counts) still follows every batch.
 */
import { useSyncExternalStore } from 'react';
import type { PlaybackState } from '../../protocol';
import { appStore } from '../store';
import type { AppState } from '../store';

/** Wall ms between two layouts of the pods at 4× and on a big cluster. */
export const PACE_MS = 100;
/**
 * At 8× and faster, and during a fast-forward: a virtual second is 125 ms or less there, and
 * layouts every 100 ms made the 16× rollout's longest frames (measured: 7–9 tasks over 50 ms in
 * 20 s, against 3–7 at 250 ms).
 */
export const FAST_PACE_MS = 250;

/** With more pods than this, the layout is paced at any speed (each one costs milliseconds). */
export const PACED_PODS = 400;

/** How long the layout may lag the store at this playback, with `pods` pods: 0 means never. */
export function paceOf(p: PlaybackState, pods = 0): number {
  if (!p.playing) return 0;
  if (p.speed >= 8 || p.fastForward) return FAST_PACE_MS;
  return p.speed >= 4 || pods > PACED_PODS ? PACE_MS : 0;
}

function podCount(byNode: PodKeys): number {
  let n = 0;
  for (const node in byNode) n += byNode[node].length;
  return n;
}

type PodKeys = AppState['podKeysByNode'];

/** The part of the app store it follows (a store of its own in tests). */
export interface PodKeysSource {
  getState(): Pick<AppState, 'podKeysByNode' | 'playback'>;
  subscribe(
    listener: (
      s: Pick<AppState, 'podKeysByNode' | 'playback'>,
      prev: Pick<AppState, 'podKeysByNode' | 'playback'>,
    ) => void,
  ): () => void;
}

export interface PaceTimers {
  now(): number;
  after(fn: () => void, ms: number): () => void;
}

const realTimers: PaceTimers = {
  now: () => performance.now(),
  after: (fn, ms) => {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  },
};

/** The paced value and its subscription, for `useSyncExternalStore`. */
export interface PacedPods {
  get(): PodKeys;
  subscribe(listener: () => void): () => void;
}

/**
 * Follows `source`'s podKeysByNode: at once when the playback allows it (so the layout changes in
 * the same render as everything else), else at most every PACE_MS, by a timer; pausing lands a
 * waiting change at once.
 */
export function pacePods(source: PodKeysSource, timers: PaceTimers = realTimers): PacedPods {
  let value = source.getState().podKeysByNode;
  let last = -Infinity;
  let cancel: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const land = () => {
    cancel?.();
    cancel = null;
    last = timers.now();
    const next = source.getState().podKeysByNode;
    if (next === value) return;
    value = next;
    for (const l of listeners) l();
  };
  let unsubscribe: (() => void) | null = null;
  const start = () => {
    value = source.getState().podKeysByNode;
    unsubscribe = source.subscribe((s, prev) => {
      if (s.podKeysByNode === prev.podKeysByNode && !(cancel && s.playback !== prev.playback))
        return;
      const pace = paceOf(s.playback, podCount(s.podKeysByNode));
      // Paced, a change lands in a task of its own, never in the one that brought it (a batch of
      // messages applied in an animation frame): the diagram laid out again and the batch's
      // own updates, rendered together, made the longest frames of a rollout.
      if (pace === 0) land();
      else cancel ??= timers.after(land, Math.max(0, last + pace - timers.now()));
    });
  };
  return {
    // Unfollowed, it reads the store itself: a diagram mounted again must not start from old pods.
    get: () => (listeners.size ? value : source.getState().podKeysByNode),
    subscribe(listener) {
      if (listeners.size === 0) start();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        unsubscribe?.();
        unsubscribe = null;
        cancel?.();
        cancel = null;
      };
    },
  };
}

let shared: PacedPods | undefined;

/** The app store's pods by node, paced for the diagram's layout. */
export function usePacedPodKeys(): PodKeys {
  shared ??= pacePods(appStore);
  return useSyncExternalStore(shared.subscribe, shared.get);
}
