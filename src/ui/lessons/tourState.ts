/** Set once the tour is finished or skipped: it is never shown again. */
export const TOUR_KEY = 'kubeglass.tour.v1';

/** Whether the first-visit tour was finished or skipped (or cannot be remembered). */
export function tourDone(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) === 'done';
  } catch {
    // Storage blocked: do not show a tour that could never be dismissed for good.
    return true;
  }
}

/** Remembers that the tour was finished or skipped. */
export function markTourDone(): void {
  try {
    localStorage.setItem(TOUR_KEY, 'done');
  } catch {
    // Nothing to keep it in; the tour closes for this visit.
  }
}
