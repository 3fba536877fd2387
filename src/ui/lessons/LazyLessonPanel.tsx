import { lazy, Suspense, useEffect, useState } from 'react';
import { useAppStore } from '../store';
import type * as LessonPanelModule from './LessonPanel';

/**
 * The lesson panel's code (the lessons, their steps and checks, and the engine's scenario parser
 * with the YAML library) is loaded the first time the panel opens, not with the first diagram.
 */
let loading: Promise<typeof LessonPanelModule> | undefined;
const loadPanel = () => (loading ??= import('./LessonPanel'));

/** Starts loading the panel's code (the Learn button calls it as the pointer or focus arrives). */
export function preloadLessons(): void {
  void loadPanel();
}

const Panel = lazy(() => loadPanel().then((m) => ({ default: m.LessonPanel })));

/** What shows in the panel's place while its code loads (a slow network, a cold cache). */
function Loading() {
  return (
    <aside className="kg-lesson-panel" aria-label="Lessons" aria-busy="true">
      <div className="kg-lesson-content">
        <p className="kg-muted" role="status">
          Loading lessons…
        </p>
      </div>
    </aside>
  );
}

/**
 * The Learn panel, mounted once first opened and never unmounted after (closed, it renders
 * nothing but keeps the lesson under way: its kept run and the commands the learner sends).
 */
export function LazyLessonPanel() {
  const open = useAppStore((s) => s.lessonPanelOpen);
  const [opened, setOpened] = useState(open);
  useEffect(() => {
    if (open) setOpened(true);
  }, [open]);
  if (!opened && !open) return null;
  return (
    <Suspense fallback={open ? <Loading /> : null}>
      <Panel />
    </Suspense>
  );
}
