import type { WorkerLike } from '../bridge';

type Held = { message: { data: unknown } } | { error: { message?: string } };

/**
 * Starts a worker now, before the bridge that will talk to it exists, and keeps what it says until
 * then: the engine boots its cluster (most of the time to the first diagram) while the page's own
 * code is still loading. Returns the bridge's worker factory: the first worker it hands out is this
 * one, whose held messages reach the bridge's handlers, in order, before anything newer (a
 * microtask after the bridge has set them); a restart gets a fresh worker from `create`.
 */
export function startWorkerEarly(create: () => WorkerLike): () => WorkerLike {
  const worker = create();
  const held: Held[] = [];
  worker.onmessage = (message) => held.push({ message });
  worker.onerror = (error) => held.push({ error });
  let handedOut = false;
  return () => {
    if (handedOut) return create();
    handedOut = true;
    worker.onmessage = null;
    worker.onerror = null;
    queueMicrotask(() => {
      for (const h of held) {
        if ('message' in h) worker.onmessage?.(h.message);
        else worker.onerror?.(h.error);
      }
    });
    return worker;
  };
}
