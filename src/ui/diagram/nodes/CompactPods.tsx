/**
 * Pods drawn by their worker's box when the diagram is zoomed far out on a big cluster: squares
 * in the phase colour, with the same accessible names as pod nodes, instead of a thousand React
 * Flow nodes. Text would be a few pixels high there anyway, and a thousand transformed nodes cost
 * the browser seconds per frame to composite.
 *
 * The colours are painted on one canvas per worker, redrawn at most once a frame: a rolling
 * update turns hundreds of pods a second, and restyling that many coloured boxes made the browser
 * recalculate styles and repaint the whole pods layer each time. Each pod keeps a button of its
 * own for its accessible name and the keyboard, with no area while it is neither focused nor
 * selected: a thousand transparent boxes, though they paint nothing, cost the browser 20–40 ms
 * every frame to layerize (measured in Chromium during a 1000-pod rollout), and nothing when
 * they have no size. Clicks are matched to the pod under the pointer; a focused or selected pod's
 * button takes its full size, for the outline. A status change only changes that button's name.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import type { Pod } from '../../../engine/public';
import type { ObjectRecord } from '../../../protocol';
import { appStore, useAppStore } from '../../store';
import type { AppState } from '../../store';
import { podView } from '../../store/podView';
import type { PodView } from '../../store/podView';

/** A pod's place inside its worker's box (flow units, relative to the box). */
export interface CompactPod {
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const views = new WeakMap<ObjectRecord, PodView>();
/** podView, computed once per stored record. */
function cachedView(rec: ObjectRecord): PodView {
  let v = views.get(rec);
  if (!v) {
    v = podView(rec.object as Pod);
    views.set(rec, v);
  }
  return v;
}

/** `name|status|tone` of each pod, one per line: changes only when one of them does. */
function signature(s: AppState, pods: readonly CompactPod[]): string {
  let out = '';
  for (const p of pods) {
    const rec = s.objects.get(p.key);
    if (!rec) continue;
    const v = cachedView(rec);
    out += `${p.key}|${rec.name}|${v.status}|${v.tone}\n`;
  }
  return out;
}

/**
 * `signature`, rebuilt only when one of the pods' records was replaced: every store change runs
 * the selector of each of the 50 workers' boxes, and most changes touch none of their pods.
 */
function signatureMemo() {
  let last: { pods: readonly CompactPod[]; recs: (ObjectRecord | undefined)[]; sig: string };
  return (s: AppState, pods: readonly CompactPod[]): string => {
    if (last?.pods === pods && pods.every((p, i) => s.objects.get(p.key) === last.recs[i]))
      return last.sig;
    last = { pods, recs: pods.map((p) => s.objects.get(p.key)), sig: signature(s, pods) };
    return last.sig;
  };
}

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
let palette: { key: string; colours: Record<string, string> } | undefined;

function coloursFor(canvas: HTMLCanvasElement): Record<string, string> {
  // Presenter mode changes --kg-muted; the theme changes them all.
  const key = `${document.documentElement.dataset.theme ?? ''}|${canvas.closest('.is-presenter') ? 'p' : ''}`;
  if (palette?.key !== key) {
    const css = getComputedStyle(canvas);
    const colours: Record<string, string> = {};
    for (const t of TONES) colours[t] = css.getPropertyValue(TONE_VAR[t]).trim() || '#64748b';
    palette = { key, colours };
  }
  return palette.colours;
}

/**
 * Canvas pixels per flow unit: twice the device pixels a flow unit covers at this zoom (so the
 * gaps between pods, 14 units, stay sharp lines when the browser scales the bitmap down), rounded
 * up to a power of two (so zooming re-rasterises only at each doubling), never above 1. The canvas is laid
 * out in flow units like the box it sits in; a bitmap at full flow resolution was 1,100 × 700
 * pixels per worker, 160 MB for 50 workers drawn 20 times smaller, and handing those bitmaps to the
 * compositor after every repaint took a third of the main thread during a rolling update.
 */
export function canvasScale(zoom: number, dpr: number): number {
  const px = 2 * zoom * dpr;
  if (!(px > 0)) return 1;
  return Math.min(1, 2 ** Math.ceil(Math.log2(px)));
}

/** Paint each pod's square in its tone (CSS `border-radius: 10px` of the boxes it replaces). */
function paint(
  canvas: HTMLCanvasElement,
  pods: readonly CompactPod[],
  tones: Map<string, string>,
  scale: number,
) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const colours = coloursFor(canvas);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  for (const p of pods) {
    const tone = tones.get(p.key);
    if (!tone) continue;
    ctx.fillStyle = colours[tone] ?? colours.unknown;
    ctx.beginPath();
    ctx.roundRect(p.x, p.y, p.w, p.h, Math.min(10, p.w / 2, p.h / 2));
    ctx.fill();
  }
}

/** The pod under a point of the pods' box, given in flow units from its top-left corner. */
export function podAt(pods: readonly CompactPod[], x: number, y: number): CompactPod | undefined {
  return pods.find((p) => x >= p.x && x < p.x + p.w && y >= p.y && y < p.y + p.h);
}

/** The pod under the pointer: the box is scaled by the zoom, its offset size is in flow units. */
function podUnder(e: MouseEvent, pods: readonly CompactPod[]): CompactPod | undefined {
  const el = e.currentTarget as HTMLElement;
  const rect = el.getBoundingClientRect();
  const scale = el.offsetWidth ? rect.width / el.offsetWidth : 1;
  return podAt(pods, (e.clientX - rect.left) / scale, (e.clientY - rect.top) / scale);
}

function select(key: string | undefined) {
  if (key) appStore.getState().select({ type: 'object', key });
}

/** The pods of one worker, for its box. */
export const CompactPods = memo(function CompactPods({
  node,
  pods,
}: {
  node: string;
  pods: readonly CompactPod[];
}) {
  const [sigOf] = useState(signatureMemo);
  const sig = useAppStore(useCallback((s: AppState) => sigOf(s, pods), [sigOf, pods]));
  const selectedKey = useAppStore((s) => (s.selection?.type === 'object' ? s.selection.key : ''));
  // Each pod's button has no area of its own (see diagram.css): a click lands on this box and
  // is matched to a pod by where it fell. Read on a click or pointer move only, never per frame.
  const onClick = useCallback(
    (e: MouseEvent) => {
      e.stopPropagation();
      const target = (e.target as HTMLElement).closest<HTMLElement>('[data-pod]');
      const key = target ? target.dataset.pod : podUnder(e, pods)?.key;
      select(key);
      // As a click on a button does: Tab goes on from the pod clicked.
      if (key && !target)
        (e.currentTarget as HTMLElement)
          .querySelector<HTMLElement>(`[data-pod="${CSS.escape(key)}"]`)
          ?.focus({ preventScroll: true });
    },
    [pods],
  );
  const onMouseMove = useCallback(
    (e: MouseEvent) => {
      (e.currentTarget as HTMLElement).style.cursor = podUnder(e, pods) ? 'pointer' : '';
    },
    [pods],
  );
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    select((e.target as HTMLElement).closest<HTMLElement>('[data-pod]')?.dataset.pod);
  }, []);
  const theme = useAppStore((s) => s.theme);
  const scale = useFlowStore((s) => canvasScale(s.transform[2], window.devicePixelRatio || 1));
  const rows = sig ? sig.slice(0, -1).split('\n') : [];
  const byKey = new Map(rows.map((r) => [r.slice(0, r.indexOf('|')), r.split('|')]));
  let width = 0;
  let height = 0;
  for (const p of pods) {
    width = Math.max(width, p.x + p.w);
    height = Math.max(height, p.y + p.h);
  }
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef(0);
  // Painted in the next animation frame, once however many batches changed the pods before it,
  // and after the theme's attribute is set (App sets it in an effect of its own).
  useEffect(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const tones = new Map<string, string>();
      for (const r of sig ? sig.slice(0, -1).split('\n') : []) {
        const f = r.split('|');
        tones.set(f[0], f[3]);
      }
      if (canvas.current) paint(canvas.current, pods, tones, scale);
    });
  }, [sig, pods, theme, width, height, scale]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return (
    <div
      className="kg-compact-pods"
      onClick={onClick}
      onMouseMove={onMouseMove}
      onKeyDown={onKeyDown}
    >
      <canvas
        ref={canvas}
        className="kg-compact-canvas"
        aria-hidden="true"
        width={Math.ceil(width * scale)}
        height={Math.ceil(height * scale)}
        style={{
          width: Math.ceil(width * scale) / scale,
          height: Math.ceil(height * scale) / scale,
        }}
      />
      {pods.map((p) => {
        const row = byKey.get(p.key);
        if (!row) return null;
        const [, name, status, tone] = row;
        return (
          <div
            key={p.key}
            data-pod={p.key}
            data-tone={tone}
            className={`kg-compact-pod${p.key === selectedKey ? ' is-selected' : ''}`}
            style={{ left: p.x, top: p.y, '--w': `${p.w}px`, '--h': `${p.h}px` } as CSSProperties}
            role="button"
            tabIndex={0}
            aria-pressed={p.key === selectedKey}
            aria-label={`Pod ${name}, ${status}, on ${node}`}
          />
        );
      })}
    </div>
  );
});
