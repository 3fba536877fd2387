/**
 * Pods drawn by their worker's box when the diagram is zoomed far out on a big cluster: squares
 * in the phase colour, with the same accessible names as pod nodes, instead of a thousand React
 * Flow nodes. Text would be a few pixels high there anyway, and a thousand transformed nodes cost
 * the browser seconds per frame to composite.
 *
 * The colours are painted on one canvas per worker, redrawn at most once a frame: a rolling
 * update turns hundreds of pods a second, and restyling that many coloured boxes made the browser
 * recalculate styles and repaint the whole pods layer each time. Each pod keeps a transparent box
 * of its own (nothing to paint): its accessible name, the click and keyboard target, and the
 * focus and selection outline. A status change only changes that box's name.
 */
import { memo, useCallback, useEffect, useRef } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
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
    const rec = s.objects[p.key];
    if (!rec) continue;
    const v = cachedView(rec);
    out += `${p.key}|${rec.name}|${v.status}|${v.tone}\n`;
  }
  return out;
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

/** Paint each pod's square in its tone (CSS `border-radius: 10px` of the boxes it replaces). */
function paint(canvas: HTMLCanvasElement, pods: readonly CompactPod[], tones: Map<string, string>) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const colours = coloursFor(canvas);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (const p of pods) {
    const tone = tones.get(p.key);
    if (!tone) continue;
    ctx.fillStyle = colours[tone] ?? colours.unknown;
    ctx.beginPath();
    ctx.roundRect(p.x, p.y, p.w, p.h, Math.min(10, p.w / 2, p.h / 2));
    ctx.fill();
  }
}

function selectFrom(target: EventTarget) {
  const key = (target as HTMLElement).closest<HTMLElement>('[data-pod]')?.dataset.pod;
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
  const sig = useAppStore(useCallback((s: AppState) => signature(s, pods), [pods]));
  const selectedKey = useAppStore((s) => (s.selection?.type === 'object' ? s.selection.key : ''));
  const onClick = useCallback((e: MouseEvent) => {
    e.stopPropagation();
    selectFrom(e.target);
  }, []);
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    selectFrom(e.target);
  }, []);
  const theme = useAppStore((s) => s.theme);
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
      if (canvas.current) paint(canvas.current, pods, tones);
    });
  }, [sig, pods, theme, width, height]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return (
    <div className="kg-compact-pods" onClick={onClick} onKeyDown={onKeyDown}>
      <canvas
        ref={canvas}
        className="kg-compact-canvas"
        aria-hidden="true"
        width={Math.ceil(width)}
        height={Math.ceil(height)}
        style={{ width: Math.ceil(width), height: Math.ceil(height) }}
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
            style={{ left: p.x, top: p.y, width: p.w, height: p.h }}
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
