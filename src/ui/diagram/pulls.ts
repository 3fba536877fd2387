/**
 * Image pulls under way, read from the trace: a kubelet's `PullImage` request to its runtime
 * starts one, the runtime's `PullImage done` answer ends it. How big the image is and how long
 * the download takes come from the engine's own registry helpers (the same numbers the runtime
 * uses), so the progress bar moves as the simulated pull does. The pod is found through the
 * trace's causes: a pull is caused by the answer to the pod's RunPodSandbox (or a later CRI call
 * of the same pod). The registry (the image catalogue) is loaded when the first pull shows up.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ImageRegistry } from '../../engine/publicImages';
import type { TraceEvent } from '../../protocol';
import type { AppStore } from '../store';
import { feedOnDemand, loadImages as loadRegistry, pullsImages } from '../store/onDemand';
import type { Loader } from '../store/onDemand';

export interface Pull {
  /** The runtime pulling: `container-runtime@worker-2`. */
  runtime: string;
  image: string;
  /** The pod the image is for, when the trace's causes lead to one. */
  pod?: string;
  /** Virtual ms the request reached the runtime, and the pull's expected length. */
  startedAt: number;
  durationMs: number;
  sizeBytes: number;
}

export interface PullState {
  /** Pulls under way by the request's flow. */
  pulls: Readonly<Record<number, Pull>>;
  /** CRI flows by the pod they serve (from RunPodSandbox on). */
  podOfFlow: ReadonlyMap<number, string>;
}

export const EMPTY_PULLS: PullState = { pulls: {}, podOfFlow: new Map() };

/**
 * The pull state after some trace events (pure), with image sizes from `images` (the registry;
 * without it, a pull's size and length are unknown: 0).
 */
export function reducePulls(
  state: PullState,
  events: readonly TraceEvent[],
  images: ImageRegistry | undefined,
): PullState {
  let pulls: Record<number, Pull> | null = null;
  let podOfFlow: Map<number, string> | null = null;
  for (const ev of events) {
    if (ev.resource !== 'cri') continue;
    if (ev.kind === 'request') {
      const pod =
        ev.verb === 'RunPodSandbox'
          ? ev.summary.split(' ')[1]
          : ev.cause !== undefined
            ? (podOfFlow ?? state.podOfFlow).get(ev.cause)
            : undefined;
      if (pod) {
        podOfFlow ??= new Map(state.podOfFlow);
        podOfFlow.set(ev.flow, pod);
        // Old flows are of no further use: keep the map small.
        if (podOfFlow.size > 2000) podOfFlow.delete(podOfFlow.keys().next().value as number);
      }
      if (ev.verb === 'PullImage') {
        const image = ev.summary.slice('PullImage '.length);
        const found = images?.lookupImage(image);
        const sizeBytes = found?.ok ? found.image.sizeBytes : 0;
        pulls ??= { ...state.pulls };
        pulls[ev.flow] = {
          runtime: ev.to,
          image,
          pod,
          startedAt: ev.arriveAt,
          durationMs: sizeBytes && images ? images.pullDurationMs(sizeBytes) : 0,
          sizeBytes,
        };
      }
    } else if (ev.kind === 'response' && ev.verb === 'PullImage') {
      if ((pulls ?? state.pulls)[ev.flow]) {
        pulls ??= { ...state.pulls };
        delete pulls[ev.flow];
      }
    }
  }
  if (!pulls && !podOfFlow) return state;
  return { pulls: pulls ?? state.pulls, podOfFlow: podOfFlow ?? state.podOfFlow };
}

/** How far a pull is at `now`: fraction, bytes so far and seconds left (never 100 % before done). */
export function pullProgress(p: Pull, now: number) {
  const f = p.durationMs > 0 ? Math.min(0.99, Math.max(0, (now - p.startedAt) / p.durationMs)) : 0;
  return {
    fraction: f,
    bytes: Math.round(p.sizeBytes * f),
    secondsLeft: Math.max(0, Math.ceil((p.startedAt + p.durationMs - now) / 1000)),
  };
}

export const pullStore = createStore<PullState>()(() => EMPTY_PULLS);

export function usePulls<T>(selector: (s: PullState) => T): T {
  return useStore(pullStore, selector);
}

/**
 * Feeds the pulls from the app store's trace batches; returns the unsubscribe function. The
 * registry comes on demand (`feedOnDemand`): batches from the first pull on wait for it.
 */
export function feedPulls(
  app: AppStore,
  loadImages: Loader<ImageRegistry> = loadRegistry,
): () => void {
  const feed = feedOnDemand(
    (events, images: ImageRegistry | undefined) => {
      const next = reducePulls(pullStore.getState(), events, images);
      if (next !== pullStore.getState()) pullStore.setState(next, true);
    },
    pullsImages,
    loadImages,
  );
  const unsubscribe = app.subscribe((s, prev) => {
    if (s.componentIds !== prev.componentIds && s.lastTrace.length === 0) {
      feed.clear();
      pullStore.setState(EMPTY_PULLS, true);
      return;
    }
    if (s.lastTrace !== prev.lastTrace) feed.push(s.lastTrace, undefined);
  });
  return () => {
    feed.stop();
    unsubscribe();
  };
}
