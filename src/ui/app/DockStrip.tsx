import { appStore, shellStore } from '../store';
import type { DockTab } from '../store';
import { DOCK_TABS } from '../panels';
import { Splitter } from './Splitter';

/** Opens the dock on a tab and moves focus to that tab (the button pressed goes away). */
function openDock(tab: DockTab): void {
  appStore.getState().setDockTab(tab);
  shellStore.getState().showPanel('dock');
  requestAnimationFrame(() => document.getElementById(`dock-tab-${tab}`)?.focus());
}

/**
 * The dock's handle row. Open, it is the drag handle above the dock. Collapsed (outside presenter
 * mode), it is a strip of the dock's tabs under the diagram: a tab opens the dock on it at the
 * height the user chose; the handle still drags it open, its button shows it as it was. One
 * element in both states, so the handle keeps keyboard focus when Enter collapses the dock.
 */
export function DockStrip({ open, value }: { open: boolean; value: number }) {
  return (
    <div className={open ? 'kg-dock-handle' : 'kg-dock-strip'}>
      <Splitter
        panel="dock"
        size="dockH"
        value={value}
        orientation="horizontal"
        sign={-1}
        name="dock"
      />
      {!open && (
        <div className="kg-dock-strip-tabs" role="group" aria-label="Dock (collapsed)">
          {DOCK_TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              className="kg-dock-strip-tab"
              aria-expanded={false}
              aria-controls={`dock-panel-${t.id}`}
              title={`Open the dock on ${t.label}`}
              onClick={() => openDock(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
