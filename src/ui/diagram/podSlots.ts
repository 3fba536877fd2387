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
 * With more pods than this on the workers, every worker's box has room for as many pods as the
 * fullest one, and room outgrown grows by half (at least a quarter more than the pods need: a
 * Deployment's default maxSurge). A rolling update of a thousand pods then grows the boxes once
 * or twice, all alike, even as new pods gather on the workers that already pulled their image
 * (ImageLocality), instead of some row of the grid growing every few frames: each time, every
 * box below moved, and laying out and drawing the whole diagram again was the longest frame of
 * the rollout (measured: six such layouts in 20 s of a 16× rollout, against two now).
 */
export const ROOMY_PODS = 400;

/**
 * The room after the pods changed: each worker's pods, or more if it had more room before.
 * `prev` itself when nothing grew, so the layout sees the same object.
 */
export function growPodSlots(
  prev: Readonly<Record<string, number>> | undefined,
  workers: readonly string[],
  podsByNode: Readonly<Record<string, readonly string[]>>,
): Readonly<Record<string, number>> {
  let total = 0;
  let most = 0;
  for (const w of workers) {
    const n = podsByNode[w]?.length ?? 0;
    total += n;
    most = Math.max(most, n);
  }
  if (total > ROOMY_PODS) return roomySlots(prev, workers, most);
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

/**
 * The same room in every worker's box (ROOMY_PODS): `most` pods (the fullest worker's) when the
 * boxes fit their pods afresh (`prev` undefined); when the pods outgrow the room they had, half
 * as much again, and at least a quarter more than `most`; `prev` itself while they fit it.
 */
function roomySlots(
  prev: Readonly<Record<string, number>> | undefined,
  workers: readonly string[],
  most: number,
): Readonly<Record<string, number>> {
  let had = Infinity;
  for (const w of workers) had = Math.min(had, prev?.[w] ?? 0);
  if (prev && had >= most) return prev;
  const room = prev ? Math.max(most + Math.ceil(most / 4), Math.ceil(had * 1.5)) : most;
  const next: Record<string, number> = {};
  for (const w of workers) next[w] = Math.max(room, prev?.[w] ?? 0);
  return next;
}
