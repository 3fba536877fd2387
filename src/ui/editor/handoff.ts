/**
 * Where the caret was in the plain-textarea fallback when Monaco replaced it, so the learner who
 * started typing before Monaco loaded keeps focus and position. Written by the fallback as it
 * unmounts, read once by the Monaco editor as it mounts.
 */
let pending: { offset: number } | undefined;

/** Remembers that the fallback had focus with the caret at `offset` (UTF-16 units). */
export function rememberCaret(offset: number): void {
  pending = { offset };
}

/** The remembered caret, if any, forgetting it. */
export function takeCaret(): { offset: number } | undefined {
  const caret = pending;
  pending = undefined;
  return caret;
}
