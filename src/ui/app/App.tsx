import { useEffect } from 'react';
import type { CSSProperties } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Diagram, ViewControls } from '../diagram';
import { objectsStore, toggleObjects } from '../diagram/objects/objectsStore';
import { Dock, EditorPanel, ErrorBanner, PlaybackBar, SidePanel } from '../panels';
import '../panels/panels.css';
import { appStore, selectPanels, shellStore, useAppStore, useShell } from '../store';
import { LearnButton, LessonPanel, Tour } from '../lessons';
import { ShareControls } from '../share';
import { Timeline } from '../timeline';
import { LiveOffer, RemoteBadge, useRemote } from '../remote';
import { AboutDialog } from './AboutDialog';
import { Splitter } from './Splitter';
import { useFittedSizes } from './fittedSizes';
import { followSystemTheme, storeTheme } from './theme';
import './app.css';

function ThemeToggle() {
  const theme = useAppStore((s) => s.theme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="kg-button kg-icon-button"
      onClick={() => {
        storeTheme(next);
        appStore.getState().setTheme(next);
      }}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}

function AboutButton() {
  return (
    <button
      type="button"
      className="kg-button kg-icon-button"
      onClick={() => appStore.getState().setAboutOpen(true)}
      aria-label="About kubeglass and keyboard shortcuts"
      title="About and keyboard shortcuts (?)"
    >
      <span aria-hidden="true">?</span>
    </button>
  );
}

/** Presenter mode: the diagram fills the window in large type (key P; Esc leaves). */
function PresenterButton() {
  const on = useShell((s) => s.presenter);
  return (
    <button
      type="button"
      className={`kg-button${on ? ' kg-primary' : ''}`}
      aria-pressed={on}
      onClick={() => shellStore.getState().setPresenter(!on)}
      title={
        on ? 'Leave presenter mode (P or Esc)' : 'Presenter mode: large type, diagram only (P)'
      }
    >
      Presenter
    </button>
  );
}

/** The width of a hidden panel's rail: room for its "show" button. */
const RAIL = '20px';

/** True when a key press is typing (the editor, an input), not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.(
    'input, textarea, select, [contenteditable="true"], .monaco-editor, .xterm',
  );
}

/** The application shell: header with playback, editor | diagram + events | inspector. */
export function App() {
  const theme = useAppStore((s) => s.theme);
  const dockTab = useAppStore((s) => s.dockTab);
  const presenter = useShell((s) => s.presenter);
  const panels = useShell(selectPanels);
  const saved = useShell((s) => s.sizes);
  const sizes = useFittedSizes(saved, panels.editor, panels.inspector);
  // live: attached to sim serve or live on a real cluster, time is the cluster's own: no
  // playback, timeline, shared runs or lessons (a lesson would write to a real cluster).
  const remote = useRemote((s) => s.mode);
  const simulating = remote === 'sim';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => followSystemTheme((t) => appStore.getState().setTheme(t)), []);
  // A dock tab asked for from elsewhere ("Why this node?" in the inspector, a lesson) brings a
  // hidden dock back, at the height the user chose: it never grows past it.
  useEffect(
    () =>
      appStore.subscribe((s, prev) => {
        if (s.dockTab !== prev.dockTab) shellStore.getState().showPanel('dock');
      }),
    [],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const shell = shellStore.getState();
      if (e.key === '?') appStore.getState().setAboutOpen(true);
      else if (e.key === 'p' || e.key === 'P') shell.setPresenter(!shell.presenter);
      // Escape closes a dialog or menu first, then the Objects overlay; with nothing open, it
      // leaves presenter mode.
      else if (e.key === 'Escape' && objectsStore.getState().open) toggleObjects();
      else if (e.key === 'Escape' && shell.presenter && !appStore.getState().aboutOpen)
        shell.setPresenter(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Columns and rows from the panels shown and their sizes (drag handles between them). Outside
  // presenter mode a hidden panel leaves a slim rail with its splitter and a button to bring it
  // back; in presenter mode it leaves nothing, the diagram has the window.
  const rail = (shown: boolean) => (shown ? '6px' : RAIL);
  const hasRail = (shown: boolean) => shown || !presenter;
  const columns = [
    panels.editor ? `${sizes.editorW}px` : '',
    hasRail(panels.editor) ? rail(panels.editor) : '',
    'minmax(0, 1fr)',
    hasRail(panels.inspector) ? rail(panels.inspector) : '',
    panels.inspector ? `${sizes.sideW}px` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = [
    'minmax(0, 1fr)',
    hasRail(panels.dock) ? rail(panels.dock) : '',
    panels.dock ? `${sizes.dockH}px` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <ReactFlowProvider>
      <div className={`kg-app${presenter ? ' is-presenter' : ''}`}>
        <header className="kg-header">
          <div className="kg-brand">
            <img className="kg-logo" src="./favicon.svg" alt="" />
            <span className="kg-brand-name">kubeglass</span>
            <span className="kg-brand-sub">
              {remote === 'live' ? 'a real cluster' : 'Kubernetes v1.31, simulated'}
            </span>
          </div>
          {simulating ? <PlaybackBar /> : <RemoteBadge />}
          {presenter && <ViewControls />}
          <PresenterButton />
          {remote !== 'live' && <LearnButton />}
          {simulating && <ShareControls />}
          <AboutButton />
          <ThemeToggle />
        </header>
        <ErrorBanner />
        <LiveOffer />
        <main className="kg-main" style={{ gridTemplateColumns: columns } as CSSProperties}>
          <div className="kg-slot" hidden={!panels.editor}>
            <EditorPanel />
          </div>
          {hasRail(panels.editor) && (
            <Splitter
              panel="editor"
              size="editorW"
              value={sizes.editorW}
              orientation="vertical"
              sign={1}
              name="editor"
            />
          )}
          <div
            className="kg-center"
            data-dock={dockTab}
            style={{ gridTemplateRows: rows } as CSSProperties}
          >
            <div className="kg-diagram-column">
              <Diagram />
              {simulating && <Timeline />}
            </div>
            {hasRail(panels.dock) && (
              <Splitter
                panel="dock"
                size="dockH"
                value={sizes.dockH}
                orientation="horizontal"
                sign={-1}
                name="dock"
              />
            )}
            <div className="kg-slot" hidden={!panels.dock}>
              <Dock />
            </div>
          </div>
          {hasRail(panels.inspector) && (
            <Splitter
              panel="inspector"
              size="sideW"
              value={sizes.sideW}
              orientation="vertical"
              sign={-1}
              name="inspector"
            />
          )}
          <div className="kg-slot" hidden={!panels.inspector}>
            <SidePanel />
          </div>
        </main>
        <AboutDialog />
        <LessonPanel />
        <Tour />
      </div>
    </ReactFlowProvider>
  );
}
