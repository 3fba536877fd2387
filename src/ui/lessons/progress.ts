/**
 * Lesson progress, kept in the browser (localStorage): per lesson file, the step reached, the
 * tasks met and the predictions answered. Storage may be blocked or full: then progress lives for
 * the session only, and nothing fails.
 */
export interface LessonProgress {
  /** Index into the lesson's panel steps. */
  step: number;
  /** Panel step indexes of tasks and waits that were met. */
  met: number[];
  /** Panel step index → the choice the learner picked. */
  answers: Record<number, number>;
  done: boolean;
}

export type ProgressMap = Record<string, LessonProgress>;

export const PROGRESS_KEY = 'kubeglass.lessons.v1';

export function emptyProgress(): LessonProgress {
  return { step: 0, met: [], answers: {}, done: false };
}

/** Reads progress; anything unreadable counts as none. */
export function loadProgress(storage: Pick<Storage, 'getItem'> | undefined): ProgressMap {
  try {
    const raw = storage?.getItem(PROGRESS_KEY);
    const data = raw ? (JSON.parse(raw) as unknown) : {};
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    const out: ProgressMap = {};
    for (const [file, p] of Object.entries(data as Record<string, Partial<LessonProgress>>)) {
      if (!p || typeof p !== 'object') continue;
      out[file] = {
        step: Number.isInteger(p.step) && (p.step as number) >= 0 ? (p.step as number) : 0,
        met: Array.isArray(p.met) ? p.met.filter((n) => Number.isInteger(n)) : [],
        answers:
          p.answers && typeof p.answers === 'object' ? (p.answers as Record<number, number>) : {},
        done: p.done === true,
      };
    }
    return out;
  } catch {
    return {};
  }
}

/** Writes progress; false when the browser refused. */
export function saveProgress(
  storage: Pick<Storage, 'setItem'> | undefined,
  progress: ProgressMap,
): boolean {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return !!storage;
  } catch {
    return false;
  }
}
