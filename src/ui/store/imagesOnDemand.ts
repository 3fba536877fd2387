/**
 * The simulated registry (the image catalogue, `engine/publicImages`), loaded when the trace first
 * shows an image pull: about 10 KB gzip that the first diagram does not need. The pull bars and
 * the Story read trace batches through `feedWithImages`, which holds the batches back from the
 * first pull until the registry is there and then hands them over in order — so what they show is
 * exactly what they would have shown with the registry loaded from the start.
 */
import type { ImageRegistry } from '../../engine/publicImages';
import type { TraceEvent } from '../../protocol';

/** Brings the registry; injected in tests. */
export type ImagesLoader = () => Promise<ImageRegistry>;

let loading: Promise<ImageRegistry> | undefined;
/** The page's loader: one `import()` however many feeds ask. */
export const loadImages: ImagesLoader = () => (loading ??= import('../../engine/publicImages'));

/** Whether reading these events needs the registry: a kubelet asks its runtime to pull. */
export function pullsImages(events: readonly TraceEvent[]): boolean {
  for (const ev of events)
    if (ev.resource === 'cri' && ev.kind === 'request' && ev.verb === 'PullImage') return true;
  return false;
}

/** A feed of trace batches that waits for the registry when one needs it. */
export interface ImagesFeed<C> {
  /**
   * Reads `events` now, or after the batches waiting before it once the registry is there;
   * `context` is what the reader needs to know of the moment the batch came.
   */
  push(events: readonly TraceEvent[], context: C): void;
  /** Forgets the waiting batches (a new cluster). */
  clear(): void;
  /** Stops: a registry arriving later reads nothing. */
  stop(): void;
}

/**
 * Calls `read` for each batch pushed, in order, with the registry once loaded (undefined before,
 * for batches that pull nothing).
 */
export function feedWithImages<C = undefined>(
  read: (events: readonly TraceEvent[], images: ImageRegistry | undefined, context: C) => void,
  load: ImagesLoader = loadImages,
): ImagesFeed<C> {
  let images: ImageRegistry | undefined;
  let waiting: { events: readonly TraceEvent[]; context: C }[] = [];
  let requested = false;
  let stopped = false;
  const request = () => {
    if (requested) return;
    requested = true;
    void load().then((registry) => {
      if (stopped) return;
      images = registry;
      const batches = waiting;
      waiting = [];
      for (const b of batches) read(b.events, registry, b.context);
    });
  };
  return {
    push(events, context) {
      if (images || (waiting.length === 0 && !pullsImages(events))) {
        read(events, images, context);
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
