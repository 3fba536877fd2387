import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { appStore, findObjectKey, keysOf, useAppStore } from '../store';
import { useThrottledRead } from '../store/throttled';
import type { AppState } from '../store';
import type { ObjectRecord } from '../../protocol';
import { eventRows, humanDuration } from './events';
import { rowWindow, useScrollView } from './rowWindow';
import type { EventRow } from './events';

/** `value`, updated at most once per `ms` (the last value always arrives). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, last.current + ms - performance.now());
    const timer = window.setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

function eventRecords(s: AppState): ObjectRecord[] {
  return keysOf(s.keysByKind, 'Event').flatMap((k) => s.objects.get(k) ?? []);
}

/**
 * The Event records, read again at most once per `ms` after an Event was added, changed or
 * removed (`kindVersion.Event`): a rollout changes Events in every batch, and rebuilding the list
 * of thousands of records on every one was most of the panel's cost.
 */
function useThrottledEventRecords(ms: number): ObjectRecord[] {
  return useThrottledRead(
    appStore,
    (s, prev) => s.kindVersion.Event !== prev.kindVersion.Event,
    eventRecords,
    ms,
  );
}

/** At most this many rows are listed (the newest); the store keeps them all. */
const MAX_ROWS = 300;
/** Rows drawn beyond those in view, on each side (./rowWindow). */
const OVERSCAN = 30;

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
  // A rollout of 1000 pods changes Events every frame; the table follows at most 4 times a
  // second (nobody reads that fast).
  const records = useThrottledEventRecords(250);
  // LAST SEEN moves once per virtual second, and at most 4 times a wall second (at 16× a virtual
  // second is 60 ms: redrawing 300 rows for each was most of the panel's cost).
  const nowSec = useThrottled(
    useAppStore((s) => Math.floor((s.epochMs + s.simTime) / 1000)),
    250,
  );
  const selected = useAppStore((s) =>
    s.selection?.type === 'object' ? s.objects.get(s.selection.key) : undefined,
  );
  const rows = useMemo(() => eventRows(records, MAX_ROWS), [records]);
  const scroller = useRef<HTMLDivElement>(null);
  const { view, stickToEnd } = useScrollView(scroller);
  // Rows are one line each (every cell is nowrap); their height is measured once drawn.
  const [rowHeight, setRowHeight] = useState(29);
  const win = rowWindow(rows.length, view, rowHeight, OVERSCAN);

  // Stick to the newest row, and measure a row in the same frame.
  useEffect(() => {
    stickToEnd();
    const raf = requestAnimationFrame(() => {
      const h = scroller.current?.querySelector<HTMLElement>('tr[data-event]')?.offsetHeight;
      if (h && h !== rowHeight) setRowHeight(h);
    });
    return () => cancelAnimationFrame(raf);
  }, [rows, stickToEnd, rowHeight]);

  const warnings = rows.filter((r) => r.type === 'Warning').length;
  return (
    <section className="kg-panel kg-events" aria-label="Events">
      <header className="kg-panel-header">
        <h2>Events</h2>
        <span className="kg-muted">kubectl get events</span>
        <span className="kg-spacer" />
        <span className="kg-count">
          {rows.length} {rows.length === 1 ? 'event' : 'events'}
        </span>
        {warnings > 0 && (
          <span className="kg-badge kg-badge-bad">
            {warnings} {warnings === 1 ? 'warning' : 'warnings'}
          </span>
        )}
      </header>
      <div className="kg-table-scroll" ref={scroller} tabIndex={0} aria-label="Event list">
        <table className="kg-table" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
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
            {win.above > 0 && <SpacerRow height={win.above} />}
            {rows.slice(win.first, win.end).map((r, i) => (
              <EventTr
                key={r.key}
                row={r}
                index={win.first + i}
                lastSeen={
                  Number.isNaN(r.lastSeen) ? '<unknown>' : humanDuration(nowSec * 1000 - r.lastSeen)
                }
                selected={
                  !!selected &&
                  selected.kind === r.involved.kind &&
                  selected.name === r.involved.name &&
                  (selected.namespace ?? '') === (r.involved.namespace ?? '')
                }
              />
            ))}
            {win.below > 0 && <SpacerRow height={win.below} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function sameRow(a: EventRow, b: EventRow): boolean {
  return (
    a.key === b.key &&
    a.type === b.type &&
    a.reason === b.reason &&
    a.object === b.object &&
    a.message === b.message &&
    a.count === b.count
  );
}

/** One row; rows are rebuilt on every change of any Event, so unchanged ones skip rendering. */
const EventTr = memo(
  function EventTr({
    row: r,
    index,
    lastSeen,
    selected,
  }: {
    row: EventRow;
    index: number;
    lastSeen: string;
    selected: boolean;
  }) {
    return (
      <tr
        data-event=""
        aria-rowindex={index + 2}
        className={`${r.type === 'Warning' ? 'is-warning' : ''}${selected ? ' is-selected' : ''}`}
        tabIndex={0}
        onClick={() => selectEvent(r)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            selectEvent(r);
          }
        }}
      >
        <td className="kg-mono">{lastSeen}</td>
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
  },
  (a, b) =>
    a.lastSeen === b.lastSeen &&
    a.selected === b.selected &&
    a.index === b.index &&
    sameRow(a.row, b.row),
);

/** The rows not drawn (./rowWindow), as one empty row as tall as they are. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="kg-spacer-row">
      <td colSpan={5} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
