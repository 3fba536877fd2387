/**
 * Pods drawn by their worker's box when the diagram is zoomed far out on a big cluster: squares
 * in the phase colour, with the same accessible names as pod nodes, instead of a thousand React
 * Flow nodes. Text would be a few pixels high there anyway, and a thousand transformed nodes cost
 * the browser seconds per frame to composite.
 *
 * The colours are painted by CompactPodsLayer, every worker's on one canvas. Each pod keeps a
 * button here for its accessible name and the keyboard, with no area while it is neither focused
 * nor selected: a thousand transparent boxes, though they paint nothing, cost the browser 20–40 ms
 * every frame to layerize (measured in Chromium during a 1000-pod rollout), and nothing when
 * they have no size. Clicks are matched to the pod under the pointer; a focused or selected pod's
 * button takes its full size and its place, for the outline. A status change only changes that
 * button's name; pods moving change no button but a selected or focused one.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import { appStore, useAppStore } from '../../store';
import type { AppState } from '../../store';
import { cachedView, podAt } from '../compactCanvas';
import type { CompactPod } from '../compactCanvas';

export type { CompactPod };

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
 * `signature`, rebuilt only when the worker's pods changed (its pod version, bumped by every
 * batch that touches one of them) or were placed again: every store change runs the selector of
 * each of the 50 workers' boxes, and most changes touch none of their pods.
 */
function signatureMemo() {
  let last: { pods: readonly CompactPod[]; version: number | undefined; sig: string } | undefined;
  return (s: AppState, node: string, pods: readonly CompactPod[]): string => {
    const version = s.podVersionByNode[node];
    if (last?.pods === pods && last.version === version) return last.sig;
    last = { pods, version, sig: signature(s, pods) };
    return last.sig;
  };
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

/** Where a pod's button is drawn, in its box: only a focused or selected pod's has a place. */
function placeStyle(p: CompactPod): CSSProperties {
  return { left: p.x, top: p.y, '--w': `${p.w}px`, '--h': `${p.h}px` } as CSSProperties;
}

/** Gives the focused pod's button its place, set on the element itself (see `PodButton`). */
function placeFocused(box: HTMLElement | null, pods: readonly CompactPod[]): void {
  const el = document.activeElement;
  if (!box || !(el instanceof HTMLElement) || !el.dataset.pod || !box.contains(el)) return;
  const p = pods.find((q) => q.key === el.dataset.pod);
  if (!p) return;
  el.style.left = `${p.x}px`;
  el.style.top = `${p.y}px`;
  el.style.setProperty('--w', `${p.w}px`);
  el.style.setProperty('--h', `${p.h}px`);
}

/**
 * One pod's button. It has no place of its own unless selected (`place`); a focused one is placed
 * by its box when it gets focus. So pods moving within their box (a rollout places some again
 * every few frames) re-render no button, and a pod changing status re-renders only its own.
 */
const PodButton = memo(function PodButton({
  podKey,
  name,
  status,
  node,
  place,
}: {
  podKey: string;
  name: string;
  status: string;
  node: string;
  place: CompactPod | undefined;
}) {
  return (
    <div
      data-pod={podKey}
      className={`kg-compact-pod${place ? ' is-selected' : ''}`}
      style={place ? placeStyle(place) : undefined}
      role="button"
      tabIndex={0}
      aria-pressed={!!place}
      aria-label={`Pod ${name}, ${status}, ${node ? `on ${node}` : 'not yet scheduled'}`}
    />
  );
});

/** The pods of one worker, for its box; of node '', the scheduler's tray's. */
export const CompactPods = memo(function CompactPods({
  node,
  pods,
}: {
  node: string;
  pods: readonly CompactPod[];
}) {
  const [sigOf] = useState(signatureMemo);
  const sig = useAppStore(useCallback((s: AppState) => sigOf(s, node, pods), [sigOf, node, pods]));
  const selectedKey = useAppStore((s) => (s.selection?.type === 'object' ? s.selection.key : ''));
  const box = useRef<HTMLDivElement>(null);
  // The pods moved, or a button was rendered again: the focused one keeps its place.
  useLayoutEffect(() => placeFocused(box.current, pods));
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
  const onFocus = useCallback(() => placeFocused(box.current, pods), [pods]);
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    select((e.target as HTMLElement).closest<HTMLElement>('[data-pod]')?.dataset.pod);
  }, []);
  const rows = sig ? sig.slice(0, -1).split('\n') : [];
  const byKey = new Map(rows.map((r) => [r.slice(0, r.indexOf('|')), r.split('|')]));
  return (
    <div
      ref={box}
      className="kg-compact-pods"
      onClick={onClick}
      onMouseMove={onMouseMove}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      {pods.map((p) => {
        const row = byKey.get(p.key);
        if (!row) return null;
        const [, name, status] = row;
        return (
          <PodButton
            key={p.key}
            podKey={p.key}
            name={name}
            status={status}
            node={node}
            place={p.key === selectedKey ? p : undefined}
          />
        );
      })}
    </div>
  );
});
