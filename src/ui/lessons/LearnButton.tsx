import { useAppStore, appStore } from '../store';
import { preloadLessons } from './LazyLessonPanel';

/** The toolbar's Learn button: opens and closes the lesson panel. */
export function LearnButton() {
  const open = useAppStore((s) => s.lessonPanelOpen);
  return (
    <button
      type="button"
      className={`kg-button kg-learn-button${open ? ' kg-active' : ''}`}
      aria-pressed={open}
      data-tour="learn"
      onClick={() => appStore.getState().setLessonPanelOpen(!open)}
      // The panel's code loads on first use: start as the pointer or focus gets there.
      onPointerEnter={preloadLessons}
      onFocus={preloadLessons}
    >
      Learn
    </button>
  );
}
