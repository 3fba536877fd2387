import { useEffect, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';

/**
 * Calls `show(read(state))` at most once per `ms` after `changed` says the state moved on; the
 * last change always arrives, and the first after a quiet spell at once (in a task of its own).
 * Returns the unsubscribe function.
 */
export function followThrottled<S, T>(
  store: StoreApi<S>,
  changed: (s: S, prev: S) => boolean,
  read: (s: S) => T,
  ms: number,
  show: (value: T) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity;
  const fire = () => {
    timer = undefined;
    last = performance.now();
    show(read(store.getState()));
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (timer !== undefined || !changed(s, prev)) return;
    timer = setTimeout(fire, Math.max(0, last + ms - performance.now()));
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * `read(state)`, read again at most once per `ms` after `changed` says the state moved on
 * (`followThrottled`). Followed outside React: at 16× a rollout changes the store in every frame,
 * and a panel that selected in a hook re-rendered (and laid out its rows) on every one, faster
 * than anyone reads.
 *
 * `read` and `changed` are taken from the first render: they must not close over props or state.
 */
export function useThrottledRead<S, T>(
  store: StoreApi<S>,
  changed: (s: S, prev: S) => boolean,
  read: (s: S) => T,
  ms: number,
): T {
  const [value, setValue] = useState(() => read(store.getState()));
  useEffect(() => {
    const stop = followThrottled(store, changed, read, ms, setValue);
    // What changed between the first render and this subscription.
    setValue(read(store.getState()));
    return stop;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `read` and `changed` are fixed (see above)
  }, [store, ms]);
  return value;
}
