import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { ownershipGraph, OWNERSHIP_COLUMNS } from '../../../engine/public';
import { appStore, keysOf, useShell } from '../../store';
import { useThrottledRead } from '../../store/throttled';
import { podView } from '../../store/podView';
import type { Pod } from '../../../engine/public';
import { useSelectable } from '../nodes/selectable';
import { layoutObjects, OBJECT_BOX } from './objectsLayout';
import type { PlacedObject } from './objectsLayout';
import { toggleObjects } from './objectsStore';
import { isSystemPodKey, useSystemPods } from '../systemPods';

const KINDS = Object.keys(OWNERSHIP_COLUMNS);

/**
 * The drawn kinds' records, read again at most 4 times a second after a batch touched one of the
 * kinds (`kindVersion`): at 16× a rollout changes pods in every frame, and the overlay's graph and
 * layout of a thousand pods, redrawn on every one, took the frame's whole budget.
 */
function useOwnershipRecords() {
  return useThrottledRead(
    appStore,
    (s, prev) =>
      s.kindVersion !== prev.kindVersion &&
      KINDS.some((k) => s.kindVersion[k] !== prev.kindVersion[k]),
    (s) => KINDS.flatMap((k) => keysOf(s.keysByKind, k).flatMap((key) => s.objects.get(key) ?? [])),
    250,
  );
}

function accessibleName(o: PlacedObject): string {
  const parts = [`${o.kind} ${o.name}`, o.status];
  if (o.owners.length) parts.push(`owned by ${o.owners.join(' and ')}`);
  if (o.endpointOf.length) parts.push(`endpoint in ${o.endpointOf.join(' and ')}`);
  return parts.filter(Boolean).join(', ');
}

/** Whether a box would draw the same: each layout places every object afresh. */
function sameBox(a: { o: PlacedObject; tone: string }, b: { o: PlacedObject; tone: string }) {
  return (
    a.tone === b.tone &&
    a.o.key === b.o.key &&
    a.o.x === b.o.x &&
    a.o.y === b.o.y &&
    a.o.status === b.o.status &&
    accessibleName(a.o) === accessibleName(b.o)
  );
}

const ObjectBox = memo(function ObjectBox({ o, tone }: { o: PlacedObject; tone: string }) {
  const { selected, props } = useSelectable({ type: 'object', key: o.key });
  return (
    <div
      {...props}
      className={`kg-object kind-${o.kind}${tone ? ` tone-${tone}` : ''}${selected ? ' is-selected' : ''}`}
      style={{ left: o.x, top: o.y, width: OBJECT_BOX.w, height: OBJECT_BOX.h }}
      aria-label={accessibleName(o)}
      title={accessibleName(o)}
    >
      <span className="kg-object-name">{o.name}</span>
      <span className="kg-object-status">
        <span className="kg-object-kind">{o.kind}</span> {o.status}
      </span>
    </div>
  );
}, sameBox);

/**
 * The Objects overlay: Deployments → ReplicaSets → Pods and Services → EndpointSlices → Pods,
 * owner references as solid arrows and endpoints as dashed ones (grey while not ready), redrawn
 * as each batch changes them. The graph comes from the engine's `ownershipGraph`; this file only
 * places and draws it. Boxes select their object, as the diagram's do. The system namespaces'
 * objects (CoreDNS, kube-proxy, kindnet…) follow the View menu's "System pods".
 */
export function ObjectsOverlay() {
  const records = useOwnershipRecords();
  const presenter = useShell((s) => s.presenter);
  const showSystem = useSystemPods((s) => (presenter ? s.presenter : s.normal));
  const layout = useMemo(() => {
    const present = records.filter((r) => r && (showSystem || !isSystemPodKey(r.key)));
    const tones = new Map<string, string>();
    for (const r of present)
      if (r.object.kind === 'Pod') tones.set(r.key, podView(r.object as Pod).tone);
    return { ...layoutObjects(ownershipGraph(present)), tones };
  }, [records, showSystem]);

  // Fit the width of the pane (never above 1: the type is sized for a projector); scroll down.
  const ref = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setScale(Math.min(1, (el.clientWidth - 24) / layout.width)),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [layout.width]);

  return (
    <section className="kg-objects" aria-label="Objects" ref={ref}>
      <div className="kg-objects-head">
        <h3>Objects</h3>
        <span className="kg-objects-legend">
          <span className="kg-objects-key is-owner" aria-hidden="true" /> owns
          <span className="kg-objects-key is-endpoint" aria-hidden="true" /> sends traffic to
        </span>
        <button type="button" className="kg-button" onClick={toggleObjects}>
          Back to the cluster
        </button>
      </div>
      {layout.objects.length === 0 ? (
        <p className="kg-objects-empty">
          No Deployments, Services or Pods yet: press Apply to create some.
        </p>
      ) : (
        <div
          className="kg-objects-stage"
          style={{ width: layout.width * scale, height: layout.height * scale }}
        >
          <div
            className="kg-objects-plane"
            style={{
              width: layout.width,
              height: layout.height,
              transform: `scale(${scale})`,
            }}
          >
            <svg
              className="kg-objects-edges"
              width={layout.width}
              height={layout.height}
              aria-hidden="true"
            >
              <defs>
                <marker
                  id="kg-objects-arrow"
                  viewBox="0 0 10 10"
                  refX="8"
                  refY="5"
                  markerWidth="7"
                  markerHeight="7"
                  orient="auto-start-reverse"
                >
                  <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
                </marker>
              </defs>
              {layout.edges.map((e) => (
                <path
                  key={e.id}
                  d={e.d}
                  className={`kg-objects-edge is-${e.kind}${e.ready ? '' : ' is-not-ready'}`}
                  markerEnd="url(#kg-objects-arrow)"
                />
              ))}
            </svg>
            {layout.objects.map((o) => (
              <ObjectBox key={o.key} o={o} tone={layout.tones.get(o.key) ?? ''} />
            ))}
          </div>
        </div>
      )}
      {layout.more > 0 && <p className="kg-objects-more">+{layout.more} more not drawn</p>}
    </section>
  );
}
