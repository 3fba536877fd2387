/**
 * The colours of compact pods (nodes/CompactPods.tsx), all workers' on one canvas inside React
 * Flow's viewport, so it pans and zooms with the diagram. It follows the store outside React: a
 * pod turning Running repaints its square in the next frame and renders no component.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore as useFlowStore, ViewportPortal } from '@xyflow/react';
import { appStore, useAppStore } from '../store';
import type { AppState } from '../store';
import { boundsOf, cachedView, canvasScale, CompactPainter } from './compactCanvas';
import type { CompactBounds, CompactPod } from './compactCanvas';

/** The phase colours of the tones, read from the theme's CSS once per theme and mode. */
const TONES = ['pending', 'running', 'succeeded', 'failed', 'terminating', 'unknown'] as const;
const TONE_VAR: Record<string, string> = {
  pending: '--kg-pending',
  running: '--kg-running',
  succeeded: '--kg-succeeded',
  failed: '--kg-failed',
  terminating: '--kg-muted',
  unknown: '--kg-muted',
};

function coloursOf(canvas: HTMLCanvasElement): Record<string, string> {
  const css = getComputedStyle(canvas);
  const colours: Record<string, string> = {};
  for (const t of TONES) colours[t] = css.getPropertyValue(TONE_VAR[t]).trim() || '#64748b';
  return colours;
}

/** Canvas pixels its width and height are rounded up to. */
const SIZE_STEP = 64;

function toneOf(s: AppState, key: string): string | undefined {
  const rec = s.objects.get(key);
  return rec ? cachedView(rec).tone : undefined;
}

/**
 * Every compact pod, in flow units (`pods` absolute, as the layout places them), on a canvas over
 * `area` (the boxes they are drawn in; by default just the pods).
 */
export function CompactPodsLayer({
  pods,
  area,
}: {
  pods: readonly CompactPod[];
  area?: CompactBounds;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [painter] = useState(() => new CompactPainter());
  const scale = useFlowStore((s) => canvasScale(s.transform[2], window.devicePixelRatio || 1));
  // Presenter mode changes --kg-muted; the theme changes them all.
  const theme = useAppStore((s) => s.theme);
  const bounds = area && area.w > 0 ? area : boundsOf(pods);
  // Rounded up, so a worker gaining a row of pods seldom resizes (and so clears) the canvas.
  const width = Math.ceil((bounds.w * scale) / SIZE_STEP) * SIZE_STEP;
  const height = Math.ceil((bounds.h * scale) / SIZE_STEP) * SIZE_STEP;
  const size = useRef({ width: 0, height: 0 });
  const frame = useRef(0);
  const paintSoon = useRef<() => void>(() => {});

  useEffect(() => {
    let colours: Record<string, string> | undefined;
    let colourKey = '';
    const paint = () => {
      frame.current = 0;
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return;
      const key = `${document.documentElement.dataset.theme ?? ''}|${el.closest('.is-presenter') ? 'p' : ''}`;
      if (!colours || key !== colourKey) {
        colours = coloursOf(el);
        colourKey = key;
        painter.invalidate();
      }
      const s = appStore.getState();
      painter.paint(ctx, el, (k) => toneOf(s, k), colours, s.podVersionByNode);
    };
    // Painted in the next animation frame, once however many batches arrived before it.
    paintSoon.current = () => {
      frame.current ||= requestAnimationFrame(paint);
    };
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.objects !== prev.objects || s.theme !== prev.theme) paintSoon.current();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [painter]);

  // New places, a new scale or size (which clears the canvas), or a new theme: paint it all.
  useEffect(() => {
    painter.place(pods, bounds, scale);
    // A canvas given a new size is blank.
    if (size.current.width !== width || size.current.height !== height) painter.invalidate();
    size.current = { width, height };
    paintSoon.current();
    // bounds is derived from pods.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [painter, pods, scale, width, height, theme]);

  if (pods.length === 0) return null;
  return (
    <ViewportPortal>
      <canvas
        ref={canvas}
        className="kg-compact-canvas"
        aria-hidden="true"
        data-testid="compact-pods"
        width={width}
        height={height}
        style={{
          left: bounds.x,
          top: bounds.y,
          width: width / scale,
          height: height / scale,
        }}
      />
    </ViewportPortal>
  );
}
