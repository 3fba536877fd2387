import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Diagram } from '../diagram';
import { Dock, EditorPanel, ErrorBanner, PlaybackBar, SidePanel } from '../panels';
import '../panels/panels.css';
import { appStore, useAppStore } from '../store';
import { LearnButton, LessonPanel, Tour } from '../lessons';
import { ShareControls } from '../share';
import { Timeline } from '../timeline';
import { AboutDialog } from './AboutDialog';
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
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => followSystemTheme((t) => appStore.getState().setTheme(t)), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      appStore.getState().setAboutOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="kg-app">
      <header className="kg-header">
        <div className="kg-brand">
          <img className="kg-logo" src="./favicon.svg" alt="" />
          <span className="kg-brand-name">kubeglass</span>
          <span className="kg-brand-sub">Kubernetes v1.31, simulated</span>
        </div>
        <PlaybackBar />
        <LearnButton />
        <ShareControls />
        <AboutButton />
        <ThemeToggle />
      </header>
      <ErrorBanner />
      <main className="kg-main">
        <EditorPanel />
        <div className="kg-center" data-dock={dockTab}>
          <div className="kg-diagram-column">
            <ReactFlowProvider>
              <Diagram />
            </ReactFlowProvider>
            <Timeline />
          </div>
          <Dock />
        </div>
        <SidePanel />
      </main>
      <AboutDialog />
      <LessonPanel />
      <Tour />
    </div>
  );
}
