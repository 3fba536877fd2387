import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { appStore, findObjectKey, useAppStore } from '../store';
import type { AppState } from '../store';
import { eventRows, humanDuration } from './events';
import type { EventRow } from './events';

/** At most this many rows are drawn (the newest); the store keeps them all. */
const MAX_ROWS = 300;

function selectEvent(row: EventRow) {
  const s = appStore.getState();
  const key = findObjectKey(s, row.involved.kind, row.involved.namespace, row.involved.name);
  if (key) s.select({ type: 'object', key });
  s.highlightComponent(row.componentId ?? null);
}

/**
 * Events as `kubectl get events` shows them — LAST SEEN, TYPE, REASON, OBJECT, MESSAGE — newest last.
 * Click a row to select its object and flash the component that reported it.
 */
export function EventsPanel() {
  // A signature of the Event objects: the panel re-renders when an event is added or changes.
  const signature = useAppStore(eventsSignature);
  // Re-render once per virtual second for LAST SEEN, not every frame.
  const nowSec = useAppStore((s) => Math.floor((s.epochMs + s.simTime) / 1000));
  const selected = useAppStore((s) =>
    s.selection?.type === 'object' ? s.objects[s.selection.key] : undefined,
  );
  const rows = useMemo(() => {
    void signature;
    const s = appStore.getState();
    const records = (s.keysByKind.Event ?? []).map((k) => s.objects[k]).filter(Boolean);
    return eventRows(records).slice(-MAX_ROWS);
  }, [signature]);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [rows]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const warnings = rows.filter((r) => r.type === 'Warning').length;
  return (
    <section className="kg-panel kg-events" aria-label="Events">
      <header className="kg-panel-header">
        <h2>Events</h2>
        <span className="kg-muted">kubectl get events</span>
        <span className="kg-spacer" />
        <span className="kg-count">{rows.length} events</span>
        {warnings > 0 && <span className="kg-badge kg-badge-bad">{warnings} warnings</span>}
      </header>
      <div className="kg-table-scroll" ref={scroller} tabIndex={0} aria-label="Event list">
        <table className="kg-table">
          <thead>
            <tr>
              <th scope="col">LAST SEEN</th>
              <th scope="col">TYPE</th>
              <th scope="col">REASON</th>
              <th scope="col">OBJECT</th>
              <th scope="col">MESSAGE</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="kg-muted">
                  No resources found in default namespace.
                </td>
              </tr>
            )}
            {rows.map((r) => {
              const isSelected =
                !!selected &&
                selected.kind === r.involved.kind &&
                selected.name === r.involved.name &&
                (selected.namespace ?? '') === (r.involved.namespace ?? '');
              return (
                <tr
                  key={r.key}
                  className={`${r.type === 'Warning' ? 'is-warning' : ''}${isSelected ? ' is-selected' : ''}`}
                  tabIndex={0}
                  onClick={() => selectEvent(r)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      selectEvent(r);
                    }
                  }}
                >
                  <td className="kg-mono">
                    {Number.isNaN(r.lastSeen)
                      ? '<unknown>'
                      : humanDuration(nowSec * 1000 - r.lastSeen)}
                  </td>
                  <td>
                    {r.type === 'Warning' ? (
                      <span className="kg-warning-type">
                        <span aria-hidden="true">⚠ </span>
                        Warning
                      </span>
                    ) : (
                      r.type
                    )}
                  </td>
                  <td className="kg-strong">{r.reason}</td>
                  <td className="kg-mono">{r.object}</td>
                  <td className="kg-message" title={r.message}>
                    {r.message}
                    {r.count > 1 && <span className="kg-muted"> (x{r.count})</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Changes whenever an Event object is added, removed or updated. */
function eventsSignature(s: AppState): string {
  const keys = s.keysByKind.Event ?? [];
  let sig = String(keys.length);
  for (const k of keys) sig += `,${s.objects[k]?.modRevision}`;
  return sig;
}
