/**
 * The lesson slice: what the lesson under way asks the diagram to highlight, the commands the
 * learner has run (for `ran:` checks), and whether the lesson panel is open. Nothing here comes
 * from the worker.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore';

/** The most commands remembered for `ran:` checks. */
const MAX_RAN = 200;

export interface LessonData {
  /**
   * What the current lesson step points at: component ids or kinds (`kube-scheduler`, `kubelet`,
   * `kubelet@worker-1`) and objects as `kind/name` (`pod/web`, `node/worker-1`).
   */
  lessonHighlight: readonly string[];
  /** kubectl command lines the learner ran since the lesson started (`logs web`, `apply -f editor.yaml`). */
  ran: readonly string[];
  lessonPanelOpen: boolean;
  /** A lesson file to start as soon as the panel has loaded the lessons (the tour's offer). */
  lessonRequest: string | null;
}

export interface LessonActions {
  setLessonHighlight(highlight: readonly string[]): void;
  recordRan(command: string): void;
  clearRan(): void;
  setLessonPanelOpen(open: boolean): void;
  /** Opens the panel and starts this lesson file (null: the request was served). */
  requestLesson(file: string | null): void;
}

export type LessonSlice = LessonData & LessonActions;

const NONE: readonly string[] = [];

export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set) => ({
  lessonHighlight: NONE,
  ran: NONE,
  lessonPanelOpen: false,
  lessonRequest: null,
  setLessonHighlight: (highlight) =>
    set((s) =>
      highlight.join('\n') === s.lessonHighlight.join('\n')
        ? {}
        : { lessonHighlight: highlight.length ? highlight : NONE },
    ),
  recordRan: (command) => set((s) => ({ ran: [...s.ran, command].slice(-MAX_RAN) })),
  clearRan: () => set({ ran: NONE }),
  setLessonPanelOpen: (lessonPanelOpen) => set({ lessonPanelOpen }),
  requestLesson: (lessonRequest) =>
    set(lessonRequest ? { lessonRequest, lessonPanelOpen: true } : { lessonRequest }),
});
