/**
 * Pods drawn by their worker's box when the diagram is zoomed far out on a big cluster: plain
 * positioned squares in the phase colour, with the same accessible names as pod nodes, instead
 * of a thousand React Flow nodes. Text would be a few pixels high there anyway, and a thousand
 * transformed nodes cost the browser seconds per frame to composite.
 */
import { memo, useCallback } from 'react';
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
  const rows = sig ? sig.slice(0, -1).split('\n') : [];
  const byKey = new Map(rows.map((r) => [r.slice(0, r.indexOf('|')), r.split('|')]));
  return (
    <div className="kg-compact-pods" onClick={onClick} onKeyDown={onKeyDown}>
      {pods.map((p) => {
        const row = byKey.get(p.key);
        if (!row) return null;
        const [, name, status, tone] = row;
        return (
          <div
            key={p.key}
            data-pod={p.key}
            className={`kg-compact-pod tone-${tone}${p.key === selectedKey ? ' is-selected' : ''}`}
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
