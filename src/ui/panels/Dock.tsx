import { lazy, Suspense, useEffect, useState } from 'react';
import './dock.css';
import type { ComponentType } from 'react';
import { appStore, useAppStore } from '../store';
import type { DockTab } from '../store';
import { EventsPanel } from './EventsPanel';
import { TabList } from './TabList';

export const DOCK_TABS = [
  { id: 'events', label: 'Events' },
  { id: 'scheduling', label: 'Why this node?' },
  { id: 'terminal', label: 'Terminal' },
  // exec:
  { id: 'ports', label: 'Port forwards' },
] as const satisfies readonly { id: DockTab; label: string }[];

/**
 * The terminal is its own module (xterm is large): loaded the first time its tab opens. A glob
 * import, so the app still builds while src/ui/terminal does not exist.
 */
const terminalModules = import.meta.glob<{ TerminalPanel: ComponentType }>('../terminal/index.ts');
const loadTerminal = terminalModules['../terminal/index.ts'];
const LazyTerminal = loadTerminal
  ? lazy(() => loadTerminal().then((m) => ({ default: m.TerminalPanel })))
  : null;

/** "Why this node?" and Port forwards: loaded when their tab first opens, like the terminal. */
const ScorePanel = lazy(() => import('./ScorePanel').then((m) => ({ default: m.ScorePanel })));
const PortForwardPanel = lazy(() =>
  import('./PortForwardPanel').then((m) => ({ default: m.PortForwardPanel })),
);

function TabFallback() {
  return (
    <p className="kg-empty" role="status">
      Loading…
    </p>
  );
}

function TerminalFallback() {
  return (
    <p className="kg-empty" role="status">
      The terminal is loading…
    </p>
  );
}

/** The dock below the diagram: Events, the score table, and the terminal. */
export function Dock() {
  const tab = useAppStore((s) => s.dockTab);
  // Once opened, the terminal stays mounted (hidden) so its history survives tab switches.
  const [terminalOpened, setTerminalOpened] = useState(false);
  useEffect(() => {
    if (tab === 'terminal') setTerminalOpened(true);
  }, [tab]);
  return (
    <div className="kg-dock">
      <TabList
        tabs={DOCK_TABS}
        selected={tab}
        onSelect={(t) => appStore.getState().setDockTab(t)}
        label="Dock"
        idPrefix="dock"
      />
      {DOCK_TABS.map((t) => (
        <div
          key={t.id}
          className="kg-dock-panel"
          role="tabpanel"
          id={`dock-panel-${t.id}`}
          aria-labelledby={`dock-tab-${t.id}`}
          hidden={tab !== t.id}
        >
          {t.id === 'events' && tab === 'events' && <EventsPanel />}
          {t.id === 'scheduling' && tab === 'scheduling' && (
            <Suspense fallback={<TabFallback />}>
              <ScorePanel />
            </Suspense>
          )}
          {t.id === 'ports' && tab === 'ports' && (
            <Suspense fallback={<TabFallback />}>
              <PortForwardPanel />
            </Suspense>
          )}
          {t.id === 'terminal' &&
            (tab === 'terminal' || terminalOpened) &&
            (LazyTerminal ? (
              <Suspense fallback={<TerminalFallback />}>
                <LazyTerminal />
              </Suspense>
            ) : (
              <TerminalFallback />
            ))}
        </div>
      ))}
    </div>
  );
}
