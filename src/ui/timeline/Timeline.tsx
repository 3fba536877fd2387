import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useStore } from 'zustand';
import { useBridge } from '../bridge';
import { appStore } from '../store';
import { timelineController, timelineStore } from './controller';
import './timeline.css';

function clockText(ms: number): string {
  // As the playback clock shows it: tenths, rounded down.
  const tenths = Math.floor(Math.max(0, ms) / 100);
  const min = Math.floor(tenths / 600);
  return `${String(min).padStart(2, '0')}:${((tenths % 600) / 10).toFixed(1).padStart(4, '0')}`;
}

/**
 * The run on a line, under the diagram: an ARIA slider "Timeline" whose value is the virtual ms
 * shown. Dragging shows that moment everywhere; ←/→ step one message, PageUp/PageDown one second,
 * Home the start, End the live edge. Markers are user actions and Warning events.
 */
export function Timeline() {
  const bridge = useBridge();
  const [ctl] = useState(() => timelineController(appStore, bridge));
  const viewAt = useStore(timelineStore, (s) => s.viewAt);
  const start = useStore(timelineStore, (s) => s.start);
  const end = useStore(timelineStore, (s) => s.end);
  const markers = useStore(timelineStore, (s) => s.markers);
  const track = useRef<HTMLDivElement>(null);
  const value = viewAt ?? end;
  const span = Math.max(1, end - start);
  const pct = (t: number) => `${((Math.min(Math.max(t, start), end) - start) / span) * 100}%`;

  const timeAt = useCallback(
    (clientX: number) => {
      const r = track.current?.getBoundingClientRect();
      if (!r || r.width === 0) return end;
      const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
      // The right end is the live edge, wherever the run has got since this render.
      if (f >= 0.995) return Number.POSITIVE_INFINITY;
      return start + f * (end - start);
    },
    [start, end],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('.kg-timeline-marker')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    ctl.seek(timeAt(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) ctl.seek(timeAt(e.clientX));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => void> = {
      ArrowLeft: () => ctl.stepMessage(-1),
      ArrowDown: () => ctl.stepMessage(-1),
      ArrowRight: () => ctl.stepMessage(1),
      ArrowUp: () => ctl.stepMessage(1),
      PageDown: () => ctl.seek(value - 1000),
      PageUp: () => ctl.seek(value + 1000),
      Home: () => ctl.seek(start),
      End: () => ctl.goLive(),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  return (
    <div className="kg-timeline" data-past={viewAt !== null || undefined}>
      <span className="kg-timeline-label" id="kg-timeline-label">
        Timeline
      </span>
      <div className="kg-timeline-bar">
        <div
          ref={track}
          className="kg-timeline-track"
          role="slider"
          tabIndex={0}
          aria-labelledby="kg-timeline-label"
          aria-valuemin={Math.floor(start)}
          aria-valuemax={Math.ceil(end)}
          aria-valuenow={Math.round(value * 1000) / 1000}
          aria-valuetext={viewAt === null ? `${clockText(value)}, live` : clockText(value)}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onKeyDown={onKeyDown}
        >
          <div className="kg-timeline-fill" style={{ width: pct(value) }} />
          <div className="kg-timeline-thumb" style={{ left: pct(value) }} />
        </div>
        {/* Markers are buttons beside the slider, not inside it: a slider holds no controls. */}
        <div className="kg-timeline-markers">
          {markers.map((m, i) => (
            <button
              key={`${m.kind}-${i}`}
              type="button"
              tabIndex={-1}
              className={`kg-timeline-marker kg-timeline-${m.kind}`}
              style={{ left: pct(m.at) }}
              title={`${clockText(m.at)} ${m.label}`}
              aria-label={`${m.kind === 'warning' ? 'Warning' : 'Action'} at ${clockText(m.at)}: ${m.label}`}
              onClick={() => ctl.seek(m.at)}
            />
          ))}
        </div>
      </div>
      <span className="kg-timeline-time">
        {viewAt === null ? (
          'live'
        ) : (
          <>
            {clockText(viewAt)}
            <span className="kg-timeline-of"> of {clockText(end)}</span>
          </>
        )}
      </span>
      {viewAt !== null && (
        <button type="button" className="kg-button kg-timeline-live" onClick={() => ctl.goLive()}>
          Live
        </button>
      )}
    </div>
  );
}
