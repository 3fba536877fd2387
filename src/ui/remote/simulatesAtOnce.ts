import type { PageLocation } from './remoteMode';

/**
 * True when the page's address alone says it simulates (`?simulate`, or anywhere but a
 * `…/kubeglass/` page over http and without `?attach=`): the cases {@link detectMode} answers
 * `sim` without a request. The page then starts the engine's worker before the rest of its code
 * has loaded. Imports nothing, so the page's first script stays small.
 */
export function simulatesAtOnce(loc: PageLocation): boolean {
  const q = new URLSearchParams(loc.search);
  if (q.has('simulate')) return true;
  if (q.get('attach')) return false;
  return !/^(.*\/)kubeglass\/(index\.html)?$/.test(loc.pathname) || !/^https?:/.test(loc.href);
}
