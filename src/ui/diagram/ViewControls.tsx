import { useCallback, useEffect, useRef, useState } from 'react';
import { getViewportForBounds, useReactFlow } from '@xyflow/react';
import type { Rect } from '@xyflow/react';
import type { LayoutBox } from './layout';
import { appStore, selectPanels, shellStore, useAppStore, useShell } from '../store';
import type { PanelId } from '../store';
import { useDismiss } from '../panels/useDismiss';
import { useBridge } from '../bridge';
import { ObjectsButton } from './objects/ObjectsButton';
import { SystemPodsToggle } from './SystemPodsToggle';
import { paneStore } from './largeType';
import { DRAWER_BELOW, useWindowSize } from '../app/fittedSizes';
import { closeDrawer, openDrawer } from '../app/InspectorDrawer';
import { boundsOf } from './compactCanvas';

/**
 * Whether the learner has moved the view (pan, zoom, Fit's opposite). Until then a resized pane
 * is refitted; afterwards the view stays exactly where they put it.
 */
export const view: { userMoved: boolean; bounds: Rect | null } = { userMoved: false, bounds: null };

/** The extent of the laid-out boxes. */
export function layoutBounds(boxes: readonly LayoutBox[]): Rect | null {
  if (boxes.length === 0) return null;
  const { x, y, w, h } = boundsOf(boxes);
  return { x, y, width: w, height: h };
}

/**
 * Fits the whole layout in the pane. From the layout's own boxes rather than React Flow's
 * fitView, which only counts nodes it has measured — and with onlyRenderVisibleElements, nodes
 * outside the old view never are, so the new view would cut them off.
 */
export function useFit() {
  const { setViewport } = useReactFlow();
  return useCallback(
    (animate: boolean) => {
      const pane = document.querySelector<HTMLElement>('.kg-diagram');
      if (!view.bounds || !pane) return;
      // The pane's size as it is now: React Flow's own copy can lag a layout change by a frame.
      // Large type (presenter mode, or a small pane) is fitted tightly too: every pixel is text size.
      const tight = shellStore.getState().presenter || paneStore.getState().small;
      const { padding, duration } = fitOptions(tight, animate);
      const vp = getViewportForBounds(
        view.bounds,
        pane.clientWidth,
        pane.clientHeight,
        MIN_ZOOM,
        MAX_ZOOM,
        padding,
      );
      void setViewport(vp, duration ? { duration } : undefined);
    },
    [setViewport],
  );
}

/** fitView's options: a tighter margin in presenter mode, where every pixel is text size. */
export function fitOptions(presenter: boolean, animate: boolean) {
  return { padding: presenter ? 0.02 : 0.04, duration: animate ? 250 : 0 };
}

/** The diagram's zoom range. */
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 2;

/** True when a key press is typing (the editor, an input, the terminal), not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.(
    'input, textarea, select, [contenteditable="true"], .monaco-editor, .xterm',
  );
}

const PANEL_LABELS: { id: PanelId; label: string }[] = [
  { id: 'editor', label: 'Editor' },
  { id: 'dock', label: 'Dock (Events, Terminal…)' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'story', label: 'Story' },
];

/** The View menu: which panels show, message labels, heartbeats. */
function ViewMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, ref, close);
  const panels = useShell(selectPanels);
  // In a narrow window the inspector is a drawer: its checkbox opens and closes that.
  const presenter = useShell((s) => s.presenter);
  const drawer = useShell((s) => s.drawer);
  const width = useWindowSize().width;
  const asDrawer = !presenter && width < DRAWER_BELOW;
  const shown = (id: PanelId) => (id === 'inspector' && asDrawer ? drawer : panels[id]);
  const toggle = (id: PanelId) => {
    if (id !== 'inspector' || !asDrawer) shellStore.getState().togglePanel(id);
    else if (drawer) closeDrawer();
    else openDrawer(false);
  };
  const technical = useShell((s) => s.technicalLabels);
  const heartbeats = useAppStore((s) => s.showHeartbeats);
  const realTime = useAppStore((s) => !!s.playback.realTime);
  const bridge = useBridge();
  return (
    <div className="kg-menu" ref={ref}>
      <button
        type="button"
        className="kg-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label="View options"
        title="Panels, technical labels, heartbeats"
        onClick={() => setOpen((o) => !o)}
      >
        View ▾
      </button>
      {open && (
        <div className="kg-menu-list kg-view-menu" role="group" aria-label="View">
          <p className="kg-view-menu-title">Panels</p>
          {PANEL_LABELS.map((p) => (
            <label key={p.id} className="kg-check">
              <input type="checkbox" checked={shown(p.id)} onChange={() => toggle(p.id)} />
              {p.label}
            </label>
          ))}
          <p className="kg-view-menu-title">Diagram</p>
          <SystemPodsToggle />
          <p className="kg-view-menu-title">Messages</p>
          <label
            className="kg-check"
            title="Labels as the API says them (POST pods, txn, WATCH) instead of plain words"
          >
            <input
              type="checkbox"
              checked={technical}
              onChange={(e) => shellStore.getState().setTechnicalLabels(e.target.checked)}
            />
            Technical labels
          </label>
          <p className="kg-view-menu-title">Time</p>
          <label
            className="kg-check"
            title="On: the virtual clock waits while each message is drawn, so you can follow it. Off: real time at the chosen speed; messages that would overlap are drawn faster."
          >
            <input
              type="checkbox"
              checked={!realTime}
              onChange={(e) =>
                bridge.send({ type: 'control', action: 'realTime', on: !e.target.checked })
              }
            />
            Slow motion: time waits for messages
          </label>
          <p className="kg-view-menu-note">
            {realTime
              ? 'Real time: the clock runs at the chosen speed; crowded messages are drawn faster.'
              : 'Off: real time, with crowded messages drawn faster.'}
          </p>
          <label
            className="kg-check"
            title="Lease renewals and node status updates, every 10 s per node"
          >
            <input
              type="checkbox"
              checked={heartbeats}
              onChange={(e) => appStore.getState().setShowHeartbeats(e.target.checked)}
            />
            Show heartbeats
          </label>
        </div>
      )}
    </div>
  );
}

/** Enters or leaves the browser's full screen (the Fullscreen API). */
export function FullscreenButton() {
  const [full, setFull] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const on = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  if (!document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      className="kg-button kg-icon-button"
      aria-label="Fullscreen"
      aria-pressed={full}
      title={full ? 'Leave full screen' : 'Full screen'}
      onClick={() => {
        if (document.fullscreenElement) void document.exitFullscreen();
        else void document.documentElement.requestFullscreen().catch(() => {});
      }}
    >
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18" className="kg-svg-icon">
        <path
          d={
            full
              ? 'M6 1v5H1M12 1v5h5M6 17v-5H1M12 17v-5h5'
              : 'M1 6V1h5M17 6V1h-5M1 12v5h5M17 12v5h-5'
          }
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        />
      </svg>
    </button>
  );
}

/**
 * Fit, zoom out, zoom in and the View menu. Keys: `f` fits, `+` and `-` zoom. A zoom from here
 * (or the wheel, a pinch, a drag) stays until the learner asks for another.
 */
export function ViewControls() {
  const { zoomIn, zoomOut } = useReactFlow();
  const fitLayout = useFit();
  const fit = useCallback(() => {
    view.userMoved = false;
    fitLayout(true);
  }, [fitLayout]);
  const zoom = useCallback(
    (dir: 1 | -1) => {
      view.userMoved = true;
      void (dir > 0 ? zoomIn({ duration: 150 }) : zoomOut({ duration: 150 }));
    },
    [zoomIn, zoomOut],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'f' || e.key === 'F') fit();
      else if (e.key === '+' || e.key === '=') zoom(1);
      else if (e.key === '-') zoom(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fit, zoom]);
  return (
    <div className="kg-view-controls" role="group" aria-label="View controls">
      <button
        type="button"
        className="kg-button"
        onClick={fit}
        aria-label="Fit to view"
        title="Fit the cluster in the view (F)"
      >
        Fit
      </button>
      <button
        type="button"
        className="kg-button kg-icon-button"
        onClick={() => zoom(-1)}
        aria-label="Zoom out"
        title="Zoom out (-)"
      >
        <span aria-hidden="true">−</span>
      </button>
      <button
        type="button"
        className="kg-button kg-icon-button"
        onClick={() => zoom(1)}
        aria-label="Zoom in"
        title="Zoom in (+)"
      >
        <span aria-hidden="true">+</span>
      </button>
      <ObjectsButton />
      <ViewMenu />
      <FullscreenButton />
    </div>
  );
}
