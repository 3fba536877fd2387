/**
 * Room in the workers' boxes for the most pods each had lately (LayoutInput.podSlots). A rolling
 * update surges and removes pods on every worker, frame after frame: sized to its pods, a box
 * would gain and lose a row of pods each time, and every worker below it would move with it —
 * the diagram jumping about, and the browser moving hundreds of boxes every few frames. The room
 * only grows while pods keep coming and going, and fits the pods again once they have been still
 * for SETTLE_MS.
 */

/** Wall ms without any pod coming or going before the boxes fit their pods again. */
export const SETTLE_MS = 1500;

/**
 * The room after the pods changed: each worker's pods, or more if it had more room before.
 * `prev` itself when nothing grew, so the layout sees the same object.
 */
export function growPodSlots(
  prev: Readonly<Record<string, number>> | undefined,
  workers: readonly string[],
  podsByNode: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, number>> {
  let next: Record<string, number> | undefined;
  for (const w of workers) {
    const n = podsByNode[w]?.length ?? 0;
    const had = prev?.[w];
    if (had !== undefined && had >= n) continue;
    next ??= { ...prev };
    next[w] = n;
  }
  return next ?? prev ?? {};
}
