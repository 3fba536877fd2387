/**
 * Code the first diagram does not need, loaded when the trace first needs it: the captions
 * (`protocol/caption`: every message told in words, for the dots' labels and the Story) at the
 * first message, and the simulated registry (`engine/publicImages`: the image catalogue, about
 * 10 KB gzip) at the first image pull. Readers of the trace batches go through `feedOnDemand`,
 * which holds the batches back until the code is there and then hands them over in order — so
 * what they show is exactly what they would have shown with it loaded from the start.
 */
import type { ImageRegistry } from '../../engine/publicImages';
import type { TraceEvent } from '../../protocol';
import type * as CaptionModule from '../../protocol/caption';

/** Brings a module; injected in tests. */
export type Loader<M> = () => Promise<M>;

/** A loader called once however many ask, which also says what it has loaded so far. */
export interface OnceLoader<M> extends Loader<M> {
  /** The module, once it has come (a component drawing what only loaded code made, synchronously). */
  loaded(): M | undefined;
}

/** `load`, called once however many ask. */
export function once<M>(load: Loader<M>): OnceLoader<M> {
  let loading: Promise<M> | undefined;
  let module: M | undefined;
  const loader = () =>
    (loading ??= load().then((m) => {
      module = m;
      return m;
    }));
  return Object.assign(loader, { loaded: () => module });
}

/** The simulated registry: image sizes and pull times. */
export const loadImages: OnceLoader<ImageRegistry> = once(
  () => import('../../engine/publicImages'),
);

/** The captions: `captionFor`, and the glossary of the technical labels. */
export const loadCaptions: OnceLoader<typeof CaptionModule> = once(
  () => import('../../protocol/caption'),
);

/** Whether reading these events needs the registry: a kubelet asks its runtime to pull. */
export function pullsImages(events: readonly TraceEvent[]): boolean {
  for (const ev of events)
    if (ev.resource === 'cri' && ev.kind === 'request' && ev.verb === 'PullImage') return true;
  return false;
}

/** Every batch with messages needs the captions. */
export function hasMessages(events: readonly TraceEvent[]): boolean {
  return events.length > 0;
}

/** A feed of trace batches that waits for the code it needs when a batch needs it. */
export interface OnDemandFeed<C> {
  /**
   * Reads `events` now, or after the batches waiting before it once the code is there;
   * `context` is what the reader needs to know of the moment the batch came.
   */
  push(events: readonly TraceEvent[], context: C): void;
  /** Forgets the waiting batches (a new cluster). */
  clear(): void;
  /** Stops: code arriving later reads nothing. */
  stop(): void;
}

/**
 * Calls `read` for each batch pushed, in order: with the loaded module once `needs` said a batch
 * needs it and it has come (undefined before, for batches that need nothing).
 */
export function feedOnDemand<M, C = undefined>(
  read: (events: readonly TraceEvent[], module: M | undefined, context: C) => void,
  needs: (events: readonly TraceEvent[]) => boolean,
  load: Loader<M>,
): OnDemandFeed<C> {
  let module: M | undefined;
  let waiting: { events: readonly TraceEvent[]; context: C }[] = [];
  let requested = false;
  let stopped = false;
  const request = () => {
    if (requested) return;
    requested = true;
    void load().then((m) => {
      if (stopped) return;
      module = m;
      const batches = waiting;
      waiting = [];
      for (const b of batches) read(b.events, m, b.context);
    });
  };
  return {
    push(events, context) {
      if (module || (waiting.length === 0 && !needs(events))) {
        read(events, module, context);
        return;
      }
      waiting.push({ events, context });
      request();
    },
    clear() {
      waiting = [];
    },
    stop() {
      stopped = true;
      waiting = [];
    },
  };
}
