/** Set once the tour is finished or skipped: it is never shown again. */
export const TOUR_KEY = 'kubeglass.tour.v1';

export function tourDone(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) === 'done';
  } catch {
    // Storage blocked: do not show a tour that could never be dismissed for good.
    return true;
  }
}

export function markDone(): void {
  try {
    localStorage.setItem(TOUR_KEY, 'done');
  } catch {
    // Nothing to keep it in; the tour closes for this visit.
  }
}

/** Whether the tour shows on this visit: a first visit of the app itself (not of a shared run). */
export function tourWanted(): boolean {
  return !tourDone() && !location.hash.startsWith('#run=');
}
