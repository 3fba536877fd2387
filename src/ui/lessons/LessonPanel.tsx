import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { useBridge } from '../bridge';
import type { RequestInput } from '../bridge';
import { appStore, useAppStore } from '../store';
import { loadCatalog, type LessonEntry } from './catalog';
import { LessonGlow } from './LessonGlow';
import { LessonView } from './LessonView';
import { isLessonActing } from './perform';
import { emptyProgress, loadProgress, saveProgress } from './progress';
import type { LessonProgress, ProgressMap } from './progress';
import { forgetRun, loadRun, saveRun } from './savedRun';
import { panelSteps } from './steps';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** The kubectl command a request amounts to, for `ran:` checks; undefined for the rest. */
export function requestAsCommand(cmd: RequestInput): string | undefined {
  switch (cmd.type) {
    case 'kubectl':
      return (cmd as RequestInput<'kubectl'>).command;
    case 'apply':
    case 'delete':
      return `${cmd.type} -f editor.yaml`;
    case 'logs': {
      const { pod, container } = cmd as RequestInput<'logs'>;
      return `logs ${pod}${container ? ` -c ${container}` : ''}`;
    }
    default:
      return undefined;
  }
}

/** Opens a lesson's panel state: the lesson open, and the file whose progress is kept. */
function progressText(entry: LessonEntry, p: LessonProgress | undefined): string {
  if (!entry.lesson) return 'cannot be loaded';
  if (p?.done) return 'Done ✓';
  if (!p) return `${entry.lesson.minutes ?? 10} min`;
  return `Step ${p.step + 1} of ${panelSteps(entry.lesson).length}`;
}

/**
 * The Learn panel: the list of lessons with their progress, and the lesson under way. Floats at the
 * bottom right, over the lower part of the inspector (in a small window, over the editor's column:
 * {@link usePlacement}), and never blocks the rest: the learner types into the editor and the
 * terminal, and uses the inspector's buttons, while it is open.
 */
export function LessonPanel() {
  const bridge = useBridge();
  const open = useAppStore((s) => s.lessonPanelOpen);
  const [catalog, setCatalog] = useState<LessonEntry[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProgressMap>(() => loadProgress(storage()));
  const [active, setActive] = useState<string | null>(null);
  const [minimised, setMinimised] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const placement = usePlacement(open);
  /**
   * The lesson whose cluster the worker runs (one at a time; after a reload, none until a lesson's
   * kept run is rebuilt), and whether that cluster was rebuilt from the run kept before a reload.
   */
  const [cluster, setCluster] = useState<{ file: string; restored: boolean } | null>(null);
  /**
   * The lesson whose cluster the worker runs, and whether its snapshot has come (until then the
   * bridge's run log is the previous cluster's and must not be kept as this lesson's).
   */
  const owner = useRef<{ file: string; ready: boolean } | null>(null);
  useEffect(
    () =>
      appStore.subscribe((s, prev) => {
        if (s.shape !== prev.shape && owner.current) owner.current.ready = true;
      }),
    [],
  );

  // The lesson's run is kept (each second, and as the page goes away) so a reload rebuilds it.
  useEffect(() => {
    if (!active) return;
    const keep = () => {
      const o = owner.current;
      const log = bridge.runLog();
      if (!o || o.file !== active || !o.ready || !log) return;
      const { ran, playback } = appStore.getState();
      saveRun(storage(), {
        file: active,
        log,
        ran: [...ran],
        playback: { playing: playback.playing, speed: playback.speed },
      });
    };
    const timer = setInterval(keep, 1_000);
    window.addEventListener('pagehide', keep);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', keep);
      keep();
    };
  }, [active, bridge]);

  // Every command the learner sends, from the terminal, the editor or a button.
  useEffect(
    () =>
      bridge.onRequest((cmd) => {
        const ran = requestAsCommand(cmd);
        if (ran && !isLessonActing()) appStore.getState().recordRan(ran);
      }),
    [bridge],
  );

  useEffect(() => {
    if (!open || catalog) return;
    loadCatalog()
      .then(setCatalog)
      .catch((e: Error) => setLoadError(`The lessons could not be loaded: ${e.message}`));
  }, [open, catalog]);

  const setLessonProgress = useCallback((file: string, p: LessonProgress | undefined) => {
    setProgress((all) => {
      const next = { ...all };
      if (p) next[file] = p;
      else delete next[file];
      setSaveFailed(!saveProgress(storage(), next));
      return next;
    });
  }, []);

  /** A fresh cluster of the lesson's shape, the learner's command history cleared. */
  const resetCluster = (entry: LessonEntry) => {
    if (!entry.lesson) return;
    forgetRun(storage(), entry.file);
    owner.current = { file: entry.file, ready: false };
    bridge.send({ type: 'reset', shape: entry.lesson.cluster });
    setCluster({ file: entry.file, restored: false });
    appStore.getState().clearRan();
    appStore.getState().select(null);
  };

  /** After a reload: the lesson's cluster rebuilt from its kept run, playing as it was. */
  const restoreCluster = (entry: LessonEntry): boolean => {
    const saved = loadRun(storage(), entry.file);
    if (!saved) return false;
    owner.current = { file: entry.file, ready: false };
    bridge.send({ type: 'restore', log: saved.log });
    if (saved.playback) {
      bridge.send({ type: 'control', action: 'speed', speed: saved.playback.speed });
      if (saved.playback.playing) bridge.send({ type: 'control', action: 'play' });
    }
    appStore.setState({ ran: saved.ran });
    appStore.getState().select(null);
    setCluster({ file: entry.file, restored: true });
    return true;
  };

  const start = (entry: LessonEntry, restart: boolean) => {
    if (restart || !progress[entry.file]) {
      resetCluster(entry);
      setLessonProgress(entry.file, emptyProgress());
    } else if (cluster?.file !== entry.file) restoreCluster(entry);
    setActive(entry.file);
    setMinimised(false);
  };

  // The tour's "Start lesson 1": served once the lessons are loaded.
  const request = useAppStore((s) => s.lessonRequest);
  useEffect(() => {
    const wanted = catalog?.find((e) => e.file === request);
    if (!request || !catalog) return;
    appStore.getState().requestLesson(null);
    if (wanted?.lesson) start(wanted, false);
  });

  if (!open) return null;
  const entry = catalog?.find((e) => e.file === active);
  const close = () => appStore.getState().setLessonPanelOpen(false);

  return (
    <aside
      className={`kg-lesson-panel${minimised ? ' kg-lesson-minimised' : ''}${placement.docked ? ' kg-lesson-docked' : ''}`}
      aria-label="Lessons"
      style={placementStyle(placement, minimised)}
    >
      <div className="kg-lesson-bar">
        <span className="kg-lesson-bar-title">
          {entry?.lesson ? `Lesson ${entry.number}` : 'Lessons'}
        </span>
        <button
          type="button"
          className="kg-button kg-icon-button"
          aria-label={minimised ? 'Expand the lesson panel' : 'Minimise the lesson panel'}
          aria-expanded={!minimised}
          onClick={() => setMinimised(!minimised)}
        >
          <span aria-hidden="true">{minimised ? '▴' : '▾'}</span>
        </button>
        <button
          type="button"
          className="kg-button kg-icon-button"
          aria-label="Close the lesson panel"
          onClick={close}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {!minimised && (
        <div className="kg-lesson-content">
          {saveFailed && (
            <p className="kg-lesson-warning" role="alert">
              Your browser refused to store lesson progress; it lasts until you close this tab.
            </p>
          )}
          {entry?.lesson ? (
            <LessonView
              key={entry.file}
              lesson={entry.lesson}
              number={entry.number}
              progress={progress[entry.file] ?? emptyProgress()}
              resumed={cluster?.file !== entry.file}
              restored={cluster?.file === entry.file && cluster.restored}
              onProgress={(p) => setLessonProgress(entry.file, p)}
              onRestart={() => {
                resetCluster(entry);
                setLessonProgress(entry.file, emptyProgress());
              }}
              onExit={() => setActive(null)}
            />
          ) : (
            <LessonList catalog={catalog} error={loadError} progress={progress} onStart={start} />
          )}
        </div>
      )}
      <LessonGlow />
    </aside>
  );
}

/**
 * Below this width or height the window has no room for a floating panel beside the diagram.
 * layout: below 1400 px the inspector is a drawer over the diagram's right side (App's
 * DRAWER_BELOW), where a floating panel would cover its buttons.
 */
const NARROW_WIDTH = 1400;
const SHORT_HEIGHT = 560;

type Placement =
  { docked: false; top: number } | { docked: true; left: number; top: number; width: number };

/**
 * Where the panel goes. In a roomy window it floats at the bottom right (`top` is where the
 * header ends, which it never covers). In a narrow or short one (a 1280×720 laptop at 150 %,
 * 853×480 CSS px) a floating panel would cover the diagram and the inspector, so it takes the
 * editor's column instead: the diagram, its highlighted parts, the inspector's buttons and the
 * terminal stay in view, and minimising the panel brings the editor back.
 */
function usePlacement(active: boolean): Placement {
  const [placement, setPlacement] = useState<Placement>({ docked: false, top: 64 });
  useLayoutEffect(() => {
    const header = document.querySelector('.kg-header');
    if (!active || !header) return;
    const update = () => {
      const top = Math.round(header.getBoundingClientRect().bottom);
      const editor = document.querySelector('.kg-main > .kg-slot:first-child');
      const box = editor?.getBoundingClientRect();
      const narrow = window.innerWidth < NARROW_WIDTH || window.innerHeight < SHORT_HEIGHT;
      const next: Placement =
        narrow && box && box.width > 0
          ? { docked: true, left: Math.round(box.left), top, width: Math.round(box.width) }
          : { docked: false, top: top + 6 };
      setPlacement((p) => (JSON.stringify(p) === JSON.stringify(next) ? p : next));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(header);
    const main = document.querySelector('.kg-main');
    if (main) observer.observe(main);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  }, [active]);
  return placement;
}

/** The panel's own position and size for a placement. */
function placementStyle(p: Placement, minimised: boolean): CSSProperties {
  if (!p.docked) return { maxHeight: `min(60vh, calc(100vh - ${p.top + 10}px))` };
  // Minimised, only its bar stays, at the column's foot, so the editor's buttons are free.
  return minimised
    ? { left: p.left, width: p.width, right: 'auto', bottom: 0 }
    : { left: p.left, width: p.width, right: 'auto', top: p.top, bottom: 0, maxHeight: 'none' };
}

function LessonList({
  catalog,
  error,
  progress,
  onStart,
}: {
  catalog: LessonEntry[] | null;
  error: string | null;
  progress: ProgressMap;
  onStart: (entry: LessonEntry, restart: boolean) => void;
}) {
  if (error) return <p role="alert">{error}</p>;
  if (!catalog) return <p className="kg-muted">Loading lessons…</p>;
  return (
    <div className="kg-lesson-list">
      <h2>Learn Kubernetes, one step at a time</h2>
      <p className="kg-muted">
        Starting a lesson gives it a fresh cluster. Your progress is kept in this browser.
      </p>
      <ol>
        {catalog.map((e) => {
          const p = progress[e.file];
          const title = e.lesson?.title ?? e.file;
          return (
            <li
              key={e.file}
              className={p?.done ? 'kg-lesson-item kg-lesson-complete' : 'kg-lesson-item'}
            >
              <div className="kg-lesson-item-text">
                <span className="kg-lesson-item-title">
                  {e.number}. {title}
                </span>
                <span className="kg-muted kg-lesson-item-summary">
                  {e.lesson?.summary ?? e.error}
                </span>
              </div>
              <span className="kg-lesson-item-progress">{progressText(e, p)}</span>
              {e.lesson && (
                <button
                  type="button"
                  className="kg-button"
                  aria-label={`${p && !p.done ? 'Continue' : p?.done ? 'Open' : 'Start'} lesson ${e.number}: ${title}`}
                  onClick={() => onStart(e, false)}
                >
                  {p && !p.done ? 'Continue' : p?.done ? 'Open' : 'Start'}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
