import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Diagram } from '../diagram';
import { EditorPanel, ErrorBanner, EventsPanel, PlaybackBar, SidePanel } from '../panels';
import '../panels/panels.css';
import { appStore, useAppStore } from '../store';
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

/** The application shell: header with playback, editor | diagram + events | inspector. */
export function App() {
  const theme = useAppStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  useEffect(() => followSystemTheme((t) => appStore.getState().setTheme(t)), []);

  return (
    <div className="kg-app">
      <header className="kg-header">
        <div className="kg-brand">
          <img className="kg-logo" src="./favicon.svg" alt="" />
          <span className="kg-brand-name">kubeglass</span>
          <span className="kg-brand-sub">Kubernetes v1.31, simulated</span>
        </div>
        <PlaybackBar />
        <ThemeToggle />
      </header>
      <ErrorBanner />
      <main className="kg-main">
        <EditorPanel />
        <div className="kg-center">
          <ReactFlowProvider>
            <Diagram />
          </ReactFlowProvider>
          <EventsPanel />
        </div>
        <SidePanel />
      </main>
    </div>
  );
}
