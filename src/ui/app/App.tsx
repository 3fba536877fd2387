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
import { LazyAboutDialog } from './LazyAboutDialog';
import { Splitter } from './Splitter';
import { DRAWER_BELOW, fitSizes, useWindowSize } from './fittedSizes';
import { DockStrip } from './DockStrip';
import {
  closeDrawer,
  DRAWER_ID,
  DrawerClose,
  DrawerRail,
  useDrawerFollowsSelection,
} from './InspectorDrawer';
import { OverflowMenu } from './OverflowMenu';
import { followSystemTheme, storeTheme } from './theme';
import './app.css';
import './compact.css';

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
/** The inspector drawer's rail in a narrow window: room for its vertical "Inspector" button. */
const DRAWER_RAIL = '24px';

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
  const drawer = useShell((s) => s.drawer);
  const win = useWindowSize();
  // A narrow window (1280 px, or 853 px at 150 % zoom): the inspector is a drawer over the
  // diagram, opened by selecting something or from its rail, instead of a column.
  const compact = !presenter && win.width < DRAWER_BELOW;
  const inspectorColumn = panels.inspector && !compact;
  const sizes = fitSizes(saved, panels.editor, inspectorColumn, win.width, win.height);
  useDrawerFollowsSelection(compact);
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
      // Escape closes a dialog or menu first, then the Objects overlay, then the inspector's
      // drawer; with nothing open, it leaves presenter mode.
      else if (e.key === 'Escape' && objectsStore.getState().open) toggleObjects();
      else if (e.key === 'Escape' && shell.drawer && !appStore.getState().aboutOpen) closeDrawer();
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
    compact ? DRAWER_RAIL : hasRail(panels.inspector) ? rail(panels.inspector) : '',
    inspectorColumn ? `${sizes.sideW}px` : '',
  ]
    .filter(Boolean)
    .join(' ');
  // Outside presenter mode the collapsed dock is a strip of its tabs' names.
  const rows = [
    'minmax(0, 1fr)',
    panels.dock ? rail(true) : presenter ? '' : 'auto',
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
          <OverflowMenu playback={simulating} />
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
            {(panels.dock || !presenter) && <DockStrip open={panels.dock} value={sizes.dockH} />}
            <div className="kg-slot" hidden={!panels.dock}>
              <Dock />
            </div>
          </div>
          {compact ? (
            <DrawerRail />
          ) : (
            hasRail(panels.inspector) && (
              <Splitter
                panel="inspector"
                size="sideW"
                value={sizes.sideW}
                orientation="vertical"
                sign={-1}
                name="inspector"
              />
            )
          )}
          {compact ? (
            <div
              className="kg-slot kg-drawer"
              id={DRAWER_ID}
              hidden={!drawer}
              style={{ width: `min(${saved.sideW}px, calc(100% - 60px))` } as CSSProperties}
            >
              <SidePanel />
              <DrawerClose />
            </div>
          ) : (
            <div className="kg-slot" hidden={!panels.inspector}>
              <SidePanel />
            </div>
          )}
        </main>
        <LazyAboutDialog />
        <LessonPanel />
        <Tour />
      </div>
    </ReactFlowProvider>
  );
}
