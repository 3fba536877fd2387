/**
 * Shallow equality for the values selectors return, and `useShallow`, as zustand's, without its
 * garbage: zustand 5 compares two plain objects (or two arrays) by building a Map of each one's
 * entries. Run by every box's selector on every batch of messages, that made about half of what
 * the page allocated during a 16× rollout (measured: ~300 of 650 MB in 20 s), and so many of its
 * garbage-collection pauses.
 */
import { useRef } from 'react';

/** Whether `a` and `b` hold the same items (arrays, Maps, Sets) or own fields (objects), by Object.is. */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const y = b as Map<unknown, unknown>;
    if (a.size !== y.size) return false;
    for (const [k, v] of a) if (!y.has(k) || !Object.is(v, y.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const y = b as Set<unknown>;
    if (a.size !== y.size) return false;
    for (const v of a) if (!y.has(v)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) continue;
    n++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !Object.is(x[k], y[k])) return false;
  }
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k)) n--;
  return n === 0;
}

/**
 * `selector`, returning its previous result while the new one is shallowly equal to it: a
 * component selecting an array or an object re-renders only when its contents change.
 */
export function useShallow<S, U>(selector: (state: S) => U): (state: S) => U {
  const prev = useRef<U | undefined>(undefined);
  return (state) => {
    const next = selector(state);
    return shallowEqual(prev.current, next) ? (prev.current as U) : (prev.current = next);
  };
}
