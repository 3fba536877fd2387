/**
 * The inspector's component details (caches, queues, rules: what the worker's `inspect` answers)
 * as they were fetched, with the virtual time of each, so a past moment on the timeline shows a
 * component's details as they were then rather than as they are now. They are fetched each second
 * while a component is shown, so a moment shows the last details fetched at or before it; for a
 * component nobody looked at then, nothing is known.
 */
import type { ComponentDetails } from '../../protocol';
import { timelineStore } from './controller';

interface Recorded {
  at: number;
  json: string;
  details: ComponentDetails;
}

/** The most recordings kept per component (one a second while shown: an hour). */
const LIMIT = 3_600;

const recorded = new Map<string, Recorded[]>();

/** Keeps details fetched at virtual time `at` (only when they changed). */
export function recordDetails(id: string, at: number, details: ComponentDetails): void {
  const list = recorded.get(id) ?? [];
  const json = JSON.stringify(details);
  const last = list[list.length - 1];
  if (last && last.json === json) return;
  // A fetch answered after a new future began may be older than the last one kept.
  while (list.length > 0 && list[list.length - 1].at > at) list.pop();
  list.push({ at, json, details });
  if (list.length > LIMIT) list.shift();
  recorded.set(id, list);
}

/** The details of `id` last fetched at or before `at`, with when; null when none were. */
export function detailsAt(
  id: string,
  at: number,
): { at: number; details: ComponentDetails } | null {
  const list = recorded.get(id) ?? [];
  for (let i = list.length - 1; i >= 0; i--) if (list[i].at <= at) return list[i];
  return null;
}

// A new cluster forgets everything; a new future forgets what came after its start.
timelineStore.subscribe((t, prev) => {
  if (t.origin.seq === prev.origin.seq) return;
  if (t.origin.kind === 'new') recorded.clear();
  else
    for (const list of recorded.values())
      while (list.length > 0 && list[list.length - 1].at > t.origin.at) list.pop();
});
