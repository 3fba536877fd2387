import { lazy, Suspense } from 'react';
import { appStore, useAppStore } from '../store';
import type { SidePanel as Tab } from '../store';
import { InspectorPanel } from './InspectorPanel';

/** The etcd browser: loaded the first time its tab opens. */
const EtcdPanel = lazy(() => import('./EtcdPanel').then((m) => ({ default: m.EtcdPanel })));

const TABS: { id: Tab; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'etcd', label: 'etcd' },
];

/** The right-hand column: Inspector and etcd browser as tabs. */
export function SidePanel() {
  const tab = useAppStore((s) => s.sidePanel);
  return (
    <div className="kg-side">
      <div className="kg-tabs" role="tablist" aria-label="Details">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            className="kg-tab"
            onClick={() => appStore.getState().setSidePanel(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="kg-tabpanel"
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'inspector' ? (
          <InspectorPanel />
        ) : (
          <Suspense
            fallback={
              <p className="kg-empty" role="status">
                Loading…
              </p>
            }
          >
            <EtcdPanel />
          </Suspense>
        )}
      </div>
    </div>
  );
}
